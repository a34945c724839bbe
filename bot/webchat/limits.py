"""Bounded, in-memory bookkeeping the web chat needs per session: rate limits and seen message ids.

A public chat endpoint must not let one visitor (or one script) flood Rasa, so every message
counts against two sliding one-minute windows: its session's and its IP address's (behind a
proxy every visitor shares the proxy's address, so the IP limit is set high). Clients that
resend a message after a lost connection send the same message id again; the ids seen
recently per session let the server answer such a resend without passing it to Rasa twice.

Both live in the gateway's memory, bounded in keys and age like the outbox: a gateway restart
forgets them, which at worst lets one resend through or resets a window.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable


class SlidingWindow:
    """At most ``limit`` events per key in any ``window_seconds``."""

    def __init__(
        self,
        limit: int,
        window_seconds: float = 60.0,
        max_keys: int = 50_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Set the limit; ``clock`` is injectable so tests need not wait a minute."""
        self.limit = limit
        self._window = window_seconds
        self._max_keys = max_keys
        self._clock = clock
        self._events: OrderedDict[str, deque[float]] = OrderedDict()

    def allow(self, key: str) -> bool:
        """Count one event for ``key`` and say whether it is within the limit.

        A refused event is not counted, so a client that waits gets through again.
        """
        now = self._clock()
        stamps = self._events.pop(key, None) or deque()
        while stamps and stamps[0] <= now - self._window:
            stamps.popleft()
        allowed = len(stamps) < self.limit
        if allowed:
            stamps.append(now)
        if stamps:
            self._events[key] = stamps
        while len(self._events) > self._max_keys:
            self._events.popitem(last=False)
        return allowed


class RecentIds:
    """The message ids each session sent recently, to recognise a resend."""

    def __init__(
        self,
        per_session: int = 100,
        max_sessions: int = 10_000,
        max_age_seconds: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Set the bounds; ``clock`` is injectable."""
        self._per_session = per_session
        self._max_sessions = max_sessions
        self._max_age = max_age_seconds
        self._clock = clock
        self._seen: OrderedDict[str, OrderedDict[str, float]] = OrderedDict()

    def first_time(self, session_id: str, message_id: str) -> bool:
        """Record ``message_id`` for the session; False if it was already seen (a resend)."""
        now = self._clock()
        ids = self._seen.pop(session_id, None) or OrderedDict()
        for old, stamp in list(ids.items()):
            if stamp > now - self._max_age:
                break
            del ids[old]
        new = message_id not in ids
        if new:
            ids[message_id] = now
            while len(ids) > self._per_session:
                ids.popitem(last=False)
        self._seen[session_id] = ids
        while len(self._seen) > self._max_sessions:
            self._seen.popitem(last=False)
        return new
