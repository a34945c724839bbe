"""Back-off after repeated failed logins, per username and per client address.

After ``max_failures`` wrong passwords in a row, further attempts are refused without checking
the password for ``base_seconds``; each further lock doubles that, up to an hour. Per username
stops guessing one account from many addresses, per address stops one machine trying many
accounts. Kept in the gateway's memory: a restart forgets it, which costs an attacker a restart
of someone else's server, and keeps a locked-out supervisor from being locked out for ever.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_LOCK_SECONDS = 3600.0
MAX_TRACKED = 10_000


@dataclass
class _Record:
    failures: int = 0
    locks: int = 0
    locked_until: float = 0.0


class Lockout:
    """Counts failures per key ("user:name", "ip:address") and says how long a key is locked."""

    def __init__(
        self, max_failures: int = 5, base_seconds: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        """Lock after ``max_failures`` for ``base_seconds``, doubling per further lock."""
        self.max_failures = max_failures
        self.base_seconds = base_seconds
        self._clock = clock
        self._records: dict[str, _Record] = {}

    def locked_for(self, *keys: str) -> float:
        """Seconds until all of ``keys`` may try again (0: they may now)."""
        now = self._clock()
        return max((max(0.0, r.locked_until - now) for k in keys if (r := self._records.get(k))), default=0.0)

    def failed(self, *keys: str) -> None:
        """Count one failed attempt against each key; lock those that reached the limit."""
        if len(self._records) > MAX_TRACKED:
            self._records = {k: r for k, r in self._records.items() if r.locked_until > self._clock()}
        for key in keys:
            record = self._records.setdefault(key, _Record())
            record.failures += 1
            if record.failures >= self.max_failures:
                record.locked_until = self._clock() + min(self.base_seconds * 2**record.locks, MAX_LOCK_SECONDS)
                record.locks += 1
                record.failures = 0

    def succeeded(self, *keys: str) -> None:
        """A right password clears its keys' count and back-off."""
        for key in keys:
            self._records.pop(key, None)
