"""A web chat user's connection: Rasa's socket.io protocol over a plain WebSocket.

Browsers upgrade to the WebSocket transport, so that is what the benchmark measures. The async
client of python-socketio cannot open one here (python-engineio calls ``aiohttp.ClientWSTimeout``,
which rasa's pinned aiohttp 3.9 lacks), and long polling would load the gateway more than real
users do; Engine.IO 4 / Socket.IO 5 framing over ``aiohttp``'s WebSocket client is small enough
to speak directly. Each ``user_uttered`` is sent with an ack id: the gateway acks only after it
emitted every reply (``bot/webchat/server.py``), so the ack marks the end of the turn without
waiting for a quiet period.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

import aiohttp

CONNECT_TIMEOUT_SECONDS = 30.0


class ProtocolError(Exception):
    """The gateway said something the web chat protocol does not allow here."""


@dataclass
class Reply:
    """The bot's messages to one user message, and when the last one arrived."""

    messages: list[dict[str, Any]]
    sent_at: float
    last_at: float
    status: str = "ok"

    @property
    def latency(self) -> float:
        """Seconds from the user's message out to the bot's last message in."""
        return self.last_at - self.sent_at


@dataclass
class _Pending:
    messages: list[dict[str, Any]] = field(default_factory=list)
    last_at: float = 0.0


class WebChatConnection:
    """One browser tab: a WebSocket to ``/socket.io/`` speaking Rasa's web chat events."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        """Wrap an open WebSocket; use ``open`` to create one."""
        self._ws = ws
        self._acks = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[Any]] = {}
        self._confirm: asyncio.Future[str] | None = None
        self._connected: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending = _Pending()
        self._sending: set[asyncio.Future[None]] = set()
        self._reader = asyncio.create_task(self._read())

    @classmethod
    async def open(cls, session: aiohttp.ClientSession, base_url: str) -> WebChatConnection:
        """Connect (Engine.IO handshake, then the default namespace) as the chat page would."""
        url = base_url.replace("http://", "ws://", 1).rstrip("/") + "/socket.io/?EIO=4&transport=websocket"
        ws = await session.ws_connect(url, origin=base_url.rstrip("/"), timeout=CONNECT_TIMEOUT_SECONDS)
        connection = cls(ws)
        await asyncio.wait_for(connection._connected, CONNECT_TIMEOUT_SECONDS)
        return connection

    async def start_session(self, session_id: str | None = None, timeout: float = 30.0) -> str:
        """Ask for a session (a new one when None); return the id the gateway confirmed."""
        self._confirm = asyncio.get_running_loop().create_future()
        await self._send_event("session_request", {"session_id": session_id})
        return await asyncio.wait_for(self._confirm, timeout)

    async def say(self, text: str, session_id: str, timeout: float) -> Reply:
        """Send one message and wait for the ack that follows the last reply."""
        ack = next(self._acks)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting[ack] = future
        self._pending = _Pending()
        sent_at = time.monotonic()
        await self._send_event("user_uttered", {"message": text, "session_id": session_id}, ack=ack)
        try:
            answer = await asyncio.wait_for(future, timeout)
        finally:
            self._waiting.pop(ack, None)
        pending = self._pending
        status = answer.get("status", "ok") if isinstance(answer, dict) else "ok"
        return Reply(pending.messages, sent_at, pending.last_at or time.monotonic(), status)

    async def close(self) -> None:
        """Close the WebSocket (the gateway sees the disconnect at once)."""
        self._reader.cancel()
        await self._ws.close()

    async def _send_event(self, name: str, data: Any, ack: int | None = None) -> None:
        await self._ws.send_str(f"42{ack if ack is not None else ''}{json.dumps([name, data])}")

    async def _read(self) -> None:
        try:
            async for frame in self._ws:
                if frame.type != aiohttp.WSMsgType.TEXT:
                    continue
                self._handle(frame.data)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # every waiter must learn that the socket broke
            self._fail(ProtocolError(f"web chat connection failed: {error!r}"))
            return
        self._fail(ProtocolError("the gateway closed the web chat connection"))

    def _handle(self, packet: str) -> None:
        if packet == "2":  # Engine.IO ping: answer, or the gateway drops the connection
            self._later(self._ws.send_str("3"))
        elif packet.startswith("0{"):
            self._later(self._ws.send_str("40"))
        elif packet.startswith("40"):
            if not self._connected.done():
                self._connected.set_result(None)
        elif packet.startswith("42"):
            name, *args = json.loads(packet[2:])
            self._on_event(name, args[0] if args else None)
        elif packet.startswith("43"):
            digits = "".join(itertools.takewhile(str.isdigit, packet[2:]))
            args = json.loads(packet[2 + len(digits) :])
            future = self._waiting.get(int(digits))
            if future is not None and not future.done():
                future.set_result(args[0] if args else None)
        elif packet.startswith("44"):
            self._fail(ProtocolError(f"namespace refused: {packet[:200]}"))

    def _later(self, sending: Coroutine[Any, Any, None]) -> None:
        """Send from the reader's callback without awaiting; keep the task until it is done."""
        task = asyncio.ensure_future(sending)
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    def _on_event(self, name: str, data: Any) -> None:
        if name == "bot_uttered" and isinstance(data, dict):
            self._pending.messages.append(data)
            self._pending.last_at = time.monotonic()
        elif name == "session_confirm" and self._confirm is not None and not self._confirm.done():
            self._confirm.set_result(str(data))

    def _fail(self, error: Exception) -> None:
        for future in [self._connected, self._confirm, *self._waiting.values()]:
            if future is not None and not future.done():
                future.set_exception(error)
