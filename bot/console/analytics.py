"""The supervisors' numbers: per day and channel, the funnel, top intents and fallback utterances.

Computed from Rasa's ``events`` table and the console's ``console_handoffs`` with SQLAlchemy
Core, so the same queries run on SQLite and PostgreSQL. The database groups by day and
conversation (a day is ``CAST(timestamp AS BIGINT) / 86400``, integer division: UTC days, the
one day arithmetic both databases share); the channel is the conversation id's prefix, folded
here. What counts:

- conversations: Rasa sessions started; users: conversations with a user message that day;
- consent: ``consent_given`` set to true; assessment started / completed, searches, saved jobs,
  alerts: runs of the actions that do them;
- handoffs: requests for a person (queue.py), with the mean wait of those taken over;
- fallback rate: user messages NLU could not place (``nlu_fallback``) among all user messages;
- funnel: conversations that ever started → consented → completed an assessment → searched →
  saved a job or made an alert, within the period.

Fallback utterances are what users typed, so they are masked (``export.mask``) before a
supervisor sees them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone

import sqlalchemy as sa

from bot.console.tables import handoffs
from bot.console.transcript import FALLBACK_INTENT
from bot.privacy.export import mask

DAY = 86400
TOP = 10
MAX_FALLBACK_ROWS = 5000
#: Metric name → the action whose runs it counts.
ACTION_METRICS = {
    "assessment_started": "action_start_assessment",
    "assessment_completed": "action_assessment_finished",
    "searches": "action_search_vacancies",
    "saved_jobs": "action_save_vacancy",
    "alerts": "action_create_job_alert",
}
METRICS = (
    "conversations",
    "users",
    "consent",
    *ACTION_METRICS,
    "handoffs",
    "user_messages",
    "fallbacks",
)
FUNNEL = ("started", "consented", "assessed", "searched", "saved_or_alerted")

_events = sa.table(
    "events",
    sa.column("sender_id", sa.String),
    sa.column("type_name", sa.String),
    sa.column("timestamp", sa.Float),
    sa.column("intent_name", sa.String),
    sa.column("action_name", sa.String),
    sa.column("data", sa.Text),
)


@dataclass
class DayRow:
    """One day and channel's counts."""

    day: str
    channel: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METRICS, 0))
    waits: list[float] = field(default_factory=list)

    @property
    def fallback_rate(self) -> float:
        """Share of user messages that were not understood."""
        return self.counts["fallbacks"] / self.counts["user_messages"] if self.counts["user_messages"] else 0.0

    @property
    def mean_wait_seconds(self) -> float | None:
        """Mean wait of the handoffs taken over (None when none was)."""
        return sum(self.waits) / len(self.waits) if self.waits else None


@dataclass
class Report:
    """Everything the analytics page shows."""

    since: float
    days: list[DayRow]
    funnel: dict[str, int]
    top_intents: list[tuple[str, int]]
    top_fallbacks: list[tuple[str, int]]


def channel_of(conversation_id: str) -> str:
    """``web`` for ``web:abc``; ``other`` without a prefix."""
    return conversation_id.partition(":")[0] if ":" in conversation_id else "other"


def day_of(day_number: int) -> str:
    """An ISO date from a UTC day number."""
    return datetime.fromtimestamp(day_number * DAY, timezone.utc).date().isoformat()


def build_report(engine: sa.engine.Engine, since: float) -> Report:
    """The numbers from ``since`` (a timestamp) to now."""
    rows: dict[tuple[int, str], DayRow] = {}

    def row(day_number: int, conversation_id: str) -> DayRow:
        key = (day_number, channel_of(conversation_id))
        return rows.setdefault(key, DayRow(day_of(day_number), key[1]))

    funnel_sets: dict[str, set[str]] = {name: set() for name in FUNNEL}
    intents: Counter[str] = Counter()
    fallbacks: Counter[str] = Counter()
    tables = set(sa.inspect(engine).get_table_names())
    with engine.connect() as connection:
        if "events" in tables:
            _event_counts(connection, since, row, funnel_sets, intents)
            _consents(connection, since, row, funnel_sets)
            query = (
                sa.select(_events.c.data)
                .where(
                    _events.c.type_name == "user",
                    _events.c.intent_name == FALLBACK_INTENT,
                    _events.c.timestamp >= since,
                )
                .limit(MAX_FALLBACK_ROWS)
            )
            for (data,) in connection.execute(query):
                text = _text_of(data)
                if text:
                    fallbacks[mask(text.strip().lower())[:120]] += 1
        if "console_handoffs" in tables:
            query = sa.select(handoffs.c.conversation_id, handoffs.c.requested_at, handoffs.c.taken_at).where(
                handoffs.c.requested_at >= since
            )
            for conversation_id, requested_at, taken_at in connection.execute(query):
                found = row(int(requested_at) // DAY, conversation_id)
                found.counts["handoffs"] += 1
                if taken_at is not None:
                    found.waits.append(max(0.0, taken_at - requested_at))
    return Report(
        since=since,
        days=[rows[key] for key in sorted(rows)],
        funnel={name: len(funnel_sets[name]) for name in FUNNEL},
        top_intents=intents.most_common(TOP),
        top_fallbacks=fallbacks.most_common(TOP),
    )


RowFor = Callable[[int, str], DayRow]


def _event_counts(
    connection: sa.engine.Connection,
    since: float,
    row: RowFor,
    funnel_sets: dict[str, set[str]],
    intents: Counter[str],
) -> None:
    """One grouped query for the counts of sessions, user messages, intents and action runs."""
    day = sa.cast(_events.c.timestamp, sa.BigInteger) / DAY
    wanted_actions = list(ACTION_METRICS.values())
    query = (
        sa.select(
            day.label("day"),
            _events.c.sender_id,
            _events.c.type_name,
            _events.c.intent_name,
            _events.c.action_name,
            sa.func.count().label("n"),
        )
        .where(
            _events.c.timestamp >= since,
            sa.or_(
                _events.c.type_name.in_(["session_started", "user"]),
                sa.and_(_events.c.type_name == "action", _events.c.action_name.in_(wanted_actions)),
            ),
        )
        .group_by(day, _events.c.sender_id, _events.c.type_name, _events.c.intent_name, _events.c.action_name)
    )
    by_action = {action: metric for metric, action in ACTION_METRICS.items()}
    users: set[tuple[int, str]] = set()
    for day_number, sender_id, type_name, intent_name, action_name, n in connection.execute(query):
        found = row(int(day_number), sender_id)
        if type_name == "session_started":
            found.counts["conversations"] += n
        elif type_name == "user":
            found.counts["user_messages"] += n
            if intent_name == FALLBACK_INTENT:
                found.counts["fallbacks"] += n
            if intent_name:
                intents[intent_name] += n
            if (int(day_number), sender_id) not in users:
                users.add((int(day_number), sender_id))
                found.counts["users"] += 1
            funnel_sets["started"].add(sender_id)
        else:
            metric = by_action[action_name]
            found.counts[metric] += n
            if metric == "assessment_completed":
                funnel_sets["assessed"].add(sender_id)
            elif metric == "searches":
                funnel_sets["searched"].add(sender_id)
            elif metric in ("saved_jobs", "alerts"):
                funnel_sets["saved_or_alerted"].add(sender_id)


def _consents(connection: sa.engine.Connection, since: float, row: RowFor, funnel_sets: dict[str, set[str]]) -> None:
    """``consent_given`` slot events whose value is true (the value is in the JSON)."""
    query = sa.select(_events.c.sender_id, _events.c.timestamp, _events.c.data).where(
        _events.c.type_name == "slot", _events.c.action_name == "consent_given", _events.c.timestamp >= since
    )
    for sender_id, timestamp, data in connection.execute(query):
        try:
            value = json.loads(data).get("value")
        except (ValueError, AttributeError):
            continue
        if value is True:
            row(int(timestamp) // DAY, sender_id).counts["consent"] += 1
            funnel_sets["consented"].add(sender_id)


def _text_of(data: object) -> str:
    try:
        event = json.loads(data) if isinstance(data, str) else data
    except ValueError:
        return ""
    text = event.get("text") if isinstance(event, dict) else None
    return text if isinstance(text, str) else ""


def report_csv_rows(report: Report) -> list[list[str]]:
    """The per-day table as CSV rows, header first."""
    header = ["day", "channel", *METRICS, "fallback_rate", "mean_wait_seconds"]
    out = [header]
    for day in report.days:
        wait = day.mean_wait_seconds
        out.append(
            [
                day.day,
                day.channel,
                *(str(day.counts[m]) for m in METRICS),
                f"{day.fallback_rate:.3f}",
                "" if wait is None else f"{wait:.0f}",
            ]
        )
    return out
