"""The gateway's background loops outlive a failing round and stop when cancelled."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.periodic import repeat


async def test_a_round_that_fails_is_logged_and_the_next_round_still_runs(caplog):
    rounds: list[int] = []
    enough = asyncio.Event()

    async def job() -> None:
        rounds.append(len(rounds))
        if len(rounds) == 1:
            raise OSError("disk full")
        if len(rounds) == 3:
            enough.set()

    loop = asyncio.create_task(repeat(0.01, job, "media sweep"))
    with caplog.at_level(logging.ERROR, logger="bot.periodic"):
        await asyncio.wait_for(enough.wait(), timeout=5)
    loop.cancel()
    with pytest.raises(asyncio.CancelledError):
        await loop
    assert rounds == [0, 1, 2]
    (record,) = [r for r in caplog.records if r.name == "bot.periodic"]
    assert record.getMessage() == "media sweep failed" and record.exc_info is not None


async def test_cancelling_stops_the_loop_even_in_the_middle_of_a_round():
    started = asyncio.Event()

    async def slow_job() -> None:
        started.set()
        await asyncio.sleep(60)

    loop = asyncio.create_task(repeat(0.01, slow_job, "job alert check"))
    await asyncio.wait_for(started.wait(), timeout=5)
    loop.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(loop, timeout=5)
