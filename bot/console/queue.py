"""The queue of conversations waiting for a person.

A conversation enters the queue when the user asks for a person or the bot failed twice
(bot/console/handoff.py); it leaves it when an operator takes it over (takeover.py). The rows
stay afterwards, so the analytics can tell how long people waited. A request older than the
conversation's session (``stale_after`` seconds) no longer counts as waiting: Rasa has started
a new session and the user has moved on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from bot.console.tables import handoffs

ASKED, BOT_FAILED = "asked", "bot_failed"
REASONS = frozenset({ASKED, BOT_FAILED})


@dataclass(frozen=True)
class Handoff:
    """One request for a person."""

    conversation_id: str
    reason: str
    requested_at: float
    taken_at: float | None = None
    taken_by: str | None = None


class HandoffQueue:
    """The ``console_handoffs`` table read as a queue."""

    def __init__(
        self,
        engine: sa.engine.Engine,
        stale_after: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Queue in ``engine``; requests older than ``stale_after`` seconds are dropped from it."""
        self._engine = engine
        self._stale_after = stale_after
        self._clock = clock

    def enter(self, conversation_id: str, reason: str) -> int:
        """Put the conversation in the queue (once) and return its position, 1 for first."""
        if reason not in REASONS:
            raise ValueError(f"unknown handoff reason {reason!r}")
        if self.waiting(conversation_id) is None:
            with self._engine.begin() as connection:
                connection.execute(
                    handoffs.insert().values(conversation_id=conversation_id, reason=reason, requested_at=self._clock())
                )
        return self.position(conversation_id) or 1

    def waiting(self, conversation_id: str) -> Handoff | None:
        """The conversation's open request, if it waits."""
        query = (
            sa.select(handoffs)
            .where(self._open(), handoffs.c.conversation_id == conversation_id)
            .order_by(handoffs.c.requested_at)
        )
        with self._engine.connect() as connection:
            row = connection.execute(query).first()
        return Handoff(row.conversation_id, row.reason, row.requested_at) if row else None

    def position(self, conversation_id: str) -> int | None:
        """1 + how many wait longer; None when the conversation does not wait."""
        mine = self.waiting(conversation_id)
        if mine is None:
            return None
        query = (
            sa.select(sa.func.count())
            .select_from(handoffs)
            .where(self._open(), handoffs.c.requested_at < mine.requested_at)
        )
        with self._engine.connect() as connection:
            return int(connection.execute(query).scalar_one()) + 1

    def taken(self, conversation_id: str, username: str) -> None:
        """An operator took the conversation: it leaves the queue (the row keeps the wait)."""
        with self._engine.begin() as connection:
            connection.execute(
                handoffs.update()
                .where(handoffs.c.conversation_id == conversation_id, handoffs.c.taken_at.is_(None))
                .values(taken_at=self._clock(), taken_by=username)
            )

    def open_requests(self) -> dict[str, Handoff]:
        """Every waiting conversation's request, by conversation id."""
        with self._engine.connect() as connection:
            rows = connection.execute(sa.select(handoffs).where(self._open()).order_by(handoffs.c.requested_at)).all()
        found: dict[str, Handoff] = {}
        for row in rows:
            found.setdefault(row.conversation_id, Handoff(row.conversation_id, row.reason, row.requested_at))
        return found

    def last_request(self, conversation_id: str) -> Handoff | None:
        """The conversation's latest request, waiting or taken (the handoff brief shows it)."""
        query = (
            sa.select(handoffs)
            .where(handoffs.c.conversation_id == conversation_id)
            .order_by(handoffs.c.requested_at.desc())
        )
        with self._engine.connect() as connection:
            row = connection.execute(query).first()
        if row is None:
            return None
        return Handoff(row.conversation_id, row.reason, row.requested_at, row.taken_at, row.taken_by)

    def _open(self) -> sa.sql.ColumnElement[bool]:
        return sa.and_(handoffs.c.taken_at.is_(None), handoffs.c.requested_at > self._clock() - self._stale_after)
