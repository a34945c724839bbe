"""The tracker's SQLite database locked by another writer (a backup, a maintenance script)."""

import sqlite3
import threading
import time

from tests.e2e.chat_client import AsyncChat

LOCK_SECONDS = 8  # longer than SQLite's own 5 s wait, which made Rasa forget the conversation


def hold_write_lock(path, seconds: float, locked: threading.Event) -> None:
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        connection.execute("BEGIN EXCLUSIVE")
        locked.set()
        time.sleep(seconds)
        connection.execute("COMMIT")
    finally:
        connection.close()


async def test_a_database_locked_by_another_writer_only_delays_the_answer_and_keeps_the_context(faults, responses):
    """The user gets the right answer a few seconds late, in the context of the conversation (the
    search shown before is still "the first one"), and the message is stored, in its place."""
    chat = await AsyncChat.open(faults.url)
    try:
        session = await chat.start_session()
        found = await chat.say("nurse jobs", session)
        (card,) = [r["vacancy"] for r in found if r.get("type") == "vacancy_card"]
        locked = threading.Event()
        holder = threading.Thread(
            target=hold_write_lock, args=(faults.split.data_dir / "tracker.db", LOCK_SECONDS, locked)
        )
        holder.start()
        assert locked.wait(10)
        details = await chat.say("details of the first one", session)
        holder.join()
        assert [r["vacancy"]["uid"] for r in details if r.get("type") == "vacancy_card"] == [card["uid"]]
        assert faults.user_texts(f"web:{session}") == ["/consent_given", "nurse jobs", "details of the first one"]
        assert await chat.say("thank you", session) == [{"text": responses["utter_you_are_welcome"]}]
    finally:
        await chat.close()
