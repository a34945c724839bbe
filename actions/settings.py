"""The action server's settings, read once from the environment the launcher gives it.

``bot/config.py`` reads and validates every variable at start (``.env`` included) and passes these
to the action server (``Settings.child_environment``), so here they are parsed once, in one
place, with the same defaults. Started by hand without them, the action server still runs on
the single-node defaults; a value it cannot use stops it with a message naming the variable.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROJECT_DIR = Path(__file__).resolve().parent.parent
#: The single-node defaults, the same as bot/config.py's.
DEFAULT_TRACKER_URL = "sqlite:///var/tracker.db"
DEFAULT_TIMEZONE = "Europe/Stockholm"
DEFAULT_ALERT_INTERVAL_MINUTES = 1440.0


@dataclass(frozen=True)
class ActionSettings:
    """What the actions need from the deployment."""

    #: The database of the tracker and of Orienta's own tables (alerts, reminders, links).
    tracker_url: str
    #: The PES's time zone: what "today" is for due dates and reminders.
    timezone: ZoneInfo
    #: How often a job alert looks for new ads.
    alert_interval: timedelta
    #: ``<ORIENTA_DATA_DIR>``: the media folder the gateway serves is under it.
    data_dir: Path


def parse_action_settings(environ: Mapping[str, str], project_dir: Path = PROJECT_DIR) -> ActionSettings:
    """Settings from ``environ``; ValueError naming the variable when a value cannot be used."""
    zone_name = environ.get("ORIENTA_TIMEZONE") or DEFAULT_TIMEZONE
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"ORIENTA_TIMEZONE={zone_name!r} is not a time zone name such as Europe/Stockholm") from error
    minutes_text = environ.get("ORIENTA_ALERT_INTERVAL_MINUTES") or f"{DEFAULT_ALERT_INTERVAL_MINUTES:g}"
    try:
        minutes = float(minutes_text)
    except ValueError:
        minutes = -1.0
    if not minutes > 0:
        raise ValueError(f"ORIENTA_ALERT_INTERVAL_MINUTES={minutes_text!r} is not a positive number of minutes")
    data_dir = Path(environ.get("ORIENTA_DATA_DIR") or "var")
    return ActionSettings(
        tracker_url=environ.get("ORIENTA_TRACKER_URL") or DEFAULT_TRACKER_URL,
        timezone=zone,
        alert_interval=timedelta(minutes=minutes),
        data_dir=data_dir if data_dir.is_absolute() else project_dir / data_dir,
    )


@cache
def action_settings() -> ActionSettings:
    """The process's settings, parsed from ``os.environ`` on first use."""
    return parse_action_settings(os.environ)
