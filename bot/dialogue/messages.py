"""The bot's messages as the gateway's channels see them.

Rasa's REST channel answers with a list of dicts (``text``, ``buttons``,
``image``, ``custom``, ``attachment``). They are parsed once, here, into
small immutable records, so each channel renders the same thing its own way
and a malformed entry from Rasa is skipped instead of crashing a channel.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Button:
    """A quick reply: ``title`` is shown, ``payload`` is sent back when pressed."""

    title: str
    payload: str


@dataclass(frozen=True)
class BotMessage:
    """One message from the bot (or from the gateway speaking for it)."""

    text: str | None = None
    buttons: tuple[Button, ...] = ()
    image: str | None = None
    attachment: Any = None
    custom: dict[str, Any] | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


def parse_bot_messages(payload: Any) -> list[BotMessage]:
    """Turn the JSON body of Rasa's REST webhook into BotMessages."""
    if not isinstance(payload, list):
        logger.warning("Rasa answered with %s instead of a list of messages", type(payload).__name__)
        return []
    messages = []
    for entry in payload:
        message = _parse_one(entry)
        if message is None:
            logger.warning("skipped a malformed message from Rasa")
        else:
            messages.append(message)
    return messages


def _parse_one(entry: Any) -> BotMessage | None:
    if not isinstance(entry, dict):
        return None
    text = entry.get("text")
    image = entry.get("image")
    custom = entry.get("custom")
    metadata = entry.get("metadata")
    listed = entry.get("buttons")
    buttons = tuple(
        Button(title=str(b["title"]), payload=str(b["payload"]))
        for b in (listed if isinstance(listed, list) else [])
        if isinstance(b, dict) and b.get("title") and b.get("payload") is not None
    )
    message = BotMessage(
        text=text if isinstance(text, str) and text else None,
        buttons=buttons,
        image=image if isinstance(image, str) and image else None,
        attachment=entry.get("attachment") or None,
        custom=custom if isinstance(custom, dict) and custom else None,
        metadata=metadata if isinstance(metadata, dict) else {},
    )
    empty = not (message.text or message.buttons or message.image or message.attachment or message.custom)
    return None if empty else message
