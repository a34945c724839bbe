"""Callback data for inline buttons: Telegram allows at most 64 bytes.

Short payloads (``/help``, ``/consent_given``) travel as they are. Longer
ones (``/inform{"occupation": ...}``) are kept here under a short random key,
bounded in number; a key that is gone (evicted, or the gateway restarted)
reads as None, and the user is asked to type the answer instead.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict

MAX_CALLBACK_BYTES = 64
KEY_PREFIX = "#"
# Callback data of the one button left after a choice: pressing it again does nothing.
CHOSEN = "#chosen"
_KEY_BYTES = 9  # 12 URL-safe characters, + the prefix: 13 bytes, never equal to CHOSEN


class CallbackStore:
    """Maps button payloads to callback data and back."""

    def __init__(self, max_entries: int = 50_000) -> None:
        """Keep at most ``max_entries`` long payloads (the oldest go first)."""
        self._max = max_entries
        self._by_key: OrderedDict[str, str] = OrderedDict()
        self._by_payload: dict[str, str] = {}

    def data_for(self, payload: str) -> str:
        """Callback data for a payload: itself if short enough, else a stored key."""
        if len(payload.encode("utf-8")) <= MAX_CALLBACK_BYTES and not payload.startswith(KEY_PREFIX):
            return payload
        key = self._by_payload.get(payload)
        if key is None:
            key = KEY_PREFIX + secrets.token_urlsafe(_KEY_BYTES)
            self._by_payload[payload] = key
        else:
            self._by_key.move_to_end(key)
        self._by_key[key] = payload
        while len(self._by_key) > self._max:
            _, evicted = self._by_key.popitem(last=False)
            self._by_payload.pop(evicted, None)
        return key

    def payload_for(self, data: str) -> str | None:
        """The payload a button's callback data stands for; None if no longer known."""
        if not data.startswith(KEY_PREFIX):
            return data
        return self._by_key.get(data)

    def __len__(self) -> int:
        """Number of long payloads stored."""
        return len(self._by_key)
