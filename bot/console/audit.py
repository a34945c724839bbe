"""The audit log: who did what, to which conversation, when.

Every console action that changes something or reads a conversation is written here, so a
supervisor can answer "who saw or said what". Message texts are never stored here (only their
length): the tracker holds them, under the privacy rules that apply to it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from bot.console.tables import audit

MAX_SHOWN = 500


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    at: float
    username: str
    action: str
    conversation_id: str | None
    detail: str


class AuditLog:
    """The ``console_audit`` table."""

    def __init__(self, engine: sa.engine.Engine, clock: Callable[[], float] = time.time) -> None:
        """Write to and read from ``engine``'s ``console_audit``."""
        self._engine = engine
        self._clock = clock

    def record(self, username: str, action: str, conversation_id: str | None = None, detail: str = "") -> None:
        """Append one entry."""
        with self._engine.begin() as connection:
            connection.execute(
                audit.insert().values(
                    at=self._clock(),
                    username=username[:64],
                    action=action[:40],
                    conversation_id=conversation_id,
                    detail=detail[:255],
                )
            )

    def latest(self, limit: int = MAX_SHOWN) -> list[AuditEntry]:
        """The newest entries first."""
        query = sa.select(audit).order_by(audit.c.id.desc()).limit(limit)
        with self._engine.connect() as connection:
            rows = connection.execute(query).all()
        return [AuditEntry(r.at, r.username, r.action, r.conversation_id, r.detail) for r in rows]
