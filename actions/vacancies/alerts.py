"""Job alerts: saved searches that are checked for new ads on a schedule.

Why a table (not a slot): the gateway's scheduler must find the alerts that are due without
reading every conversation, and an alert must survive restarts and work with several replicas.
The action server writes alerts (create, pause, delete, record a run); the gateway's scheduler
(bot/alerts.py) only asks which are due and claims them. Both reach the same database: by
default the tracker store's, so one backup and one erasure cover a user's data.

``claim`` is an atomic compare-and-set on ``next_due_at``: when two gateway replicas see the same
due alert, only one fires it. ``seen_uids`` remembers the ads already sent, so an ad is never
alerted twice even if its publication date is later corrected.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa

from actions.tables import open_tables

MAX_ALERTS_PER_CONVERSATION = 5
MAX_SEEN = 500

_metadata = sa.MetaData()
alerts_table = sa.Table(
    "job_alerts",
    _metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("search", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("checked_at", sa.DateTime, nullable=False),
    sa.Column("next_due_at", sa.DateTime, nullable=False, index=True),
    sa.Column("seen_uids", sa.Text, nullable=False),
    sa.Column("paused", sa.Boolean, nullable=False, default=False),
)


def utcnow() -> datetime:
    """Now, as the naive UTC datetime the table stores (portable across SQLite and PostgreSQL)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass(frozen=True)
class JobAlert:
    """One saved search of one conversation."""

    id: str
    conversation_id: str
    name: str
    search: dict[str, Any]
    created_at: datetime
    checked_at: datetime
    next_due_at: datetime
    seen_uids: tuple[str, ...] = ()
    paused: bool = False


@dataclass
class AlertStore:
    """The ``job_alerts`` table behind a SQLAlchemy URL (``sqlite:///…`` or ``postgresql://…``)."""

    url: str
    interval: timedelta = timedelta(hours=1)
    _engine: sa.engine.Engine = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Connect and create the table if it is missing (idempotent)."""
        self._engine = open_tables(self.url, _metadata)

    def _row(self, row: Any) -> JobAlert:
        return JobAlert(
            id=row.id,
            conversation_id=row.conversation_id,
            name=row.name,
            search=json.loads(row.search),
            created_at=row.created_at,
            checked_at=row.checked_at,
            next_due_at=row.next_due_at,
            seen_uids=tuple(json.loads(row.seen_uids)),
            paused=bool(row.paused),
        )

    def create(
        self, conversation_id: str, name: str, search: dict[str, Any], seen: list[str], now: datetime | None = None
    ) -> JobAlert | None:
        """Save a new alert; None when the conversation already has the most it may have."""
        now = now or utcnow()
        if len(self.for_conversation(conversation_id)) >= MAX_ALERTS_PER_CONVERSATION:
            return None
        alert = JobAlert(
            secrets.token_hex(6),
            conversation_id,
            name[:255],
            search,
            now,
            now,
            now + self.interval,
            tuple(seen[-MAX_SEEN:]),
        )
        with self._engine.begin() as connection:
            connection.execute(
                alerts_table.insert().values(
                    id=alert.id,
                    conversation_id=alert.conversation_id,
                    name=alert.name,
                    search=json.dumps(alert.search),
                    created_at=alert.created_at,
                    checked_at=alert.checked_at,
                    next_due_at=alert.next_due_at,
                    seen_uids=json.dumps(list(alert.seen_uids)),
                    paused=False,
                )
            )
        return alert

    def get(self, alert_id: str) -> JobAlert | None:
        """One alert by id."""
        with self._engine.connect() as connection:
            row = connection.execute(alerts_table.select().where(alerts_table.c.id == alert_id)).first()
        return self._row(row) if row else None

    def for_conversation(self, conversation_id: str) -> list[JobAlert]:
        """A conversation's alerts, oldest first."""
        query = (
            alerts_table.select()
            .where(alerts_table.c.conversation_id == conversation_id)
            .order_by(alerts_table.c.created_at)
        )
        with self._engine.connect() as connection:
            return [self._row(row) for row in connection.execute(query)]

    def set_paused(self, conversation_id: str, alert_id: str, paused: bool) -> bool:
        """Pause or resume one of the conversation's alerts; False if it has no such alert."""
        where = sa.and_(alerts_table.c.id == alert_id, alerts_table.c.conversation_id == conversation_id)
        with self._engine.begin() as connection:
            return connection.execute(alerts_table.update().where(where).values(paused=paused)).rowcount == 1

    def delete(self, conversation_id: str, alert_id: str) -> bool:
        """Delete one of the conversation's alerts; False if it has no such alert."""
        where = sa.and_(alerts_table.c.id == alert_id, alerts_table.c.conversation_id == conversation_id)
        with self._engine.begin() as connection:
            return connection.execute(alerts_table.delete().where(where)).rowcount == 1

    def delete_conversation(self, conversation_id: str) -> int:
        """Delete every alert of a conversation (erasure); returns how many there were."""
        where = alerts_table.c.conversation_id == conversation_id
        with self._engine.begin() as connection:
            return int(connection.execute(alerts_table.delete().where(where)).rowcount)

    def record_run(self, alert_id: str, sent: list[str], checked_at: datetime) -> None:
        """Remember the ads just sent and when the source was last checked."""
        alert = self.get(alert_id)
        if alert is None:
            return
        seen = [*alert.seen_uids, *[uid for uid in sent if uid not in alert.seen_uids]][-MAX_SEEN:]
        with self._engine.begin() as connection:
            connection.execute(
                alerts_table.update()
                .where(alerts_table.c.id == alert_id)
                .values(seen_uids=json.dumps(seen), checked_at=checked_at)
            )

    def due(self, now: datetime | None = None, limit: int = 100) -> list[JobAlert]:
        """Active alerts whose time has come, the longest-waiting first."""
        now = now or utcnow()
        query = (
            alerts_table.select()
            .where(sa.and_(alerts_table.c.next_due_at <= now, alerts_table.c.paused.is_(False)))
            .order_by(alerts_table.c.next_due_at)
            .limit(limit)
        )
        with self._engine.connect() as connection:
            return [self._row(row) for row in connection.execute(query)]

    def claim(self, alert: JobAlert, next_due_at: datetime) -> bool:
        """Move the alert's next run to ``next_due_at`` unless someone else already did."""
        where = sa.and_(alerts_table.c.id == alert.id, alerts_table.c.next_due_at == alert.next_due_at)
        with self._engine.begin() as connection:
            return connection.execute(alerts_table.update().where(where).values(next_due_at=next_due_at)).rowcount == 1
