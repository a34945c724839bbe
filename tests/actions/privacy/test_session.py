"""First contact: the session start shows the notice to a user who never answered it, once."""

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.privacy.notice import NoticeError, notice_values, parse_notice
from actions.privacy.session import ActionGreet, ActionPrivacyNotice, ActionSessionStart

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
