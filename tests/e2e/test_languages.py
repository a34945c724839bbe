"""Swedish end to end: the real gateway, Rasa and action server, over the web chat."""

import yaml

from bot.config import PROJECT_DIR
from bot.texts import GatewayTexts
from tests.e2e.chat_client import AsyncChat

TEXTS = GatewayTexts.load()
DOMAIN = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text())


def swedish(name: str) -> str:
    """The Swedish variation's text of a response."""
    return next(v["text"] for v in DOMAIN["responses"][name] if v.get("condition"))


def english(name: str) -> str:
    return DOMAIN["responses"][name][0]["text"]


async def test_a_swedish_user_is_answered_in_swedish_and_can_switch_to_english(stack):
    chat = await AsyncChat.open(stack.url)
    try:
        session_id = await chat.start_session()
        replies = await chat.say("vad kan du hjälpa mig med?", session_id)
        texts = [r.get("text") for r in replies]
        assert texts[:-1] == swedish("utter_help").split("\n\n"), "Rasa answered in Swedish"
        assert texts[-1] == TEXTS.in_language("sv").get("language_guessed")
        assert [q["title"] for q in replies[-1]["quick_replies"]] == ["English", "Svenska"]

        replies = await chat.say('/choose_language{"language":"en"}', session_id)
        assert [r.get("text") for r in replies] == [english("utter_language_set")], "the gateway's notice is dropped"

        replies = await chat.say("jag söker jobb som svetsare i Kiruna", session_id)
        assert replies[0]["text"].startswith("I found"), "a choice stays: no more guessing"
    finally:
        await chat.close()


async def test_a_new_swedish_user_gets_the_notice_in_swedish_and_can_ask_for_simpler_words(stack):
    chat = await AsyncChat.open(stack.url)
    try:
        session_id = await chat.start_session(agree=False)
        replies = await chat.say("vad kan du hjälpa mig med?", session_id, customData={"language": "sv"})
        texts = [r.get("text") for r in replies]
        assert texts[0].startswith("Välkommen!"), "the session start said the notice in the guessed language"
        assert texts[-1] == TEXTS.in_language("sv").get("language_guessed")
        assert swedish("utter_help").split("\n\n")[0] in texts, "and the answer too"
        assert not [r for r in replies if "custom" in r], "the session start's note to the gateway is dropped"

        replies = await chat.say("enklare tack", session_id)
        assert [r.get("text") for r in replies] == [swedish("utter_help_simpler")]
        buttons = next(v["buttons"] for v in DOMAIN["responses"]["utter_help_simpler"] if v.get("condition"))
        assert [q["title"] for q in replies[0]["quick_replies"]] == [b["title"] for b in buttons]

        replies = await chat.say("jag förstår inte", session_id)
        assert [r.get("text") for r in replies] == [swedish("utter_no_simpler_variant")]
    finally:
        await chat.close()
