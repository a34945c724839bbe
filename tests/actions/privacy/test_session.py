"""First contact: the session start shows the notice to a user who never answered it, once."""

from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.privacy.notice import NoticeError, notice_values, parse_notice
from actions.privacy.session import ActionGreet, ActionPrivacyNotice, ActionSessionStart, guessed_language
from tests.content.test_plain_language import ROOT

NOTICE = {"event": "bot", "text": "Welcome!", "metadata": {"utter_action": "utter_privacy_notice"}}


async def run(action, slots: dict[str, Any], events: list[dict[str, Any]] | None = None):
    dispatcher = CollectingDispatcher()
    tracker = Tracker("telegram:1", slots, {"text": "hi"}, events or [], False, None, {}, None)
    return dispatcher.messages, await action.run(dispatcher, tracker, {})


@pytest.mark.parametrize("consent", [None], ids=["never_answered"])
async def test_a_new_user_gets_the_notice_with_its_placeholders_before_anything_else(consent):
    messages, events = await run(ActionSessionStart(), {"consent_given": consent})
    assert [m["response"] for m in messages] == ["utter_privacy_notice"]
    assert messages[0]["controller"] == notice_values()["controller"]
    assert {"contact", "retention_days"} <= messages[0].keys()
    assert [e["event"] for e in events] == ["session_started", "action"]


@pytest.mark.parametrize("consent", [True, False], ids=["agreed", "declined"])
async def test_a_user_who_answered_is_not_asked_again_and_keeps_their_slots(consent):
    slots = {"consent_given": consent, "profile": {"occupations": ["x"]}, "session_started_metadata": {"a": 1}}
    messages, events = await run(ActionSessionStart(), slots)
    assert messages == []
    carried = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert carried == slots, "the old slots, and Rasa's metadata slot once"


async def test_greeting_and_start_right_after_the_session_notice_say_nothing_more():
    events = [{"event": "action", "name": "action_session_start"}, NOTICE, {"event": "user", "text": "/greet"}]
    assert (await run(ActionGreet(), {}, events))[0] == []
    assert (await run(ActionPrivacyNotice(), {}, events))[0] == []


async def test_greeting_and_start_later_greet_and_show_the_notice_again():
    events = [NOTICE, {"event": "user", "text": "hi"}, {"event": "user", "text": "/start"}]
    assert [m["response"] for m in (await run(ActionGreet(), {"consent_given": True}, events))[0]] == ["utter_greet"]
    assert [m["response"] for m in (await run(ActionPrivacyNotice(), {}, events))[0]] == ["utter_privacy_notice"]


def test_the_notice_values_come_from_the_data_file_and_the_retention_variable():
    values = parse_notice(
        {"controller": " Arbetsförmedlingen ", "contact": "dpo@example.se"}, {"ORIENTA_RETENTION_DAYS": "90"}
    )
    assert values == {"controller": "Arbetsförmedlingen", "contact": "dpo@example.se", "retention_days": "90"}
    assert parse_notice({"controller": "A", "contact": "B"}, {})["retention_days"] == "180"


@pytest.mark.parametrize(
    ("raw", "environment", "named"),
    [
        ({"controller": "", "contact": "x"}, {}, "controller"),
        ({"controller": "A"}, {}, "contact"),
        ([], {}, "mapping"),
        ({"controller": "A", "contact": "B"}, {"ORIENTA_RETENTION_DAYS": "soon"}, "ORIENTA_RETENTION_DAYS"),
        ({"controller": "A", "contact": "B"}, {"ORIENTA_RETENTION_DAYS": "0"}, "positive"),
    ],
)
def test_a_bad_notice_file_or_retention_is_refused_with_a_message_that_names_it(raw, environment, named):
    with pytest.raises(NoticeError, match=named):
        parse_notice(raw, environment)


DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


async def test_the_gateways_guess_sets_the_language_and_the_notice_is_already_in_it():
    dispatcher = CollectingDispatcher()
    slots = {"language": "en", "session_started_metadata": {"language_guess": "sv", "channel": "telegram"}}
    tracker = Tracker("telegram:2", slots, {"text": "hej"}, [], False, None, {}, None)
    events = await ActionSessionStart().run(dispatcher, tracker, DOMAIN)
    notice, told = dispatcher.messages
    assert notice["text"].startswith("Välkommen!") and notice_values()["controller"] in notice["text"]
    assert [b["payload"] for b in notice["buttons"]] == ["/consent_given", "/consent_declined"]
    assert notice["utter_action"] == "utter_privacy_notice", "the bot event names the response, as Rasa's would"
    assert told["custom"] == {"type": "language", "language": "sv", "guessed": True}
    assert [e["value"] for e in events if e["event"] == "slot" and e["name"] == "language"] == ["en", "sv"]


@pytest.mark.parametrize(
    ("metadata", "current", "expected"),
    [
        ({"language_guess": "sv-SE"}, "en", "sv"),
        ({"language_guess": "sv"}, None, "sv"),
        ({"language_guess": "sv"}, "sv", None),
        ({"language_guess": "en"}, "sv", None),
        ({"language_guess": "de"}, "en", None),
        ({"language": "sv"}, "en", None),
        (None, "en", None),
    ],
    ids=["guessed", "no_slot_yet", "already_so", "chosen_before_stays", "unknown", "hint_alone_is_not_a_guess", "none"],
)
def test_only_a_known_guess_that_changes_the_default_language_counts(metadata, current, expected):
    assert guessed_language(metadata, current) == expected


async def test_without_a_guess_the_notice_is_rasas_response_in_the_slots_language():
    slots = {"language": "sv", "session_started_metadata": {"language": "en"}}
    messages, events = await run(ActionSessionStart(), slots)
    assert [m["response"] for m in messages] == ["utter_privacy_notice"]
    assert [e["value"] for e in events if e["event"] == "slot" and e["name"] == "language"] == ["sv"]
