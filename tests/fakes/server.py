"""Serve an ASGI app on 127.0.0.1:<free port> in a background thread.

The fakes and the gateway under test run in real uvicorn servers, so the
code under test talks real HTTP (and WebSocket) to them, as in production.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.types import ASGIApp


@contextmanager
def serve(app: ASGIApp, startup_timeout: float = 10.0, port: int = 0) -> Iterator[str]:
    """Run ``app`` until the block ends; yield its base URL (http://127.0.0.1:port).

    ``port`` 0 picks a free one; a fixed one brings a server back where an
    earlier one stopped (Rasa restarting).
    """
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", ws="wsproto")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("test server did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
