"""The gateway's side of the language: the guess before the user chooses, and the choice."""

from __future__ import annotations

import pytest

from bot.dialogue.client import RasaClient
from bot.dialogue.messages import BotMessage, Button
from bot.languages import ConversationLanguages, LanguageChoice
from bot.texts import GatewayTexts
from nlu.language import languages
from tests.fakes.rasa import FakeRasa

TEXTS = GatewayTexts.load()


@pytest.fixture
async def choice(fake_rasa):
    rasa, url = fake_rasa
    rasa.echo_language = True
    client = RasaClient(url, rasa.token, timeout=5)
    conversations = ConversationLanguages("en")
    yield rasa, LanguageChoice(client, client, conversations, languages(), TEXTS), conversations
    await client.aclose()


def slot_events(rasa: FakeRasa, conversation_id: str) -> list:
    return [e["value"] for e in rasa.appended.get(conversation_id, []) if e.get("event") == "slot"]


async def test_a_swedish_first_message_is_answered_in_swedish_and_the_guess_offered_for_confirmation(choice):
    _rasa, dialogue, conversations = choice
    replies = await dialogue.send_message("web:a", "hej, jag söker jobb som svetsare i Kiruna", {})
    assert replies[0].text == "[sv] echo: hej, jag söker jobb som svetsare i Kiruna"
    assert conversations.of("web:a") == "sv"
    assert replies[1] == BotMessage(
        text=TEXTS.in_language("sv").get("language_guessed"),
        buttons=(
            Button("English", '/choose_language{"language":"en"}'),
            Button("Svenska", '/choose_language{"language":"sv"}'),
        ),
    )
    again = await dialogue.send_message("web:a", "jag vill bo i Malmö", {})
    assert len(again) == 1, "the question is asked once"


async def test_a_new_conversations_guess_goes_to_rasas_session_start_as_metadata_not_as_appended_events(choice):
    rasa, dialogue, _ = choice
    replies = await dialogue.send_message("telegram:9", "jag söker jobb som kock", {"language": "en"})
    assert rasa.received[-1]["metadata"] == {"language": "en", "language_guess": "sv"}
    assert rasa.appended.get("telegram:9") is None, "one message, no append"
    assert [r.custom for r in replies] == [None, None], "the session start's note is for the gateway"
    assert replies[0].text.startswith("[sv]")


async def test_after_a_gateway_restart_a_guess_for_a_known_session_is_appended_once_after_the_answer(choice):
    rasa, dialogue, conversations = choice
    rasa.started.add("web:r")
    replies = await dialogue.send_message("web:r", "jag söker jobb som kock", {})
    assert replies[0].text.startswith("[en]"), "Rasa's session had started without the guess"
    assert slot_events(rasa, "web:r") == ["sv"]
    assert conversations.of("web:r") == "sv"
    replies = await dialogue.send_message("web:r", "och i Malmö", {})
    assert replies[0].text.startswith("[sv]")
    assert slot_events(rasa, "web:r") == ["sv"], "once"


async def test_a_later_guess_is_appended_once_before_the_message(choice):
    rasa, dialogue, _ = choice
    await dialogue.send_message("web:l", "ok", {})
    replies = await dialogue.send_message("web:l", "jag söker jobb som kock", {})
    assert slot_events(rasa, "web:l") == ["sv"]
    assert replies[0].text.startswith("[sv]")


async def test_a_short_message_changes_nothing(choice):
    rasa, dialogue, conversations = choice
    await dialogue.send_message("web:b", "hej", {})
    assert slot_events(rasa, "web:b") == []
    assert conversations.of("web:b") == "en"


async def test_the_channels_hint_counts_on_the_first_message_even_a_payload(choice):
    _rasa, dialogue, _conversations = choice
    replies = await dialogue.send_message("telegram:1", "/start", {"language": "sv-SE"})
    assert replies[0].text.startswith("[sv]")
    replies = await dialogue.send_message("telegram:1", "/help", {"language": "en"})
    assert replies[0].text.startswith("[sv]"), "the hint counts only when the conversation is new"


async def test_clear_english_overrides_a_swedish_hint(choice):
    rasa, dialogue, _ = choice
    replies = await dialogue.send_message("telegram:2", "Hello, I am looking for a job as a cook", {"language": "sv"})
    assert replies[0].text.startswith("[en]")
    assert slot_events(rasa, "telegram:2") == []


async def test_after_a_choice_the_gateway_no_longer_guesses_and_drops_the_notice(choice):
    rasa, dialogue, conversations = choice
    rasa.extra_messages = [{"custom": {"type": "language", "language": "en"}}]
    replies = await dialogue.send_message("web:c", "/choose_language", {})
    assert [r.custom for r in replies] == [None], "the notice is for the gateway, not the user"
    rasa.extra_messages = []
    await dialogue.send_message("web:c", "jag vill hitta ett jobb i Malmö", {})
    assert slot_events(rasa, "web:c") == []
    assert conversations.of("web:c") == "en"


async def test_only_the_first_messages_are_guessed_from(fake_rasa):
    rasa, url = fake_rasa
    client = RasaClient(url, rasa.token, timeout=5)
    dialogue = LanguageChoice(client, client, ConversationLanguages("en"), languages(), TEXTS, guess_messages=1)
    await dialogue.send_message("web:d", "ok", {})
    await dialogue.send_message("web:d", "jag söker jobb som kock", {})
    assert slot_events(rasa, "web:d") == []
    await client.aclose()


async def test_a_language_chosen_before_a_restart_is_read_from_the_tracker(choice):
    rasa, dialogue, conversations = choice
    rasa.slots["web:e"] = {"language": "sv"}
    await dialogue.send_message("web:e", "Hello, what can you do for me?", {})
    assert conversations.of("web:e") == "sv"
    assert slot_events(rasa, "web:e") == []


async def test_rasa_refusing_the_slot_leaves_the_language_as_it_was(fake_rasa):
    rasa, url = fake_rasa

    class Refusing:
        async def slots(self, conversation_id):
            return {}

        async def append_events(self, conversation_id, events):
            from bot.dialogue.client import RasaUnavailable

            raise RasaUnavailable("down")

    client = RasaClient(url, rasa.token, timeout=5)
    conversations = ConversationLanguages("en")
    dialogue = LanguageChoice(client, Refusing(), conversations, languages(), TEXTS)
    rasa.started.add("web:f")  # Rasa has a session already: the slot must be appended
    replies = await dialogue.send_message("web:f", "jag söker jobb som kock", {})
    assert replies == [BotMessage(text="echo: jag söker jobb som kock")]
    assert conversations.of("web:f") == "en"
    await client.aclose()


def test_the_gateways_texts_follow_the_conversations_language():
    texts = GatewayTexts.load()
    texts.conversations.choose("web:g", "sv")
    assert texts.to("web:g").get("slow").startswith("Förlåt")
    assert texts.to("web:other").get("slow").startswith("Sorry")


def test_the_store_forgets_the_least_recently_used_conversation_first():
    conversations = ConversationLanguages("en", max_conversations=2)
    for name in ("a", "b", "c"):
        conversations.choose(name, "sv")
    assert [conversations.of(n) for n in ("a", "b", "c")] == ["en", "sv", "sv"]


async def test_a_tracker_that_cannot_be_read_is_read_again_on_the_next_message(fake_rasa):
    rasa, url = fake_rasa

    class Flaky:
        def __init__(self) -> None:
            self.calls = 0

        async def slots(self, conversation_id):
            from bot.dialogue.client import RasaUnavailable

            self.calls += 1
            if self.calls == 1:
                raise RasaUnavailable("down")
            return {"language": "sv"}

        async def append_events(self, conversation_id, events):
            raise AssertionError("nothing to set: the tracker says sv")

    client = RasaClient(url, rasa.token, timeout=5)
    conversations = ConversationLanguages("en")
    dialogue = LanguageChoice(client, Flaky(), conversations, languages(), TEXTS)
    await dialogue.send_message("web:h", "hello there", {})
    assert conversations.of("web:h") == "en"
    await dialogue.send_message("web:h", "Hello, what can you do for me?", {})
    assert conversations.of("web:h") == "sv", "read from the tracker the second time, and kept as chosen"
    await client.aclose()


def test_an_erased_conversation_is_forgotten_and_reads_as_the_default_language_again():
    conversations = ConversationLanguages("en")
    conversations.choose("web:anna", "sv")
    assert conversations.of("web:anna") == "sv"
    assert conversations.forget("web:anna") == 1
    assert conversations.of("web:anna") == "en" and conversations.entry("web:anna") is None
    assert conversations.forget("web:anna") == 0
