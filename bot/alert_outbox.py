"""Job-alert messages kept in the database until the user's channel has taken each one.

Why: when a due alert fires, the action records the ads it found as seen, so the next check will
not find them again. If the gateway then stops (a restart, a crash) or the channel fails (Telegram
unreachable after its retries) while the alert is being sent, the user would never get it. So the
scheduler writes the alert's messages here first, sends them one at a time, counts each one sent,
and deletes the row when all are out; rows left by an earlier process (or a failed channel) are
sent at the next check, starting after the last message that got out: once, not twice and not
never. Kept at most ``KEEP_FOR``; after that an alert is stale and is dropped with a log line.

A row is claimed (``claimed_until``) before it is sent, so two gateway replicas never send the
same one. The table holds personal data (bot/privacy/store.py ``PERSONAL_TABLES``).
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from actions.tables import open_tables
from actions.vacancies.alerts import utcnow
from bot.dialogue.messages import BotMessage, parse_bot_messages

logger = logging.getLogger(__name__)

KEEP_FOR = timedelta(days=1)
#: How long a claim holds: a sender that died is replaced after this.
CLAIM_FOR = timedelta(minutes=2)

_metadata = sa.MetaData()
outbox_table = sa.Table(
    "alert_outbox",
    _metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
    sa.Column("messages", sa.Text, nullable=False),
    sa.Column("sent", sa.Integer, nullable=False, default=0),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("claimed_until", sa.DateTime, nullable=True),
)


def to_rest(message: BotMessage) -> dict[str, Any]:
    """A BotMessage in Rasa's REST shape, which ``parse_bot_messages`` reads back."""
    rest: dict[str, Any] = {
        "text": message.text,
        "buttons": [asdict(button) for button in message.buttons],
        "image": message.image,
        "attachment": message.attachment,
        "custom": message.custom,
        "metadata": message.metadata,
    }
    return {key: value for key, value in rest.items() if value}


@dataclass(frozen=True)
class KeptAlert:
    """One alert's messages, and how many of them have been sent."""

    id: str
    conversation_id: str
    messages: list[BotMessage] = field(default_factory=list)
    sent: int = 0


@dataclass
class AlertOutbox:
    """The ``alert_outbox`` table behind the tracker store's SQLAlchemy URL."""

    url: str
    _engine: sa.engine.Engine = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Connect and create the table if it is missing (idempotent, like ``AlertStore``)."""
        self._engine = open_tables(self.url, _metadata)

    def keep(self, conversation_id: str, messages: list[BotMessage], now: datetime | None = None) -> KeptAlert:
        """Store an alert's messages, claimed by the caller, who sends them next."""
        now = now or utcnow()
        kept = KeptAlert(secrets.token_hex(8), conversation_id, list(messages))
        with self._engine.begin() as connection:
            connection.execute(
                outbox_table.insert().values(
                    id=kept.id,
                    conversation_id=conversation_id,
                    messages=json.dumps([to_rest(m) for m in messages]),
                    sent=0,
                    created_at=now,
                    claimed_until=now + CLAIM_FOR,
                )
            )
        return kept

    def claim_waiting(self, now: datetime | None = None, limit: int = 100) -> list[KeptAlert]:
        """Rows nobody is sending (left by an earlier process or a failed channel), now claimed.

        Stale rows (older than ``KEEP_FOR``) are deleted instead.
        """
        now = now or utcnow()
        table = outbox_table
        with self._engine.begin() as connection:
            stale = connection.execute(table.delete().where(table.c.created_at < now - KEEP_FOR)).rowcount
            free = sa.or_(table.c.claimed_until.is_(None), table.c.claimed_until < now)
            rows = list(connection.execute(table.select().where(free).order_by(table.c.created_at).limit(limit)))
        if stale:
            logger.warning("dropped %d job alerts that could not be sent for a day", stale)
        claimed = []
        for row in rows:
            with self._engine.begin() as connection:
                took = connection.execute(
                    table.update()
                    .where(sa.and_(table.c.id == row.id, sa.or_(table.c.claimed_until.is_(None),
                                                                   table.c.claimed_until < now)))
                    .values(claimed_until=now + CLAIM_FOR)
                ).rowcount  # fmt: skip
            if took == 1:
                claimed.append(KeptAlert(row.id, row.conversation_id, parse_bot_messages(json.loads(row.messages)),
                                         int(row.sent)))  # fmt: skip
        return claimed

    def sent_one(self, alert_id: str) -> None:
        """Count one more message of the alert as sent."""
        with self._engine.begin() as connection:
            connection.execute(
                outbox_table.update().where(outbox_table.c.id == alert_id).values(sent=outbox_table.c.sent + 1)
            )

    def release(self, alert_id: str) -> None:
        """Give up the claim (the channel failed), so the next check tries again."""
        with self._engine.begin() as connection:
            connection.execute(outbox_table.update().where(outbox_table.c.id == alert_id).values(claimed_until=None))

    def done(self, alert_id: str) -> None:
        """Every message is out: forget the row."""
        with self._engine.begin() as connection:
            connection.execute(outbox_table.delete().where(outbox_table.c.id == alert_id))
