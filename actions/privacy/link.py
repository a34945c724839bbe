"""Cross-channel link: a one-time code from one chat, typed in another, brings the profile along.

What "the same profile follows" means here: when the code is redeemed, the slots that hold what
Orienta learned about the user (``LINKED_SLOTS``: profile, self-assessment, goal/plan/CV/
applications/interview practice, saved jobs) are copied from the chat that asked for the code
into the chat where it is typed, and the two conversations are recorded as linked. Why a copy and
not one shared Rasa conversation for both channels: every part of the gateway (inbox, delivery,
console, takeovers, alerts, reminders) addresses a channel by its conversation id; mapping two
channels onto one id would touch all of them, while a copy is one set of ``SlotSet`` events in
the ordinary turn. Job alerts and reminders stay with the chat that made them (they are sent
there). Linking again later copies the newer profile.

The code: ``CODE_LENGTH`` characters from an alphabet without look-alikes (no 0/O, 1/I/L), at
least one digit and one letter (so it is told apart from words), valid ``CODE_TTL_SECONDS``,
single use, kept only as a SHA-256 hash with its slot snapshot. Guessing is rate limited: after
``MAX_FAILED`` wrong codes in ``CODE_TTL_SECONDS`` a chat is told to wait. The three tables are in
the gateway's ``PERSONAL_TABLES`` (bot/privacy/store.py), so export, erasure and retention cover
them; erasing one linked chat erases the others too (bot/privacy/desk.py).
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from actions.tables import open_tables

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
CODE_TTL_SECONDS = 600.0
MAX_FAILED = 5
LINKED_SLOTS = ("profile", "assessment", "jobsearch", "saved_vacancies")
_CODE_TOKEN = re.compile(rf"(?<![A-Za-z0-9])[{ALPHABET}{ALPHABET.lower()}]{{{CODE_LENGTH}}}(?![A-Za-z0-9])")

_metadata = sa.MetaData()
codes_table = sa.Table(
    "link_codes",
    _metadata,
    sa.Column("code_hash", sa.String(64), primary_key=True),
    sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
    sa.Column("slots", sa.Text, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
)
attempts_table = sa.Table(
    "link_attempts",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
    sa.Column("at", sa.Float, nullable=False),
)
links_table = sa.Table(
    "account_links",
    _metadata,
    sa.Column("conversation_id", sa.String(255), primary_key=True),
    sa.Column("linked_id", sa.String(255), primary_key=True),
    sa.Column("linked_at", sa.Float, nullable=False),
)


def new_code() -> str:
    """A random code with at least one digit and one letter."""
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if any(c.isdigit() for c in code) and any(c.isalpha() for c in code):
            return code


def code_in(text: str) -> str | None:
    """The code a message carries ("link k7m2qx", "my code is K7M2QX"), upper-cased, or None."""
    for match in _CODE_TOKEN.finditer(text or ""):
        token = match.group(0).upper()
        if any(c.isdigit() for c in token) and any(c.isalpha() for c in token):
            return token
    return None


def code_hash(code: str) -> str:
    """What is stored instead of the code."""
    return hashlib.sha256(code.upper().encode("ascii")).hexdigest()


class Outcome(enum.Enum):
    """What typing a code did."""

    LINKED = "linked"
    INVALID = "invalid"  # unknown, expired or already used: the user is told the same for each
    OWN_CODE = "own_code"
    TOO_MANY_TRIES = "too_many_tries"


@dataclass(frozen=True)
class Redemption:
    """The outcome and, once linked, the other chat and the slots to copy from it."""

    outcome: Outcome
    source: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)


@dataclass
class LinkStore:
    """The link tables behind a SQLAlchemy URL (the tracker store's database)."""

    url: str
    _engine: sa.engine.Engine = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Connect and create the tables if they are missing (idempotent)."""
        self._engine = open_tables(self.url, _metadata)

    def issue(self, conversation_id: str, slots: dict[str, Any], now: float | None = None) -> str:
        """A new code for the chat, replacing any earlier one it has; the slots travel with it."""
        now = time.time() if now is None else now
        code = new_code()
        snapshot = json.dumps({k: v for k, v in slots.items() if k in LINKED_SLOTS and v is not None})
        with self._engine.begin() as connection:
            connection.execute(codes_table.delete().where(codes_table.c.expires_at <= now))
            connection.execute(codes_table.delete().where(codes_table.c.conversation_id == conversation_id))
            connection.execute(
                codes_table.insert().values(
                    code_hash=code_hash(code),
                    conversation_id=conversation_id,
                    slots=snapshot,
                    expires_at=now + CODE_TTL_SECONDS,
                )
            )
        return code

    def redeem(self, conversation_id: str, code: str, now: float | None = None) -> Redemption:
        """Use the code once: link the two chats and hand back the slots, or say why not."""
        now = time.time() if now is None else now
        with self._engine.begin() as connection:
            connection.execute(attempts_table.delete().where(attempts_table.c.at <= now - CODE_TTL_SECONDS))
            failed = connection.execute(
                sa.select(sa.func.count())
                .select_from(attempts_table)
                .where(attempts_table.c.conversation_id == conversation_id)
            ).scalar_one()
            if failed >= MAX_FAILED:
                return Redemption(Outcome.TOO_MANY_TRIES)
            where = sa.and_(codes_table.c.code_hash == code_hash(code), codes_table.c.expires_at > now)
            row = connection.execute(sa.select(codes_table).where(where)).first()
            if row is None:
                connection.execute(attempts_table.insert().values(conversation_id=conversation_id, at=now))
                return Redemption(Outcome.INVALID)
            if row.conversation_id == conversation_id:
                return Redemption(Outcome.OWN_CODE)
            if connection.execute(codes_table.delete().where(where)).rowcount != 1:
                return Redemption(Outcome.INVALID)  # another chat used it at the same moment
            for one, other in ((conversation_id, row.conversation_id), (row.conversation_id, conversation_id)):
                connection.execute(
                    links_table.delete().where(
                        sa.and_(links_table.c.conversation_id == one, links_table.c.linked_id == other)
                    )
                )
                connection.execute(links_table.insert().values(conversation_id=one, linked_id=other, linked_at=now))
        return Redemption(Outcome.LINKED, row.conversation_id, json.loads(row.slots))

    def linked(self, conversation_id: str) -> list[str]:
        """The chats linked to this one."""
        query = sa.select(links_table.c.linked_id).where(links_table.c.conversation_id == conversation_id)
        with self._engine.connect() as connection:
            return sorted(connection.execute(query).scalars())

    def unlink(self, conversation_id: str) -> int:
        """Undo every link of the chat (both directions); how many chats it was linked to."""
        either = sa.or_(links_table.c.conversation_id == conversation_id, links_table.c.linked_id == conversation_id)
        with self._engine.begin() as connection:
            count = connection.execute(links_table.delete().where(either)).rowcount or 0
        return count // 2
