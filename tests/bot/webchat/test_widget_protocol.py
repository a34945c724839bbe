"""The gateway's additions for the widget, over a real socket.io connection: acks and resends,
rate limits, history from the tracker, operators' messages and the handshake's Origin."""

from collections.abc import Iterator

import pytest
import socketio
import websocket

from bot.app import create_gateway
from bot.texts import GatewayTexts
from tests.bot.webchat.test_server import ChatClient as BaseClient
from tests.fakes.server import serve

TEXTS = GatewayTexts.load()
MESSAGE_ID = "0123456789abcdef0123456789abcdef"


class ChatClient(BaseClient):
    """The unit tests' client, also recording ``history`` events."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.sio.on("history", self._recorder("history"))


@pytest.fixture
def make_gateway(gateway_settings):
    servers = []

    def start(**env: str) -> str:
        server = serve(create_gateway(gateway_settings(**env), TEXTS).app)
        servers.append(server)
        return server.__enter__()

    yield start
    for server in servers:
        server.__exit__(None, None, None)


@pytest.fixture
def client(make_gateway) -> Iterator[ChatClient]:
    chat = ChatClient(make_gateway())
    yield chat
    chat.close()


def uttered(session_id: str, message: str, message_id: str = MESSAGE_ID, **extra: object) -> dict:
    return {"message": message, "session_id": session_id, "message_id": message_id, **extra}


def test_a_message_with_an_id_is_acknowledged_after_its_replies(client, fake_rasa):
    rasa, _ = fake_rasa
    session_id = client.start_session()
    ack = client.sio.call("user_uttered", uttered(session_id, "hello"), timeout=5)
    assert ack == {"status": "ok", "message_id": MESSAGE_ID}
    assert client.events[-1] == ("bot_uttered", {"text": "echo: hello"})  # the reply came first
    assert rasa.received[0]["metadata"] == {"message_id": MESSAGE_ID}


def test_a_resent_message_is_acknowledged_as_duplicate_and_reaches_rasa_once(client, fake_rasa):
    rasa, _ = fake_rasa
    session_id = client.start_session()
    client.sio.call("user_uttered", uttered(session_id, "hello"), timeout=5)
    again = client.sio.call("user_uttered", uttered(session_id, "hello"), timeout=5)
    assert again == {"status": "duplicate", "message_id": MESSAGE_ID}
    assert [body["message"] for body in rasa.received] == ["hello"]
    assert client.wait_for("bot_uttered") == [{"text": "echo: hello"}]


def test_a_resend_to_a_restarted_gateway_is_recognised_from_the_ids_rasa_stored(client, fake_rasa):
    # The first ack died with the old gateway process: only the tracker knows the message arrived.
    rasa, _ = fake_rasa
    session_id = client.start_session()
    rasa.events[f"web:{session_id}"] = [
        {"event": "user", "text": "hello", "timestamp": 1.0, "metadata": {"message_id": MESSAGE_ID}}
    ]
    again = client.sio.call("user_uttered", uttered(session_id, "hello"), timeout=5)
    assert again == {"status": "duplicate", "message_id": MESSAGE_ID}
    fresh = client.sio.call("user_uttered", uttered(session_id, "thanks", "fedcba9876543210"), timeout=5)
    assert fresh["status"] == "ok"
    assert [body["message"] for body in rasa.received] == ["thanks"]


def test_messages_without_ids_are_never_taken_for_resends(client, fake_rasa):
    rasa, _ = fake_rasa
    session_id = client.start_session()
    for _ in range(2):
        client.sio.call("user_uttered", {"message": "same", "session_id": session_id}, timeout=5)
    assert [body["message"] for body in rasa.received] == ["same", "same"]


def test_a_session_over_its_rate_limit_is_told_and_nothing_more_reaches_rasa(make_gateway, fake_rasa):
    rasa, _ = fake_rasa
    client = ChatClient(make_gateway(ORIENTA_WEB_MESSAGES_PER_MINUTE="2"))
    session_id = client.start_session()
    acks = [
        client.sio.call("user_uttered", uttered(session_id, f"m{n}", f"message-{n:04d}"), timeout=5) for n in range(3)
    ]
    assert [ack["status"] for ack in acks] == ["ok", "ok", "rate_limited"]
    assert [body["message"] for body in rasa.received] == ["m0", "m1"]
    assert client.wait_for("bot_uttered", count=3)[-1] == {"text": TEXTS.get("too_many_messages")}
    other = ChatClient(client.sio.connection_url)
    other_session = other.start_session()
    assert other.sio.call("user_uttered", uttered(other_session, "hi", "message-9999"), timeout=5)["status"] == "ok"
    other.close()
    client.close()


def test_an_address_over_its_rate_limit_is_refused_across_sessions(make_gateway, fake_rasa):
    rasa, _ = fake_rasa
    url = make_gateway(ORIENTA_WEB_MESSAGES_PER_MINUTE_PER_IP="2")
    statuses = []
    for n in range(3):
        client = ChatClient(url)
        session_id = client.start_session()
        statuses.append(client.sio.call("user_uttered", uttered(session_id, "hi", f"message-{n:04d}"), timeout=5))
        client.close()
    assert [ack["status"] for ack in statuses] == ["ok", "ok", "rate_limited"]
    assert len(rasa.received) == 2


def test_session_request_with_history_gets_the_tracker_as_entries_instead_of_kept_replies(client, fake_rasa):
    rasa, _ = fake_rasa
    session_id = "abcdef0123456789"
    rasa.events[f"web:{session_id}"] = [
        {"event": "user", "text": "/greet", "timestamp": 1.0, "metadata": {"message_id": "hidden-greet-01"}},
        {"event": "bot", "text": "Hello!", "timestamp": 2.0, "data": {}},
        {"event": "user", "text": "thanks", "timestamp": 3.0, "metadata": {"message_id": MESSAGE_ID}},
    ]
    client.sio.emit("session_request", {"session_id": session_id, "history": True})
    assert client.wait_for("session_confirm") == [session_id]
    (history,) = client.wait_for("history")
    assert history == {
        "available": True,
        "entries": [
            {"from": "bot", "ts": 2.0, "payload": {"text": "Hello!"}},
            {"from": "user", "ts": 3.0, "payload": {"text": "thanks"}, "message_id": MESSAGE_ID},
        ],
        "message_ids": ["hidden-greet-01", MESSAGE_ID],
    }


def test_history_says_unavailable_when_rasa_cannot_answer(client, fake_rasa):
    rasa, _ = fake_rasa
    rasa.status_code = 500
    client.sio.emit("session_request", {"session_id": "abcdef0123456789", "history": True})
    assert client.wait_for("history") == [{"available": False, "entries": [], "message_ids": []}]


def test_an_operators_message_reaches_the_web_chat_marked_as_from_a_person(client, fake_rasa):
    rasa, _ = fake_rasa
    rasa.extra_messages = [{"text": "Hi, I'm Anna from the office.", "metadata": {"from": "operator"}}]
    session_id = client.start_session()
    client.say(session_id, "hello")
    assert client.wait_for("bot_uttered", count=2)[1] == {
        "text": "Hi, I'm Anna from the office.",
        "metadata": {"from": "operator"},
    }


@pytest.mark.parametrize(
    ("env", "origin", "accepted"),
    [
        ({}, "https://evil.example", False),
        ({"WIDGET_ALLOWED_ORIGINS": "https://www.pes.example"}, "https://www.pes.example", True),
        ({"WIDGET_ALLOWED_ORIGINS": "https://www.pes.example"}, "https://evil.example", False),
        ({"ORIENTA_ALLOWED_ORIGINS": "https://jobs.pes.example"}, "https://jobs.pes.example", True),
        ({"WIDGET_ALLOWED_ORIGINS": "*"}, "https://anyone.example", True),
    ],
    ids=["same-origin-only", "widget-origin", "other-origin", "chat-origin", "any"],
)
def test_the_handshake_origin_must_be_an_allowed_site(make_gateway, env, origin, accepted):
    url = make_gateway(**env)
    sio = socketio.Client(reconnection=False)
    try:
        sio.connect(url, headers={"Origin": origin}, transports=["polling"], wait_timeout=5)
    except socketio.exceptions.ConnectionError:
        assert not accepted, f"{origin} refused over polling"
    else:
        assert accepted, f"{origin} accepted over polling"
        sio.disconnect()
    # The WebSocket handshake directly (python-socketio's client would add a second Origin).
    ws_url = url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    try:
        connection = websocket.create_connection(ws_url, origin=origin, timeout=5)
    except websocket.WebSocketBadStatusException as error:
        assert not accepted and error.status_code == 403, f"{origin} refused over WebSocket"
    else:
        assert accepted, f"{origin} accepted over WebSocket"
        assert connection.recv().startswith("0{")  # Engine.IO's open packet
        connection.close()


def test_a_page_in_swedish_gets_rasa_and_the_gateway_speaking_swedish(make_gateway, fake_rasa):
    rasa, _ = fake_rasa
    rasa.echo_language = True
    client = ChatClient(make_gateway(ORIENTA_WEB_MESSAGES_PER_MINUTE="1"))
    session_id = client.start_session()
    ack = client.sio.call("user_uttered", uttered(session_id, "/greet", customData={"language": "sv"}), timeout=5)
    assert ack["status"] == "ok"
    said = [payload.get("text") for name, payload in client.events if name == "bot_uttered"]
    assert said[0] == "[sv] echo: /greet", "the widget's data-lang set the slot"
    assert said[1] == TEXTS.in_language("sv").get("language_guessed")
    client.sio.call("user_uttered", uttered(session_id, "hej", message_id="f" * 32), timeout=5)
    assert client.wait_for("bot_uttered", count=3)[-1] == {"text": TEXTS.in_language("sv").get("too_many_messages")}
    client.close()
