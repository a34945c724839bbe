"""The action server killed in the middle of an action, and started again."""

import asyncio
import time

from bot.texts import GatewayTexts
from tests.e2e.chat_client import AsyncChat, texts

TEXTS = GatewayTexts.load()


def wait_for_search(jobtech, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while "/search" not in jobtech.paths():
        assert time.monotonic() < deadline, "the search never reached the vacancy API"
        time.sleep(0.05)


async def test_action_server_killed_mid_search_the_user_is_told_and_the_search_works_after_restart(
    faults, jobtech, responses
):
    """The user reads "Sorry, I couldn't finish answering that…" (never silence); sent again once the
    action server is back, the same search shows the ads. Rasa keeps both messages, in order."""
    chat = await AsyncChat.open(faults.url)
    try:
        session = await chat.start_session()
        jobtech.switches.hang = True  # the action waits on the API: it is mid-action when killed
        await chat.sio.emit("user_uttered", {"message": "nurse jobs", "session_id": session})
        await asyncio.to_thread(wait_for_search, jobtech)
        faults.kill("actions")
        name, reply = await chat.next_event(timeout=60)
        assert (name, texts([reply])) == ("bot_uttered", [TEXTS.get("not_answered")])

        jobtech.reset()
        await asyncio.to_thread(faults.start_actions)
        found = await chat.say("nurse jobs", session)
        assert [r["vacancy"]["title"] for r in found if r.get("type") == "vacancy_card"] == [
            "Operationssjuksköterska till Umeå!"
        ]
        assert faults.user_texts(f"web:{session}") == ["/consent_given", "nurse jobs", "nurse jobs"]
    finally:
        await chat.close()
