"""The tracker store's cached windows: the same trackers as without the cache, whoever writes."""

import sqlite3

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_ext.tracker_window import WindowedSQLTrackerStore
from tests.rasa_ext.test_tracker_window import DOMAIN, conversation

SENDER = "web:abc"


def new_store(path, cached: int = 500) -> WindowedSQLTrackerStore:
    return WindowedSQLTrackerStore(DOMAIN, max_events=40, cached_conversations=cached, dialect="sqlite", db=str(path))


@pytest.fixture
def db(tmp_path):
    return tmp_path / "tracker.db"


def turn(text: str, count: float) -> list:
    return [
        UserUttered(text, intent={"name": "greet", "confidence": 1.0}),
        SlotSet("count", count),
        BotUttered(f"reply to {text}"),
        ActionExecuted("action_listen"),
    ]


def as_dicts(tracker: DialogueStateTracker | None) -> list[dict]:
    assert tracker is not None
    return [event.as_dict() for event in tracker.events]


async def message(store: WindowedSQLTrackerStore, text: str, count: float) -> None:
    """What Rasa does for a message: retrieve, add the turn's events, save."""
    tracker = await store.retrieve(SENDER)
    for event in turn(text, count):
        tracker.update(event)
    await store.save(tracker)


async def test_every_message_of_a_growing_conversation_gets_the_tracker_an_uncached_store_builds(db):
    cached, uncached = new_store(db), new_store(db, cached=0)
    await cached.save(DialogueStateTracker.from_events(SENDER, conversation(6), DOMAIN.slots))
    for index in range(40):  # from a whole short session to a window that slides many times
        await message(cached, f"message {index}", float(index))
        assert as_dicts(await cached.retrieve(SENDER)) == as_dicts(await uncached.retrieve(SENDER)), index
    assert len(cached.cache) == 1 and len(uncached.cache) == 0
    window = await cached.retrieve(SENDER)
    assert window.get_slot("name") == "Ada" and window.is_paused(), "state from long before the window"
    full = await cached.retrieve_full_tracker(SENDER)
    assert len(full.events) == len(conversation(6)) + 40 * 4, "every event stored once"


async def test_rows_another_replica_stored_are_in_the_next_window(db):
    mine, other = new_store(db), new_store(db)
    await mine.save(DialogueStateTracker.from_events(SENDER, conversation(20), DOMAIN.slots))
    await message(mine, "mine", 1.0)
    await message(other, "from the other replica", 2.0)
    await message(other, "and another", 3.0)
    window = await mine.retrieve(SENDER)
    texts = [e.text for e in window.events if isinstance(e, UserUttered)]
    assert texts[-3:] == ["mine", "from the other replica", "and another"]
    assert window.get_slot("count") == 3.0
    assert as_dicts(window) == as_dicts(await new_store(db, cached=0).retrieve(SENDER))


async def test_an_erased_conversation_is_not_served_from_the_cache(db):
    store = new_store(db)
    await store.save(DialogueStateTracker.from_events(SENDER, conversation(20), DOMAIN.slots))
    await message(store, "secret", 1.0)
    with sqlite3.connect(db) as connection:  # what the gateway's erasure does, in another process
        connection.execute("DELETE FROM events WHERE sender_id = ?", (SENDER,))
    assert await store.retrieve(SENDER) is None


async def test_a_conversation_recreated_with_the_same_row_ids_and_count_is_read_afresh(db):
    store = new_store(db)
    events = conversation(20)
    await store.save(DialogueStateTracker.from_events(SENDER, events, DOMAIN.slots))
    assert (await store.retrieve(SENDER)).get_slot("name") == "Ada"
    with sqlite3.connect(db) as connection:
        connection.execute("DELETE FROM events WHERE sender_id = ?", (SENDER,))
    # SQLite gives the new rows the same ids again (they were the newest): same ids, same count.
    again = [e for e in conversation(20) if not (isinstance(e, SlotSet) and e.key == "name")]
    again.insert(5, SlotSet("count", -1.0))
    await store.save(DialogueStateTracker.from_events(SENDER, again, DOMAIN.slots))
    window = await store.retrieve(SENDER)
    assert window.get_slot("name") is None, "nothing of the erased conversation"
    assert as_dicts(window) == as_dicts(await new_store(db, cached=0).retrieve(SENDER))


async def test_events_appended_through_the_tracker_api_reach_the_window(db):
    store = new_store(db)
    await store.save(DialogueStateTracker.from_events(SENDER, conversation(20), DOMAIN.slots))
    await store.retrieve(SENDER)
    # Rasa's POST /conversations/{id}/tracker/events: a tracker from the same store, updated, saved.
    api = new_store(db)
    tracker = await api.retrieve(SENDER)
    tracker.update(SlotSet("name", "Bea"))
    tracker.update(BotUttered("an operator's message"))
    await api.save(tracker)
    window = await store.retrieve(SENDER)
    assert window.get_slot("name") == "Bea"
    assert window.latest_bot_utterance.text == "an operator's message"


async def test_a_new_session_starts_the_window_afresh(db):
    store = new_store(db)
    await store.save(DialogueStateTracker.from_events(SENDER, conversation(20), DOMAIN.slots))
    tracker = await store.retrieve(SENDER)
    for event in [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]:
        tracker.update(event)
    await store.save(tracker)
    await message(store, "in the new session", 1.0)
    window = await store.retrieve(SENDER)
    assert [e.text for e in window.events if isinstance(e, UserUttered)] == ["in the new session"]
    assert not window.is_paused() and window.get_slot("name") is None
    assert as_dicts(window) == as_dicts(await new_store(db, cached=0).retrieve(SENDER))


async def test_the_cache_keeps_only_the_most_recent_conversations(db):
    store = WindowedSQLTrackerStore(DOMAIN, max_events=40, cached_conversations=2, dialect="sqlite", db=str(db))
    for sender in ("a", "b", "c"):
        await store.save(DialogueStateTracker.from_events(sender, conversation(2), DOMAIN.slots))
        await store.retrieve(sender)
    assert len(store.cache) == 2
    assert (await store.retrieve("a")).sender_id == "a", "dropped from the cache, read from the database"
