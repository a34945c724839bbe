"""Turns with the bot's reasoning, built from events as Rasa stores them."""

from __future__ import annotations

from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    SlotSet,
    UserUttered,
)

from bot.console.texts import ConsoleTexts
from bot.console.transcript import build_turns

ENGLISH = ConsoleTexts.load()["en"]


def as_json(*events) -> list[dict]:
    return [event.as_dict() for event in events]


def user(text: str, intent: str, confidence: float, **kwargs) -> UserUttered:
    return UserUttered(text, {"name": intent, "confidence": confidence}, **kwargs)


def test_each_user_message_starts_a_turn_with_intent_confidence_entities_actions_and_slots():
    events = as_json(
        ActionExecuted("action_session_start"),
        SlotSet("session_started_metadata", {"message_id": "abc"}),
        ActionExecuted("action_listen"),
        user("welder jobs in Malmö", "search_jobs", 0.91, entities=[{"entity": "city", "value": "Malmö"}]),
        ActionExecuted("action_search_vacancies", policy="RulePolicy", confidence=1.0),
        SlotSet("city", "Malmö"),
        BotUttered("I found 3 ads.", data={"buttons": [{"title": "More", "payload": "/more"}]}),
        ActionExecuted("action_listen"),
        user("thanks", "thank", 0.99),
    )
    first, second = build_turns(events, low_confidence=0.5)
    assert (first.user_text, first.intent, first.confidence) == ("welder jobs in Malmö", "search_jobs", 0.91)
    assert first.entities == ["city=Malmö"]
    assert [(s.kind, s.text) for s in first.steps] == [
        ("action", "action_search_vacancies"),
        ("slot", "city = Malmö"),
        ("bot", "I found 3 ads."),
    ]
    assert first.steps[0].detail == "RulePolicy 1.00" and first.steps[2].detail == "More"
    assert first.failures == [] and second.user_text == "thanks" and second.steps == []


def test_low_confidence_and_fallbacks_are_marked_as_failures():
    events = as_json(
        user("blorp", "greet", 0.31),
        ActionExecuted("action_default_ask_affirmation"),
        user("zzz", "nlu_fallback", 0.7),
        ActionExecuted("utter_default"),
    )
    unsure, fallback = build_turns(events, low_confidence=0.5)
    said = [ENGLISH.say(failure) for failure in unsure.failures]
    assert said == ["low NLU confidence (0.31 < 0.50)", "fallback: action_default_ask_affirmation"]
    said = [ENGLISH.say(failure) for failure in fallback.failures]
    assert said == ["NLU fallback: no intent was likely enough", "fallback: utter_default"]


def test_a_persons_messages_and_the_pause_and_resume_are_shown_as_such():
    events = as_json(
        user("I want a person", "request_human", 0.95),
        ConversationPaused(),
        BotUttered("Hi, I'm Eva.", metadata={"from": "operator", "operator": "Eva"}),
        user("hello Eva", "greet", 0.9),
        ConversationResumed(),
        BotUttered("I'm back."),
    )
    asked, answered = build_turns(events, low_confidence=0.5)
    assert [(s.kind, ENGLISH.say(s.text)) for s in asked.steps] == [
        ("note", "bot paused (a person took over)"),
        ("operator", "Hi, I'm Eva."),
    ]
    assert [s.kind for s in answered.steps] == ["note", "bot"]


def test_a_button_press_shows_the_title_the_user_saw():
    events = as_json(user("/search_jobs", "search_jobs", 1.0, metadata={"display_text": "Look for vacancies"}))
    (turn,) = build_turns(events, low_confidence=0.5)
    assert turn.user_text == "Look for vacancies"
