"""Reminders (nudges) for the plan: which steps to remind of today, when to look next, and the table.

Why a table as well as the slot: the gateway's scheduler (bot/reminders.py) must find who is due
without reading every conversation, and a reminder must survive restarts and replicas, exactly
like job alerts (actions/vacancies/alerts.py). The plan itself stays in the ``jobsearch`` slot;
the table holds only when to wake the conversation next. The action that answers the wake-up
reads the plan again, so a step done or moved in the meantime is never reminded of.

Rules (frequency cap): an open step is reminded of on its date and once more ``FOLLOW_UP_DAYS``
later if still open; an application with no news gets one follow-up reminder after the diary's
``follow_up_days``; at most one reminder a day; nothing when reminders are off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from actions.jobsearch.applications import APPLIED, application_texts, follow_up_day
from actions.jobsearch.state import Application, JobSearch, PlanItem
from actions.tables import open_tables

FOLLOW_UP_DAYS = 3
#: Local time of day a reminder is sent (the gateway also keeps its quiet hours).
REMIND_AT = time(9, 0)

_metadata = sa.MetaData()
reminders_table = sa.Table(
    "plan_reminders",
    _metadata,
    sa.Column("conversation_id", sa.String(255), primary_key=True),
    sa.Column("next_due_at", sa.DateTime, nullable=False, index=True),
)


def to_remind(search: JobSearch, today: date) -> list[PlanItem]:
    """The open steps whose date is today, or was ``FOLLOW_UP_DAYS`` ago."""
    follow_up = today - timedelta(days=FOLLOW_UP_DAYS)
    return [i for i in search.plan if not i.done and i.due in (today, follow_up)]


def follow_ups(search: JobSearch, today: date) -> list[Application]:
    """The applications still waiting for news whose follow-up day is today."""
    texts = application_texts()
    return [a for a in search.applications if a.status == APPLIED and follow_up_day(a, texts) == today]


def first_reminder_day(search: JobSearch, earliest: date) -> date | None:
    """The first day from ``earliest`` on with something to remind of, or None."""
    days = [
        day
        for item in search.plan
        if not item.done and item.due is not None
        for day in (item.due, item.due + timedelta(days=FOLLOW_UP_DAYS))
        if day >= earliest
    ]
    texts = application_texts()
    days += [day for a in search.applications if a.status == APPLIED and (day := follow_up_day(a, texts)) >= earliest]
    return min(days, default=None)


def next_wake_up(search: JobSearch, today: date, zone: ZoneInfo) -> datetime | None:
    """When to wake the conversation next: None with reminders off or nothing left to remind of.

    A day that already had its reminder is skipped, so changing the plan never sends a second
    reminder on the same day.
    """
    if search.reminders is not True:
        return None
    earliest = today + timedelta(days=1) if search.reminded_on == today else today
    day = first_reminder_day(search, earliest)
    return wake_up_at(day, zone) if day else None


def wake_up_at(day: date, zone: ZoneInfo) -> datetime:
    """``REMIND_AT`` local time on ``day``, as the naive UTC datetime the table stores."""
    local = datetime.combine(day, REMIND_AT, tzinfo=zone)
    return local.astimezone(timezone.utc).replace(tzinfo=None)


@dataclass(frozen=True)
class DueReminder:
    """One conversation to wake, and the time it was due (for the atomic claim)."""

    conversation_id: str
    next_due_at: datetime


@dataclass
class ReminderStore:
    """The ``plan_reminders`` table behind a SQLAlchemy URL (the tracker store's database)."""

    url: str
    _engine: sa.engine.Engine = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Connect and create the table if it is missing (idempotent)."""
        self._engine = open_tables(self.url, _metadata)

    def schedule(self, conversation_id: str, when: datetime | None) -> None:
        """Wake the conversation at ``when``; None removes it (reminders off, nothing left)."""
        where = reminders_table.c.conversation_id == conversation_id
        with self._engine.begin() as connection:
            connection.execute(reminders_table.delete().where(where))
            if when is not None:
                connection.execute(reminders_table.insert().values(conversation_id=conversation_id, next_due_at=when))

    def when(self, conversation_id: str) -> datetime | None:
        """When the conversation is woken next, or None."""
        query = sa.select(reminders_table.c.next_due_at).where(reminders_table.c.conversation_id == conversation_id)
        with self._engine.connect() as connection:
            return connection.execute(query).scalar()

    def due(self, now: datetime, limit: int = 100) -> list[DueReminder]:
        """Conversations whose wake-up time has come, the longest-waiting first."""
        query = (
            reminders_table.select()
            .where(reminders_table.c.next_due_at <= now)
            .order_by(reminders_table.c.next_due_at)
            .limit(limit)
        )
        with self._engine.connect() as connection:
            return [DueReminder(row.conversation_id, row.next_due_at) for row in connection.execute(query)]

    def claim(self, reminder: DueReminder, until: datetime) -> bool:
        """Move the wake-up to ``until`` unless another gateway already did (compare-and-set)."""
        where = sa.and_(
            reminders_table.c.conversation_id == reminder.conversation_id,
            reminders_table.c.next_due_at == reminder.next_due_at,
        )
        with self._engine.begin() as connection:
            return connection.execute(reminders_table.update().where(where).values(next_due_at=until)).rowcount == 1
