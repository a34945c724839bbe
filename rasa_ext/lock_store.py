"""Rasa's lock store chosen by one variable: Redis when Orienta runs on several nodes, memory otherwise.

Rasa handles the messages of one conversation one at a time by taking a ticket lock from its lock
store. The in-memory store only orders the messages that reach the same Rasa process; with several
replicas (or a replica restarted during a message) they must share the lock in Redis, or two of
them may answer one conversation at once and the last save drops the other's events.

endpoints.yml cannot leave an entry out depending on a variable, so it names this class with
``url: ${ORIENTA_LOCK_STORE_URL}``: ``memory`` (the launcher's default) or a ``redis://`` URL
(ORIENTA_REDIS_URL, bot/cluster/settings.py). The locks go in Redis database 1 by default,
as with Rasa's own ``type: redis``, apart from the gateways' data in the URL's database.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

IN_MEMORY = "memory"
#: Rasa's default lock database; the gateways use the one in ORIENTA_REDIS_URL (0 by default).
LOCK_DB = 1


def redis_arguments(url: str, db: int = LOCK_DB) -> dict[str, Any]:
    """``RedisLockStore``'s keyword arguments for a ``redis://[user:password@]host[:port]`` URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise ValueError("lock_store url must be 'memory' or a redis:// URL")
    return {
        "host": parts.hostname,
        "port": parts.port or 6379,
        "db": db,
        "username": unquote(parts.username) if parts.username else None,
        "password": unquote(parts.password) if parts.password else None,
        "use_ssl": parts.scheme == "rediss",
    }


class ConfiguredLockStore(LockStore):
    """Delegates to Rasa's ``RedisLockStore`` or ``InMemoryLockStore``, as the endpoint's url says."""

    def __init__(self, endpoint_config: EndpointConfig | None = None) -> None:
        """Choose the store from ``endpoint_config.url`` (``memory`` or ``redis://...``)."""
        url = (endpoint_config.url if endpoint_config else None) or IN_MEMORY
        kwargs = dict(endpoint_config.kwargs) if endpoint_config else {}
        self.inner: LockStore
        if url == IN_MEMORY:
            self.inner = InMemoryLockStore()
        else:
            self.inner = RedisLockStore(**{**redis_arguments(url), **kwargs})
        super().__init__()

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        """The conversation's lock from the chosen store."""
        return self.inner.get_lock(conversation_id)

    def delete_lock(self, conversation_id: str) -> None:
        """Delete the conversation's lock in the chosen store."""
        self.inner.delete_lock(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        """Save the lock in the chosen store."""
        self.inner.save_lock(lock)
