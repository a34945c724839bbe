"""Server-side login sessions: a random token in a cookie, its hash and expiry in the database.

Server-side rather than a signed cookie so that logging out (or an expired session) really ends
the session, also for a copy of the cookie. Each session carries its own CSRF token (csrf.py).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from bot.console.tables import sessions

COOKIE_NAME = "orienta_console"


@dataclass(frozen=True)
class Session:
    """A live login session."""

    username: str
    csrf_token: str
    expires_at: float


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class SessionStore:
    """The ``console_sessions`` table."""

    def __init__(
        self, engine: sa.engine.Engine, lifetime_seconds: float, clock: Callable[[], float] = time.time
    ) -> None:
        """Sessions last ``lifetime_seconds`` from login; ``clock`` is injectable for tests."""
        self._engine = engine
        self.lifetime = lifetime_seconds
        self._clock = clock

    def start(self, username: str) -> tuple[str, Session]:
        """Open a session; return the cookie's token (shown only here) and the session."""
        token = secrets.token_urlsafe(32)
        now = self._clock()
        session = Session(username, secrets.token_urlsafe(32), now + self.lifetime)
        with self._engine.begin() as connection:
            # Expired sessions go whenever a new one starts, so the table stays small.
            connection.execute(sessions.delete().where(sessions.c.expires_at < now))
            connection.execute(
                sessions.insert().values(
                    token_hash=_digest(token),
                    username=username,
                    csrf_token=session.csrf_token,
                    created_at=now,
                    expires_at=session.expires_at,
                )
            )
        return token, session

    def get(self, token: str | None) -> Session | None:
        """The session for a cookie's token, or None when unknown or expired."""
        if not token or len(token) > 128:
            return None
        with self._engine.connect() as connection:
            row = connection.execute(sa.select(sessions).where(sessions.c.token_hash == _digest(token))).first()
        if row is None or row.expires_at <= self._clock():
            return None
        return Session(row.username, row.csrf_token, row.expires_at)

    def end(self, token: str | None) -> None:
        """Log out: the token no longer opens anything."""
        if token:
            with self._engine.begin() as connection:
                connection.execute(sessions.delete().where(sessions.c.token_hash == _digest(token)))

    def end_all(self, username: str) -> None:
        """End every session of a user (after a password change)."""
        with self._engine.begin() as connection:
            connection.execute(sessions.delete().where(sessions.c.username == username))
