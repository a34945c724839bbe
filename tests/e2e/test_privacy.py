"""A copy of one's data and its erasure, through the web chat and the real processes."""

import json
import re
import urllib.request

import sqlalchemy as sa

from bot.privacy.store import PERSONAL_TABLES
from tests.e2e.chat_client import AsyncChat, texts


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
    assert said[:2] == ["/consent_given", "hello, my e-mail is [e-mail address]"]  # the notice's answer first
    assert data["conversation_id"] == f"web:{session}" and data["consent"] is True
    assert data["linked_conversations"] == []


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


async def test_a_first_message_with_content_gets_the_notice_then_the_answer_and_declining_keeps_saving_off(
    chat, stack, responses
):
    session = await chat.start_session(agree=False)
    replies = await chat.say("chef jobs in Stockholm", session)
    assert replies[0]["text"].startswith("Welcome! I'm Orienta"), "the notice first, one bubble per paragraph"
    assert any(r.get("type") == "vacancy_card" for r in replies), "general information still works"
    (declined,) = await chat.say("/consent_declined", session)
    assert declined["text"] == responses["utter_consent_declined"]
    (refused,) = await chat.say("save the first one", session)
    assert refused["text"] == responses["utter_needs_consent"]
    assert [q["payload"] for q in refused["quick_replies"]] == ["/start", "/consent_given"]
    assert texts(await chat.say("my saved jobs", session)) == [responses["utter_no_saved_vacancies"]]
    slots = stack.tracker(f"web:{session}")["slots"]
    assert slots["consent_given"] is False and slots.get("saved_vacancies") is None


def code_of(reply: dict) -> str:
    match = re.search(r"Your code: ([A-Z0-9]{6})", reply["text"])
    assert match, reply
    return match.group(1)


async def test_a_link_code_works_once_an_expired_one_is_refused_and_erasing_one_chat_erases_both(stack, responses):
    first, second, third = [await AsyncChat.open(stack.url) for _ in range(3)]
    try:
        one, two, three = [await c.start_session() for c in (first, second, third)]
        code = code_of((await first.say("/link_accounts", one))[0])
        (linked,) = await second.say(f"link {code.lower()}", two)
        assert linked["text"] == responses["utter_linked"]
        (reused,) = await third.say(f"link {code}", three)
        assert reused["text"] == responses["utter_link_code_invalid"]

        newer = code_of((await first.say("link my accounts", one))[0])
        engine = sa.create_engine(f"sqlite:///{stack.data_dir / 'tracker.db'}")
        with engine.begin() as connection:  # ten minutes and a second later
            connection.execute(sa.text("UPDATE link_codes SET expires_at = expires_at - 601"))
        engine.dispose()
        (expired,) = await third.say(f"link {newer}", three)
        assert expired["text"] == responses["utter_link_code_invalid"]
        assert rows_of(stack, f"web:{one}")["account_links"] == 1

        await second.say("delete my data", two)
        (done,) = await second.say("/confirm_forget", two)
        assert done["text"].startswith("Done: everything I kept about you is deleted")
        assert set(rows_of(stack, f"web:{one}").values()) == {0}, "the linked chat went too"
        assert rows_of(stack, f"web:{three}")["events"] > 0, "and nothing else"
    finally:
        for client in (first, second, third):
            await client.close()
