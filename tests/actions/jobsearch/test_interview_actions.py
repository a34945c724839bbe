from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.jobsearch.actions import ActionJobSearchProgress
from actions.jobsearch.interview_actions import (
    ActionAskInterviewAnswer,
    ActionExplainInterviewQuestion,
    ActionInterviewFinished,
    ActionStartInterview,
    ValidateInterviewForm,
    goal_group,
)
from actions.jobsearch.networking_actions import ActionNetworking
from actions.jobsearch.state import Goal, Interview, JobSearch

WELDER = "esco:7aedaa07-3884-4c5b-88f9-80997b2aa54b"
WELDER_GOAL = JobSearch(Goal(((WELDER, "welder"),)))
ANSWER = "When I worked at a garage I had to fix a car. I asked my boss and I fixed it. In the end it worked."


# Users here agreed to the privacy notice; tests/actions/privacy/test_consent.py covers refusals.
def tracker(intent: str = "", text: str = "", **slots: Any) -> Tracker:
    message = {"text": text, "intent": {"name": intent}, "entities": []}
    return Tracker("web:t", {"consent_given": True, **slots}, message, [], False, None, {}, None)


async def run(action, intent: str = "", **slots: Any):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker(intent, **slots), {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_the_goals_esco_occupation_gives_its_isco_major_group():
    assert goal_group(WELDER_GOAL) == "7"
    assert goal_group(JobSearch(Goal((("alias:nurse", "nurse"),)))) == "2"
    assert goal_group(JobSearch()) is None


async def test_starting_with_a_goal_names_the_occupation_and_sets_craft_questions():
    messages, slots = await run(ActionStartInterview(), "practise_interview", jobsearch=WELDER_GOAL.to_slot())
    assert messages[0]["response"] == "utter_interview_intro_goal"
    assert messages[0]["occupation"] == "welder"
    session = JobSearch.from_slot(slots["jobsearch"]).interview
    assert session.questions[1:3] == ("safety", "quality") and session.position == 0
    assert JobSearch.from_slot(slots["jobsearch"]).goal == WELDER_GOAL.goal


async def test_the_question_is_asked_with_skip_why_and_stop():
    slot = JobSearch(interview=Interview(("about_you", "safety", "strength"), 1)).to_slot()
    messages, _ = await run(ActionAskInterviewAnswer(), jobsearch=slot)
    assert messages[0]["response"] == "utter_interview_question"
    assert (messages[0]["number"], messages[0]["total"]) == (2, 3)
    assert messages[0]["question"] == "How do you make sure you work safely?"
    assert [b["payload"] for b in messages[0]["buttons"]] == ["skip", "/explain_question", "stop"]


async def test_an_answer_gets_its_checklist_and_the_form_keeps_asking():
    slot = JobSearch(interview=Interview(("about_you", "safety", "strength"))).to_slot()
    dispatcher = CollectingDispatcher()
    result = ValidateInterviewForm().validate_interview_answer(ANSWER, dispatcher, tracker(jobsearch=slot), {})
    assert result["interview_answer"] is None
    assert JobSearch.from_slot(result["jobsearch"]).interview.position == 1
    assert dispatcher.messages[0]["response"] == "utter_interview_feedback"
    assert "✓ Action: you say what you did yourself." in dispatcher.messages[0]["checks"]
    assert "not a score" in dispatcher.messages[0]["note"]


async def test_the_emptied_slot_at_the_start_is_no_answer():
    slot = JobSearch(interview=Interview(("about_you", "safety", "strength"))).to_slot()
    dispatcher = CollectingDispatcher()
    result = ValidateInterviewForm().validate_interview_answer(None, dispatcher, tracker(jobsearch=slot), {})
    assert result == {"interview_answer": None} and dispatcher.messages == []


async def test_stop_completes_the_form_and_the_place_is_kept_for_later():
    slot = JobSearch(interview=Interview(("about_you", "safety", "strength"), 1, 1)).to_slot()
    dispatcher = CollectingDispatcher()
    result = ValidateInterviewForm().validate_interview_answer("Stop", dispatcher, tracker(jobsearch=slot), {})
    assert result["interview_answer"] == "stopped" and dispatcher.messages == []
    messages, _ = await run(ActionInterviewFinished(), jobsearch=result["jobsearch"])
    assert messages[0]["response"] == "utter_interview_paused" and messages[0]["done"] == 1
    again, _ = await run(ActionStartInterview(), "practise_interview", jobsearch=result["jobsearch"])
    assert again[0]["response"] == "utter_interview_resume" and again[0]["done"] == 1


async def test_why_do_you_ask_explains_the_current_question():
    slot = JobSearch(interview=Interview(("about_you", "safety", "strength"), 1)).to_slot()
    messages, _ = await run(ActionExplainInterviewQuestion(), "explain_question", jobsearch=slot)
    assert messages[0]["why"].startswith("Safety is important in trades.")


async def test_the_step_map_shows_the_practice_under_way_then_done():
    started = JobSearch(interview=Interview(("a", "b", "c", "d"), 2)).to_slot()
    messages, _ = await run(ActionJobSearchProgress(), "job_search_progress", jobsearch=started)
    assert messages[0]["steps"].splitlines()[-1] == "☐ Practise for a job interview (2 of 4)"
    done = JobSearch(interview=Interview(("a", "b", "c", "d"), 4, 3, 1)).to_slot()
    messages, _ = await run(ActionJobSearchProgress(), "job_search_progress", jobsearch=done)
    assert messages[0]["steps"].splitlines()[-1] == "✓ Practise for a job interview"


async def test_events_come_from_the_configured_file(tmp_path, monkeypatch):
    events = tmp_path / "events.yml"
    events.write_text('events:\n  - {date: 2999-01-04, title: "Job fair", place: "Lund", url: "https://e.org"}\n')
    monkeypatch.setenv("ORIENTA_EVENTS_FILE", str(events))
    messages, _ = await run(ActionNetworking(), "show_events")
    assert messages[0]["response"] == "utter_events"
    assert "Job fair, Lund" in messages[0]["events"]


async def test_networking_tips_offer_the_counsellor():
    messages, slots = await run(ActionNetworking(), "networking_tips")
    assert messages[0]["response"] == "utter_networking_tips" and slots == {}
    assert messages[0]["buttons"][-1]["payload"] == "/request_human"
