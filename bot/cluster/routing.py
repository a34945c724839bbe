"""Which Rasa replica answers a conversation: the same one every time, the next one when it is down.

Why sticky: Rasa takes a ticket lock per conversation before it answers a message, and with
several replicas that lock must live in Redis (rasa_ext/lock_store.py). Rasa's Redis lock store
reads, changes and writes the lock without a transaction, so two replicas issuing tickets for
one conversation at the same instant can both believe they hold it; both then answer, and the
second save drops the first one's events. Sending every message of a conversation to one
replica keeps its messages in one process, where tickets are handed out in order, and leaves
the Redis lock for the moment a conversation moves (its replica stopped or died).

The choice is rendezvous hashing: each replica scores ``sha256(url + id)`` and the highest
wins. Every gateway computes the same order without talking to the others, a conversation
moves only when its own replica disappears, and the conversations of a removed replica spread
evenly over the rest. The order's later entries are where it fails over to.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence

#: A replica that refused a connection is tried last for this long (it is probably restarting).
DOWN_SECONDS = 5.0


def replica_order(conversation_id: str, replicas: Sequence[str]) -> list[str]:
    """The replicas in the order to try for ``conversation_id``: its own first."""
    return sorted(replicas, key=lambda url: hashlib.sha256(f"{url}\n{conversation_id}".encode()).digest(), reverse=True)


class Replicas:
    """The Rasa replicas and which of them refused connections lately."""

    def __init__(self, urls: Sequence[str], clock: Callable[[], float] = time.monotonic) -> None:
        """Route over ``urls`` (at least one); ``clock`` is injectable for tests."""
        if not urls:
            raise ValueError("at least one Rasa URL is needed")
        self.urls = tuple(urls)
        self._clock = clock
        self._down_until: dict[str, float] = {}

    def order(self, conversation_id: str) -> list[str]:
        """The conversation's replicas to try in turn; ones that failed just now go last."""
        ranked = replica_order(conversation_id, self.urls)
        now = self._clock()
        return sorted(ranked, key=lambda url: self._down_until.get(url, 0.0) > now)

    def failed(self, url: str) -> None:
        """``url`` refused a connection: try the others first for a few seconds."""
        self._down_until[url] = self._clock() + DOWN_SECONDS

    def answered(self, url: str) -> None:
        """``url`` answered: it is up again."""
        self._down_until.pop(url, None)
