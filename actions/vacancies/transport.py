"""HTTP for vacancy adapters: pooled sessions, timeouts, a per-call budget, and error mapping.

Why one module: every adapter must behave the same when an API is slow, down, rate-limited or
sends garbage, and a chat turn must never stall. ``JsonClient.get_json`` is the only way adapters
reach the network; it either returns parsed JSON or raises ``SourceUnavailable`` with a reason the
dialogue can word. Query values are never logged at INFO (they can be personal); status codes
and reasons are.
"""

from __future__ import annotations

import email.utils
import logging
import random
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError, ReadTimeoutError
from urllib3.util import Retry

from actions.vacancies.source import SourceUnavailable

logger = logging.getLogger(__name__)
_QUERY_STRING = re.compile(r"\?[^\s'\"]*")


class RedactQueryStrings(logging.Filter):
    """Cuts query strings out of log lines: urllib3 logs retried URLs, whose ``q`` is what the user typed."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message without query strings; never drop the record."""
        message = record.getMessage()
        if "?" in message:
            record.msg = _QUERY_STRING.sub("?…", message)
            record.args = ()
        return True


logging.getLogger("urllib3.connectionpool").addFilter(RedactQueryStrings())

Params = Mapping[str, str | int | list[str]] | Sequence[tuple[str, str]]


@dataclass(frozen=True)
class HttpPolicy:
    """How long and how often to try.

    Attributes:
        connect_timeout: seconds to open a connection (slightly over 3 s, the TCP retransmit step).
        read_timeout: seconds to wait for each chunk of the answer.
        budget: the most a single ``get_json`` call may take, retries and waits included, so a
            chat turn never stalls.
        max_retry_after: the longest ``Retry-After`` we wait for a 429 before giving up.
        retries: retries for connection errors and 5xx (idempotent GETs only).
        backoff_factor: urllib3's exponential backoff between those retries.
    """

    connect_timeout: float = 3.05
    read_timeout: float = 10.0
    budget: float = 8.0
    max_retry_after: float = 5.0
    retries: int = 2
    backoff_factor: float = 0.5


def make_session(policy: HttpPolicy, headers: Mapping[str, str] | None = None, pool_size: int = 4) -> requests.Session:
    """A pooled session that retries connection errors and 5xx on GET, and nothing else.

    Why these settings: 429 is left to ``JsonClient`` so its wait can respect the budget;
    ``Retry-After`` on 5xx is ignored for the same reason; read timeouts are not retried because a
    slow API stays slow and the budget is better spent answering the user.
    """
    retry = Retry(
        total=policy.retries,
        read=False,
        backoff_factor=policy.backoff_factor,
        status_forcelist=(500, 502, 503, 504),
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=False,
        raise_on_status=False,
    )
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size, max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"accept": "application/json", "user-agent": "Orienta/0.1 (+vacancy adapter)"})
    if headers:
        session.headers.update(headers)
    return session


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP-date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def _is_timeout(exc: BaseException) -> bool:
    """True when a requests ``ConnectionError`` really wraps a timeout (urllib3 retries do that)."""
    seen: set[int] = set()
    stack: list[Any] = [exc]
    while stack:
        item = stack.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        # urllib3's NewConnectionError (refused, unreachable) subclasses ConnectTimeoutError.
        if isinstance(item, NewConnectionError):
            return False
        if isinstance(item, ConnectTimeoutError | ReadTimeoutError | requests.Timeout):
            return True
        stack.extend([getattr(item, "reason", None), item.__cause__, item.__context__])
        stack.extend(arg for arg in getattr(item, "args", ()) if isinstance(arg, BaseException))
    return False


class JsonClient:
    """GETs JSON from one API root within a time budget, mapping every failure to ``SourceUnavailable``.

    Args:
        base_url: the API root, e.g. ``https://jobsearch.api.jobtechdev.se``.
        source_name: used in log lines only.
        policy: timeouts, budget and retry settings.
        headers: sent with every request (e.g. an API key; never logged).
        session: inject one in tests; by default a pooled session from ``make_session``.
        clock, sleep: injectable for tests.
    """

    _executor_lock = threading.Lock()
    _executor: ThreadPoolExecutor | None = None

    def __init__(
        self,
        base_url: str,
        *,
        source_name: str,
        policy: HttpPolicy | None = None,
        headers: Mapping[str, str] | None = None,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.source_name = source_name
        self.policy = policy or HttpPolicy()
        self.session = session or make_session(self.policy, headers)
        self._clock = clock
        self._sleep = sleep

    @classmethod
    def _pool(cls) -> ThreadPoolExecutor:
        with cls._executor_lock:
            if cls._executor is None:
                cls._executor = ThreadPoolExecutor(max_workers=8, thread_name_prefix="vacancy-http")
            return cls._executor

    def get_json(self, path: str, params: Params | None = None, *, allow_404: bool = False) -> Any:
        """The parsed JSON body of ``GET base_url + path``; ``None`` on 404 when ``allow_404``.

        The call runs in a worker thread and is abandoned when the budget runs out, because
        requests' timeouts bound each socket read, not the whole exchange (a server can drip).

        Raises:
            SourceUnavailable: ``timeout``, ``down``, ``rate_limited`` or ``malformed``.
        """
        deadline = self._clock() + self.policy.budget
        future = self._pool().submit(self._exchange, path, params, allow_404, deadline)
        try:
            return future.result(timeout=self.policy.budget + 0.05)
        except FutureTimeout:
            future.cancel()
            logger.warning("%s: no answer within the %.1f s budget", self.source_name, self.policy.budget)
            raise SourceUnavailable("timeout", f"no answer within {self.policy.budget:g} s") from None

    def _exchange(self, path: str, params: Params | None, allow_404: bool, deadline: float) -> Any:
        url = self.base_url + path
        waited_for_429 = False
        while True:
            remaining = deadline - self._clock()
            if remaining <= 0:
                raise SourceUnavailable("timeout", "budget spent")
            timeout = (min(self.policy.connect_timeout, remaining), min(self.policy.read_timeout, remaining))
            response = self._send(url, params, timeout)
            if response.status_code != 429:
                return self._read(response, allow_404)
            wait = parse_retry_after(response.headers.get("Retry-After"))
            fallback = wait is None
            if fallback:
                wait = 0.5 + random.uniform(0, 0.25)  # jitter, not security
            assert wait is not None
            fits = wait <= self.policy.max_retry_after and self._clock() + wait < deadline - 0.5
            logger.info("%s: 429, Retry-After %s, %s", self.source_name, wait, "waiting" if fits else "giving up")
            if waited_for_429 or not fits:
                raise SourceUnavailable("rate_limited", "429", retry_after=None if fallback else wait)
            waited_for_429 = True
            self._sleep(wait)

    def _send(self, url: str, params: Params | None, timeout: tuple[float, float]) -> requests.Response:
        try:
            return self.session.get(url, params=params, timeout=timeout)
        except requests.Timeout as exc:
            logger.warning("%s: timed out (%s)", self.source_name, type(exc).__name__)
            raise SourceUnavailable("timeout", type(exc).__name__) from exc
        except requests.ConnectionError as exc:
            if _is_timeout(exc):
                logger.warning("%s: timed out after retries", self.source_name)
                raise SourceUnavailable("timeout", "timed out after retries") from exc
            if "IncompleteRead" in repr(exc) or "ProtocolError" in repr(exc):
                logger.warning("%s: answer cut off", self.source_name)
                raise SourceUnavailable("malformed", "truncated body") from exc
            logger.warning("%s: connection failed (%s)", self.source_name, type(exc).__name__)
            raise SourceUnavailable("down", "connection failed") from exc
        except requests.RequestException as exc:
            logger.warning("%s: request failed (%s)", self.source_name, type(exc).__name__)
            reason = "malformed" if isinstance(exc, requests.exceptions.ChunkedEncodingError) else "down"
            raise SourceUnavailable(reason, type(exc).__name__) from exc

    def _read(self, response: requests.Response, allow_404: bool) -> Any:
        status = response.status_code
        if status == 404 and allow_404:
            logger.info("%s: 404 for a detail request", self.source_name)
            return None
        if status >= 400:
            # 401/403 mean the access policy changed, 5xx (after retries) and the rest that the API
            # cannot serve us now: all "down" for the user, the status goes to the log.
            logger.warning("%s: HTTP %s", self.source_name, status)
            raise SourceUnavailable("down", f"HTTP {status}")
        try:
            body = response.content
        except requests.RequestException as exc:
            raise SourceUnavailable("malformed", "truncated body") from exc
        content_type = response.headers.get("Content-Type", "")
        if body.lstrip()[:1] not in (b"{", b"["):
            logger.warning("%s: HTTP %s with a non-JSON body (%s)", self.source_name, status, content_type[:40])
            raise SourceUnavailable("malformed", f"not JSON ({content_type[:40]})")
        try:
            return response.json()
        except ValueError as exc:
            logger.warning("%s: HTTP %s with unreadable JSON", self.source_name, status)
            raise SourceUnavailable("malformed", "invalid JSON") from exc

    def close(self) -> None:
        """Release pooled connections."""
        self.session.close()
