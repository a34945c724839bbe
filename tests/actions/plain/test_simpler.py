"""The "simpler, please" request: which variant is said again, with which values and buttons, and the kind answer
when there is none."""

from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.plain.simpler import NO_SIMPLER, ActionSaySimpler, last_answer, simpler_replies
from tests.content.test_plain_language import ROOT

RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
HELP_BUTTONS = [{"title": "Look for vacancies", "payload": "/search_jobs"}]
PARTS = [{"title": "Interests", "payload": '/start_assessment{"module":"interests"}'}]


def bot(response: str | None, buttons: list[dict[str, Any]] | None = None, **metadata: Any) -> dict[str, Any]:
    """A bot event as Rasa 3.6 records it: the response's name and the values in the metadata."""
    if response:
        metadata["utter_action"] = response
    return {"event": "bot", "text": "…", "data": {"buttons": buttons}, "metadata": metadata}


def user(text: str) -> dict[str, Any]:
    return {"event": "user", "text": text}


async def run(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    tracker = Tracker("web:1", {"language": "sv"}, {"text": "enklare tack"}, events, False, None, {}, None)
    assert await ActionSaySimpler().run(dispatcher, tracker, {"responses": RESPONSES}) == []
    return dispatcher.messages


def test_the_last_answer_is_what_the_bot_said_since_the_users_previous_message():
    events = [user("hi"), bot("utter_greet"), user("help"), bot("utter_help"), bot(None), user("simpler")]
    assert [event["metadata"].get("utter_action") for event in last_answer(events)] == ["utter_help", None]


def test_the_privacy_notice_of_the_session_start_is_the_answer_before_a_first_message():
    events = [{"event": "action", "name": "action_session_start"}, bot("utter_privacy_notice"), user("simpler")]
    assert [event["metadata"]["utter_action"] for event in last_answer(events)] == ["utter_privacy_notice"]


async def test_the_simpler_variant_is_said_with_the_values_the_original_was_filled_with():
    notice = bot("utter_privacy_notice", controller="AF", contact="dpo@af.se", retention_days="180", condition=[{}])
    messages = await run([notice, user("enklare tack")])
    assert [m["response"] for m in messages] == ["utter_privacy_notice_simpler"]
    assert {key: messages[0].get(key) for key in ("controller", "contact", "retention_days")} == {
        "controller": "AF",
        "contact": "dpo@af.se",
        "retention_days": "180",
    }
    assert "condition" not in messages[0], "Rasa's own metadata is not passed on as a value"


async def test_a_variant_with_its_own_buttons_does_not_repeat_the_originals():
    messages = await run([user("help"), bot("utter_help", HELP_BUTTONS), user("simpler")])
    assert [(m["response"], m["buttons"]) for m in messages] == [("utter_help_simpler", [])]


async def test_buttons_the_action_added_are_kept_when_the_variant_has_none():
    messages = await run([user("test"), bot("utter_assessment_choose", PARTS), user("simpler")])
    assert [(m["response"], m["buttons"]) for m in messages] == [("utter_assessment_choose_simpler", PARTS)]


def test_each_message_of_the_answer_with_a_variant_is_said_again_and_the_others_are_left_out():
    answer = [bot(None), bot("utter_vacancy_source_down", site="https://arbetsformedlingen.se"), bot("utter_goodbye")]
    replies = simpler_replies(answer, RESPONSES)
    assert [(r.response, r.values) for r in replies] == [
        ("utter_vacancy_source_down_simpler", {"site": "https://arbetsformedlingen.se"})
    ]


async def test_without_a_variant_the_kind_answer_offers_a_person_and_the_last_answers_buttons():
    buttons = [*HELP_BUTTONS, {"title": "Talk to a person", "payload": "/request_human"}]
    messages = await run([user("jobs"), bot("utter_no_more_vacancies", buttons), bot(None), user("simpler")])
    assert [(m["response"], m["buttons"]) for m in messages] == [(NO_SIMPLER, HELP_BUTTONS)]


async def test_asked_twice_the_simpler_answer_cannot_be_said_more_simply():
    messages = await run([user("help"), bot("utter_help"), user("simpler"), bot("utter_help_simpler"), user("simpler")])
    assert [m["response"] for m in messages] == [NO_SIMPLER]


def test_nothing_said_before_and_no_responses_known_still_give_the_kind_answer():
    assert [r.response for r in simpler_replies([], RESPONSES)] == [NO_SIMPLER]
    assert [r.response for r in simpler_replies([bot("utter_help")], {})] == [NO_SIMPLER]


def test_every_simpler_variant_has_an_original_and_speaks_both_languages():
    simpler = [name for name in RESPONSES if name.endswith("_simpler")]
    assert len(simpler) >= 12
    for name in simpler:
        assert name.removesuffix("_simpler") in RESPONSES, f"{name} has no original"
        languages = [(v.get("condition") or [{}])[0].get("value", "en") for v in RESPONSES[name]]
        assert sorted(languages) == ["en", "sv"], name
