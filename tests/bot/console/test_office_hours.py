"""Office hours: the format, whether the office is open, when it next opens."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.config import ConfigError, load_settings
from bot.console.office_hours import OfficeHours

STOCKHOLM = ZoneInfo("Europe/Stockholm")
HOURS = OfficeHours.parse("mon-fri 08-17; sat 09-12", "Europe/Stockholm")


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=STOCKHOLM)


def test_weekdays_and_saturday_morning_are_open_and_the_end_hour_is_not():
    assert HOURS.is_open(local(2026, 12, 2, 8, 0))  # a Wednesday
    assert not HOURS.is_open(local(2026, 12, 2, 17, 0))
    assert HOURS.is_open(local(2026, 12, 5, 11, 59))  # Saturday
    assert not HOURS.is_open(local(2026, 12, 6, 10, 0))  # Sunday


def test_the_hours_are_in_the_offices_time_zone_not_utc():
    # 07:30 UTC is 08:30 in Stockholm in winter.
    assert HOURS.is_open(datetime(2026, 12, 2, 7, 30))
    assert not OfficeHours.parse("mon-fri 08-17", "UTC").is_open(datetime(2026, 12, 2, 7, 30))


def test_the_next_opening_skips_the_closed_sunday():
    assert HOURS.next_opening(local(2026, 12, 5, 13, 0)) == local(2026, 12, 7, 8, 0)
    assert HOURS.next_opening(local(2026, 12, 2, 9, 0)) == local(2026, 12, 3, 8, 0)
    assert HOURS.next_opening(local(2026, 12, 2, 6, 0)) == local(2026, 12, 2, 8, 0)


def test_none_means_the_office_never_opens():
    hours = OfficeHours.parse("none", "UTC")
    assert not hours.is_open(datetime(2026, 12, 2, 10))
    assert hours.next_opening(datetime(2026, 12, 2, 10)) is None


@pytest.mark.parametrize("text", ["mon-fry 08-17", "mon-fri 17-08", "mon-fri 8", "fri-mon 08-17", "mon-fri 08-25"])
def test_malformed_hours_are_refused_at_start_with_the_variable_named(text, tmp_path):
    with pytest.raises(ValueError):
        OfficeHours.parse(text, "UTC")
    with pytest.raises(ConfigError, match="ORIENTA_OFFICE_HOURS"):
        load_settings({"ORIENTA_OFFICE_HOURS": text})
