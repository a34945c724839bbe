"""Two gateways' Telegram channels sharing update ids and button payloads through a real Redis."""

from __future__ import annotations

import asyncio
import secrets

from bot.cluster.telegram_state import SharedTelegramState
from bot.telegram.callbacks import CallbackStore
from bot.telegram.updates import SeenUpdates


async def test_an_update_handled_by_one_gateway_is_a_repeat_for_the_other(redis_server):
    a, b = SharedTelegramState(redis_server.url), SharedTelegramState(redis_server.url)
    update_id = secrets.randbelow(10**9)
    try:
        assert await a.first_time(update_id)
        assert not await b.first_time(update_id), "Telegram's redelivery reached the other gateway"
        assert not await a.first_time(update_id)
        assert await b.first_time(update_id + 1)
    finally:
        await a.close()
        await b.close()


async def test_racing_gateways_let_one_copy_of_an_update_through(redis_server):
    gateways = [SharedTelegramState(redis_server.url) for _ in range(6)]
    update_id = secrets.randbelow(10**9)
    try:
        passed = await asyncio.gather(*(g.first_time(update_id) for g in gateways))
        assert passed.count(True) == 1
    finally:
        await asyncio.gather(*(g.close() for g in gateways))


async def test_a_long_button_sent_by_one_gateway_is_understood_when_pressed_on_the_other(redis_server):
    a, b = SharedTelegramState(redis_server.url), SharedTelegramState(redis_server.url)
    sender, receiver = CallbackStore(shared=a), CallbackStore(shared=b)
    payload = '/inform{"occupation": "' + "x" * 80 + '"}'
    try:
        data = sender.data_for(payload)
        assert data.startswith("#") and receiver.payload_for(data) is None, "not in the other's memory"
        await a.close()  # finishes the write, as it has long done when a person presses the button
        assert await receiver.shared_payload_for(data) == payload
        assert await receiver.shared_payload_for("#unknown-key") is None
    finally:
        await b.close()


async def test_without_redis_the_channel_keeps_its_memory_only():
    store = CallbackStore()
    assert await store.shared_payload_for("#anything") is None
    seen = SeenUpdates()
    assert seen.first_time(1) and not seen.first_time(1)
