"""A web chat session's history, rebuilt from Rasa's tracker for a client that reloads.

The widget keeps only its session id in the browser; after a reload (or a reconnect, when
replies may have been lost on the dead connection) it asks for the history and the gateway
reads it from the tracker store, the one record of what was said. The tracker's ``user`` and
``bot`` events become the same ``bot_uttered`` payloads the live channel sends
(``protocol.to_socketio``), so the client renders both with one code path.

What the gateway said itself (an "empty message" reply, say) never reached Rasa and so is
not in the history. A user message is shown as the user saw it: a button's title (sent as
``customData.display_text``) rather than its ``/intent`` payload, and payloads the user never
saw (the widget's hidden ``/greet``) are left out.
"""

from __future__ import annotations

from typing import Any

from bot.dialogue.messages import parse_bot_messages
from bot.webchat.protocol import OPERATOR, to_socketio

#: Most entries sent back; older ones stay in the tracker but are not shown.
MAX_ENTRIES = 200


def is_operator(metadata: object) -> bool:
    """True when a bot message was written by a person (``metadata.from == "operator"``)."""
    return isinstance(metadata, dict) and metadata.get("from") == OPERATOR


def history_entries(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The tracker's user and bot events as ``{"from", "ts", "payload"[, "message_id"]}`` entries.

    A conversation in which neither the user nor an operator has written has no history, even
    when the tracker holds bot events: Rasa answers a tracker read of a new conversation by
    running the session start (the privacy notice) in memory without storing it. Shown, that
    notice would be said again, stored this time, with the first message. With no history the
    widget sends its hidden ``/greet``, so the notice comes once, in the language the gateway
    guessed.
    """
    if not any(event.get("event") == "user" or is_operator(event.get("metadata")) for event in events):
        return []
    entries: list[dict[str, Any]] = []
    for event in events:
        kind = event.get("event")
        stamp = event.get("timestamp")
        ts = float(stamp) if isinstance(stamp, (int, float)) else None
        if kind == "user":
            entry = _user_entry(event, ts)
            if entry:
                entries.append(entry)
        elif kind == "bot":
            entries.extend(_bot_entries(event, ts))
    return entries[-MAX_ENTRIES:]


def message_ids(events: list[dict[str, Any]]) -> list[str]:
    """The client message ids of every user message in the tracker, shown or hidden.

    A client drops its unacknowledged messages that are among them: they reached Rasa, and
    the tracker, unlike the gateway's memory of recent ids, survives a gateway restart.
    """
    ids = (_mapping(e.get("metadata")).get("message_id") for e in events if e.get("event") == "user")
    return [i for i in ids if isinstance(i, str)][-MAX_ENTRIES:]


def _user_entry(event: dict[str, Any], ts: float | None) -> dict[str, Any] | None:
    metadata = _mapping(event.get("metadata"))
    text = event.get("text")
    shown = metadata.get("display_text")
    if isinstance(shown, str) and shown.strip():
        text = shown
    elif not isinstance(text, str) or not text.strip() or text.startswith("/"):
        return None
    entry: dict[str, Any] = {"from": "user", "ts": ts, "payload": {"text": text}}
    if isinstance(metadata.get("message_id"), str):
        entry["message_id"] = metadata["message_id"]
    return entry


def _bot_entries(event: dict[str, Any], ts: float | None) -> list[dict[str, Any]]:
    data = _mapping(event.get("data"))
    rest_shape = {
        "text": event.get("text"),
        "buttons": data.get("buttons"),
        "image": data.get("image"),
        "attachment": data.get("attachment"),
        "custom": data.get("custom"),
        "metadata": event.get("metadata"),
    }
    sender = OPERATOR if is_operator(event.get("metadata")) else "bot"
    return [
        {"from": sender, "ts": ts, "payload": payload}
        for message in parse_bot_messages([rest_shape])
        for payload in to_socketio(message)
    ]


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
