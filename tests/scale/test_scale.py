"""Two gateways, two Rasa servers and two action servers on one PostgreSQL and one Redis.

What a PES running several replicas behind a load balancer needs to hold: a user whose requests
land on either gateway continues one conversation; Telegram updates arriving through either
gateway are answered in one conversation; an operator logged in on one gateway reaches a widget
user connected to the other; each job alert fires once although both gateways' schedulers look
for due alerts; and a Rasa server killed mid-conversation leaves its users to the other replica
with every message kept.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from datetime import timedelta

import httpx

from actions.vacancies.alerts import AlertStore, utcnow
from bot.console.tables import open_engine
from bot.console.users import OPERATOR, UserStore
from bot.texts import GatewayTexts
from tests.bot.console.conftest import csrf_of
from tests.e2e.chat_client import AsyncChat
from tests.scale.stack import WEBHOOK_SECRET, ScaleStack

TEXTS = GatewayTexts.load()
PASSWORD = "a long operator password"
GIBBERISH = "purple monkey dishwasher glorp"
update_ids = itertools.count(500_000)


def telegram_update(chat: int, text: str) -> dict:
    update_id = next(update_ids)
    sender = {"id": chat, "is_bot": False, "first_name": "T", "language_code": "en"}
    message = {"message_id": update_id, "date": int(time.time()), "chat": {"id": chat, "type": "private"}}
    return {"update_id": update_id, "message": {**message, "from": sender, "text": text}}


def post_update(gateway: str, chat: int, text: str, update: dict | None = None) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
    body = update or telegram_update(chat, text)
    response = httpx.post(f"{gateway}/telegram/webhook", json=body, headers=headers, timeout=10)
    assert response.status_code == 200, response.text


async def say_on(gateway: str, session_id: str, text: str) -> list[dict]:
    """One message from a fresh connection to ``gateway`` (the load balancer's pick), then closed."""
    chat = await AsyncChat.open(gateway)
    try:
        assert await chat.start_session(session_id) == session_id
        return await chat.say(text, session_id)
    finally:
        await chat.close()


async def test_a_web_user_whose_requests_alternate_between_the_gateways_continues_one_conversation(
    scale: ScaleStack, responses
):
    """The two-stage fallback needs the state the previous turn left; each turn lands on the other gateway."""
    a, b = scale.gateway_urls["a"], scale.gateway_urls["b"]
    session = scale.conversation_on("a")
    (question,) = await say_on(a, session, GIBBERISH)
    assert question["text"] == responses["utter_ask_affirmation"]
    assert await say_on(b, session, "/out_of_scope") == [{"text": responses["utter_ask_rephrase"]}]
    (again,) = await say_on(a, session, "blorft zzyzx")
    assert again["text"] == responses["utter_ask_affirmation"]
    (offer,) = await say_on(b, session, "/out_of_scope")
    assert offer["text"].startswith(TEXTS.get("handoff_bot_failed"))
    assert scale.user_texts(f"web:{session}") == [GIBBERISH, "/out_of_scope", "blorft zzyzx", "/out_of_scope"]


def test_telegram_updates_arriving_through_both_gateways_are_answered_in_one_conversation(scale: ScaleStack, responses):
    chat = int(scale.conversation_on("b", channel="telegram"))
    post_update(scale.gateway_urls["a"], chat, "hello")
    scale.telegram.wait_for("sendMessage", lambda c: c.chat_id == chat, count=1, timeout=60)
    post_update(scale.gateway_urls["b"], chat, "thank you")
    scale.telegram.wait_for("sendMessage", lambda c: c.chat_id == chat, count=2, timeout=60)
    assert scale.telegram.texts_to(chat) == [responses["utter_greet"], responses["utter_you_are_welcome"]]
    assert scale.user_texts(f"telegram:{chat}") == ["hello", "thank you"]


def test_a_telegram_update_redelivered_to_the_other_gateway_is_answered_once(scale: ScaleStack, responses):
    chat = int(scale.conversation_on("a", channel="telegram"))
    update = telegram_update(chat, "hello")
    post_update(scale.gateway_urls["a"], chat, "", update)
    post_update(scale.gateway_urls["b"], chat, "", update)  # Telegram's retry, through the load balancer
    scale.telegram.wait_for("sendMessage", lambda c: c.chat_id == chat, count=1, timeout=60)
    time.sleep(2)  # long enough for a second answer to be sent, if there were one
    assert scale.telegram.texts_to(chat) == [responses["utter_greet"]]
    assert scale.user_texts(f"telegram:{chat}") == ["hello"]


async def test_an_operator_on_gateway_b_reaches_a_widget_user_connected_to_gateway_a(scale: ScaleStack):
    UserStore(open_engine(scale.database_url)).create("eva", OPERATOR, PASSWORD, display_name="Eva", must_change=False)
    user = await AsyncChat.open(scale.gateway_urls["a"])
    try:
        session = await user.start_session(scale.conversation_on("b"))
        await user.say("hello", session)
        cid = f"web:{session}"
        async with httpx.AsyncClient(base_url=scale.gateway_urls["b"], timeout=30) as console:
            token = csrf_of((await console.get("/console/login")).text)
            login = {"csrf_token": token, "username": "eva", "password": PASSWORD}
            assert (await console.post("/console/login", data=login)).status_code == 303
            csrf = csrf_of((await console.get("/console/password")).text)
            assert (await console.post(f"/console/c/{cid}/take", data={"csrf_token": csrf})).status_code == 303
            said = await console.post(f"/console/c/{cid}/say", data={"csrf_token": csrf, "text": "Hello, I'm Eva."})
            assert said.status_code == 303, said.text
        received = [await user.next_event(timeout=30), await user.next_event(timeout=30)]
        assert received == [
            ("bot_uttered", {"text": TEXTS.get("operator_joined", name="Eva"), "metadata": {"from": "operator"}}),
            ("bot_uttered", {"text": "Hello, I'm Eva.", "metadata": {"from": "operator"}}),
        ]
    finally:
        await user.close()


def test_the_schedulers_of_both_gateways_fire_each_due_alert_exactly_once(scale: ScaleStack):
    store = AlertStore(scale.database_url, interval=timedelta(hours=1))
    chats = [f"telegram:{900_000 + n}" for n in range(8)]
    due_now = store.interval + timedelta(seconds=1)
    for chat in chats:
        assert store.create(chat, "welders", {"occupation": "welder"}, [], now=utcnow() - due_now)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(
        a.next_due_at < utcnow() for c in chats for a in store.for_conversation(c)
    ):
        time.sleep(0.5)
    time.sleep(4)  # both gateways check every second: time for a second firing, if there were one
    fired = {chat: _alert_triggers(scale, chat) for chat in chats}
    assert fired == dict.fromkeys(chats, 1), fired


async def test_a_rasa_replica_killed_mid_conversation_leaves_its_users_to_the_other_with_nothing_lost(
    scale: ScaleStack, responses
):
    """Last in the module: replica a's Rasa stays down. Its web and Telegram users go on with b."""
    web = scale.conversation_on("a")
    chat = int(scale.conversation_on("a", channel="telegram"))
    (greeting,) = await say_on(scale.gateway_urls["b"], web, "hello")
    assert greeting["text"] == responses["utter_greet"]
    post_update(scale.gateway_urls["a"], chat, "hello")
    scale.telegram.wait_for("sendMessage", lambda c: c.chat_id == chat, count=1, timeout=60)

    await asyncio.to_thread(scale.kill_rasa, "a")

    help_replies = await say_on(scale.gateway_urls["a"], web, "what can you do?")
    assert [r["text"] for r in help_replies] == responses["utter_help"].split("\n\n")
    post_update(scale.gateway_urls["b"], chat, "thank you")
    scale.telegram.wait_for("sendMessage", lambda c: c.chat_id == chat, count=2, timeout=60)
    assert scale.telegram.texts_to(chat) == [responses["utter_greet"], responses["utter_you_are_welcome"]]
    assert scale.user_texts(f"web:{web}") == ["hello", "what can you do?"]
    assert scale.user_texts(f"telegram:{chat}") == ["hello", "thank you"]


def _alert_triggers(scale: ScaleStack, conversation_id: str) -> int:
    """How many times Rasa was asked to check a job alert in the conversation."""
    events = scale.tracker(conversation_id)["events"]
    return sum(
        1
        for e in events
        if e["event"] == "user" and (e.get("parse_data") or {}).get("intent", {}).get("name") == "EXTERNAL_job_alert"
    )
