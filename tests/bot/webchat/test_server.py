"""The web chat channel, over a real socket.io connection to the real gateway app.

Rasa is the fake from tests/fakes/rasa.py, so failures can be produced on
demand; tests/e2e/ repeats the main paths against the real Rasa server.
"""

import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import socketio

from bot.app import create_gateway
from bot.conversations.relay import Relay
from bot.dialogue.client import RasaClient
from bot.texts import GatewayTexts
from bot.webchat.server import MAX_FRAME_BYTES, WebChat
from tests.fakes.server import serve

TEXTS = GatewayTexts.load()


class ChatClient:
    """A socket.io client that records what the server emits."""

    def __init__(self, url: str) -> None:
        self.events: list[tuple[str, object]] = []
        self._changed = threading.Condition()
        self.sio = socketio.Client(reconnection=False)
        for name in ("session_confirm", "bot_uttered", "error"):
            self.sio.on(name, self._recorder(name))
        self.sio.connect(url, transports=["websocket"], wait_timeout=5)

    def _recorder(self, name: str):
        def record(data: object = None) -> None:
            with self._changed:
                self.events.append((name, data))
                self._changed.notify_all()

        return record

    def wait_for(self, name: str, count: int = 1, timeout: float = 5.0) -> list[object]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(found := [d for n, d in self.events if n == name]) < count:
                left = deadline - time.monotonic()
                assert left > 0, f"expected {count} {name!r} events, got {self.events}"
                self._changed.wait(left)
        return found

    def start_session(self, session_id: str | None = None) -> str:
        self.sio.emit("session_request", {"session_id": session_id})
        return self.wait_for("session_confirm")[-1]

    def say(self, session_id: str, message: object, **extra: object) -> None:
        self.sio.emit("user_uttered", {"message": message, "session_id": session_id, **extra})

    def close(self) -> None:
        self.sio.disconnect()


@pytest.fixture
def gateway(gateway_settings) -> Iterator[str]:
    with serve(create_gateway(gateway_settings(ORIENTA_MAX_MESSAGE_CHARS="100"), TEXTS).app) as url:
        yield url


@pytest.fixture
def connect(gateway):
    clients: list[ChatClient] = []

    def make() -> ChatClient:
        clients.append(ChatClient(gateway))
        return clients[-1]

    yield make
    for client in clients:
        if client.sio.connected:
            client.close()


def test_session_request_without_id_gets_a_new_one(connect):
    session_id = connect().start_session(None)
    assert isinstance(session_id, str) and len(session_id) == 32


def test_session_request_with_an_id_keeps_it_so_a_reload_continues(connect):
    assert connect().start_session("0123456789abcdef") == "0123456789abcdef"


def test_unusable_session_id_is_replaced(connect):
    assert connect().start_session("../../etc") != "../../etc"


def test_message_goes_to_rasa_as_web_conversation_with_custom_data(connect, fake_rasa):
    rasa, _ = fake_rasa
    client = connect()
    session_id = client.start_session()
    client.say(session_id, "hello", customData={"language": "en"})

    assert client.wait_for("bot_uttered") == [{"text": "echo: hello"}]
    assert rasa.received == [{"sender": f"web:{session_id}", "message": "hello", "metadata": {"language": "en"}}]


def test_buttons_arrive_as_quick_replies(connect, fake_rasa):
    rasa, _ = fake_rasa
    rasa.extra_messages = [{"text": "Choose", "buttons": [{"title": "Help", "payload": "/help"}]}]
    client = connect()
    session_id = client.start_session()
    client.say(session_id, "hi")
    _, second = client.wait_for("bot_uttered", count=2)
    assert second == {
        "text": "Choose",
        "quick_replies": [{"content_type": "text", "title": "Help", "payload": "/help"}],
    }


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("", TEXTS.get("empty_message")),
        ("   \n ", TEXTS.get("empty_message")),
        ("x" * 10_000, TEXTS.get("message_too_long", length=10_000, limit=100)),
        (b"\x89PNG\r\n\x1a\n\x00\xff", TEXTS.get("not_text")),
        ({"nested": "object"}, TEXTS.get("not_text")),
    ],
)
def test_unusable_messages_get_a_clear_reply_and_never_reach_rasa(connect, fake_rasa, message, expected):
    rasa, _ = fake_rasa
    client = connect()
    session_id = client.start_session()
    client.say(session_id, message)
    assert client.wait_for("bot_uttered") == [{"text": expected}]
    assert rasa.received == []


def test_message_without_session_request_is_answered_not_dropped(connect):
    client = connect()
    client.sio.emit("user_uttered", {"message": "hi"})
    (session_id,) = client.wait_for("session_confirm")
    assert client.wait_for("bot_uttered") == [{"text": "echo: hi"}]
    assert len(session_id) == 32


def test_unknown_event_gets_an_error_and_the_connection_keeps_working(connect):
    client = connect()
    session_id = client.start_session()
    client.sio.emit("delete_everything", {"please": True})
    assert client.wait_for("error") == [{"error": "unknown_event", "event": "delete_everything"}]
    client.say(session_id, "still there?")
    assert client.wait_for("bot_uttered") == [{"text": "echo: still there?"}]


def test_every_tab_of_a_session_sees_the_replies(connect):
    first, second = connect(), connect()
    session_id = first.start_session()
    second.start_session(session_id)
    first.say(session_id, "hi")
    assert second.wait_for("bot_uttered") == [{"text": "echo: hi"}]
    assert first.wait_for("bot_uttered") == [{"text": "echo: hi"}]


def test_reply_to_a_client_that_left_mid_reply_is_delivered_when_it_returns(connect, fake_rasa):
    rasa, _ = fake_rasa
    rasa.delay_seconds = 1.0
    leaving = connect()
    session_id = leaving.start_session()
    leaving.say(session_id, "are you there?")
    time.sleep(0.3)
    leaving.close()
    time.sleep(1.2)  # Rasa answers while nobody is connected

    returning = connect()
    returning.start_session(session_id)
    assert returning.wait_for("bot_uttered") == [{"text": "echo: are you there?"}]


def test_rasa_down_gives_a_clear_reply(gateway_settings, closed_port_url):
    settings = gateway_settings(ORIENTA_RASA_PORT=str(urlsplit(closed_port_url).port))
    with serve(create_gateway(settings, TEXTS).app) as url:
        client = ChatClient(url)
        session_id = client.start_session()
        client.say(session_id, "hello?")
        assert client.wait_for("bot_uttered") == [{"text": TEXTS.get("unavailable")}]
        client.close()


def test_a_slow_conversation_does_not_hold_up_others(connect, fake_rasa):
    rasa, _ = fake_rasa
    rasa.delay_seconds = 1.5
    slow, quick = connect(), connect()
    slow.say(slow.start_session(), "slow one")
    time.sleep(0.1)  # the slow message is now waiting inside Rasa
    rasa.delay_seconds = 0
    quick.say(quick.start_session(), "quick one")
    assert quick.wait_for("bot_uttered") == [{"text": "echo: quick one"}]
    assert not [name for name, _ in slow.events if name == "bot_uttered"]  # still pending
    assert slow.wait_for("bot_uttered") == [{"text": "echo: slow one"}]


def test_oversized_frame_closes_only_that_connection(connect):
    greedy, other = connect(), connect()
    greedy_session = greedy.start_session()
    other_session = other.start_session()
    greedy.say(greedy_session, "x" * (MAX_FRAME_BYTES + 1))
    deadline = time.monotonic() + 5
    while greedy.sio.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not greedy.sio.connected
    other.say(other_session, "fine")
    assert other.wait_for("bot_uttered") == [{"text": "echo: fine"}]


async def test_closing_every_connection_with_none_open_does_nothing_and_does_not_fail(fake_rasa, tmp_path):
    # It runs at every gateway stop; python-engineio raises ValueError on an empty set.
    rasa, url = fake_rasa
    client = RasaClient(url, rasa.token, timeout=5)
    try:
        webchat = WebChat(Relay(client, TEXTS, 100), None, texts=TEXTS)
        await webchat.disconnect_all()
        assert webchat.sio.eio.sockets == {}
    finally:
        await client.aclose()


def test_forgetting_a_web_conversation_drops_its_undelivered_replies():
    chat = WebChat(relay=None, cors_allowed_origins=None)  # type: ignore[arg-type]
    chat.outbox.put("s1", {"text": "your plan"})
    chat.outbox.put("s2", {"text": "someone else's"})
    assert chat.forget("telegram:s1") == 0, "only web conversations have an outbox"
    assert chat.forget("web:s1") == 1
    assert chat.outbox.take("s1") == [] and chat.outbox.take("s2") == [{"text": "someone else's"}]
