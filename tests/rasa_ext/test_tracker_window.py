"""The windowed SQL tracker store: Rasa gets the latest events and the state older ones left."""

import sqlite3

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    ConversationPaused,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_ext.tracker_window import WindowedSQLTrackerStore, carried_state

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [greet]
slots:
  name: {type: text, mappings: [{type: custom}]}
  count: {type: float, mappings: [{type: custom}]}
forms:
  profile_form: {required_slots: [name]}
"""
)


def conversation(turns: int) -> list:
    events = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    for turn in range(turns):
        events.append(UserUttered(f"message {turn}", intent={"name": "greet", "confidence": 1.0}))
        if turn == 2:
            events += [SlotSet("name", "Ada"), ActiveLoop("profile_form")]
        if turn == 4:
            events.append(ConversationPaused())
        events += [SlotSet("count", float(turn)), BotUttered(f"reply {turn}"), ActionExecuted("action_listen")]
    return events


@pytest.fixture
def store(tmp_path) -> WindowedSQLTrackerStore:
    return WindowedSQLTrackerStore(DOMAIN, max_events=40, dialect="sqlite", db=str(tmp_path / "tracker.db"))


async def saved(store: WindowedSQLTrackerStore, turns: int) -> DialogueStateTracker:
    tracker = DialogueStateTracker.from_events("web:abc", conversation(turns), DOMAIN.slots)
    await store.save(tracker)
    return tracker


async def test_a_long_session_comes_back_as_its_latest_events_from_a_turn_boundary(store):
    full = await saved(store, 60)
    windowed = await store.retrieve("web:abc")
    assert len(full.events) > 200
    assert len(windowed.events) <= 40 + 4, "the window plus one event per carried state"
    texts = [e.text for e in windowed.events if isinstance(e, UserUttered)]
    assert texts[-1] == "message 59"
    assert "message 0" not in texts
    first_real = next(e for e in windowed.events if isinstance(e, ActionExecuted))
    assert first_real.action_name == "action_listen"


async def test_the_window_keeps_slots_the_active_form_and_a_takeover_set_before_it(store):
    full = await saved(store, 60)
    windowed = await store.retrieve("web:abc")
    assert windowed.get_slot("name") == "Ada", "set in turn 2, long before the window"
    assert windowed.current_slot_values() == full.current_slot_values()
    assert windowed.active_loop_name == "profile_form"
    assert windowed.is_paused()


async def test_saving_a_windowed_tracker_stores_only_the_new_events_once(store):
    full = await saved(store, 60)
    windowed = await store.retrieve("web:abc")
    windowed.update(UserUttered("one more", intent={"name": "greet", "confidence": 1.0}))
    windowed.update(SlotSet("count", 100.0))
    await store.save(windowed)
    windowed.update(BotUttered("and a reply"))
    await store.save(windowed)
    everything = await store.retrieve_full_tracker("web:abc")
    assert len(everything.events) == len(full.events) + 3
    assert [e.text for e in everything.events if isinstance(e, UserUttered)].count("one more") == 1
    assert (await store.retrieve("web:abc")).get_slot("count") == 100.0


def stored_rows(path) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT id, sender_id, type_name, timestamp, intent_name, action_name, data FROM events ORDER BY id"
        ).fetchall()


async def test_a_save_stores_the_rows_rasas_own_store_stores_with_the_same_ids(store, tmp_path):
    rasas = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "rasa.db"))
    events = conversation(6)
    for tracker_store in (store, rasas):
        tracker = DialogueStateTracker.from_events("web:abc", events[:10], DOMAIN.slots)
        await tracker_store.save(tracker)
        for event in events[10:]:  # then a message at a time, as Rasa saves after each
            tracker.update(event)
            await tracker_store.save(tracker)
    ours = stored_rows(tmp_path / "tracker.db")
    assert len(ours) >= len(events)  # Rasa's own count stores one event twice here: so do we
    assert {row[4] for row in ours} == {None, "greet"} and "action_listen" in {row[5] for row in ours}
    assert ours == stored_rows(tmp_path / "rasa.db")


async def test_a_short_session_comes_back_as_rasas_own_store_gives_it(store):
    full = await saved(store, 5)
    assert len(full.events) <= 40
    again = await store.retrieve("web:abc")
    rasas = await SQLTrackerStore.retrieve(store, "web:abc")
    assert [e.as_dict() for e in again.events] == [e.as_dict() for e in rasas.events]
    await store.save(again)
    assert len((await store.retrieve_full_tracker("web:abc")).events) == len(full.events)


async def test_an_unknown_conversation_is_none(store):
    assert await store.retrieve("web:nobody") is None


async def test_sqlite_runs_in_write_ahead_log_mode(store, tmp_path):
    await saved(store, 1)
    with sqlite3.connect(tmp_path / "tracker.db") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_window_too_small_for_a_turn_is_refused(tmp_path):
    with pytest.raises(ValueError, match="at least 20"):
        WindowedSQLTrackerStore(DOMAIN, max_events="5", dialect="sqlite", db=str(tmp_path / "t.db"))


def test_older_state_is_folded_as_rasa_applies_it():
    older = [
        {"event": "slot", "name": "name", "value": "Ada"},
        {"event": "active_loop", "name": "profile_form"},
        {"event": "pause"},
        {"event": "restart"},
        {"event": "slot", "name": "count", "value": 2.0},
        {"event": "slot", "name": "not_in_the_domain", "value": 1},
        {"event": "active_loop", "name": "profile_form"},
        {"event": "active_loop", "name": None},
        {"event": "pause"},
        {"event": "resume"},
    ]
    carried = carried_state(older, DOMAIN)
    replayed = DialogueStateTracker.from_dict("x", older, DOMAIN.slots)
    assert [e.as_dict()["event"] for e in carried] == ["slot"]
    tracker = DialogueStateTracker.from_events("x", carried, DOMAIN.slots)
    assert tracker.current_slot_values() == replayed.current_slot_values()
    assert (tracker.active_loop_name, tracker.is_paused()) == (replayed.active_loop_name, replayed.is_paused())
    assert carried_state([{"event": "slot", "name": "name", "value": "Bo"}, {"event": "reset_slots"}], DOMAIN) == []


async def test_sqlite_connections_are_kept_between_messages(store):
    await saved(store, 3)
    for _ in range(3):
        await store.save(await store.retrieve("web:abc"))
    assert store.engine.pool.checkedin() == 1, "one connection, returned to the pool, not closed"


def test_the_history_index_is_created_once_and_found_the_second_time(tmp_path):
    import sqlalchemy as sa

    from rasa_ext.tracker_window import HISTORY_INDEX, ensure_history_index

    store = WindowedSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"))
    table = store.SQLEvent.__table__
    ensure_history_index(store.engine, table)
    ensure_history_index(store.engine, table)  # PostgreSQL runs this at every start
    indexes = {index["name"]: index["column_names"] for index in sa.inspect(store.engine).get_indexes("events")}
    assert indexes[HISTORY_INDEX] == ["sender_id", "id"]
