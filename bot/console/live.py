"""Server-sent events: the live list and an open transcript update without a reload.

Why SSE and not a WebSocket: the updates go one way, EventSource reconnects by itself, and it is
plain HTTP through the gateway's middleware (security headers, the session cookie). The stream
re-renders its fragment every ``interval`` seconds and sends it only when it changed. Rasa
writes the events from another process, so the database is the one place to watch.

A stream ends after ``max_seconds``; the browser reconnects at once, and the reconnect passes the
login check again, so an expired or ended session stops receiving updates.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable

#: How long the browser waits before reconnecting after a stream ended (milliseconds).
RETRY_MS = 1000
KEEPALIVE_SECONDS = 15.0


def sse_message(event: str, data: object) -> str:
    """One SSE message; the data is JSON, which has no raw newlines to break the framing."""
    return f"event: {event}\ndata: {json.dumps(data)}\n\n"


async def fragment_stream(
    render: Callable[[], Awaitable[str]],
    is_disconnected: Callable[[], Awaitable[bool]],
    *,
    interval: float,
    max_seconds: float,
    clock: Callable[[], float] = time.monotonic,
) -> AsyncIterator[str]:
    """Yield ``update`` messages ``{"html": ...}`` whenever ``render()`` gives something new."""
    yield f"retry: {RETRY_MS}\n\n"
    started = clock()
    last: str | None = None
    quiet_since = started
    while clock() - started < max_seconds and not await is_disconnected():
        html = await render()
        if html != last:
            last = html
            quiet_since = clock()
            yield sse_message("update", {"html": html})
        elif clock() - quiet_since > KEEPALIVE_SECONDS:
            quiet_since = clock()
            yield ": keep-alive\n\n"
        await asyncio.sleep(interval)
