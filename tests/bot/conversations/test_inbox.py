import asyncio
from urllib.parse import urlsplit

import pytest

from bot.conversations.delivery import Delivery
from bot.conversations.inbox import Inbox, KeepPolicy
from bot.dialogue.client import RasaClient
from bot.texts import GatewayTexts
from tests.fakes.rasa import FakeRasa
from tests.fakes.server import serve

TEXTS = GatewayTexts.load()
FAST = KeepPolicy(first_retry_seconds=0.05, max_retry_seconds=0.2, slow_notice_seconds=0.3)


class Recorder:
    def __init__(self, delivery: Delivery) -> None:
        self.said: list[tuple[str, str]] = []
        self.changed = asyncio.Event()
        delivery.register("test", self.deliver)

    async def deliver(self, target, messages):
        self.said.extend((target, m.text) for m in messages)
        self.changed.set()

    async def wait_for(self, count: int, timeout: float = 10) -> list[str]:
        async def enough():
            while len(self.said) < count:
                self.changed.clear()
                await self.changed.wait()

        await asyncio.wait_for(enough(), timeout)
        return [text for _, text in self.said]


@pytest.fixture
async def make_inbox():
    clients = []
    inboxes = []

    def make(url: str, policy: KeepPolicy = FAST, clock=None, timeout: float = 5) -> tuple[Inbox, Recorder]:
        client = RasaClient(url, "t" * 20, timeout=timeout)
        clients.append(client)
        delivery = Delivery()
        recorder = Recorder(delivery)
        inbox = Inbox(client, TEXTS, delivery, 100, policy, **({"clock": clock} if clock else {}))
        inboxes.append(inbox)
        return inbox, recorder

    yield make
    for inbox in inboxes:
        await inbox.close()
    for client in clients:
        await client.aclose()


async def test_messages_of_one_conversation_are_answered_in_order_one_at_a_time(fake_rasa, make_inbox):
    rasa, url = fake_rasa
    rasa.delay_seconds = 0.05
    inbox, said = make_inbox(url)
    for n in range(5):
        inbox.put("test:a", f"m{n}")
    assert await said.wait_for(5) == [f"echo: m{n}" for n in range(5)]
    assert rasa.max_in_flight == 1


async def test_different_conversations_are_answered_concurrently(fake_rasa, make_inbox):
    rasa, url = fake_rasa
    rasa.delay_seconds = 0.3
    inbox, said = make_inbox(url)
    for name in "abcd":
        inbox.put(f"test:{name}", "hi")
    await said.wait_for(4)
    assert rasa.max_in_flight == 4


async def test_a_refused_message_is_answered_in_its_place_without_reaching_rasa(fake_rasa, make_inbox):
    rasa, url = fake_rasa
    inbox, said = make_inbox(url)
    inbox.put("test:a", "first")
    inbox.put("test:a", "   ")
    inbox.put("test:a", "last")
    assert await said.wait_for(3) == ["echo: first", TEXTS.get("empty_message"), "echo: last"]
    assert [r["message"] for r in rasa.received] == ["first", "last"]


async def test_rasa_down_keeps_the_messages_and_answers_them_in_order_when_it_is_back(closed_port_url, make_inbox):
    inbox, said = make_inbox(closed_port_url)
    inbox.put("test:a", "one")
    inbox.put("test:a", "two")
    assert await said.wait_for(1) == [TEXTS.get("kept", minutes=30)]
    await asyncio.sleep(0.3)
    assert inbox.waiting("test:a") == 2

    rasa = FakeRasa()
    with serve(rasa.app(), port=urlsplit(closed_port_url).port):
        texts = await said.wait_for(3)
    assert texts == [TEXTS.get("kept", minutes=30), "echo: one", "echo: two"]
    assert [r["message"] for r in rasa.received] == ["one", "two"]
    assert inbox.waiting("test:a") == 0


async def test_kept_messages_expire_after_the_keep_time_and_the_user_is_told(closed_port_url, make_inbox):
    now = [0.0]
    inbox, said = make_inbox(closed_port_url, clock=lambda: now[0])
    inbox.put("test:a", "one")
    inbox.put("test:a", "two")
    await said.wait_for(1)
    now[0] = FAST.keep_seconds + 1
    texts = await said.wait_for(2)
    assert texts[1] == TEXTS.get("kept_expired", count=2)
    assert inbox.waiting("test:a") == 0


async def test_a_full_queue_refuses_more_and_says_so(closed_port_url, make_inbox):
    policy = KeepPolicy(max_per_conversation=2, first_retry_seconds=5)
    inbox, said = make_inbox(closed_port_url, policy)
    for text in ("one", "two", "three"):
        inbox.put("test:a", text)
    texts = await said.wait_for(2)
    assert sorted(texts) == sorted([TEXTS.get("kept", minutes=30), TEXTS.get("kept_full")])
    assert inbox.waiting("test:a") == 2


async def test_slow_rasa_tells_the_user_the_message_is_kept_then_delivers_the_answer(fake_rasa, make_inbox):
    rasa, url = fake_rasa
    rasa.delay_seconds = 0.8
    inbox, said = make_inbox(url)
    inbox.put("test:a", "hi")
    assert await said.wait_for(2) == [TEXTS.get("kept", minutes=30), "echo: hi"]
    assert len(rasa.received) == 1


async def test_rasa_error_answers_failed_and_goes_on_with_the_next_message(fake_rasa, make_inbox):
    rasa, url = fake_rasa
    rasa.status_code = 500
    inbox, said = make_inbox(url)
    inbox.put("test:a", "hi")
    assert await said.wait_for(1) == [TEXTS.get("failed")]
    rasa.status_code = 200
    inbox.put("test:a", "again")
    assert (await said.wait_for(2))[1] == "echo: again"


async def test_an_undeliverable_reply_does_not_stop_the_queue(fake_rasa, make_inbox):
    _, url = fake_rasa
    inbox, said = make_inbox(url)
    inbox.put("nochannel:x", "lost")
    inbox.put("test:a", "kept going")
    assert await said.wait_for(1) == ["echo: kept going"]


async def test_a_message_rasa_answered_with_nothing_gets_the_could_not_finish_text_and_the_queue_goes_on(
    fake_rasa, make_inbox
):
    rasa, url = fake_rasa
    rasa.silent = True
    inbox, said = make_inbox(url)
    inbox.put("test:a", "nurse jobs")
    assert await said.wait_for(1) == [TEXTS.get("not_answered")]
    rasa.silent = False
    inbox.put("test:a", "thanks")
    assert await said.wait_for(2) == [TEXTS.get("not_answered"), "echo: thanks"]


async def test_forgetting_a_conversation_drops_its_kept_messages_but_not_the_one_being_handled(fake_rasa, make_inbox):
    rasa, url = fake_rasa
    rasa.delay_seconds = 0.15
    inbox, said = make_inbox(url)
    for text in ("/confirm_forget", "my phone is 0701234567", "and my address"):
        inbox.put("test:a", text)
    inbox.put("test:b", "other")
    await asyncio.sleep(0.05)  # the first message is with Rasa now
    assert inbox.forget("test:a") == 2
    assert inbox.waiting("test:b") == 1, "other conversations keep theirs"
    assert sorted(await said.wait_for(2)) == ["echo: /confirm_forget", "echo: other"]
    await asyncio.sleep(0.3)
    assert sorted(r["message"] for r in rasa.received) == ["/confirm_forget", "other"]
    assert inbox.forget("test:a") == 0 and inbox.waiting("test:a") == 0
