"""The cross-channel link: one-time codes that expire, are stored hashed and resist guessing."""

import sqlite3

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.privacy import link_actions
from actions.privacy.link import ALPHABET, CODE_TTL_SECONDS, MAX_FAILED, LinkStore, Outcome, code_in, new_code

SLOTS = {"profile": {"occupations": ["welder"]}, "jobsearch": {"goal": 1}, "consent_given": True, "vacancy_search": {}}


@pytest.fixture
def db(tmp_path):
    return tmp_path / "tracker.db"


@pytest.fixture
def store(db):
    return LinkStore(f"sqlite:///{db}")


def test_codes_are_six_unambiguous_characters_with_a_digit_and_a_letter():
    for _ in range(200):
        code = new_code()
        assert len(code) == 6 and set(code) <= set(ALPHABET)
        assert any(c.isdigit() for c in code) and any(c.isalpha() for c in code)
    assert not set("01OIL") & set(ALPHABET)


def test_a_code_is_found_in_what_the_user_types_and_words_are_not_taken_for_codes():
    assert code_in("link k7m2qx please") == "K7M2QX"
    assert code_in("my code is: 4HX9PT.") == "4HX9PT"
    assert code_in("/link_accounts") is None
    assert code_in("change") is None, "six letters without a digit is a word"
    assert code_in("link K7M2QX9") is None


def test_a_code_links_once_copies_only_the_profile_slots_and_is_stored_hashed(store, db):
    code = store.issue("telegram:1", SLOTS, now=1000.0)
    with sqlite3.connect(db) as connection:
        stored = [row[0] for row in connection.execute("SELECT code_hash FROM link_codes")]
    assert stored and code not in stored[0]
    used = store.redeem("web:2", code.lower(), now=1001.0)
    assert used.outcome is Outcome.LINKED and used.source == "telegram:1"
    assert used.slots == {"profile": {"occupations": ["welder"]}, "jobsearch": {"goal": 1}}
    assert store.linked("web:2") == ["telegram:1"] and store.linked("telegram:1") == ["web:2"]
    assert store.redeem("web:3", code, now=1002.0).outcome is Outcome.INVALID, "single use"


def test_an_expired_code_and_the_chats_own_code_are_refused(store):
    code = store.issue("telegram:1", SLOTS, now=1000.0)
    assert store.redeem("telegram:1", code, now=1001.0).outcome is Outcome.OWN_CODE
    assert store.redeem("web:2", code, now=1000.0 + CODE_TTL_SECONDS + 1).outcome is Outcome.INVALID


def test_asking_again_replaces_the_earlier_code(store):
    first = store.issue("telegram:1", SLOTS, now=1000.0)
    second = store.issue("telegram:1", SLOTS, now=1001.0)
    assert store.redeem("web:2", first, now=1002.0).outcome is Outcome.INVALID
    assert store.redeem("web:2", second, now=1003.0).outcome is Outcome.LINKED


def test_guessing_is_stopped_after_a_few_wrong_codes_even_for_a_right_one(store):
    code = store.issue("telegram:1", SLOTS, now=1000.0)
    for n in range(MAX_FAILED):
        assert store.redeem("web:2", "AAAA22", now=1001.0 + n).outcome is Outcome.INVALID
    assert store.redeem("web:2", code, now=1010.0).outcome is Outcome.TOO_MANY_TRIES
    assert store.redeem("web:3", code, now=1011.0).outcome is Outcome.LINKED, "other chats are not blocked"


def test_the_block_lifts_after_the_code_lifetime(store):
    for n in range(MAX_FAILED):
        store.redeem("web:2", "AAAA22", now=1000.0 + n)
    code = store.issue("telegram:1", SLOTS, now=1000.0 + CODE_TTL_SECONDS + 10)
    assert store.redeem("web:2", code, now=1000.0 + CODE_TTL_SECONDS + 11).outcome is Outcome.LINKED


def test_unlinking_removes_both_directions(store):
    store.redeem("web:2", store.issue("telegram:1", SLOTS, now=1000.0), now=1001.0)
    assert store.unlink("web:2") == 1
    assert store.linked("telegram:1") == [] and store.linked("web:2") == []
    assert store.unlink("web:2") == 0


async def run(sender: str, text: str, slots: dict) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    tracker = Tracker(sender, slots, {"text": text, "intent": {"name": "link_accounts"}}, [], False, None, {}, None)
    events = await link_actions.ActionLinkAccounts().run(dispatcher, tracker, {})
    return dispatcher.messages, events


async def test_the_action_gives_a_code_and_the_other_chat_gets_the_profile_slots(monkeypatch, db):
    monkeypatch.setenv("ORIENTA_TRACKER_URL", f"sqlite:///{db}")
    link_actions.link_store.cache_clear()
    messages, _ = await run("telegram:1", "/link_accounts", SLOTS)
    assert messages[0]["response"] == "utter_link_code" and messages[0]["minutes"] == "10"
    code = messages[0]["code"]
    messages, events = await run("web:2", f"link {code}", {"consent_given": True})
    assert messages[0]["response"] == "utter_linked"
    assert {e["name"]: e["value"] for e in events} == {k: v for k, v in SLOTS.items() if k in ("profile", "jobsearch")}
    messages, events = await run("web:3", f"link {code}", {"consent_given": True})
    assert messages[0]["response"] == "utter_link_code_invalid" and events == []
    link_actions.link_store.cache_clear()
