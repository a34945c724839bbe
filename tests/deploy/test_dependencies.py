"""What the pinned packages must provide for speed, beyond what their own dependencies declare."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.abc
import sys
from collections.abc import Sequence
from types import ModuleType

import httpx


class _ImportRecorder(importlib.abc.MetaPathFinder):
    """Notes every module Python has to look for (a module already imported is never looked for)."""

    def __init__(self) -> None:
        self.looked_for: list[str] = []

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> None:
        self.looked_for.append(fullname)
        return None


def test_an_httpx_request_searches_for_no_module_so_the_gateway_pays_no_import_per_message():
    """httpcore imports sniffio on every request; were it missing, each request would search sys.path.

    The bench profile found that search in a tenth of the gateway's CPU (its Rasa and Telegram
    calls both go through httpx), hence sniffio in requirements.in.
    """
    closed = asyncio.Event()

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
            while True:  # keep-alive: one answer per request head, until the client closes
                await reader.readuntil(b"\r\n\r\n")
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                await writer.drain()
        writer.close()
        await writer.wait_closed()
        closed.set()

    async def two_requests() -> None:
        server = await asyncio.start_server(answer, "127.0.0.1", 0)
        url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/status"
        async with server:
            async with httpx.AsyncClient(timeout=5) as client:
                assert (await client.get(url)).text == "ok"  # the first request may import lazily
                recorder = _ImportRecorder()
                sys.meta_path.insert(0, recorder)
                try:
                    assert (await client.get(url)).text == "ok"
                finally:
                    sys.meta_path.remove(recorder)
            await asyncio.wait_for(closed.wait(), 5)  # the server's side closed too
        assert recorder.looked_for == []

    asyncio.run(two_requests())
