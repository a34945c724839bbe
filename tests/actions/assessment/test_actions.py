from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.assessment.form_actions import (
    ActionAfterConsent,
    ActionAskAssessmentAnswer,
    ActionExplainQuestion,
    ActionStartAssessment,
    ValidateAssessmentForm,
)
from actions.assessment.questionnaire import default_modules
from actions.assessment.result_actions import ActionAssessmentFinished, ActionShowResults


def tracker(intent: str = "", entities=(), **slots: Any) -> Tracker:
    return Tracker(
        "web:t", slots, {"text": "", "intent": {"name": intent}, "entities": list(entities)}, [], False, None, {}, None
    )


async def run(action, slots: dict[str, Any], intent: str = "", entities=()):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker(intent, entities, **slots), {})
    new = dict(slots)
    new.update({e["name"]: e["value"] for e in events if e.get("event") == "slot"})
    return dispatcher.messages, new, events


def validate(slots: dict[str, Any], text: str):
    dispatcher = CollectingDispatcher()
    changes = ValidateAssessmentForm().validate_assessment_answer(text, dispatcher, tracker(**slots), {})
    return dispatcher.messages, {**slots, **changes}


DIGITAL = [{"entity": "assessment_module", "value": "digital"}]


@pytest.fixture(autouse=True)
def media(tmp_path, monkeypatch):
    monkeypatch.setenv("ORIENTA_DATA_DIR", str(tmp_path))
    return tmp_path / "media"


async def test_without_a_module_the_three_modules_are_offered_with_their_length():
    messages, _, _ = await run(ActionStartAssessment(), {}, "start_assessment")
    (offer,) = messages
    assert offer["response"] == "utter_assessment_choose"
    digital = default_modules()["digital"]
    assert f"{digital.title} ({digital.question_count} questions, about {digital.estimated_minutes} min)" in [
        b["title"] for b in offer["buttons"]
    ]


async def test_without_consent_orienta_asks_first_and_agreeing_starts_the_chosen_module():
    messages, slots, _ = await run(ActionStartAssessment(), {}, "start_assessment", DIGITAL)
    assert [m["response"] for m in messages] == ["utter_assessment_needs_consent"]
    messages, slots, _ = await run(ActionAfterConsent(), {**slots, "consent_given": True}, "consent_given")
    assert messages[0]["response"] == "utter_assessment_intro"
    assert slots["assessment_ready"] is True, "the rules now run the form"
    assert slots["assessment"]["module"] == "digital"


async def test_consent_with_nothing_pending_shows_the_help():
    messages, _, _ = await run(ActionAfterConsent(), {"consent_given": True}, "consent_given")
    assert messages[0]["response"] == "utter_help"


async def test_a_question_shows_its_number_the_answer_words_and_the_extra_buttons():
    _, slots, _ = await run(ActionStartAssessment(), {"consent_given": True}, "start_assessment", DIGITAL)
    (ask,), _, _ = await run(ActionAskAssessmentAnswer(), slots)
    digital = default_modules()["digital"]
    assert (ask["number"], ask["total"], ask["question"]) == (1, digital.question_count, digital.items[0].text)
    payloads = [b["payload"] for b in ask["buttons"]]
    assert payloads == ["1", "2", "3", "4", "5", "skip", "/explain_question", "later"]


async def test_the_whole_module_by_buttons_ends_in_results_with_a_chart_and_next_steps(media):
    _, slots, _ = await run(ActionStartAssessment(), {"consent_given": True}, "start_assessment", DIGITAL)
    digital = default_modules()["digital"]
    for n in range(digital.question_count):
        _, slots = validate(slots, "4" if n % 2 else "2")
        assert slots["assessment_answer"] == (None if n < digital.question_count - 1 else "done")
    messages, slots, _ = await run(ActionAssessmentFinished(), slots)
    chart = next(m["custom"] for m in messages if m.get("custom"))
    assert chart["type"] == "chart" and chart["alt"] and chart["url"].startswith("/media/")
    assert (media / chart["url"].removeprefix("/media/")).read_bytes().startswith(b"\x89PNG")
    assert messages[-1]["response"] == "utter_assessment_next"
    assert "digital" in slots["assessment"]["results"] and slots["assessment"]["module"] is None


async def test_pausing_keeps_the_answers_and_says_how_far_the_user_got():
    _, slots, _ = await run(ActionStartAssessment(), {"consent_given": True}, "start_assessment", DIGITAL)
    _, slots = validate(slots, "3")
    _, slots = validate(slots, "later")
    assert slots["assessment_answer"] == "paused"
    messages, slots, _ = await run(ActionAssessmentFinished(), slots)
    assert messages[0]["response"] == "utter_assessment_paused" and messages[0]["done"] == 1
    messages, _, _ = await run(ActionStartAssessment(), {**slots, "assessment_answer": None}, "continue_assessment")
    assert messages[0]["response"] == "utter_assessment_resume" and messages[0]["done"] == 1


async def test_an_unclear_answer_is_asked_again_naming_the_options():
    _, slots, _ = await run(ActionStartAssessment(), {"consent_given": True}, "start_assessment", DIGITAL)
    messages, slots = validate(slots, "bananas")
    assert slots["assessment_answer"] is None
    digital = default_modules()["digital"]
    assert all(label in messages[0]["text"] for _, label in digital.answer_scale.labels)


async def test_why_do_you_ask_names_the_scale_of_the_current_question():
    _, slots, _ = await run(ActionStartAssessment(), {"consent_given": True}, "start_assessment", DIGITAL)
    (why,), _, _ = await run(ActionExplainQuestion(), slots, "explain_question")
    digital = default_modules()["digital"]
    assert digital.scale(digital.items[0].scale).title in why["text"]


async def test_interest_results_set_the_holland_code_of_the_profile_and_keep_the_rest():
    modules = default_modules()
    _, slots, _ = await run(
        ActionStartAssessment(),
        {"consent_given": True, "profile": {"occupations": ["x"]}},
        "start_assessment",
        [{"entity": "assessment_module", "value": "interests"}],
    )
    for item in modules["interests"].items:
        _, slots = validate(
            slots, "5" if item.scale == "S" else "4" if item.scale == "E" else "3" if item.scale == "A" else "1"
        )
    _, slots, _ = await run(ActionAssessmentFinished(), slots)
    assert slots["profile"] == {"occupations": ["x"], "holland_code": "SEA"}


async def test_show_my_results_before_any_module_offers_to_start():
    messages, _, _ = await run(ActionShowResults(), {}, "show_results")
    assert messages[0]["response"] == "utter_no_results"
