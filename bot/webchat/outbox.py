"""Replies kept for web chat sessions that have no open connection.

A user who closes the tab or loses signal while Rasa is still answering
would otherwise lose the answer: Rasa has it in the tracker, but nobody is
there to receive the ``bot_uttered`` event. The outbox keeps such replies
and hands them over when the same session connects again (same session id).
It is bounded in sessions, replies per session and age, so an abandoned
session cannot grow it without limit.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Any

Payload = dict[str, Any]


class Outbox:
    """In-memory, bounded store of undelivered payloads per session."""

    def __init__(
        self,
        max_sessions: int = 10_000,
        max_per_session: int = 50,
        max_age_seconds: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Set the bounds; ``clock`` is injectable so tests need not sleep."""
        self._max_sessions = max_sessions
        self._max_per_session = max_per_session
        self._max_age = max_age_seconds
        self._clock = clock
        self._pending: OrderedDict[str, deque[tuple[float, Payload]]] = OrderedDict()

    def put(self, session_id: str, payload: Payload) -> None:
        """Keep one payload for a session (the oldest go first when full)."""
        queue = self._pending.pop(session_id, None) or deque(maxlen=self._max_per_session)
        queue.append((self._clock(), payload))
        self._pending[session_id] = queue
        while len(self._pending) > self._max_sessions:
            self._pending.popitem(last=False)

    def take(self, session_id: str) -> list[Payload]:
        """Remove and return a session's payloads that are not too old, in order."""
        queue = self._pending.pop(session_id, None) or deque()
        oldest = self._clock() - self._max_age
        return [payload for stamp, payload in queue if stamp >= oldest]

    def forget(self, session_id: str) -> int:
        """Drop what is kept for a session (its data was erased); how many payloads went."""
        kept = self._pending.pop(session_id, None)
        return len(kept) if kept is not None else 0

    def __len__(self) -> int:
        """Number of sessions with something waiting."""
        return len(self._pending)
