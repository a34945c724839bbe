from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback.actions import ActionDefaultAskAffirmation


def tracker_after(ranking: list[dict[str, object]]) -> Tracker:
    return Tracker(
        sender_id="web:test",
        slots={},
        latest_message={
            "text": "blorft",
            "intent": {"name": "nlu_fallback", "confidence": 0.6},
            "intent_ranking": ranking,
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


async def test_offers_the_likeliest_meanings_as_buttons():
    dispatcher = CollectingDispatcher()
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.6},
        {"name": "request_human", "confidence": 0.89},
        {"name": "greet", "confidence": 0.05},
        {"name": "thank", "confidence": 0.01},
    ]
    events = await ActionDefaultAskAffirmation().run(dispatcher, tracker_after(ranking), {})

    assert events == []
    (message,) = dispatcher.messages
    assert message["response"] == "utter_ask_affirmation"
    assert message["buttons"] == [
        {"title": "Talk to a person", "payload": "/request_human"},
        {"title": "Say hello", "payload": "/greet"},
        {"title": "Something else", "payload": "/out_of_scope"},
    ]


async def test_with_nothing_to_offer_it_asks_to_rephrase():
    dispatcher = CollectingDispatcher()
    await ActionDefaultAskAffirmation().run(
        dispatcher, tracker_after([{"name": "nlu_fallback", "confidence": 0.6}]), {}
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_rephrase"]
