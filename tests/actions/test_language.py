"""Choosing the language in the dialogue: which one a message asks for, and what the action does."""

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.language import ActionSetLanguage, chosen_language, language_of, response_in


def tracker(text: str, entities: list[dict] | None = None, slots: dict | None = None) -> Tracker:
    latest = {"text": text, "intent": {"name": "choose_language"}, "entities": entities or []}
    return Tracker("web:t", slots or {}, latest, [], False, None, {}, None)


def test_the_buttons_entity_wins_over_the_words():
    assert chosen_language([{"entity": "language", "value": "sv"}], "in English") == "sv"


def test_a_language_named_in_either_language_is_found():
    assert chosen_language([], "på svenska tack") == "sv"
    assert chosen_language([], "pa svenska") == "sv"
    assert chosen_language([], "can we speak Swedish?") == "sv"
    assert chosen_language([], "in English please") == "en"
    assert chosen_language([], "på engelska") == "en"


def test_an_unknown_entity_value_or_no_language_named_gives_none():
    assert chosen_language([{"entity": "language", "value": "de"}], "auf Deutsch") is None
    assert chosen_language([], "change the language") is None


def test_the_slot_falls_back_to_the_default_when_empty_or_unknown():
    assert language_of(tracker("x")) == "en"
    assert language_of(tracker("x", slots={"language": "de"})) == "en"
    assert language_of(tracker("x", slots={"language": "sv"})) == "sv"


async def run(t: Tracker) -> tuple[list, list]:
    dispatcher = CollectingDispatcher()
    events = await ActionSetLanguage().run(dispatcher, t, {})
    return events, dispatcher.messages


async def test_the_action_sets_the_slot_and_tells_the_gateway():
    events, messages = await run(tracker("på svenska"))
    assert events == [{"event": "slot", "timestamp": None, "name": "language", "value": "sv"}]
    assert messages[0]["custom"] == {"type": "language", "language": "sv"}


async def test_with_no_language_named_the_action_keeps_the_current_one():
    events, _ = await run(tracker("change it", slots={"language": "sv"}))
    assert events[0]["value"] == "sv"


VARIATIONS = [
    {"text": "Hello {name}!", "buttons": [{"title": "Help", "payload": "/help"}]},
    {"condition": [{"type": "slot", "name": "language", "value": "sv"}], "text": "Hej {name}!", "buttons": []},
]


def test_a_response_is_rendered_in_the_language_asked_with_its_values():
    assert response_in(VARIATIONS, "sv", {"name": "Anna"}) == {"text": "Hej Anna!", "buttons": []}


def test_a_language_without_a_variation_gets_the_unconditioned_one_and_unknown_placeholders_stay():
    rendered = response_in(VARIATIONS, "de", {})
    assert rendered == {"text": "Hello {name}!", "buttons": [{"title": "Help", "payload": "/help"}]}
