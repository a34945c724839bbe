"""Rasa's lock store chosen by ORIENTA_LOCK_STORE_URL: memory on one node, a real Redis shared by replicas."""

from __future__ import annotations

import asyncio

import pytest
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from rasa_ext.lock_store import ConfiguredLockStore, redis_arguments


def store(url: str) -> ConfiguredLockStore:
    return ConfiguredLockStore(EndpointConfig(url=url, type="rasa_ext.lock_store.ConfiguredLockStore"))


def test_memory_is_rasas_in_memory_store_and_a_redis_url_its_redis_store(redis_server):
    assert isinstance(store("memory").inner, InMemoryLockStore)
    assert isinstance(store(redis_server.url).inner, RedisLockStore)


def test_a_redis_url_becomes_rasas_arguments_with_the_locks_in_database_1():
    assert redis_arguments("rediss://orienta:p%40ss@redis.internal:6380/0") == {
        "host": "redis.internal",
        "port": 6380,
        "db": 1,
        "username": "orienta",
        "password": "p@ss",
        "use_ssl": True,
    }
    with pytest.raises(ValueError):
        redis_arguments("http://redis:6379")


async def test_two_replicas_on_one_redis_answer_a_conversation_one_at_a_time(redis_server):
    first, second = store(redis_server.url), store(redis_server.url)
    order: list[str] = []

    async def handle(replica: ConfiguredLockStore, name: str) -> None:
        async with replica.lock("web:shared", wait_time_in_seconds=0.05):
            order.append(f"{name} starts")
            await asyncio.sleep(0.3)
            order.append(f"{name} ends")

    await asyncio.gather(handle(first, "a"), handle(second, "b"))
    assert order in (["a starts", "a ends", "b starts", "b ends"], ["b starts", "b ends", "a starts", "a ends"])


async def test_in_memory_locks_do_not_reach_another_replica():
    """Why several replicas need Redis: each in-memory store only orders its own process's messages."""
    first, second = store("memory"), store("memory")
    async with first.lock("web:x"), second.lock("web:x", lock_lifetime=1):
        assert len(first.get_lock("web:x").tickets) == 1, "the first replica never sees the second one's ticket"
