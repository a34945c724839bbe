"""An asyncio socket.io client speaking Rasa's web chat protocol, for e2e tests.

It uses the polling transport: python-engineio's async websocket client needs
``aiohttp.ClientWSTimeout``, which rasa's pinned aiohttp 3.9 lacks (the sync
client in tests/bot/webchat/ covers the websocket transport).
"""

from __future__ import annotations

import asyncio
from typing import Any

import socketio

QUIET_SECONDS = 1.0


class AsyncChat:
    """One browser tab's worth of web chat."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        for name in ("session_confirm", "bot_uttered", "error"):
            self.sio.on(name, self._recorder(name))

    def _recorder(self, name: str):
        async def record(data: Any = None) -> None:
            await self.events.put((name, data))

        return record

    @classmethod
    async def open(cls, url: str) -> AsyncChat:
        chat = cls()
        await chat.sio.connect(url, transports=["polling"], wait_timeout=10)
        return chat

    async def next_event(self, timeout: float = 60.0) -> tuple[str, Any]:
        return await asyncio.wait_for(self.events.get(), timeout)

    async def start_session(self, session_id: str | None = None, *, agree: bool = True) -> str:
        """Join a session; a new one answers the privacy notice with "I agree" first (``agree``).

        Every first contact gets the notice (actions/privacy/session.py); tests about something
        else start as a user who agreed, and tests about consent pass ``agree=False``.
        """
        await self.sio.emit("session_request", {"session_id": session_id})
        name, data = await self.next_event()
        assert name == "session_confirm", (name, data)
        if session_id is None and agree:
            replies = await self.say("/consent_given", data)
            assert replies[0]["text"].startswith("Welcome!"), replies[0]
        return data

    async def say(self, message: Any, session_id: str, **extra: Any) -> list[dict[str, Any]]:
        """Send a message; return every bot_uttered payload that follows it."""
        await self.sio.emit("user_uttered", {"message": message, "session_id": session_id, **extra})
        replies = [await self._next_reply(timeout=60)]
        while True:
            try:
                replies.append(await self._next_reply(timeout=QUIET_SECONDS))
            except asyncio.TimeoutError:
                return replies

    async def _next_reply(self, timeout: float) -> dict[str, Any]:
        name, data = await self.next_event(timeout)
        assert name == "bot_uttered", (name, data)
        return data

    async def close(self) -> None:
        # The server learns of the disconnect from the CLOSE packet at once,
        # but python-engineio only answers a pending long-poll at its next
        # ping (~25 s), and a plain disconnect() waits for that; browsers
        # don't. abort=True sends the CLOSE and stops waiting.
        await self.sio.eio.disconnect(abort=True)


def texts(replies: list[dict[str, Any]]) -> list[str]:
    """The texts of a turn's replies, in order (cards, images and custom payloads left out)."""
    return [reply["text"] for reply in replies if "text" in reply]


def payloads(reply: dict[str, Any]) -> list[str]:
    """The payloads of one reply's buttons, in order."""
    return [button["payload"] for button in reply.get("quick_replies") or []]
