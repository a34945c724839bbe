"""A web chat client reconnecting, to a restarted gateway, with messages it never saw acknowledged."""

import asyncio
import time

from tests.e2e.chat_client import AsyncChat

ARRIVED = "a1b2c3d4e5f6a7b8"  # reached Rasa; its acknowledgement was lost with the connection
UNSENT = "f0e1d2c3b4a59687"  # still in the client's outbox when the connection dropped


def wait_for_user_texts(faults, conversation_id: str, count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while len(faults.user_texts(conversation_id)) < count:
        assert time.monotonic() < deadline, "Rasa never stored the message"
        time.sleep(0.2)


async def test_unacknowledged_messages_resent_after_a_gateway_restart_are_answered_exactly_once(faults, responses):
    """The user sees each of their messages answered once: the one that had arrived is not
    answered again (its resend is acknowledged as a duplicate), the one that had not is answered
    now, and Rasa holds both once, in the order they were written."""
    first = await AsyncChat.open(faults.url)
    session = await first.start_session(agree=False)
    await first.sio.emit("user_uttered", {"message": "hello", "session_id": session, "message_id": ARRIVED})
    await asyncio.to_thread(wait_for_user_texts, faults, f"web:{session}", 1)
    await first.close()
    faults.kill("gateway")
    faults.start_gateway()

    again = await AsyncChat.open(faults.url)
    try:
        history = asyncio.Queue()
        again.sio.on("history", history.put)
        await again.sio.emit("session_request", {"session_id": session, "history": True})
        assert await again.next_event() == ("session_confirm", session)
        restored = await asyncio.wait_for(history.get(), 30)
        assert ARRIVED in restored["message_ids"], "the tracker says it arrived"
        bot_said = [e["payload"]["text"] for e in restored["entries"] if e["from"] == "bot"]
        # The reply the lost connection missed: a first hello gets the privacy notice (which greets).
        assert bot_said and bot_said[0].startswith("Welcome! I'm Orienta"), bot_said
        assert responses["utter_greet"] not in bot_said, "the notice greets: no second hello"

        # A client that resends everything unacknowledged, whatever the history said.
        resent = await again.sio.call(
            "user_uttered", {"message": "hello", "session_id": session, "message_id": ARRIVED}, timeout=30
        )
        assert resent == {"status": "duplicate", "message_id": ARRIVED}
        sent = await again.sio.call(
            "user_uttered", {"message": "thank you", "session_id": session, "message_id": UNSENT}, timeout=60
        )
        assert sent == {"status": "ok", "message_id": UNSENT}
        assert await again.next_event() == ("bot_uttered", {"text": responses["utter_you_are_welcome"]})
        assert faults.user_texts(f"web:{session}") == ["hello", "thank you"]
    finally:
        await again.close()
