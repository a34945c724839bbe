"""Reading and erasing one conversation in the tracker database that real Rasa writes.

The export and erasure tests run on SQLite (a pilot) and on a real PostgreSQL (the scaled set-up).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from actions.jobsearch.reminders import ReminderStore
from actions.privacy.link import LinkStore
from actions.vacancies.alerts import AlertStore
from bot.alert_outbox import AlertOutbox
from bot.console.audit import AuditLog
from bot.console.casework import Casework
from bot.console.queue import HandoffQueue
from bot.console.rating import Ratings
from bot.console.tables import open_engine, takeovers
from bot.dialogue.messages import BotMessage
from bot.privacy.export import build_export, media_names, summary_values
from bot.privacy.store import PERSONAL_TABLES, PersonalDataStore

MEDIA = "/media/" + "a" * 32 + ".png"


async def save_conversation(url: str, sender: str, words: str) -> None:
    """A conversation stored by Rasa's own SQL tracker store, as the Rasa server does."""
    domain = Domain.from_dict({"slots": {"profile": {"type": "any", "mappings": [{"type": "custom"}]}}})
    store = SQLTrackerStore(domain, dialect=url.split(":", 1)[0], host=url)
    tracker = DialogueStateTracker(sender, domain.slots)
    for event in (
        UserUttered(f"{words}, mail me at anna@example.org", {"name": "greet"}),
        BotUttered(f"Hello! Here is your chart: {MEDIA}"),
        SlotSet("profile", {"occupations": ["abc"], "hours": "full_time"}),
    ):
        tracker.update(event)
    await store.save(tracker)


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request, tmp_path: Path) -> str:
    """The URL of a tracker database holding two users' conversations and rows in every personal table."""
    db = f"sqlite:///{tmp_path / 'tracker.db'}"
    if request.param == "postgresql":
        db = request.getfixturevalue("postgres").new_database()
    await save_conversation(db, "web:anna", "hello")
    await save_conversation(db, "web:other", "hi there")
    alerts = AlertStore(db)
    alerts.create("web:anna", "Welders in Malmö", {"occupation": "welder"}, [])
    alerts.create("web:other", "Cooks", {"occupation": "cook"}, [])
    reminders = ReminderStore(db)
    for sender in ("web:anna", "web:other"):
        reminders.schedule(sender, datetime(2026, 12, 8, 8))
    console = open_engine(db)
    with console.begin() as connection:
        for sender in ("web:anna", "web:other"):
            connection.execute(
                takeovers.insert().values(conversation_id=sender, username="eva", display_name="Eva", since=1.0)
            )
    for sender in ("web:anna", "web:other"):
        AuditLog(console).record("eva", "took_over", sender)
        HandoffQueue(console, stale_after=3600).enter(sender, "asked")
        Casework(console).add_note(sender, "eva", "Has a CV; call back on Monday.")
        Casework(console).add_label(sender, "eva", "follow-up")
        Ratings(console).ask(sender, "eva")
    outbox = AlertOutbox(db)
    for conversation in ("web:anna", "web:other"):
        outbox.keep(conversation, [BotMessage(text="New ads for your alert")])
    links = LinkStore(db)
    for sender in ("web:anna", "web:other"):
        links.issue(sender, {"profile": {"occupations": ["abc"]}})  # a code not used yet
        links.redeem(sender, "AAAA22")  # a wrong try
        links.redeem(sender, links.issue(sender.replace("web:", "telegram:"), {}))  # linked to Telegram
    return db


def count(url: str, table: str, column: str, value: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            query = sa.text(f"SELECT COUNT(*) FROM {table} WHERE {column} = :v")
            return connection.execute(query, {"v": value}).scalar()
    finally:
        engine.dispose()


async def test_the_export_holds_the_conversation_masked_the_latest_slots_and_the_alerts(database):
    store = PersonalDataStore(database)
    events = store.events("web:anna")
    document = build_export("web:anna", events, store.rows("job_alerts", "web:anna"), datetime.now(timezone.utc))
    said = [m["text"] for m in document["conversation"]]
    assert said[0] == "hello, mail me at [e-mail address]"
    assert said[1].startswith("Hello!")
    assert document["profile"] == {"occupations": ["abc"], "hours": "full_time"}
    assert [a["name"] for a in document["job_alerts"]] == ["Welders in Malmö"]
    assert media_names(events) == {MEDIA.removeprefix("/media/")}


async def test_erasing_deletes_every_row_of_that_conversation_in_every_personal_table_and_nothing_else(database):
    store = PersonalDataStore(database)
    deleted = store.erase("web:anna")
    assert deleted["events"] > 0 and deleted["job_alerts"] == 1
    for table, column in PERSONAL_TABLES:
        assert count(database, table, column, "web:anna") == 0, table
        assert count(database, table, column, "web:other") > 0, table


async def test_linked_conversations_are_found_from_either_side(database):
    store = PersonalDataStore(database)
    assert store.linked("web:anna") == ["telegram:anna"]
    assert store.linked("telegram:anna") == ["web:anna"]
    assert store.linked("web:nobody") == []


def test_a_database_without_the_tables_yet_has_nothing_to_export_or_erase(tmp_path):
    store = PersonalDataStore(f"sqlite:///{tmp_path / 'empty.db'}")
    assert store.events("web:x") == [] and store.rows("job_alerts", "web:x") == []
    assert store.erase("web:x") == {}


def test_the_export_counts_the_steps_of_the_job_search_plan():
    plan = {"goal": {"occupations": []}, "plan": [{"action": "update_cv", "due": None, "done": False}] * 2}
    document = {"conversation": [], "job_alerts": [], "job_search_goal_and_plan": plan}
    assert summary_values(document)["plan"] == 2
    assert summary_values({"conversation": [], "job_alerts": []})["plan"] == 0
