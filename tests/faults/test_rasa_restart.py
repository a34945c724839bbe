"""The Rasa server stopped and started again in the middle of a web chat conversation."""

import asyncio

from bot.texts import GatewayTexts
from tests.e2e.chat_client import AsyncChat, texts

TEXTS = GatewayTexts.load()


async def test_rasa_restarted_mid_conversation_the_web_user_is_told_to_resend_and_the_conversation_goes_on(
    faults, responses
):
    """While Rasa is down the user reads "Sorry, I can't answer right now, so your message was not
    received. Please send it again…"; after the restart the same conversation goes on where it was
    (the search shown before is still "the first one"), and Rasa holds every message it received,
    in order. (Telegram keeps such messages and answers them later: tests/e2e/test_telegram.py.)"""
    chat = await AsyncChat.open(faults.url)
    try:
        session = await chat.start_session()
        found = await chat.say("nurse jobs", session)
        (card,) = [r["vacancy"] for r in found if r.get("type") == "vacancy_card"]

        await asyncio.to_thread(faults.split.stop_process, "rasa")
        assert texts(await chat.say("details of the first one", session)) == [TEXTS.get("unavailable")]

        await asyncio.to_thread(faults.split.start_rasa)
        details = await chat.say("details of the first one", session)
        assert [r["vacancy"]["uid"] for r in details if r.get("type") == "vacancy_card"] == [card["uid"]]
        assert faults.user_texts(f"web:{session}") == ["/consent_given", "nurse jobs", "details of the first one"]
    finally:
        await chat.close()
