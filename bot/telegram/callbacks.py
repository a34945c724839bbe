"""Callback data for inline buttons: Telegram allows at most 64 bytes.

Short payloads (``/help``, ``/consent_given``) travel as they are. Longer
ones (``/inform{"occupation": ...}``) are kept here under a short random key,
bounded in number; a key that is gone (evicted, or the gateway restarted)
reads as None, and the user is asked to type the answer instead. With several gateways the
keys are also kept in Redis (bot/cluster/telegram_state.py), since a button may be pressed on
another gateway than the one that sent it.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict

from bot.cluster.telegram_state import SharedTelegramState

MAX_CALLBACK_BYTES = 64
KEY_PREFIX = "#"
# Callback data of the one button left after a choice: pressing it again does nothing.
CHOSEN = "#chosen"
_KEY_BYTES = 9  # 12 URL-safe characters, + the prefix: 13 bytes, never equal to CHOSEN


class CallbackStore:
    """Maps button payloads to callback data and back."""

    def __init__(self, max_entries: int = 50_000, shared: SharedTelegramState | None = None) -> None:
        """Keep at most ``max_entries`` long payloads (the oldest go first), and in ``shared`` if given."""
        self._max = max_entries
        self.shared = shared
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
            if self.shared is not None:
                self.shared.remember_button(key, payload)
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

    async def shared_payload_for(self, data: str) -> str | None:
        """The payload another gateway stored for ``data``; None without shared state or if gone."""
        if self.shared is None or not data.startswith(KEY_PREFIX):
            return None
        return await self.shared.button(data)

    def __len__(self) -> int:
        """Number of long payloads stored."""
        return len(self._by_key)
