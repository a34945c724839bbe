"""Staff notes and labels on a conversation.

Notes are private to staff: the user never sees them, and they are personal data (what a
counsellor wrote about someone), so they are in ``store.PERSONAL_TABLES`` and go with the
conversation's erasure. Labels are short lowercase words ("cv", "follow-up") an operator puts
on a conversation to find it again with the list's label filter.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from bot.console.tables import labels, notes
from bot.console.texts import ConsoleError

MAX_NOTE_CHARS = 2000
MAX_LABEL_CHARS = 40
_LABEL = re.compile(r"[\w][\w -]*")


class CaseworkError(ConsoleError, ValueError):
    """A note or label that cannot be stored; its phrase says why, for the operator."""


@dataclass(frozen=True)
class Note:
    """One staff note."""

    id: int
    username: str
    at: float
    text: str


def clean_label(raw: str) -> str:
    """The label as stored (trimmed, lowercase); CaseworkError if it is not a short word or two."""
    label = " ".join(raw.split()).lower()
    if not label or len(label) > MAX_LABEL_CHARS or not _LABEL.fullmatch(label):
        raise CaseworkError("casework.label_invalid", max=MAX_LABEL_CHARS)
    return label


class Casework:
    """The ``console_notes`` and ``console_labels`` tables."""

    def __init__(self, engine: sa.engine.Engine, clock: Callable[[], float] = time.time) -> None:
        """Read and write in ``engine``."""
        self._engine = engine
        self._clock = clock

    def add_note(self, conversation_id: str, username: str, raw: str) -> Note:
        """Store a note; CaseworkError when it is empty or too long."""
        text = raw.strip()
        if not text:
            raise CaseworkError("casework.note_empty")
        if len(text) > MAX_NOTE_CHARS:
            raise CaseworkError("casework.note_too_long", length=len(text), max=MAX_NOTE_CHARS)
        at = self._clock()
        with self._engine.begin() as connection:
            key = connection.execute(
                notes.insert().values(conversation_id=conversation_id, username=username, at=at, text=text)
            ).inserted_primary_key
        return Note(int(key[0]), username, at, text)

    def notes(self, conversation_id: str) -> list[Note]:
        """The conversation's notes, oldest first."""
        query = sa.select(notes).where(notes.c.conversation_id == conversation_id).order_by(notes.c.at, notes.c.id)
        with self._engine.connect() as connection:
            return [Note(r.id, r.username, r.at, r.text) for r in connection.execute(query)]

    def add_label(self, conversation_id: str, username: str, raw: str) -> str:
        """Put a label on the conversation (once); return it as stored."""
        label = clean_label(raw)
        try:
            with self._engine.begin() as connection:
                connection.execute(
                    labels.insert().values(
                        conversation_id=conversation_id, label=label, username=username, at=self._clock()
                    )
                )
        except sa.exc.IntegrityError:
            pass  # it has the label already
        return label

    def remove_label(self, conversation_id: str, raw: str) -> str:
        """Take a label off; return it as stored."""
        label = clean_label(raw)
        with self._engine.begin() as connection:
            connection.execute(
                labels.delete().where(labels.c.conversation_id == conversation_id, labels.c.label == label)
            )
        return label

    def labels(self, conversation_id: str) -> list[str]:
        """The conversation's labels, sorted."""
        query = sa.select(labels.c.label).where(labels.c.conversation_id == conversation_id).order_by(labels.c.label)
        with self._engine.connect() as connection:
            return list(connection.execute(query).scalars())

    def all_labels(self) -> list[str]:
        """Every label in use, for the list's filter."""
        with self._engine.connect() as connection:
            return list(connection.execute(sa.select(labels.c.label).distinct().order_by(labels.c.label)).scalars())
