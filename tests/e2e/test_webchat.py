"""The web chat channel against the real Rasa server and action server."""

import pytest
import yaml

from bot.config import PROJECT_DIR
from bot.texts import GatewayTexts
from tests.e2e.chat_client import AsyncChat

TEXTS = GatewayTexts.load()

GIBBERISH = "purple monkey dishwasher glorp"


def rule_responses() -> dict[str, str]:
    """intent -> the response its one-turn rule utters (data/rules/basics.yml; not custom actions)."""
    rules = yaml.safe_load((PROJECT_DIR / "data/rules/basics.yml").read_text())["rules"]
    steps = [(rule["steps"][0]["intent"], rule["steps"][1]["action"]) for rule in rules]
    return {intent: action for intent, action in steps if action.startswith("utter_")}


async def test_hello_gets_the_greeting_with_its_button(chat, responses):
    session_id = await chat.start_session()
    replies = await chat.say("hello", session_id)
    assert replies == [
        {
            "text": responses["utter_greet"],
            "quick_replies": [{"content_type": "text", "title": "What can you do?", "payload": "/help"}],
        }
    ]


async def test_help_text_arrives_as_one_bubble_per_paragraph(chat, responses):
    session_id = await chat.start_session()
    replies = await chat.say("what can you do?", session_id)
    assert [r["text"] for r in replies] == responses["utter_help"].split("\n\n")


async def test_nonsense_gets_the_two_stage_fallback_ending_with_the_offer_of_a_person(chat, responses):
    session_id = await chat.start_session()

    (question,) = await chat.say(GIBBERISH, session_id)
    assert question["text"] == responses["utter_ask_affirmation"]
    choices = question["quick_replies"]
    assert len(choices) >= 2 and choices[-1] == {
        "content_type": "text",
        "title": "Something else",
        "payload": "/out_of_scope",
    }

    assert await chat.say("/out_of_scope", session_id) == [{"text": responses["utter_ask_rephrase"]}]

    (again,) = await chat.say("blorft zzyzx", session_id)
    assert again["text"] == responses["utter_ask_affirmation"]

    # The bot failed twice: the gateway queues the conversation for a person and says so.
    (offer,) = await chat.say("/out_of_scope", session_id)
    assert offer["text"].startswith(TEXTS.get("handoff_bot_failed"))
    assert [q["payload"] for q in offer["quick_replies"]] == ["/help"]


async def test_two_messages_not_understood_in_a_row_put_the_user_in_the_queue_for_a_person(chat, responses):
    session_id = await chat.start_session()
    await chat.say("asdkjh qwelkj zxcmnb", session_id)
    (offer,) = await chat.say("blorft zzyzx", session_id)
    assert offer["text"].startswith(TEXTS.get("handoff_bot_failed"))


async def test_picking_a_suggested_meaning_continues_as_if_the_user_had_said_it(chat, responses, stack):
    session_id = await chat.start_session()
    (question,) = await chat.say(GIBBERISH, session_id)
    choice = question["quick_replies"][0]
    intent = choice["payload"].removeprefix("/")

    replies = await chat.say(choice["payload"], session_id)

    assert stack.tracker(f"web:{session_id}")["latest_message"]["intent"]["name"] == intent
    assert replies[0].get("text") != responses["utter_ask_affirmation"]
    if intent in rule_responses():  # a one-turn rule: its exact answer is known
        assert replies[0]["text"] == responses[rule_responses()[intent]].split("\n\n")[0]


async def test_reconnecting_with_the_same_session_id_continues_the_conversation(stack, responses):
    first = await AsyncChat.open(stack.url)
    session_id = await first.start_session()
    await first.say("hello", session_id)
    await first.close()

    reloaded = await AsyncChat.open(stack.url)
    assert await reloaded.start_session(session_id) == session_id
    assert await reloaded.say("thank you", session_id) == [{"text": responses["utter_you_are_welcome"]}]
    await reloaded.close()

    assert stack.user_texts(f"web:{session_id}") == ["/consent_given", "hello", "thank you"]


async def test_custom_data_reaches_rasa_as_message_metadata(chat, stack):
    session_id = await chat.start_session()
    await chat.say("hello", session_id, customData={"page": "/jobs", "language": "en"})
    *_, user_event = [e for e in stack.tracker(f"web:{session_id}")["events"] if e["event"] == "user"]
    assert user_event["metadata"].items() >= {"page": "/jobs", "language": "en"}.items()


@pytest.mark.parametrize(
    ("message", "text_key", "values"),
    [
        ("", "empty_message", {}),
        ("x" * 10_000, "message_too_long", {"length": 10_000, "limit": 2000}),
        (b"\x00\xffbinary junk\x89PNG", "not_text", {}),
    ],
    ids=["empty", "10000-characters", "binary"],
)
async def test_unusable_messages_get_a_clear_reply_and_stay_out_of_the_tracker(chat, stack, message, text_key, values):
    from bot.texts import GatewayTexts

    session_id = await chat.start_session()
    assert await chat.say(message, session_id) == [{"text": GatewayTexts.load().get(text_key, **values)}]
    assert stack.user_texts(f"web:{session_id}") == ["/consent_given"]


async def test_unknown_event_is_answered_and_the_chat_goes_on(chat, responses):
    session_id = await chat.start_session()
    await chat.sio.emit("please_crash", {"x": 1})
    assert await chat.next_event() == ("error", {"error": "unknown_event", "event": "please_crash"})
    assert (await chat.say("bye", session_id)) == [{"text": responses["utter_goodbye"]}]
