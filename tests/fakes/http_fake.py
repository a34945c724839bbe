"""A threaded HTTP server on 127.0.0.1:<free port> whose failures a test switches on at runtime.

Why not uvicorn like ``server.py``: these fakes must hang, drip, cut bodies short and send HTML or
SOAP where JSON belongs, and must shut down instantly even while a request hangs; the standard
library's ``ThreadingHTTPServer`` with daemon threads does that with no event loop in the way.
Subclasses (``jobtech_api``, ``arbeitsagentur_api``) implement ``route``; this class adds the
switches and a record of every request received.
"""

from __future__ import annotations

import json
import random
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

Reply = tuple[int, dict[str, str], bytes]
F = TypeVar("F", bound="FakeHttpApi")

HTML_ERROR_PAGE = b"<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body>down</body></html>"


def json_reply(status: int, body: Any, headers: dict[str, str] | None = None) -> Reply:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    return status, {"Content-Type": "application/json", **(headers or {})}, data


@dataclass
class RecordedRequest:
    """What the fake received: path, query parameters (lists) and headers (lower-case keys)."""

    path: str
    params: dict[str, list[str]]
    headers: dict[str, str]


@dataclass
class Switches:
    """Failure switches. Counters (``*_next``) apply to that many next responses, then reset."""

    latency: float = 0.0
    #: Each answer waits ``latency`` ± up to this many seconds (uniformly), like a real API.
    jitter: float = 0.0
    hang: bool = False
    fail_next: int = 0
    fail_status: int = 500
    rate_limit_next: int = 0
    retry_after: str | None = None
    malformed_next: int = 0
    html_next: int = 0
    html_status: int = 200
    truncated_next: int = 0
    empty: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class FakeHttpApi:
    """Base of the fake APIs: lifecycle, switches, request log. Use as ``with Fake() as fake: fake.url``."""

    #: Body of a 500 answer; subclasses use their API's own error shape.
    error_body: Reply = json_reply(500, {"message": "Failed to establish connection to database"})

    def __init__(self, port: int = 0) -> None:
        self.switches = Switches()
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._port = port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle ------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        assert self._server is not None, "start the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def running(self) -> bool:
        """False after ``stop`` (connections are refused) until ``start`` again."""
        return self._server is not None

    def start(self: F) -> F:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                fake._handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._release.clear()
        self._server = ThreadingHTTPServer(("127.0.0.1", self._port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self: F) -> F:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # switches -------------------------------------------------------------------------------
    def reset(self) -> None:
        with self._lock:
            self.switches = Switches()
            self.requests.clear()

    def paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests]

    def _take(self, name: str) -> bool:
        with self._lock:
            left = getattr(self.switches, name)
            if left > 0:
                setattr(self.switches, name, left - 1)
                return True
            return False

    # handling -------------------------------------------------------------------------------
    def route(self, path: str, params: dict[str, list[str]], headers: dict[str, str]) -> Reply:
        raise NotImplementedError

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        if not self.running:
            # A kept-alive connection outlives the listening socket: close it unanswered,
            # so a stopped fake is as unreachable as a dead server.
            handler.close_connection = True
            return
        parts = urlsplit(handler.path)
        params = parse_qs(parts.query, keep_blank_values=True)
        headers = {k.lower(): v for k, v in handler.headers.items()}
        with self._lock:
            self.requests.append(RecordedRequest(parts.path, params, headers))
        sw = self.switches
        if sw.hang:
            self._release.wait(timeout=60)
            return
        if sw.latency:
            time.sleep(max(0.0, sw.latency + random.uniform(-sw.jitter, sw.jitter)))
        truncated = False
        if self._take("fail_next"):
            status, extra, body = self.error_body
            status = sw.fail_status
        elif self._take("rate_limit_next"):
            status, extra, body = json_reply(429, {"message": "Rate limit exceeded"})
            if sw.retry_after is not None:
                extra["Retry-After"] = sw.retry_after
        elif self._take("malformed_next"):
            status, extra, body = 200, {"Content-Type": "application/json"}, b'{"total": {"value": 3}, "hits": [{"id"'
        elif self._take("html_next"):
            status, extra, body = sw.html_status, {"Content-Type": "text/html; charset=utf-8"}, HTML_ERROR_PAGE
        else:
            truncated = self._take("truncated_next")
            status, extra, body = self.route(parts.path, params, headers)
        handler.send_response(status)
        for key, value in extra.items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(body) + (100 if truncated else 0)))
        if truncated:
            handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(body)
        if truncated:
            handler.close_connection = True


def serve_forever(fake: FakeHttpApi, name: str) -> None:
    """Run ``fake`` until Ctrl-C, for ``python -m tests.fakes.<api> --port N``."""
    with fake:
        print(f"{name} on {fake.url} (Ctrl-C to stop)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
