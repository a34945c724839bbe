"""The 1-5 rating a user is asked for when an operator closes their conversation.

The question goes out with five buttons whose payloads (``/orienta_rating_1`` ... ``_5``) the
gateway answers itself (handoff.py), before Rasa: a rating is feedback on the service, not
something the assistant must understand, so the model needs no new intent. An answer counts
only while the conversation's latest question is unanswered and younger than ``valid_seconds``;
otherwise the message goes to Rasa like any other.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import sqlalchemy as sa

from bot.console.tables import ratings
from bot.dialogue.messages import Button

PAYLOAD_PREFIX = "/orienta_rating_"
_PAYLOAD = re.compile(r"/orienta_rating_([1-5])")
STARS = range(1, 6)


def rating_buttons() -> tuple[Button, ...]:
    """The five answer buttons, titled 1 to 5."""
    return tuple(Button(title=str(stars), payload=f"{PAYLOAD_PREFIX}{stars}") for stars in STARS)


def parse_rating(text: str) -> int | None:
    """The stars in a rating button's payload, or None for any other message."""
    found = _PAYLOAD.fullmatch(text.strip())
    return int(found.group(1)) if found else None


class Ratings:
    """The ``console_ratings`` table."""

    def __init__(
        self, engine: sa.engine.Engine, valid_seconds: float = 86400.0, clock: Callable[[], float] = time.time
    ) -> None:
        """Ask and record in ``engine``; a question may be answered for ``valid_seconds``."""
        self._engine = engine
        self._valid = valid_seconds
        self._clock = clock

    def ask(self, conversation_id: str, username: str) -> None:
        """Note that ``username`` asked the user for a rating now."""
        with self._engine.begin() as connection:
            connection.execute(
                ratings.insert().values(conversation_id=conversation_id, asked_at=self._clock(), asked_by=username)
            )

    def record(self, conversation_id: str, stars: int) -> bool:
        """Store the answer to the open question; False when there is none to answer."""
        if stars not in STARS:
            return False
        now = self._clock()
        with self._engine.begin() as connection:
            latest = connection.execute(
                sa.select(ratings.c.id, ratings.c.rating, ratings.c.asked_at)
                .where(ratings.c.conversation_id == conversation_id)
                .order_by(ratings.c.asked_at.desc(), ratings.c.id.desc())
            ).first()
            if latest is None or latest.rating is not None or latest.asked_at < now - self._valid:
                return False
            connection.execute(ratings.update().where(ratings.c.id == latest.id).values(rating=stars, rated_at=now))
        return True

    def latest(self, conversation_id: str) -> int | None:
        """The conversation's latest rating, if it has one."""
        query = (
            sa.select(ratings.c.rating)
            .where(ratings.c.conversation_id == conversation_id, ratings.c.rating.is_not(None))
            .order_by(ratings.c.rated_at.desc())
        )
        with self._engine.connect() as connection:
            return connection.execute(query).scalar()
