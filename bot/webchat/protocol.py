"""Rasa's socket.io channel protocol, as pure functions.

The events, as Rasa's own ``socketio`` channel defines them and existing web
chat clients (rasa-webchat 1.x and others) speak them:

- client ``session_request`` ``{"session_id": id | null}`` ->
  server ``session_confirm`` with the session id (a new one if none or an
  unusable one was sent); a client that sends the same id after a reload
  continues the same conversation;
- client ``user_uttered`` ``{"message": text, "session_id": id,
  "customData": {...}}`` -> server ``bot_uttered`` once per bot message;
  ``customData`` is passed to Rasa as the message's metadata;

Orienta's additions, which other clients may ignore: ``user_uttered`` may carry a
``message_id`` and ask for a socket.io acknowledgement, answered once the replies are out
(``{"status": "ok" | "duplicate" | "rate_limited", "message_id": id}``), so a client can
resend unacknowledged messages after a reconnect without them reaching Rasa twice;
``session_request`` with ``"history": true`` is answered, after ``session_confirm``, by one
``history`` event ``{"available": bool, "entries": [...], "message_ids": [...]}`` (see
``history.py``);
- bot messages are shaped as Rasa's ``SocketIOOutput`` shapes them: text
  split on blank lines into bubbles, buttons as ``quick_replies`` on the
  last bubble, images and attachments under ``attachment``, custom JSON as is.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from bot.dialogue.messages import BotMessage

CHANNEL_PREFIX = "web"
#: ``metadata.from`` of a bot message a person (an operator) wrote.
OPERATOR = "operator"
MAX_CUSTOM_DATA_BYTES = 4096
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


def valid_session_id(value: object) -> str | None:
    """The session id if it is usable as (part of) a conversation id, else None.

    Ids from clients end up in Rasa's tracker store and logs, so only plain
    ids of 8-64 URL-safe characters are accepted (uuid4 hex is what clients send).
    """
    return value if isinstance(value, str) and _SESSION_ID.fullmatch(value) else None


def valid_message_id(value: object) -> str | None:
    """A client's message id if it is a plain id of 8-64 URL-safe characters, else None."""
    return value if isinstance(value, str) and _SESSION_ID.fullmatch(value) else None


def new_session_id() -> str:
    """A fresh random session id, as rasa-webchat makes them."""
    return uuid.uuid4().hex


def conversation_id(session_id: str) -> str:
    """Rasa's conversation id for a web chat session (namespaced by channel)."""
    return f"{CHANNEL_PREFIX}:{session_id}"


@dataclass(frozen=True)
class UserUttered:
    """A ``user_uttered`` event's content, read defensively."""

    message: object
    session_id: str | None
    custom_data: dict[str, Any] = field(default_factory=dict)
    message_id: str | None = None


def read_user_uttered(args: tuple[Any, ...]) -> UserUttered:
    """Read a ``user_uttered`` event's arguments, whatever a client sent.

    A bare string is taken as the message; binary data stays as bytes so the
    relay can say it only reads text. ``customData`` that is not a small JSON
    object is dropped rather than forwarded to Rasa.
    """
    data = args[0] if args else None
    if not isinstance(data, dict):
        return UserUttered(message=data, session_id=None)
    return UserUttered(
        message=data.get("message"),
        session_id=valid_session_id(data.get("session_id")),
        custom_data=_small_object(data.get("customData")),
        message_id=valid_message_id(data.get("message_id")),
    )


def _small_object(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        return {}
    try:
        size = len(json.dumps(value).encode("utf-8"))
    except (TypeError, ValueError, RecursionError):  # RecursionError: nested deeper than JSON can encode
        return {}
    return value if size <= MAX_CUSTOM_DATA_BYTES else {}


def to_socketio(message: BotMessage) -> list[dict[str, Any]]:
    """The ``bot_uttered`` payloads for one bot message.

    A message an operator (a person) wrote carries ``metadata.from == "operator"``; each of
    its payloads keeps ``"metadata": {"from": "operator"}`` so clients can mark it.
    """
    payloads: list[dict[str, Any]] = []
    if message.text is not None or message.buttons:
        parts = [part for part in (message.text or "").strip().split("\n\n") if part] or [""]
        payloads.extend({"text": part} for part in parts)
        if message.buttons:
            payloads[-1]["quick_replies"] = [
                {"content_type": "text", "title": button.title, "payload": button.payload} for button in message.buttons
            ]
    if message.image:
        payloads.append({"attachment": {"type": "image", "payload": {"src": message.image}}})
    if message.attachment:
        payloads.append({"attachment": message.attachment})
    if message.custom:
        payloads.append(dict(message.custom))
    if message.metadata.get("from") == OPERATOR:
        for payload in payloads:
            payload["metadata"] = {"from": OPERATOR}
    return payloads
