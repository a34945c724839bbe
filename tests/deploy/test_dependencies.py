"""What the pinned packages must provide for speed, beyond what their own dependencies declare."""

from __future__ import annotations

import asyncio
import importlib.abc
import sys
from collections.abc import Sequence
from types import ModuleType

import httpx

from tests.fakes.http_fake import FakeHttpApi, Reply, json_reply


class _Answers(FakeHttpApi):
    """A loopback HTTP server that answers every GET with 200."""

    def route(self, path: str, params: dict[str, list[str]], headers: dict[str, str]) -> Reply:
        return json_reply(200, {"ok": True})


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

    async def two_requests(url: str) -> list[str]:
        async with httpx.AsyncClient(timeout=5) as client:
            assert (await client.get(url)).status_code == 200  # the first request may import lazily
            recorder = _ImportRecorder()
            sys.meta_path.insert(0, recorder)
            try:
                assert (await client.get(url)).status_code == 200
            finally:
                sys.meta_path.remove(recorder)
        return recorder.looked_for

    with _Answers() as server:
        assert asyncio.run(two_requests(f"{server.url}/status")) == []
