"""A query cache and a circuit breaker around any vacancy source.

Why: users page back and forth and repeat searches, so identical queries within a minute are
answered from memory; and when an API keeps failing, every chat turn waiting a full timeout for
it makes the bot feel broken, so after a few failures we stop calling for a cool-down and answer
"unavailable" at once. Both take an injectable clock so tests need no sleeping.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from actions.vacancies.model import Vacancy
from actions.vacancies.source import SearchResult, SourceUnavailable, VacancyQuery, VacancySource

logger = logging.getLogger(__name__)

V = TypeVar("V")
Clock = Callable[[], float]


class TTLCache(Generic[V]):
    """A small thread-safe cache whose entries expire after ``ttl`` seconds (LRU beyond ``max_size``)."""

    def __init__(self, ttl: float = 60.0, max_size: int = 256, clock: Clock = time.monotonic) -> None:
        self.ttl = ttl
        self.max_size = max_size
        self._clock = clock
        self._items: OrderedDict[Hashable, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        """The cached value, or ``None`` when absent or expired."""
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            expires, value = item
            if expires <= self._clock():
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: V) -> None:
        """Store ``value``; the least recently used entry goes when full."""
        if self.ttl <= 0:
            return
        with self._lock:
            self._items[key] = (self._clock() + self.ttl, value)
            self._items.move_to_end(key)
            while len(self._items) > self.max_size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


class CircuitBreaker:
    """Closed → open after ``threshold`` consecutive failures → half-open after ``cooldown``.

    While open, ``before_call`` raises ``SourceUnavailable("circuit_open")`` with the seconds left.
    Half-open lets exactly one trial call through: success closes the circuit, failure opens it
    for another cool-down.
    """

    def __init__(self, threshold: int = 3, cooldown: float = 60.0, clock: Clock = time.monotonic) -> None:
        self.threshold = max(1, threshold)
        self.cooldown = cooldown
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_running = False
        self._lock = threading.Lock()

    @property
    def state(self) -> str:
        """``"closed"``, ``"open"`` or ``"half_open"`` (for logs and tests)."""
        with self._lock:
            return self._state()

    def _state(self) -> str:
        if self._opened_at is None:
            return "closed"
        if self._clock() - self._opened_at >= self.cooldown:
            return "half_open"
        return "open"

    def before_call(self) -> None:
        """Raise when calls are not allowed now; in half-open state admit one trial call."""
        with self._lock:
            state = self._state()
            if state == "closed":
                return
            if state == "half_open" and not self._trial_running:
                self._trial_running = True
                return
            assert self._opened_at is not None
            left = max(0.0, self.cooldown - (self._clock() - self._opened_at))
            raise SourceUnavailable("circuit_open", "source paused after repeated failures", retry_after=left or None)

    def record_success(self) -> None:
        """A call worked: close the circuit."""
        with self._lock:
            if self._opened_at is not None:
                logger.info("circuit closed again")
            self._failures = 0
            self._opened_at = None
            self._trial_running = False

    def record_failure(self) -> None:
        """A call failed: count it, and open (or re-open) the circuit when due."""
        with self._lock:
            self._failures += 1
            if self._trial_running or self._failures >= self.threshold:
                if self._opened_at is None or self._trial_running:
                    logger.warning("circuit opened after %d failures", self._failures)
                self._opened_at = self._clock()
                self._trial_running = False


class ResilientSource:
    """Wraps a ``VacancySource`` with the query cache and the circuit breaker.

    Only ``SourceUnavailable`` counts as a failure; a 404 detail (``None``) is a normal answer.
    Successful searches and details are cached; failures never are.
    """

    def __init__(
        self,
        source: VacancySource,
        cache: TTLCache[object] | None = None,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        self.inner = source
        self.name = source.name
        self.site_url = source.site_url
        self.cache: TTLCache[object] = cache if cache is not None else TTLCache()
        self.breaker = breaker if breaker is not None else CircuitBreaker()

    def search(self, query: VacancyQuery) -> SearchResult:
        """One page of ads, from the cache when the same query was answered recently."""
        key = ("search", query)
        cached = self.cache.get(key)
        if isinstance(cached, SearchResult):
            return cached
        result = self._call(lambda: self.inner.search(query))
        self.cache.put(key, result)
        return result

    def get(self, source_id: str) -> Vacancy | None:
        """One ad by id, from the cache when fetched recently."""
        key = ("get", source_id)
        cached = self.cache.get(key)
        if isinstance(cached, Vacancy):
            return cached
        vacancy = self._call(lambda: self.inner.get(source_id))
        if vacancy is not None:
            self.cache.put(key, vacancy)
        return vacancy

    def _call(self, call: Callable[[], V]) -> V:
        self.breaker.before_call()
        try:
            value = call()
        except SourceUnavailable:
            self.breaker.record_failure()
            raise
        except Exception as exc:
            # The protocol promises SourceUnavailable only; an adapter bug must not crash a turn.
            logger.exception("%s: unexpected error in adapter", self.name)
            self.breaker.record_failure()
            raise SourceUnavailable("malformed", type(exc).__name__) from exc
        self.breaker.record_success()
        return value
