"""The live list's rows: channel, times, state and flags from the tracker database."""

from __future__ import annotations

import time

from rasa.shared.core.events import ActionExecuted, BotUttered, ConversationResumed, UserUttered

from bot.console.monitor import (
    API_ERRORS,
    ASKED_HUMAN,
    CLOSED,
    FALLBACK,
    LOW_CONFIDENCE,
    REPEATING,
    WAITING,
    WITH_BOT,
    WITH_OPERATOR,
    list_conversations,
)
from bot.console.queue import HandoffQueue
from bot.console.tables import open_engine, takeovers
from tests.bot.console.conftest import save_events


def user(text: str, intent: str, confidence: float, at: float) -> UserUttered:
    return UserUttered(text, {"name": intent, "confidence": confidence}, timestamp=at)


def rows(db, now: float) -> dict:
    found = list_conversations(open_engine(f"sqlite:///{db}"), now=now, low_confidence=0.5, closed_after_seconds=3600)
    return {row.conversation_id: row for row in found}


def test_states_and_flags_follow_what_happened(tmp_path):
    db, now = tmp_path / "tracker.db", time.time()
    save_events(db, "web:fine", [user("hi", "greet", 0.98, now - 60), BotUttered("Hello!", timestamp=now - 59)])
    save_events(
        db,
        "telegram:42",
        [
            user("blorp", "greet", 0.2, now - 30),
            ActionExecuted("utter_default", timestamp=now - 29),
            user("a person please", "request_human", 0.97, now - 20),
        ],
    )
    save_events(db, "web:old", [user("hi", "greet", 0.9, now - 7200)])
    save_events(
        db,
        "web:served",
        [user("a person", "request_human", 0.9, now - 300), ConversationResumed(timestamp=now - 100)],
    )
    found = rows(db, now)
    assert list(found) == ["telegram:42", "web:fine", "web:served", "web:old"]  # latest activity first
    assert (found["web:fine"].channel, found["web:fine"].state, found["web:fine"].flags) == ("web", WITH_BOT, ())
    assert found["web:fine"].last_message == now - 59
    waiting = found["telegram:42"]
    assert (waiting.channel, waiting.state, waiting.waiting_since) == ("telegram", WAITING, now - 20)
    assert waiting.flags == (FALLBACK, LOW_CONFIDENCE, ASKED_HUMAN)
    assert found["web:old"].state == CLOSED
    assert found["web:served"].state == WITH_BOT  # handed back after asking


def test_a_takeover_shows_who_has_the_conversation(tmp_path):
    db, now = tmp_path / "tracker.db", time.time()
    save_events(db, "web:taken", [user("a person", "request_human", 0.9, now - 10)])
    with open_engine(f"sqlite:///{db}").begin() as connection:
        connection.execute(
            takeovers.insert().values(conversation_id="web:taken", username="eva", display_name="Eva", since=now)
        )
    row = rows(db, now)["web:taken"]
    assert (row.state, row.operator) == (WITH_OPERATOR, "Eva")


def test_a_database_rasa_has_not_written_to_yet_lists_nothing(tmp_path):
    assert rows(tmp_path / "empty.db", time.time()) == {}


def test_a_conversation_the_bot_failed_twice_waits_in_the_queue_until_someone_takes_it(tmp_path):
    db, now = tmp_path / "tracker.db", time.time()
    save_events(
        db,
        "web:lost",
        [user("blorft", "nlu_fallback", 0.2, now - 30), ActionExecuted("utter_default", timestamp=now - 29)],
    )
    engine = open_engine(f"sqlite:///{db}")
    queue = HandoffQueue(engine, stale_after=3600, clock=lambda: now - 29)
    queue.enter("web:lost", "bot_failed")
    lost = rows(db, now)["web:lost"]
    assert (lost.state, lost.waiting_since) == (WAITING, now - 29)
    queue.taken("web:lost", "eva")
    assert rows(db, now)["web:lost"].state == WITH_BOT


def test_the_same_words_twice_or_the_same_intent_three_times_flag_a_user_repeating_themself(tmp_path):
    db, now = tmp_path / "tracker.db", time.time()
    save_events(
        db,
        "web:words",
        [user("Jobs in  Lund?", "search_jobs", 0.9, now - 50), user("jobs in lund?", "search_jobs", 0.9, now - 40)],
    )
    save_events(
        db,
        "web:intent",
        [user(f"help {i}", "help", 0.9, now - 30 + i) for i in range(3)],
    )
    save_events(
        db,
        "web:varied",
        [user("hi", "greet", 0.9, now - 20), user("help", "help", 0.9, now - 19), user("hi", "greet", 0.9, now - 18)],
    )
    taps = [user('/show_plan{"plan_op":"more"}', "show_plan", 1.0, now - 10 + i) for i in range(3)]
    save_events(db, "web:taps", taps)
    found = rows(db, now)
    assert REPEATING in found["web:words"].flags
    assert REPEATING in found["web:intent"].flags
    assert REPEATING not in found["web:varied"].flags
    assert REPEATING not in found["web:taps"].flags, "tapping the same button is not repeating oneself"


def test_a_vacancy_source_that_was_down_flags_api_errors(tmp_path):
    db, now = tmp_path / "tracker.db", time.time()
    down = BotUttered(
        "The job ads service is not answering.",
        metadata={"utter_action": "utter_vacancy_source_down"},
        timestamp=now - 5,
    )
    fine = BotUttered("I found 6 ads.", metadata={"utter_action": "utter_vacancies_found"}, timestamp=now - 5)
    save_events(db, "web:down", [user("welder jobs", "search_jobs", 0.9, now - 6), down])
    save_events(db, "web:fine", [user("welder jobs", "search_jobs", 0.9, now - 6), fine])
    found = rows(db, now)
    assert found["web:down"].flags == (API_ERRORS,)
    assert found["web:fine"].flags == ()
