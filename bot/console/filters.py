"""The live list's filters (channel, state, flag, label, day) and free-text search in transcripts.

Filters come from the page's query string, so a filtered view is a link an operator can keep,
and the same ``Filters`` choose what a supervisor exports (reports.py). Search looks at what
the user and the bot (or an operator) said, case-insensitively, in the listed conversations:
Rasa stores event JSON with non-ASCII characters escaped, so matching the decoded texts in
Python is the one way that finds "Köln" on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from bot.console.monitor import ConversationRow

MAX_QUERY_CHARS = 100


@dataclass(frozen=True)
class Filters:
    """What the list shows; empty strings mean "any"."""

    channel: str = ""
    state: str = ""
    flag: str = ""
    label: str = ""
    day: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, params: Any) -> Filters:
        """From a request's query parameters; a malformed day is ignored rather than refused."""
        values = {f.name: str(params.get(f.name, "") or "").strip()[:MAX_QUERY_CHARS] for f in fields(cls)}
        try:
            date.fromisoformat(values["day"])
        except ValueError:
            values["day"] = ""
        return cls(**values)

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return any(getattr(self, f.name) for f in fields(self))

    def query_string(self) -> str:
        """The filters as ``?a=b`` (empty when none), for the live stream and export links."""
        pairs = {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}
        return f"?{urlencode(pairs)}" if pairs else ""

    def apply(self, rows: list[ConversationRow], engine: sa.engine.Engine, zone: ZoneInfo) -> list[ConversationRow]:
        """The rows that pass every filter (the search reads the transcripts of what is left)."""
        kept = [row for row in rows if self._passes(row, zone)]
        if self.q and kept:
            hits = search(engine, [row.conversation_id for row in kept], self.q)
            kept = [row for row in kept if row.conversation_id in hits]
        return kept

    def _passes(self, row: ConversationRow, zone: ZoneInfo) -> bool:
        if self.channel and row.channel != self.channel:
            return False
        if self.state and not row.state.startswith(self.state):
            return False
        if self.flag and self.flag not in row.flags:
            return False
        if self.label and self.label.lower() not in row.labels:
            return False
        if self.day:
            start = datetime.combine(date.fromisoformat(self.day), datetime.min.time(), zone).timestamp()
            end = (
                datetime.combine(date.fromisoformat(self.day), datetime.min.time(), zone) + timedelta(days=1)
            ).timestamp()
            if not (row.started < end and row.last_activity >= start):
                return False
        return True


def search(engine: sa.engine.Engine, conversation_ids: list[str], text: str) -> set[str]:
    """The conversations among ``conversation_ids`` in which someone wrote ``text``."""
    needle = text.casefold()
    query = sa.text(
        "SELECT sender_id, data FROM events WHERE sender_id IN :ids AND type_name IN ('user', 'bot')"
    ).bindparams(sa.bindparam("ids", expanding=True))
    found: set[str] = set()
    with engine.connect() as connection:
        for sender_id, data in connection.execute(query, {"ids": conversation_ids}):
            if sender_id in found:
                continue
            try:
                event = json.loads(data) if isinstance(data, str) else data
            except ValueError:
                continue
            said = event.get("text") if isinstance(event, dict) else None
            if isinstance(said, str) and needle in said.casefold():
                found.add(sender_id)
    return found
