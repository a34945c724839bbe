"""Console accounts: who may log in, with which role, and their password hashes.

Passwords are hashed with scrypt from the standard library (memory-hard, so a stolen table is
slow to guess through on GPUs) with a random salt per user; the parameters are stored with each
hash, so they can be raised later without locking anyone out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass

import sqlalchemy as sa

from bot.console.tables import users
from bot.console.texts import ConsoleError

OPERATOR = "operator"
SUPERVISOR = "supervisor"
ROLES = (OPERATOR, SUPERVISOR)
MIN_PASSWORD_LENGTH = 12
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")

# n=2**14, r=8: 16 MiB of memory and some 50 ms per check on a laptop core.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_SCRYPT_MAXMEM = 64 * 1024 * 1024


class UserError(ConsoleError, ValueError):
    """A username, role or password that cannot be used; its phrase says why."""


@dataclass(frozen=True)
class User:
    """A console account as the rest of the console sees it (no hash)."""

    username: str
    display_name: str
    role: str
    must_change_password: bool

    @property
    def is_supervisor(self) -> bool:
        """Supervisors may also manage users and read the audit log."""
        return self.role == SUPERVISOR


def hash_password(password: str, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` (base64) for ``password``."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, maxmem=_SCRYPT_MAXMEM, dklen=32
    )
    encode = base64.urlsafe_b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${encode(salt).decode()}${encode(digest).decode()}"


def password_matches(password: str, stored: str) -> bool:
    """True when ``password`` hashes to ``stored`` (compared in constant time)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.urlsafe_b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.urlsafe_b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=_SCRYPT_MAXMEM,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def check_password(password: str) -> None:
    """Raise UserError if ``password`` is too weak to set."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError("password.too_short", length=MIN_PASSWORD_LENGTH)


def generate_password() -> str:
    """A one-time password to print once (about 120 bits)."""
    return secrets.token_urlsafe(15)


# A hash of nothing anyone knows: checking against it when the user does not exist takes as long as a
# real check, so the answer's timing does not tell which usernames exist.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


class UserStore:
    """The ``console_users`` table."""

    def __init__(self, engine: sa.engine.Engine) -> None:
        """Use ``engine`` (``tables.open_engine``), whose tables exist."""
        self._engine = engine

    def count(self) -> int:
        """How many accounts there are (none: the first start creates a supervisor)."""
        with self._engine.connect() as connection:
            return int(connection.execute(sa.select(sa.func.count()).select_from(users)).scalar_one())

    def create(
        self, username: str, role: str, password: str, *, display_name: str = "", must_change: bool = True
    ) -> User:
        """Add an account; raise UserError if the name is taken or a value is unusable."""
        username = username.strip().lower()
        if not USERNAME.fullmatch(username):
            raise UserError("users.username_invalid")
        if role not in ROLES:
            raise UserError("users.role_invalid")
        check_password(password)
        display_name = display_name.strip()[:80] or username
        row = {
            "username": username,
            "display_name": display_name,
            "role": role,
            "password_hash": hash_password(password),
            "must_change_password": must_change,
            "created_at": time.time(),
        }
        try:
            with self._engine.begin() as connection:
                connection.execute(users.insert().values(**row))
        except sa.exc.IntegrityError as error:
            raise UserError("users.username_taken", username=username) from error
        return User(username, display_name, role, must_change)

    def get(self, username: str) -> User | None:
        """The account, or None."""
        with self._engine.connect() as connection:
            row = connection.execute(sa.select(users).where(users.c.username == username)).first()
        return _user(row) if row else None

    def authenticate(self, username: str, password: str) -> User | None:
        """The account if the password is right, else None (same work either way)."""
        with self._engine.connect() as connection:
            row = connection.execute(sa.select(users).where(users.c.username == username.strip().lower())).first()
        if row is None:
            password_matches(password, _DUMMY_HASH)
            return None
        return _user(row) if password_matches(password, row.password_hash) else None

    def set_password(self, username: str, password: str) -> None:
        """Replace the password; the user chose it, so it need not be changed again."""
        check_password(password)
        with self._engine.begin() as connection:
            connection.execute(
                users.update()
                .where(users.c.username == username)
                .values(password_hash=hash_password(password), must_change_password=False)
            )

    def all(self) -> list[User]:
        """Every account, by username."""
        with self._engine.connect() as connection:
            rows = connection.execute(sa.select(users).order_by(users.c.username)).all()
        return [_user(row) for row in rows]


def _user(row: sa.engine.Row) -> User:
    return User(row.username, row.display_name, row.role, bool(row.must_change_password))
