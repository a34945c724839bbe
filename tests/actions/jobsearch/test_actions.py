from datetime import timedelta
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.jobsearch.actions import (
    ActionJobSearchPlan,
    ActionJobSearchProgress,
    ActionPlanReminder,
    ActionPlanReminders,
    ActionSetGoal,
    assessment_progress,
    digital_low,
    reminder_store,
    today,
)
from actions.jobsearch.application_actions import ActionListApplications, ActionLogApplication
from actions.jobsearch.state import Application, JobSearch, PlanItem

WELDER = "esco:7aedaa07-3884-4c5b-88f9-80997b2aa54b"
MALMO = "municipality:oYPt_yRA_Smm"


# Users here agreed to the privacy notice; tests/actions/privacy/test_consent.py covers refusals.
def tracker(intent: str, entities=(), **slots: Any) -> Tracker:
    message = {"text": "", "intent": {"name": intent}, "entities": list(entities)}
    return Tracker("web:t", {"consent_given": True, **slots}, message, [], False, None, {}, None)


async def run(action, intent: str, entities=(), **slots: Any):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker(intent, entities, **slots), {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


async def test_a_named_occupation_and_place_become_the_goal_with_their_labels():
    entities = [{"entity": "occupation", "value": WELDER}, {"entity": "place", "value": MALMO}]
    messages, slots = await run(ActionSetGoal(), "set_goal", entities)
    goal = JobSearch.from_slot(slots["jobsearch"]).goal
    assert goal.occupations == ((WELDER, "welder"),)
    assert goal.place == "Malmö"
    assert messages[0]["response"] == "utter_goal_ask_start"
    assert messages[0]["occupations"] == "welder"


async def test_the_profiles_occupations_are_offered_when_none_is_named():
    messages, _ = await run(ActionSetGoal(), "set_goal", profile={"occupations": [WELDER.removeprefix("esco:")]})
    assert messages[0]["response"] == "utter_goal_ask_suggested"
    assert messages[0]["buttons"] == [{"title": "welder", "payload": f'/set_goal{{"occupation":"{WELDER}"}}'}]


async def test_a_tapped_due_date_lands_in_the_slot_counted_from_today():
    entities = [
        {"entity": "plan_op", "value": "due"},
        {"entity": "plan_action", "value": "update_cv"},
        {"entity": "due_days", "value": "7"},
    ]
    messages, slots = await run(ActionJobSearchPlan(), "show_plan", entities)
    item = JobSearch.from_slot(slots["jobsearch"]).item("update_cv")
    assert item is not None and (item.due - today()).days == 7
    assert messages[0]["response"] == "utter_plan_added"


async def test_a_typed_my_plan_without_a_plan_offers_suggestions_for_this_user():
    finished = {"interests": {"latest": {}}, "cms": {"latest": {}}}
    messages, _ = await run(ActionJobSearchPlan(), "show_plan", assessment={"results": finished})
    assert messages[0]["response"] == "utter_plan_intro"
    assert any('"assessment"' in b["payload"] for b in messages[0]["buttons"])


async def test_the_step_map_reads_each_steps_slot():
    goal = JobSearch.from_slot({"goal": {"occupations": [{"key": WELDER, "label": "welder"}]}}).to_slot()
    messages, slots = await run(
        ActionJobSearchProgress(), "job_search_progress", jobsearch=goal, saved_vacancies=[{"id": "1"}]
    )
    assert slots == {}
    lines = messages[0]["steps"].splitlines()
    assert lines[1].startswith("✓") and lines[4].startswith("✓") and lines[0].startswith("☐")
    assert lines[3] == "☐ Write your CV"
    assert messages[0]["buttons"][0]["payload"] == "/start_assessment"


def test_assessment_progress_counts_the_parts_with_a_result():
    state = {"results": {"interests": {"latest": {"module": "interests"}}, "digital": {"previous": {}}}}
    progress = assessment_progress(state)
    assert (progress.done, progress.total) == (1, 4)


def test_a_low_band_in_the_digital_result_asks_for_the_course():
    low = {"results": {"digital": {"latest": {"module": "digital", "scores": {"safety": [2.0, 2, "low"]}}}}}
    high = {"results": {"digital": {"latest": {"module": "digital", "scores": {"safety": [4.5, 2, "high"]}}}}}
    assert digital_low(low) and not digital_low(high) and not digital_low(None)


@pytest.fixture
def reminder_db(tmp_path, monkeypatch):
    monkeypatch.setenv("ORIENTA_TRACKER_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    reminder_store.cache_clear()
    yield reminder_store()
    reminder_store.cache_clear()


async def test_stop_reminders_takes_effect_at_once_in_the_scheduler_table(reminder_db):
    plan = JobSearch(plan=(PlanItem("update_cv", today()),), reminders=True).to_slot()
    _, slots = await run(ActionPlanReminders(), "start_reminders", jobsearch=plan)
    assert reminder_db.when("web:t") is not None
    messages, slots = await run(ActionPlanReminders(), "stop_reminders", jobsearch=slots["jobsearch"])
    assert messages[0]["response"] == "utter_reminders_off"
    assert JobSearch.from_slot(slots["jobsearch"]).reminders is False
    assert reminder_db.when("web:t") is None


async def test_the_woken_conversation_is_reminded_once_a_day_of_what_is_due_today(reminder_db):
    plan = JobSearch(plan=(PlanItem("update_cv", today()),), reminders=True).to_slot()
    messages, slots = await run(ActionPlanReminder(), "EXTERNAL_plan_reminder", jobsearch=plan)
    assert messages[0]["response"] == "utter_plan_reminder"
    assert "Update my CV" in messages[0]["steps"]
    again, _ = await run(ActionPlanReminder(), "EXTERNAL_plan_reminder", jobsearch=slots["jobsearch"])
    assert again == []


async def test_a_step_done_before_the_wake_up_is_not_reminded_of(reminder_db):
    plan = JobSearch(plan=(PlanItem("update_cv", today(), done=True),), reminders=True).to_slot()
    messages, slots = await run(ActionPlanReminder(), "EXTERNAL_plan_reminder", jobsearch=plan)
    assert messages == [] and slots == {}
    assert reminder_db.when("web:t") is None


async def test_i_applied_for_logs_the_job_as_typed_and_a_saved_ads_button_logs_that_ad():
    tracker_ = tracker("log_application")
    tracker_.latest_message["text"] = "I applied for the cook job at Hotel Nord"
    dispatcher = CollectingDispatcher()
    events = await ActionLogApplication().run(dispatcher, tracker_, {})
    (app,) = JobSearch.from_slot(events[0]["value"]).applications
    assert app.title == "the cook job at Hotel Nord" and dispatcher.messages[0]["response"] == "utter_app_logged"

    saved = [{"uid": "ad-9", "title": "Welder", "employer": "Volvo"}]
    _, slots = await run(
        ActionLogApplication(), "log_application", [{"entity": "app_saved", "value": "ad-9"}], saved_vacancies=saved
    )
    (app,) = JobSearch.from_slot(slots["jobsearch"]).applications
    assert (app.title, app.employer) == ("Welder", "Volvo")


async def test_a_status_button_changes_the_application_and_my_applications_lists_it():
    search = JobSearch(applications=(Application("a1", "Cook", None, "applied", today(), today()),))
    entities = [
        {"entity": "app_op", "value": "set"},
        {"entity": "app_id", "value": "a1"},
        {"entity": "app_status", "value": "offer"},
    ]
    messages, slots = await run(ActionListApplications(), "list_applications", entities, jobsearch=search.to_slot())
    assert messages[0]["response"] == "utter_app_status_offer"
    messages, slots = await run(ActionListApplications(), "list_applications", jobsearch=slots["jobsearch"])
    assert messages[0]["response"] == "utter_app_list" and "Cook: got an offer" in messages[0]["applications"]
    assert slots == {}, "only showing the diary changes nothing"


async def test_the_reminder_suggests_following_up_an_application_without_news(reminder_db):
    week_ago = today() - timedelta(days=7)
    search = JobSearch(applications=(Application("a1", "Cook", None, "applied", week_ago, week_ago),), reminders=True)
    messages, slots = await run(ActionPlanReminder(), "EXTERNAL_plan_reminder", jobsearch=search.to_slot())
    assert [m["response"] for m in messages] == ["utter_app_follow_up"] and messages[0]["titles"] == "Cook"
    assert JobSearch.from_slot(slots["jobsearch"]).reminded_on == today()
