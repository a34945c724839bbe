"""The scripted conversations (``bench/conversations.yml``) and how a button turn is resolved."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CONVERSATIONS_FILE = Path(__file__).with_name("conversations.yml")


@dataclass(frozen=True)
class Turn:
    """One thing the user does: type ``text``, or tap the button whose title starts with ``text``."""

    text: str
    button: bool = False


@dataclass(frozen=True)
class Script:
    """A named conversation: its turns in order."""

    name: str
    turns: tuple[Turn, ...]


def load_scripts(path: Path = CONVERSATIONS_FILE) -> list[Script]:
    """Read the conversations; raise ValueError naming the first malformed turn."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    scripts = []
    for conversation in raw.get("conversations") or []:
        turns = []
        for number, turn in enumerate(conversation.get("turns") or [], start=1):
            if not isinstance(turn, dict) or len(turn) != 1 or next(iter(turn)) not in ("say", "button"):
                raise ValueError(f"{path.name}: {conversation.get('name')} turn {number} must be say: or button:")
            ((kind, text),) = turn.items()
            turns.append(Turn(str(text), button=kind == "button"))
        if not turns:
            raise ValueError(f"{path.name}: conversation {conversation.get('name')!r} has no turns")
        scripts.append(Script(str(conversation["name"]), tuple(turns)))
    if not scripts:
        raise ValueError(f"{path.name} holds no conversations")
    return scripts


def web_button_payload(messages: list[dict[str, Any]], title: str) -> str | None:
    """The payload of the quick reply whose title starts with ``title`` in a web chat reply, if any."""
    for message in reversed(messages):
        for button in message.get("quick_replies") or []:
            if str(button.get("title", "")).startswith(title):
                return str(button.get("payload"))
    return None
