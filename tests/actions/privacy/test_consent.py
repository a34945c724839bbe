"""The one consent check: only an agreed privacy notice lets an action keep personal data."""

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.jobsearch.actions import ActionPlanReminders, ActionSetGoal, reminder_store
from actions.jobsearch.application_actions import ActionLogApplication
from actions.jobsearch.cv_actions import ActionCv
from actions.jobsearch.interview_actions import ActionStartInterview
from actions.privacy.consent import (
    consent_state,
    may_keep_personal_data,
    notice_shown_just_before,
    refused_without_consent,
)
from actions.privacy.link_actions import ActionLinkAccounts
from actions.vacancies.ad_actions import ActionSaveVacancy
from actions.vacancies.alert_actions import ActionCreateJobAlert


def tracker(intent: str = "x", **slots: Any) -> Tracker:
    return Tracker("web:c", slots, {"text": "", "intent": {"name": intent}, "entities": []}, [], False, None, {}, None)


@pytest.mark.parametrize(
    ("value", "state", "allowed"), [(True, True, True), (False, False, False), (None, None, False)]
)
def test_only_an_agreement_allows_keeping_personal_data(value, state, allowed):
    assert consent_state(tracker(consent_given=value)) is state
    assert may_keep_personal_data(tracker(consent_given=value)) is allowed


def test_without_consent_the_refusal_explains_and_ends_the_turn():
    dispatcher = CollectingDispatcher()
    events = refused_without_consent(dispatcher, tracker(consent_given=False))
    assert [m["response"] for m in dispatcher.messages] == ["utter_needs_consent"]
    assert events == [{"event": "followup", "name": "action_listen", "timestamp": None}]


def test_with_consent_there_is_no_refusal_and_nothing_is_said():
    dispatcher = CollectingDispatcher()
    assert refused_without_consent(dispatcher, tracker(consent_given=True)) is None
    assert dispatcher.messages == []


STORING_ACTIONS = [
    (ActionSaveVacancy(), "save_vacancy"),
    (ActionCreateJobAlert(), "create_alert"),
    (ActionSetGoal(), "set_goal"),
    (ActionPlanReminders(), "start_reminders"),
    (ActionCv(), "start_cv"),
    (ActionLogApplication(), "log_application"),
    (ActionStartInterview(), "practise_interview"),
    (ActionLinkAccounts(), "link_accounts"),
]


@pytest.mark.parametrize(("action", "intent"), STORING_ACTIONS, ids=[a.name() for a, _ in STORING_ACTIONS])
@pytest.mark.parametrize("consent", [False, None], ids=["declined", "never_answered"])
async def test_every_storing_action_refuses_without_consent_and_sets_no_slot(action, intent, consent):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker(intent, consent_given=consent), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_needs_consent"]
    assert [e for e in events if e["event"] == "slot"] == []


async def test_stopping_reminders_needs_no_consent(monkeypatch, tmp_path):
    monkeypatch.setenv("ORIENTA_TRACKER_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    reminder_store.cache_clear()
    dispatcher = CollectingDispatcher()
    await ActionPlanReminders().run(dispatcher, tracker("stop_reminders", consent_given=False), {})
    reminder_store.cache_clear()
    assert dispatcher.messages and "utter_needs_consent" not in [m.get("response") for m in dispatcher.messages]


def user(text: str) -> dict:
    return {"event": "user", "text": text}


NOTICE = {"event": "bot", "text": "Welcome!", "metadata": {"utter_action": "utter_privacy_notice"}}


def test_the_notice_counts_as_just_shown_only_between_the_previous_message_and_this_one():
    session_start = [{"event": "action", "name": "action_session_start"}, NOTICE, {"event": "session_started"}]
    assert notice_shown_just_before([*session_start, {"event": "action", "name": "action_listen"}, user("/greet")])
    assert notice_shown_just_before([*session_start, user("/start"), {"event": "slot", "name": "x", "value": 1}])
    assert not notice_shown_just_before([*session_start, user("hi"), {"event": "bot", "text": "Hello"}, user("hi")])
    assert not notice_shown_just_before([user("/greet")])
