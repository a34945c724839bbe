"""Console accounts made outside the console: the first supervisor and ``create-user``.

Why at the launcher: on the first ``make run`` nobody can log in yet, so a supervisor is created
with a random one-time password printed once on the terminal (never logged, never stored in
clear); it must be changed at the first login.
"""

from __future__ import annotations

import sqlalchemy as sa

from bot.console.tables import open_engine
from bot.console.users import SUPERVISOR, User, UserError, UserStore, generate_password

FIRST_USERNAME = "supervisor"


def create_user(engine: sa.engine.Engine, username: str, role: str, display_name: str = "") -> tuple[User, str]:
    """Create an account with a one-time password; return it and the password (UserError if unusable)."""
    password = generate_password()
    return UserStore(engine).create(username, role, password, display_name=display_name), password


def ensure_first_supervisor(tracker_url: str) -> tuple[User, str] | None:
    """Create the first supervisor if there are no accounts; return it and its password, else None."""
    engine = open_engine(tracker_url)
    try:
        if UserStore(engine).count():
            return None
        try:
            return create_user(engine, FIRST_USERNAME, SUPERVISOR, "Supervisor")
        except (UserError, sa.exc.IntegrityError):
            return None  # another gateway starting at the same moment created it (and printed its password)
    finally:
        engine.dispose()
