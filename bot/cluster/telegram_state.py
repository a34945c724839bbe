"""What the gateways' Telegram channels share through Redis: update ids seen, and long button payloads.

Behind a load balancer Telegram's webhook calls reach any gateway. Two things a single gateway
keeps in memory must then be seen by all:

- the ids of updates already handled (bot/telegram/updates.py): Telegram delivers an update
  again when the first delivery got no answer in time, and the repeat may reach another gateway;
  ``SET NX`` claims each id once across all of them;
- the payloads behind inline buttons too long for Telegram's 64-byte callback data
  (bot/telegram/callbacks.py): the button may be pressed on another gateway than the one that
  sent it.

A Redis that cannot be reached lets an update through (answered, perhaps twice, rather than
never) and a button read as expired (the user is asked to type the answer), each with a warning.
"""

from __future__ import annotations

import asyncio
import logging

from redis import asyncio as aioredis

from bot.cluster.web_sessions import REDIS_TIMEOUT_SECONDS

logger = logging.getLogger(__name__)

PREFIX = "orienta:telegram:"
#: Telegram stops redelivering an update within a day.
UPDATE_TTL_SECONDS = 86400
#: A button stays usable this long after it was sent (the in-memory store keeps 50,000).
BUTTON_TTL_SECONDS = 30 * 86400


class SharedTelegramState:
    """Update ids and button payloads in Redis."""

    def __init__(self, url: str) -> None:
        """Connect lazily to Redis at ``url``."""
        self._redis = aioredis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
        )
        self._writes: set[asyncio.Task[None]] = set()

    async def first_time(self, update_id: int) -> bool:
        """True for the one gateway that sees ``update_id`` first."""
        try:
            return bool(await self._redis.set(f"{PREFIX}update:{update_id}", "1", nx=True, ex=UPDATE_TTL_SECONDS))
        except aioredis.RedisError as error:
            logger.warning("could not check a Telegram update id in Redis: %s", type(error).__name__)
            return True

    def remember_button(self, key: str, payload: str) -> None:
        """Store a long payload under its callback key, without holding up the message that shows it."""
        task = asyncio.get_running_loop().create_task(self._store(key, payload))
        self._writes.add(task)
        task.add_done_callback(self._writes.discard)

    async def button(self, key: str) -> str | None:
        """The payload stored under ``key`` by any gateway, or None."""
        try:
            value = await self._redis.get(f"{PREFIX}button:{key}")
        except aioredis.RedisError as error:
            logger.warning("could not read a Telegram button in Redis: %s", type(error).__name__)
            return None
        return value.decode() if value is not None else None

    async def close(self) -> None:
        """Finish pending writes and close the connections."""
        if self._writes:
            await asyncio.gather(*self._writes, return_exceptions=True)
        await self._redis.close()

    async def _store(self, key: str, payload: str) -> None:
        try:
            await self._redis.set(f"{PREFIX}button:{key}", payload, ex=BUTTON_TTL_SECONDS)
        except aioredis.RedisError as error:
            logger.warning("could not store a Telegram button in Redis: %s", type(error).__name__)
