"""The privacy notice's placeholders: who is responsible, whom to ask, how long data is kept.

Why a data file plus one variable: a PES changes its name and contact in
``data/privacy/notice.yml`` without touching Python, and the retention shown to the user is the
one the gateway's sweep applies (``ORIENTA_RETENTION_DAYS``, bot/config.py), not a second copy.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import yaml

NOTICE_FILE = Path(__file__).resolve().parents[2] / "data" / "privacy" / "notice.yml"
RETENTION_VARIABLE = "ORIENTA_RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 180.0
KEYS = ("controller", "contact")


class NoticeError(ValueError):
    """The notice file or the retention variable is unusable; the message says which and why."""


def parse_notice(raw: object, environment: Mapping[str, str]) -> dict[str, str]:
    """The placeholders ``controller``, ``contact`` and ``retention_days`` (a whole number, as text)."""
    if not isinstance(raw, dict):
        raise NoticeError(f"{NOTICE_FILE.name}: expected a mapping with {', '.join(KEYS)}")
    values: dict[str, str] = {}
    for key in KEYS:
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise NoticeError(f"{NOTICE_FILE.name}: '{key}' must be a non-empty text")
        values[key] = value.strip()
    text = environment.get(RETENTION_VARIABLE) or str(DEFAULT_RETENTION_DAYS)
    try:
        days = float(text)
    except ValueError:
        raise NoticeError(f"{RETENTION_VARIABLE}={text!r} is not a number of days") from None
    if days <= 0:
        raise NoticeError(f"{RETENTION_VARIABLE} must be positive, got {text!r}")
    values["retention_days"] = f"{days:g}"
    return values


@lru_cache(maxsize=1)
def notice_values() -> dict[str, str]:
    """The placeholders for this action server, read once."""
    with NOTICE_FILE.open(encoding="utf-8") as handle:
        return parse_notice(yaml.safe_load(handle), os.environ)
