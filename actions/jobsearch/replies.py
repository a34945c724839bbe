"""What a coaching turn says: domain responses with their values and buttons.

The rules return ``Reply`` values instead of calling the dispatcher, so tests can check what a
user would see without Rasa, and the texts stay in domain.yml (``utter_plan_*``, ``utter_goal_*``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One bot message: a domain response, the values of its {placeholders}, and buttons."""

    response: str
    values: dict[str, Any] = field(default_factory=dict)
    buttons: tuple[dict[str, str], ...] = ()


def payload(intent: str, **entities: str | int) -> str:
    """A button payload that Rasa reads as ``intent`` with ``entities``: /show_plan{"plan_op":"add"}."""
    return (
        f"/{intent}{json.dumps({k: str(v) for k, v in entities.items()}, separators=(',', ':'))}"
        if entities
        else f"/{intent}"
    )


def button(title: str, intent: str, **entities: str | int) -> dict[str, str]:
    """A button with ``title`` that sends ``intent`` with ``entities``."""
    return {"title": title, "payload": payload(intent, **entities)}
