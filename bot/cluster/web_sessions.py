"""Web chat sessions shared by several gateways through Redis: where a session is open, what waits for it.

On one node the web chat server knows its sockets and keeps replies for a closed tab in memory
(bot/webchat/outbox.py). Behind a load balancer a user's socket may be on gateway A while an
operator's message, a job alert or a reply to a resent message is sent from gateway B. So, with
ORIENTA_REDIS_URL set:

- python-socketio's Redis manager carries B's emit to the room on A (bot/webchat/server.py);
- this module records which gateway holds each session's sockets (a Redis hash per session),
  so that B can tell "open somewhere: emit" from "closed everywhere: keep";
- the kept replies are a Redis list per session, handed over when the session reconnects to
  any gateway, bounded in length and age like the in-memory outbox.

A gateway that dies cannot remove its sockets from the hashes, so each gateway also keeps a
heartbeat key alive (``HEARTBEAT_SECONDS``); a socket whose gateway's heartbeat expired counts
as gone (its user's browser reconnects to another gateway, which records the new socket).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from redis import asyncio as aioredis

logger = logging.getLogger(__name__)

PREFIX = "orienta:web:"
#: Every Redis call waits at most this long; a slow Redis must not hold a reply for long.
REDIS_TIMEOUT_SECONDS = 2.0
#: How often a gateway says it is alive, and how long that lasts without a renewal.
HEARTBEAT_SECONDS = 5.0
HEARTBEAT_TTL_SECONDS = 15
#: How long a session's socket record lives without a new join (a tab left open for a day).
SOCKETS_TTL_SECONDS = 86400

Payload = dict[str, Any]


class SharedSessions:
    """The Redis side of the web chat: session presence per gateway and the shared outbox."""

    def __init__(
        self,
        url: str,
        gateway_id: str | None = None,
        *,
        max_per_session: int = 50,
        max_age_seconds: float = 3600.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Connect lazily to Redis at ``url``; ``gateway_id`` defaults to a fresh random one."""
        self.url = url
        self.gateway_id = gateway_id or uuid.uuid4().hex
        self._redis = aioredis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
        )
        self._max_per_session = max_per_session
        self._max_age = max_age_seconds
        self._clock = clock

    async def joined(self, session_id: str, sid: str) -> None:
        """Socket ``sid`` of this gateway joined ``session_id``."""
        key = _sockets(session_id)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.set(_heartbeat(self.gateway_id), "1", ex=HEARTBEAT_TTL_SECONDS)
            pipe.hset(key, sid, self.gateway_id)
            pipe.expire(key, SOCKETS_TTL_SECONDS)
            await pipe.execute()

    async def left(self, session_id: str, sid: str) -> None:
        """Socket ``sid`` left ``session_id`` (another session, or disconnected)."""
        await self._redis.hdel(_sockets(session_id), sid)

    async def is_open(self, session_id: str) -> bool:
        """True when some live gateway holds a socket of ``session_id``; drops dead gateways' records."""
        sockets = await self._redis.hgetall(_sockets(session_id))
        if not sockets:
            return False
        gateways = sorted({gateway.decode() for gateway in sockets.values()})
        alive = dict(zip(gateways, await self._redis.mget([_heartbeat(g) for g in gateways]), strict=True))
        dead = [sid for sid, gateway in sockets.items() if alive[gateway.decode()] is None]
        if dead:
            await self._redis.hdel(_sockets(session_id), *dead)
        return len(dead) < len(sockets)

    async def keep(self, session_id: str, payload: Payload) -> None:
        """Keep one payload for a session no gateway has open (the oldest go first when full)."""
        key = _outbox(session_id)
        entry = json.dumps({"at": self._clock(), "payload": payload})
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.rpush(key, entry)
            pipe.ltrim(key, -self._max_per_session, -1)
            pipe.expire(key, int(self._max_age) + 1)
            await pipe.execute()

    async def take(self, session_id: str) -> list[Payload]:
        """Remove and return what was kept for a session, in order, leaving out what is too old."""
        key = _outbox(session_id)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.lrange(key, 0, -1)
            pipe.delete(key)
            entries, _ = await pipe.execute()
        oldest = self._clock() - self._max_age
        kept = [json.loads(entry) for entry in entries]
        return [entry["payload"] for entry in kept if entry["at"] >= oldest]

    async def heartbeat_forever(self) -> None:
        """Keep this gateway's heartbeat alive until cancelled (a Redis outage is logged, not fatal)."""
        while True:
            try:
                await self._redis.set(_heartbeat(self.gateway_id), "1", ex=HEARTBEAT_TTL_SECONDS)
            except aioredis.RedisError as error:
                logger.warning("could not renew the gateway's heartbeat in Redis: %s", type(error).__name__)
            await asyncio.sleep(HEARTBEAT_SECONDS)

    async def close(self) -> None:
        """Say this gateway is gone (its sockets no longer count) and close the connections."""
        try:
            await self._redis.delete(_heartbeat(self.gateway_id))
        except aioredis.RedisError as error:
            logger.warning("could not remove the gateway's heartbeat from Redis: %s", type(error).__name__)
        await self._redis.close()


def _sockets(session_id: str) -> str:
    return f"{PREFIX}sockets:{session_id}"


def _outbox(session_id: str) -> str:
    return f"{PREFIX}outbox:{session_id}"


def _heartbeat(gateway_id: str) -> str:
    return f"{PREFIX}gateway:{gateway_id}"
