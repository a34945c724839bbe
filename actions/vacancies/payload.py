"""Tolerant readers for API payloads: a value of the expected type, or None.

Why: almost every field of an ad can be null, missing, or of another type than documented
(BA sends numbers as strings, JobTech a list as the string "[]"). Adapters read every field
through these, so a surprising value means "unknown", never a crash.
"""

from __future__ import annotations

from typing import Any


def obj(value: Any) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def text(value: Any) -> str | None:
    """Stripped non-empty text; numbers become their text; anything else None."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def flag(value: Any) -> bool | None:
    """A real JSON boolean, else None (never guess from "yes" or 1)."""
    return value if isinstance(value, bool) else None


def whole_number(value: Any) -> int | None:
    """An integer from an int, an integral float or a digit string (``"123"``); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def coordinate(value: Any, low: float, high: float) -> float | None:
    """A number (or numeric text) within [low, high], e.g. a latitude; else None."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if low <= number <= high else None
