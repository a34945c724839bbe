"""A real gateway (uvicorn on a free port) with the console, over a fake Rasa and a temporary tracker database."""

from __future__ import annotations

import asyncio
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

from bot.app import Gateway, create_gateway
from bot.config import PROJECT_DIR, load_settings
from bot.console.routes import LiveTiming
from bot.console.tables import open_engine
from bot.console.users import UserStore
from tests.fakes.rasa import FakeRasa
from tests.fakes.server import serve

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def save_events(db: Path | str, sender: str, events: list[Event]) -> None:
    """Store events the way the Rasa server does, with Rasa's own SQL tracker store.

    ``db`` is an SQLite file or a PostgreSQL URL.
    """
    domain = Domain.from_dict({"slots": {"city": {"type": "text", "mappings": [{"type": "custom"}]}}})
    if isinstance(db, str):
        store = SQLTrackerStore(domain, dialect="postgresql", host=db)
    else:
        store = SQLTrackerStore(domain, dialect="sqlite", db=str(db))
    tracker = DialogueStateTracker(sender, domain.slots)
    for event in events:
        tracker.update(event)
    asyncio.run(store.save(tracker))


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)


@dataclass
class ConsoleSite:
    url: str
    rasa: FakeRasa
    gateway: Gateway
    #: The SQLite file, or the PostgreSQL URL when the test runs on PostgreSQL.
    db: Path | str

    @property
    def database_url(self) -> str:
        return self.db if isinstance(self.db, str) else f"sqlite:///{self.db}"

    @property
    def engine(self) -> sa.engine.Engine:
        return open_engine(self.database_url)

    def add_user(self, username: str, role: str, *, must_change: bool = False, name: str = "") -> None:
        UserStore(self.engine).create(username, role, PASSWORD, display_name=name, must_change=must_change)

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=10, follow_redirects=False)

    def login(self, username: str, password: str = PASSWORD) -> httpx.Client:
        client = self.client()
        response = self.post_login(client, username, password)
        assert response.status_code == 303, response.text
        return client

    def post_login(self, client: httpx.Client, username: str, password: str) -> httpx.Response:
        token = csrf_of(client.get("/console/login").text)
        return client.post("/console/login", data={"csrf_token": token, "username": username, "password": password})

    def csrf(self, client: httpx.Client) -> str:
        return csrf_of(client.get("/console/password").text)

    def save(self, sender: str, events: list[Event]) -> None:
        save_events(self.db, sender, events)


@pytest.fixture
def database() -> str:
    """Which database the console runs on; a module may parametrise it over "sqlite" and "postgresql"."""
    return "sqlite"


@pytest.fixture
def site(fake_rasa, tmp_path, database, request) -> Iterator[ConsoleSite]:
    shutil.copy(PROJECT_DIR / "endpoints.yml", tmp_path)
    shutil.copy(PROJECT_DIR / "domain.yml", tmp_path)
    (tmp_path / "var").mkdir()
    rasa, rasa_url = fake_rasa
    env = {"ORIENTA_RASA_PORT": str(urlsplit(rasa_url).port), "ORIENTA_RASA_TOKEN": rasa.token}
    db: Path | str = tmp_path / "var" / "tracker.db"
    if database == "postgresql":
        db = request.getfixturevalue("postgres").new_database()
        env["ORIENTA_TRACKER_URL"] = db
    gateway = create_gateway(load_settings(env, tmp_path), console_live=LiveTiming(interval=0.05, max_seconds=0.3))
    with serve(gateway.app) as url:
        yield ConsoleSite(url, rasa, gateway, db)
