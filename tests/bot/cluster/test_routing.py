"""Sticky routing of conversations to Rasa replicas, and failover when one refuses connections."""

from __future__ import annotations

from collections import Counter

from bot.cluster.routing import DOWN_SECONDS, Replicas, replica_order
from bot.dialogue.client import RasaClient
from tests.fakes.rasa import FakeRasa
from tests.fakes.server import serve

URLS = ("http://rasa-1:5005", "http://rasa-2:5005", "http://rasa-3:5005")


def test_a_conversation_always_gets_the_same_replica_whatever_order_the_gateway_lists_them_in():
    for n in range(50):
        assert replica_order(f"web:{n}", URLS) == replica_order(f"web:{n}", tuple(reversed(URLS)))


def test_conversations_spread_over_the_replicas():
    firsts = Counter(replica_order(f"telegram:{n}", URLS)[0] for n in range(3000))
    assert set(firsts) == set(URLS) and min(firsts.values()) > 800, firsts


def test_removing_a_replica_moves_only_its_own_conversations():
    for n in range(300):
        before = replica_order(f"web:{n}", URLS)[0]
        after = replica_order(f"web:{n}", URLS[:2])[0]
        assert after == before or before == URLS[2]


def test_a_replica_that_refused_goes_last_for_a_few_seconds_then_gets_its_conversations_back():
    now = [0.0]
    replicas = Replicas(URLS, clock=lambda: now[0])
    own = replica_order("web:x", URLS)
    replicas.failed(own[0])
    assert replicas.order("web:x") == [*own[1:], own[0]]
    now[0] = DOWN_SECONDS + 0.1
    assert replicas.order("web:x") == own


async def test_a_message_whose_replica_refuses_the_connection_is_answered_by_the_next(closed_port_url):
    rasa = FakeRasa()
    with serve(rasa.app()) as up:
        client = RasaClient([closed_port_url, up], rasa.token, timeout=5)
        try:
            senders = [f"web:{n}" for n in range(12)]
            for sender in senders:
                assert [m.text for m in await client.send_message(sender, "hi")] == ["echo: hi"]
        finally:
            await client.aclose()
    assert [r["sender"] for r in rasa.received] == senders, "every message reached the live replica, once"


async def test_each_conversation_goes_to_its_own_replica_every_time():
    first, second = FakeRasa(), FakeRasa()
    second.token = first.token
    with serve(first.app()) as url_1, serve(second.app()) as url_2:
        client = RasaClient([url_1, url_2], first.token, timeout=5)
        try:
            for _ in range(3):
                for n in range(10):
                    await client.send_message(f"web:{n}", "hi")
        finally:
            await client.aclose()
        expected = {url_1: first, url_2: second}
        for n in range(10):
            own = expected[replica_order(f"web:{n}", (url_1, url_2))[0]]
            other = second if own is first else first
            assert [r["sender"] for r in own.received].count(f"web:{n}") == 3
            assert f"web:{n}" not in [r["sender"] for r in other.received]
