"""When counsellors work: the office hours per weekday, in the office's time zone.

Why a small format of our own (``ORIENTA_OFFICE_HOURS="mon-fri 08-17; sat 09-12"``): one line
in ``.env`` says it all, and an office that opens on Saturday morning or closes early on
Friday needs a rule per weekday, not one range. Each rule is a day or a range of days and
whole hours ``start-end`` (``end`` not included, ``start < end``); ``none`` means no office
hours, so a user asking for a person is always told to leave a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class OfficeHours:
    """Opening hours per weekday (Monday is 0) in ``zone``."""

    hours: tuple[tuple[int, int] | None, ...]
    zone: ZoneInfo

    @classmethod
    def parse(cls, text: str, zone: str) -> OfficeHours:
        """From ``"mon-fri 08-17; sat 09-12"`` (or ``none``); ValueError saying what is wrong."""
        try:
            tz = ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {zone!r}") from None
        hours: list[tuple[int, int] | None] = [None] * 7
        if text.strip().lower() in ("", "none"):
            return cls(tuple(hours), tz)
        for rule in text.lower().split(";"):
            days, _, span = rule.strip().partition(" ")
            first, _, last = days.partition("-")
            start, sep, end = span.strip().partition("-")
            if first not in DAYS or (last and last not in DAYS) or not sep:
                raise ValueError(f"{rule.strip()!r} must look like 'mon-fri 08-17'")
            if not (start.isdigit() and end.isdigit() and 0 <= int(start) < int(end) <= 24):
                raise ValueError(f"{rule.strip()!r}: hours must be 0-24 with start before end")
            low, high = DAYS.index(first), DAYS.index(last or first)
            if high < low:
                raise ValueError(f"{rule.strip()!r}: days must run from Monday towards Sunday")
            for day in range(low, high + 1):
                hours[day] = (int(start), int(end))
        return cls(tuple(hours), tz)

    def is_open(self, now: datetime) -> bool:
        """Whether ``now`` (aware, or naive UTC) is within office hours."""
        local = _local(now, self.zone)
        span = self.hours[local.weekday()]
        return span is not None and span[0] <= local.hour < span[1]

    def next_opening(self, now: datetime) -> datetime | None:
        """When the office next opens after ``now``, in its time zone; None when it never does."""
        local = _local(now, self.zone)
        for ahead in range(8):
            day = (local + timedelta(days=ahead)).date()
            span = self.hours[day.weekday()]
            if span is None:
                continue
            opening = datetime(day.year, day.month, day.day, span[0], tzinfo=self.zone)
            if opening > local:
                return opening
        return None


def _local(now: datetime, zone: ZoneInfo) -> datetime:
    aware = now if now.tzinfo else now.replace(tzinfo=timezone.utc)
    return aware.astimezone(zone)
