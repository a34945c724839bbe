"""The action server gets the tracker's state as Rasa computes it, with the latest two turns' events."""

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from rasa_sdk import Tracker

from actions.plain.simpler import last_answer
from actions.privacy.actions import CONFIRMATION, confirmed_just_now
from actions.privacy.consent import NOTICE_RESPONSE, notice_shown_just_before
from rasa_ext import action_payload
from rasa_ext.action_payload import action_call_format, recent_events

DOMAIN = Domain.load("domain.yml")
ORIGINAL_FORMAT = RemoteAction._action_call_format


def user(text: str, intent: str = "greet") -> UserUttered:
    return UserUttered(text, {"name": intent, "confidence": 0.9}, parse_data={"text": text, "intent": {"name": intent}})


def conversation() -> list:
    """A new user's first turns: the notice, consent, a form with slots, an erasure question."""
    return [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        SlotSet("language", "sv"),
        BotUttered("notice", metadata={"utter_action": NOTICE_RESPONSE}),
        ActionExecuted("action_listen"),
        user("hej"),
        ActionExecuted("action_greet"),
        ActionExecuted("action_listen"),
        user("jag godkänner", "affirm"),
        SlotSet("consent_given", True),
        ActionExecuted("utter_thanks"),
        BotUttered("thanks", metadata={"utter_action": "utter_thanks"}),
        ActionExecuted("assessment_form"),
        ActiveLoop("assessment_form"),
        SlotSet("requested_slot", "assessment_answer"),
        ActionExecuted("action_listen"),
        user("3", "inform"),
        SlotSet("assessment_answer", "3"),
        ActionExecuted(CONFIRMATION),
        BotUttered("sure?", metadata={"utter_action": "utter_confirm"}),
        ActionExecuted("action_listen"),
        user("ja", "affirm"),
        SlotSet("assessment_answer", "4"),
    ]


def test_the_events_start_at_the_users_second_to_last_message():
    events = conversation()
    assert recent_events(events) == events[16:]
    assert recent_events(events, turns=1) == events[21:]


def test_all_events_go_while_the_user_has_said_fewer_than_two_things():
    events = conversation()[:8]
    assert recent_events(events) == events
    assert recent_events([]) == []


@pytest.mark.parametrize("selective", [False, True])
def test_the_body_is_rasas_own_but_for_the_older_events(selective):
    tracker = DialogueStateTracker.from_events("web:x", conversation(), slots=DOMAIN.slots)
    endpoint = EndpointConfig("http://127.0.0.1:1/webhook", enable_selective_domain=selective)
    action = RemoteAction("action_greet", endpoint)
    ours, rasas = action_call_format(action, tracker, DOMAIN), ORIGINAL_FORMAT(action, tracker, DOMAIN)
    assert ours["tracker"].pop("events") == rasas["tracker"]["events"][16:]
    rasas["tracker"].pop("events")
    assert ours == rasas
    assert ours["tracker"]["active_loop"]["name"] == "assessment_form"
    assert ours["tracker"]["slots"]["consent_given"] is True


def prefixes(events):
    """Every point where an action may run: after each event of the conversation."""
    return [events[: end + 1] for end in range(len(events))]


def as_dicts(events):
    return [event.as_dict() for event in events]


def test_orientas_actions_read_the_same_from_the_recent_events_as_from_all():
    for events in prefixes(conversation()):
        full, sent = as_dicts(events), as_dicts(recent_events(events))
        assert confirmed_just_now(sent) == confirmed_just_now(full)
        assert notice_shown_just_before(sent) == notice_shown_just_before(full)
        assert last_answer(sent) == last_answer(full)


def test_the_forms_slots_to_validate_are_the_same_from_the_recent_events():
    for events in prefixes(conversation()):
        full = Tracker("web:x", {}, {}, as_dicts(events), False, None, {}, "action_listen")
        sent = Tracker("web:x", {}, {}, as_dicts(recent_events(events)), False, None, {}, "action_listen")
        assert sent.slots_to_validate() == full.slots_to_validate()


def test_the_checks_would_see_a_difference_in_what_is_sent():
    # Guard for the two tests above: with too few events the answers do differ.
    events = conversation()[:8]
    assert notice_shown_just_before(as_dicts(events)) is True
    assert notice_shown_just_before(as_dicts(events[4:])) is False


def test_install_makes_rasa_use_the_recent_events(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_action_call_format", ORIGINAL_FORMAT)
    action_payload.install()
    tracker = DialogueStateTracker.from_events("web:x", conversation(), slots=DOMAIN.slots)
    body = RemoteAction("action_greet", EndpointConfig("http://127.0.0.1:1/webhook"))._action_call_format(
        tracker, DOMAIN
    )
    assert len(body["tracker"]["events"]) == len(conversation()) - 16
