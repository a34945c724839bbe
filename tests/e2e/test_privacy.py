"""A copy of one's data and its erasure, through the web chat and the real processes."""

import json
import urllib.request

import pytest
import sqlalchemy as sa

from bot.privacy.store import PERSONAL_TABLES
from tests.e2e.chat_client import AsyncChat


@pytest.fixture
async def chat(stack):
    client = await AsyncChat.open(stack.url)
    yield client
    await client.close()


def texts(replies):
    return [r["text"] for r in replies if "text" in r]


def rows_of(stack, conversation_id: str) -> dict[str, int]:
    engine = sa.create_engine(f"sqlite:///{stack.data_dir / 'tracker.db'}")
    present = set(sa.inspect(engine).get_table_names())
    counts = {}
    with engine.connect() as connection:
        for table, column in PERSONAL_TABLES:
            if table in present:
                query = sa.text(f"SELECT COUNT(*) FROM {table} WHERE {column} = :c")
                counts[table] = connection.execute(query, {"c": conversation_id}).scalar()
    engine.dispose()
    return counts


async def test_what_do_you_know_about_me_sends_a_json_copy_of_the_conversation(chat, stack):
    session = await chat.start_session()
    await chat.say("hello, my e-mail is anna@example.org", session)
    replies = await chat.say("what do you know about me?", session)
    assert any("messages from" in t for t in texts(replies))
    (document,) = [r for r in replies if r.get("type") == "document"]
    with urllib.request.urlopen(stack.url + document["url"], timeout=10) as response:
        assert response.headers["Content-Type"] == "application/json"
        data = json.loads(response.read())
    said = [m["text"] for m in data["conversation"] if m["from"] == "you"]
    assert said[0] == "hello, my e-mail is [e-mail address]"
    assert data["conversation_id"] == f"web:{session}"


async def test_forget_me_confirmed_deletes_every_row_and_the_next_message_starts_fresh(chat, stack, responses):
    session = await chat.start_session()
    await chat.say("/start_assessment", session)
    await chat.say("/consent_given", session)
    assert rows_of(stack, f"web:{session}")["events"] > 0
    (question,) = await chat.say("delete my data", session)
    assert question["text"] == responses["utter_confirm_forget"]
    assert [q["payload"] for q in question["quick_replies"]] == ["/confirm_forget", "/cancel_forget"]
    (done,) = await chat.say("/confirm_forget", session)
    assert done["text"].startswith("Done: everything I kept about you is deleted")
    assert set(rows_of(stack, f"web:{session}").values()) == {0}
    await chat.say("hello", session)
    tracker = stack.tracker(f"web:{session}")
    assert tracker["slots"].get("consent_given") is None
    assert [e.get("text") for e in tracker["events"] if e["event"] == "user"] == ["hello"]


async def test_forget_me_then_no_keeps_everything(chat, stack, responses):
    session = await chat.start_session()
    await chat.say("forget me", session)
    (kept,) = await chat.say("/cancel_forget", session)
    assert kept["text"] == responses["utter_forget_cancelled"]
    assert rows_of(stack, f"web:{session}")["events"] > 0
