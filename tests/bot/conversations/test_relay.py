import asyncio
import logging

import pytest

from bot.conversations.relay import Relay
from bot.dialogue.client import RasaClient
from bot.texts import GatewayTexts

TEXTS = GatewayTexts.load()


@pytest.fixture
async def relay_to(request):
    clients = []

    def make(url: str, timeout: float = 5) -> Relay:
        client = RasaClient(url, "t" * 20, timeout=timeout)
        clients.append(client)
        return Relay(client, TEXTS, max_message_chars=50)

    yield make
    for client in clients:
        await client.aclose()


async def test_accepted_message_returns_rasas_replies(fake_rasa, relay_to):
    rasa, url = fake_rasa
    replies = await relay_to(url).handle("web:s1", "  hi ", {})
    assert [r.text for r in replies] == ["echo: hi"]
    assert rasa.received[0]["message"] == "hi"


async def test_refused_message_never_reaches_rasa_and_says_why(fake_rasa, relay_to):
    rasa, url = fake_rasa
    replies = await relay_to(url).handle("web:s1", "x" * 51, {})
    assert replies[0].text == TEXTS.get("message_too_long", length=51, limit=50)
    assert rasa.received == []


async def test_rasa_down_tells_the_user_to_send_again(closed_port_url, relay_to):
    replies = await relay_to(closed_port_url).handle("web:s1", "hi", {})
    assert [r.text for r in replies] == [TEXTS.get("unavailable")]


async def test_slow_rasa_tells_the_user_it_is_taking_long(fake_rasa, relay_to):
    rasa, url = fake_rasa
    rasa.delay_seconds = 2
    replies = await relay_to(url, timeout=0.3).handle("web:s1", "hi", {})
    assert [r.text for r in replies] == [TEXTS.get("slow")]


async def test_rasa_error_tells_the_user_something_went_wrong(fake_rasa, relay_to):
    rasa, url = fake_rasa
    rasa.status_code = 500
    replies = await relay_to(url).handle("web:s1", "hi", {})
    assert [r.text for r in replies] == [TEXTS.get("failed")]


async def test_messages_of_one_conversation_reach_rasa_one_at_a_time_in_order(fake_rasa, relay_to):
    rasa, url = fake_rasa
    rasa.delay_seconds = 0.05
    relay = relay_to(url)
    await asyncio.gather(*(relay.handle("web:same", f"m{i}", {}) for i in range(8)))
    assert [body["message"] for body in rasa.received] == [f"m{i}" for i in range(8)]
    assert rasa.max_in_flight == 1


async def test_different_conversations_are_not_serialised(fake_rasa, relay_to):
    rasa, url = fake_rasa
    rasa.delay_seconds = 0.2
    relay = relay_to(url)
    await asyncio.gather(*(relay.handle(f"web:user{i}", "hi", {}) for i in range(4)))
    assert rasa.max_in_flight == 4


async def test_message_texts_never_reach_the_logs_even_at_debug(fake_rasa, closed_port_url, relay_to, caplog):
    _, url = fake_rasa
    secret = "my national id is 19121212-1212"
    with caplog.at_level(logging.DEBUG):
        await relay_to(url).handle("web:s1", secret, {})
        await relay_to(url).handle("web:s1", secret * 10, {})  # refused as too long
        await relay_to(closed_port_url).handle("web:s1", secret, {})  # Rasa down
    assert caplog.records  # the outcomes were logged...
    assert not [r for r in caplog.records if "19121212" in r.getMessage()]  # ...but never the text


async def test_a_message_rasa_took_but_answered_with_nothing_gets_the_could_not_finish_text(fake_rasa, relay_to):
    rasa, url = fake_rasa
    rasa.silent = True  # what Rasa does when the action server dies mid-action
    replies = await relay_to(url).handle("web:s1", "nurse jobs", {})
    assert [r.text for r in replies] == [TEXTS.get("not_answered")]
    assert [body["message"] for body in rasa.received] == ["nurse jobs"]


async def test_no_answer_in_a_conversation_a_person_has_taken_over_is_no_failure(fake_rasa):
    rasa, url = fake_rasa
    rasa.silent = rasa.all_paused = True
    client = RasaClient(url, rasa.token, timeout=5)  # the tracker, unlike the REST channel, needs the token
    try:
        assert await Relay(client, TEXTS, max_message_chars=50).handle("web:s1", "hello?", {}) == []
    finally:
        await client.aclose()
