"""Every row Orienta keeps about one conversation, to read it all or delete it all.

Why in the gateway and not in an action: Rasa hands an action only the current session's
events, and it cannot delete a tracker at all; the gateway reaches the same database as Rasa
(``ORIENTA_TRACKER_URL``) and acts after Rasa has saved the turn, so nothing is written back.

``PERSONAL_TABLES`` is the one list of tables holding personal data and the column that names
the conversation. A feature that adds a table adds it here; the erasure test then checks it.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

logger = logging.getLogger(__name__)

#: (table, column with the conversation id): Rasa's tracker events, then Orienta's own tables.
PERSONAL_TABLES: tuple[tuple[str, str], ...] = (
    ("events", "sender_id"),
    ("job_alerts", "conversation_id"),
    # When to wake the conversation for a plan reminder (actions/jobsearch/reminders.py).
    ("plan_reminders", "conversation_id"),
    # The operator console (bot/console/tables.py): who has the conversation now, and the audit
    # lines naming it (a Telegram conversation id is the user's Telegram id).
    ("console_takeovers", "conversation_id"),
    ("console_audit", "conversation_id"),
    # Queue entries, staff notes (what a counsellor wrote about the user), labels and ratings.
    ("console_handoffs", "conversation_id"),
    ("console_notes", "conversation_id"),
    ("console_labels", "conversation_id"),
    ("console_ratings", "conversation_id"),
    # Job-alert messages not yet sent (bot/alert_outbox.py).
    ("alert_outbox", "conversation_id"),
    # Cross-channel link (actions/privacy/link.py): codes not yet used (with a copy of the
    # profile slots), wrong tries, and the links, which name the conversation in both columns.
    ("link_codes", "conversation_id"),
    ("link_attempts", "conversation_id"),
    ("account_links", "conversation_id"),
    ("account_links", "linked_id"),
)


@dataclass(frozen=True)
class StoredEvent:
    """One tracker event as stored by Rasa's SQL tracker store."""

    type_name: str
    timestamp: float | None
    data: dict[str, Any]


class PersonalDataStore:
    """Reads and deletes one conversation's rows in the tracker database (SQLite or PostgreSQL)."""

    def __init__(self, url: str) -> None:
        """Connect lazily to ``url``, the tracker store's database URL."""
        self._url = url
        self._engine: sa.engine.Engine | None = None

    @property
    def engine(self) -> sa.engine.Engine:
        """The SQLAlchemy engine, created on first use (the database may not exist at start)."""
        if self._engine is None:
            self._engine = sa.create_engine(self._url, future=True)
        return self._engine

    def _tables(self) -> list[tuple[str, str]]:
        present = set(sa.inspect(self.engine).get_table_names())
        return [(table, column) for table, column in PERSONAL_TABLES if table in present]

    def events(self, conversation_id: str) -> list[StoredEvent]:
        """Every event of the conversation, all sessions, oldest first."""
        if "events" not in {t for t, _ in self._tables()}:
            return []
        query = sa.text("SELECT type_name, timestamp, data FROM events WHERE sender_id = :c ORDER BY id")
        with self.engine.connect() as connection:
            rows = connection.execute(query, {"c": conversation_id}).all()
        return [StoredEvent(row[0], row[1], _json(row[2])) for row in rows]

    def rows(self, table: str, conversation_id: str) -> list[dict[str, Any]]:
        """The rows of one of ``PERSONAL_TABLES`` for the conversation (empty if the table is absent)."""
        column = next(column for name, column in PERSONAL_TABLES if name == table)
        if table not in {t for t, _ in self._tables()}:
            return []
        query = sa.text(f"SELECT * FROM {table} WHERE {column} = :c")  # names from PERSONAL_TABLES only
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query, {"c": conversation_id})]

    def erase(self, conversation_id: str) -> dict[str, int]:
        """Delete the conversation's rows from every personal table in one transaction; counts per table."""
        deleted: dict[str, int] = {}
        with self.engine.begin() as connection:
            for table, column in self._tables():
                query = sa.text(f"DELETE FROM {table} WHERE {column} = :c")  # names from PERSONAL_TABLES only
                deleted[table] = connection.execute(query, {"c": conversation_id}).rowcount or 0
        return deleted

    def linked(self, conversation_id: str) -> list[str]:
        """The conversations linked to this one on other channels (actions/privacy/link.py)."""
        if "account_links" not in {t for t, _ in self._tables()}:
            return []
        query = sa.text("SELECT linked_id FROM account_links WHERE conversation_id = :c ORDER BY linked_id")
        with self.engine.connect() as connection:
            return [row[0] for row in connection.execute(query, {"c": conversation_id})]

    def idle_since(self, before: float) -> list[str]:
        """Conversations whose user has sent nothing since ``before`` (a Unix time).

        The user's own messages count, not the bot's: a job alert firing for someone who never
        comes back must not keep their data alive for ever.
        """
        if "events" not in {t for t, _ in self._tables()}:
            return []
        query = sa.text(
            "SELECT sender_id FROM events GROUP BY sender_id "
            "HAVING MAX(CASE WHEN type_name = 'user' THEN timestamp ELSE 0 END) < :before"
        )
        with self.engine.connect() as connection:
            return [row[0] for row in connection.execute(query, {"before": before})]

    def without_consent(self) -> list[str]:
        """Conversations whose user declined the privacy notice, withdrew, or never answered it.

        Only a latest answer of "I agree" counts as consent; everything else is general
        information for the session only (actions/privacy/consent.py).
        """
        if "events" not in {t for t, _ in self._tables()}:
            return []
        query = sa.text("SELECT sender_id, data FROM events WHERE type_name = 'slot' AND data LIKE :slot ORDER BY id")
        latest: dict[str, Any] = {}
        with self.engine.connect() as connection:
            senders = [row[0] for row in connection.execute(sa.text("SELECT DISTINCT sender_id FROM events"))]
            for sender_id, data in connection.execute(query, {"slot": '%"consent_given"%'}):
                event = _json(data)
                if event.get("name") == "consent_given":
                    latest[sender_id] = event.get("value")
        return [sender_id for sender_id in senders if latest.get(sender_id) is not True]

    def dispose(self) -> None:
        """Close the pooled connections."""
        if self._engine is not None:
            self._engine.dispose()


def _json(raw: Any) -> dict[str, Any]:
    try:
        value = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        logger.warning("skipped an unreadable tracker event")
        return {}
    return value if isinstance(value, dict) else {}
