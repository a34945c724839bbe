"""The dialogue side of export and erasure: what the actions ask the gateway for, and when."""

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.privacy.actions import ERASE, EXPORT, ActionEraseData, ActionExportData, confirmed_just_now


def user(intent: str) -> dict:
    return {"event": "user", "text": f"/{intent}", "parse_data": {"intent": {"name": intent}}}


def action(name: str) -> dict:
    return {"event": "action", "name": name}


ASKED = [user("forget_me"), action("utter_confirm_forget"), {"event": "bot", "text": "Sure?"}, action("action_listen")]


def test_a_confirmation_right_after_the_question_counts():
    assert confirmed_just_now([*ASKED, user("confirm_forget")]) is True


def test_a_confirmation_out_of_the_blue_or_after_something_else_does_not():
    assert confirmed_just_now([user("confirm_forget")]) is False
    assert (
        confirmed_just_now(
            [*ASKED, user("greet"), action("utter_greet"), action("action_listen"), user("confirm_forget")]
        )
        is False
    )


async def run(action_object, events):
    dispatcher = CollectingDispatcher()
    tracker = Tracker("web:t", {}, {"intent": {"name": "x"}}, events, False, None, {}, None)
    await action_object.run(dispatcher, tracker, {})
    return dispatcher.messages


async def test_the_erasure_is_requested_only_when_confirmed_otherwise_the_question_comes_again():
    assert (await run(ActionEraseData(), [*ASKED, user("confirm_forget")]))[-1]["custom"] == ERASE
    (asked,) = await run(ActionEraseData(), [user("confirm_forget")])
    assert asked["response"] == "utter_confirm_forget"


async def test_the_export_says_it_is_coming_and_asks_the_gateway():
    messages = await run(ActionExportData(), [])
    assert messages[0]["response"] == "utter_export_started"
    assert messages[1]["custom"] == EXPORT
