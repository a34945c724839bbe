"""Server-side sessions: tokens open them until they expire or end; the database holds only hashes."""

import pytest

from bot.console.sessions import SessionStore
from bot.console.tables import open_engine


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path, clock) -> SessionStore:
    return SessionStore(open_engine(f"sqlite:///{tmp_path / 'db.sqlite'}"), 600, clock)


def test_a_token_opens_its_session_with_its_own_csrf_token(store):
    token, session = store.start("eva")
    found = store.get(token)
    assert found is not None and found.username == "eva" and found.csrf_token == session.csrf_token
    other_token, other = store.start("eva")
    assert other_token != token and other.csrf_token != session.csrf_token


def test_a_session_expires_after_its_lifetime(store, clock):
    token, _ = store.start("eva")
    clock.now += 599
    assert store.get(token) is not None
    clock.now += 2
    assert store.get(token) is None


def test_logging_out_ends_the_session_and_end_all_ends_every_session_of_the_user(store):
    first, _ = store.start("eva")
    second, _ = store.start("eva")
    kept, _ = store.start("olof")
    store.end(first)
    assert store.get(first) is None and store.get(second) is not None
    store.end_all("eva")
    assert store.get(second) is None and store.get(kept) is not None


def test_unknown_missing_and_oversized_tokens_open_nothing(store):
    store.start("eva")
    assert store.get(None) is None
    assert store.get("made-up") is None
    assert store.get("x" * 10_000) is None


def test_the_database_holds_a_hash_of_the_token_not_the_token(store, tmp_path):
    token, _ = store.start("eva")
    assert token.encode() not in (tmp_path / "db.sqlite").read_bytes()
