"""The fake Telegram Bot API served inside the benchmark's event loop, with per-chat inboxes.

``tests/fakes/telegram.py`` is the fake; its ``wait_for`` blocks a thread, which a hundred
asyncio users cannot afford, so this hub serves the same fake on the benchmark's own loop and
routes every message the bot sends into the inbox of its chat.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict

import uvicorn

from tests.e2e.stack import free_ports
from tests.fakes.telegram import TOKEN, ApiCall, FakeTelegram

#: The calls that put a message in the user's chat.
MESSAGE_METHODS = ("sendMessage", "sendPhoto", "sendDocument")


class TelegramHub:
    """One fake Bot API for all simulated Telegram users."""

    token = TOKEN

    def __init__(self) -> None:
        """Create the fake; ``start`` serves it."""
        self.fake = FakeTelegram()
        self.fake.listeners.append(self._route)
        self._inboxes: defaultdict[int, asyncio.Queue[ApiCall]] = defaultdict(asyncio.Queue)
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None
        self.url = ""

    async def start(self) -> None:
        """Serve the fake on a free loopback port in this event loop."""
        (port,) = free_ports(1)
        config = uvicorn.Config(
            self.fake.app(), host="127.0.0.1", port=port, log_level="warning", lifespan="off", ws="none"
        )
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:
            if self._task.done():
                self._task.result()
            await asyncio.sleep(0.02)
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        """Stop serving."""
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._task, 10)

    async def polled(self, timeout: float) -> None:
        """Wait until the gateway's PTB application asks for updates (it is listening)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not any(call.method == "getUpdates" for call in self.fake.calls):
            if asyncio.get_running_loop().time() > deadline:
                raise RuntimeError("the gateway never polled the fake Bot API")
            await asyncio.sleep(0.1)

    def inbox(self, chat_id: int) -> asyncio.Queue[ApiCall]:
        """The messages the bot sent to ``chat_id`` that no one has read yet."""
        return self._inboxes[chat_id]

    def forget(self, chat_id: int) -> None:
        """Drop a finished chat's inbox."""
        self._inboxes.pop(chat_id, None)

    def _route(self, call: ApiCall) -> None:
        if call.method in MESSAGE_METHODS and call.status == 200 and call.chat_id is not None:
            self._inboxes[call.chat_id].put_nowait(call)
