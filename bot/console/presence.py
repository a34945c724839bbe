"""Who of the staff is at the console now, for the queue's honest answer to the user.

Every request of a logged-in user stamps ``console_presence`` (access.py). The live list's
stream reconnects every minute, so an operator with the console open is seen at least that
often; one who closed the tab is no longer counted after ``online_seconds``. A separate table
rather than a column on the sessions, so a database from before this feature needs no migration.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import sqlalchemy as sa

from bot.console.tables import presence, sessions

ONLINE_SECONDS = 150.0


class Presence:
    """The ``console_presence`` table."""

    def __init__(
        self, engine: sa.engine.Engine, online_seconds: float = ONLINE_SECONDS, clock: Callable[[], float] = time.time
    ) -> None:
        """Stamp and count in ``engine``; seen within ``online_seconds`` counts as online."""
        self._engine = engine
        self._online_seconds = online_seconds
        self._clock = clock

    def touch(self, username: str) -> None:
        """``username`` is here now."""
        now = self._clock()
        stamp = presence.update().where(presence.c.username == username).values(seen_at=now)
        with self._engine.begin() as connection:
            if connection.execute(stamp).rowcount:
                return
        try:
            with self._engine.begin() as connection:
                connection.execute(presence.insert().values(username=username, seen_at=now))
        except sa.exc.IntegrityError:  # another request stamped it first
            with self._engine.begin() as connection:
                connection.execute(stamp)

    def online(self) -> int:
        """How many people were seen recently and are still logged in."""
        now = self._clock()
        logged_in = sa.select(sessions.c.username).where(sessions.c.expires_at > now)
        query = (
            sa.select(sa.func.count())
            .select_from(presence)
            .where(presence.c.seen_at > now - self._online_seconds, presence.c.username.in_(logged_in))
        )
        with self._engine.connect() as connection:
            return int(connection.execute(query).scalar_one())
