"""Fixtures shared by every test directory: real PostgreSQL and Redis servers (tests/servers.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.servers import Postgres, Redis, missing_servers, start_postgres, start_redis


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """One PostgreSQL server for the whole run; tests take a fresh database with ``new_database()``."""
    reason = missing_servers()
    if reason:
        pytest.skip(reason)
    server = start_postgres()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[Redis]:
    """One Redis server for the whole run."""
    reason = missing_servers()
    if reason:
        pytest.skip(reason)
    server = start_redis()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def fresh_action_settings() -> Iterator[None]:
    """The action server reads its environment once; each test reads the one it set up itself."""
    from actions.settings import action_settings

    action_settings.cache_clear()
    yield
    action_settings.cache_clear()
