"""Idle conversations, and those without consent once their session is over, are erased by the retention sweep."""

from __future__ import annotations

import time
from pathlib import Path

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.config import PROJECT_DIR
from bot.media import MediaStore
from bot.privacy.retention import Retention, session_minutes
from bot.privacy.store import PersonalDataStore

DAY = 86400.0
NOW = time.time()
CHART = "b" * 32 + ".png"


async def conversation(store: SQLTrackerStore, sender: str, last_user_days_ago: float, consent: bool | None) -> None:
    tracker = DialogueStateTracker(sender, store.domain.slots)
    said = NOW - last_user_days_ago * DAY
    tracker.update(UserUttered("hello", {"name": "greet"}, timestamp=said))
    if consent is not None:
        tracker.update(SlotSet("consent_given", consent, timestamp=said))
    # The bot keeps writing (a job alert, say): only the user's own messages count.
    tracker.update(BotUttered(f"New jobs for you: /media/{CHART}", timestamp=NOW - 60))
    await store.save(tracker)


async def test_idle_conversations_and_those_without_consent_after_the_session_are_erased_the_rest_kept(tmp_path: Path):
    db = tmp_path / "tracker.db"
    domain = Domain.from_dict({"slots": {"consent_given": {"type": "bool", "mappings": [{"type": "custom"}]}}})
    rasa_store = SQLTrackerStore(domain, dialect="sqlite", db=str(db))
    await conversation(rasa_store, "web:idle", 200, True)
    await conversation(rasa_store, "web:recent", 10, True)
    await conversation(rasa_store, "web:declined-yesterday", 1, False)
    await conversation(rasa_store, "web:declined-now", 0.0001, False)
    await conversation(rasa_store, "web:never-answered-yesterday", 1, None)
    await conversation(rasa_store, "web:never-answered-now", 0.0001, None)
    await conversation(rasa_store, "web:declined-then-agreed", 1, None)
    tracker = await rasa_store.retrieve("web:declined-then-agreed")
    assert tracker is not None
    tracker.update(SlotSet("consent_given", False, timestamp=NOW - 2 * DAY))
    tracker.update(SlotSet("consent_given", True, timestamp=NOW - DAY))
    await rasa_store.save(tracker)
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / CHART).write_bytes(b"png")
    store = PersonalDataStore(f"sqlite:///{db}")
    retention = Retention(store, MediaStore(tmp_path / "media", 7 * DAY), 180, 60)

    assert retention.sweep(NOW) == {"idle": 1, "declined": 2}
    names = (
        "web:idle",
        "web:recent",
        "web:declined-yesterday",
        "web:declined-now",
        "web:never-answered-yesterday",
        "web:never-answered-now",
        "web:declined-then-agreed",
    )
    remaining = {s for s in names if store.events(s)}
    assert remaining == {"web:recent", "web:declined-now", "web:never-answered-now", "web:declined-then-agreed"}
    assert not (tmp_path / "media" / CHART).exists()


def test_the_session_length_comes_from_the_domain():
    assert session_minutes(PROJECT_DIR / "domain.yml") == 60
