"""Random and adversarial input to every door of the gateway: the push route, the Telegram
webhook, the media route and the web chat's user_uttered. Each gets a clear 4xx (or a clear
chat message), never a 500, and nothing escapes a handler.

One real gateway (uvicorn, PTB in webhook mode) for the module, with the fake Rasa and the fake
Bot API behind it.
"""

import logging
import shutil
from collections.abc import Iterator
from urllib.parse import quote, urlsplit

import httpx
import pytest
import socketio
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.app import create_gateway
from bot.config import PROJECT_DIR, load_settings
from bot.conversations.inbound import Refusal, check_user_text
from bot.telegram.channel import SECRET_HEADER
from bot.texts import REQUIRED_KEYS, GatewayTexts
from bot.webchat.protocol import read_user_uttered
from tests.bot.telegram.conftest import FAST, free_port
from tests.fakes.rasa import FakeRasa
from tests.fakes.server import serve
from tests.fakes.telegram import TOKEN, FakeTelegram
from tests.fuzz.conftest import json_values

TEXTS = GatewayTexts.load()
SECRET = "fuzz-secret_0123456789"


class Gateway:
    def __init__(self, url: str, rasa: FakeRasa, telegram: FakeTelegram) -> None:
        self.url, self.rasa, self.telegram = url, rasa, telegram
        self.http = httpx.Client(base_url=url, timeout=30)


@pytest.fixture(scope="module")
def gateway(tmp_path_factory) -> Iterator[Gateway]:
    project = tmp_path_factory.mktemp("fuzz")
    shutil.copy(PROJECT_DIR / "endpoints.yml", project)
    shutil.copy(PROJECT_DIR / "domain.yml", project)
    (project / "var").mkdir()  # the tracker database the alert scheduler opens
    rasa, telegram = FakeRasa(), FakeTelegram()
    with serve(rasa.app()) as rasa_url, serve(telegram.app()) as api:
        port = free_port()
        env = {
            "ORIENTA_RASA_PORT": str(urlsplit(rasa_url).port),
            "ORIENTA_RASA_TOKEN": rasa.token,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": api,
            "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram/webhook",
            "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "ORIENTA_WEB_MESSAGES_PER_MINUTE_PER_IP": "10000",
        }
        app = create_gateway(load_settings(env, project), TEXTS, telegram_timeouts=FAST).app
        with serve(app, port=port) as url:
            telegram.wait_for("setWebhook")
            yield Gateway(url, rasa, telegram)


@pytest.fixture(autouse=True)
def no_handler_escapes(caplog) -> Iterator[None]:
    """Nothing may reach the gateway's or PTB's last-resort error logs."""
    with caplog.at_level(logging.ERROR):
        yield
    escaped = [r for r in caplog.records if r.name.startswith(("bot.", "telegram", "uvicorn")) and r.exc_info]
    escaped += [r for r in caplog.records if "handler failed" in r.getMessage()]
    assert escaped == [], [r.getMessage() for r in escaped]


conversation_ids = st.sampled_from(["web:abcdefgh1234", "telegram:4242", "telegram:x", "web:", "nope", "x:y"]) | (
    st.text(max_size=30)
)
custom_payloads = st.fixed_dictionaries(
    {"type": st.sampled_from(["vacancy_card", "chart", "document", "privacy_export", "other"])},
    optional={"vacancy": json_values, "url": json_values, "alt": json_values, "title": json_values},
)
messages = st.fixed_dictionaries(
    {},
    optional={
        "text": json_values,
        "buttons": st.lists(st.dictionaries(st.sampled_from(["title", "payload"]), json_values), max_size=3)
        | json_values,
        "custom": custom_payloads | json_values,
        "image": json_values,
        "metadata": json_values,
    },
)
push_bodies = st.fixed_dictionaries({"conversation_id": conversation_ids, "messages": st.lists(messages, max_size=3)})


@given(body=push_bodies | json_values)
def test_the_push_route_answers_any_body_with_a_clear_status_never_a_500(gateway, body):
    response = gateway.http.post(
        "/internal/deliver", json=body, headers={"Authorization": f"Bearer {gateway.rasa.token}"}
    )
    assert response.status_code in (200, 404, 422, 503), response.text
    assert set(response.json()) <= {"delivered", "error"}


@given(raw=st.binary(max_size=300), content_type=st.sampled_from(["application/json", "text/plain", "x/y"]))
def test_the_push_route_answers_raw_bytes_with_a_4xx(gateway, raw, content_type):
    headers = {"Authorization": f"Bearer {gateway.rasa.token}", "Content-Type": content_type}
    assert gateway.http.post("/internal/deliver", content=raw, headers=headers).status_code in (200, 404, 422)


users = st.fixed_dictionaries({"id": st.integers(), "is_bot": st.booleans(), "first_name": json_values})
chats = st.fixed_dictionaries({"id": st.integers(-(10**12), 10**12), "type": st.sampled_from(["private", "group"])})
telegram_messages = st.fixed_dictionaries(
    {"message_id": st.integers(0, 10**6), "date": st.integers(0, 2**31), "chat": chats},
    optional={
        "from": users,
        "text": st.text(max_size=200) | json_values,
        "entities": st.lists(st.dictionaries(st.sampled_from(["type", "offset", "length"]), json_values), max_size=2),
        "location": st.dictionaries(st.sampled_from(["latitude", "longitude"]), json_values),
        "sticker": json_values,
    },
)
updates = st.fixed_dictionaries(
    {"update_id": st.integers(-(2**40), 2**40)},
    optional={
        "message": telegram_messages | json_values,
        "edited_message": telegram_messages,
        "callback_query": st.fixed_dictionaries(
            {"id": st.text(max_size=10), "chat_instance": st.text(max_size=10), "from": users},
            optional={"data": st.text(max_size=80), "message": telegram_messages},
        ),
    },
)


@given(update=updates | json_values)
def test_the_telegram_webhook_takes_any_update_with_a_200_or_a_400_and_no_handler_fails(gateway, update):
    response = gateway.http.post("/telegram/webhook", json=update, headers={SECRET_HEADER: SECRET})
    assert response.status_code in (200, 400), response.text


@given(raw=st.binary(max_size=300))
def test_the_telegram_webhook_answers_bytes_that_are_no_json_with_a_400(gateway, raw):
    response = gateway.http.post("/telegram/webhook", content=raw, headers={SECRET_HEADER: SECRET})
    assert response.status_code in (200, 400)


@given(name=st.text(max_size=80))
def test_the_media_route_answers_any_name_with_a_404_never_a_500(gateway, name):
    response = gateway.http.get(f"/media/{quote(name, safe='')}")
    assert response.status_code in (404, 405), name  # nothing was ever written to this data dir


@given(args=st.lists(json_values | st.binary(max_size=50), max_size=3))
def test_any_user_uttered_arguments_are_read_and_either_relayed_or_answered_with_a_text(args):
    event = read_user_uttered(tuple(args))
    checked = check_user_text(event.message, 2000)
    if isinstance(checked, Refusal):
        assert checked.problem in REQUIRED_KEYS
        assert TEXTS.get(checked.problem, **checked.values)
    else:
        assert isinstance(checked, str) and 0 < len(checked) <= 2000
        assert checked == checked.strip()


@settings(max_examples=25)
@given(payload=json_values | st.binary(max_size=50) | st.fixed_dictionaries(
    {"message": json_values | st.binary(max_size=20)},
    optional={"session_id": json_values, "customData": json_values, "message_id": json_values},
))  # fmt: skip
def test_any_user_uttered_over_socketio_is_acknowledged_and_answered(gateway, payload):
    client = socketio.Client(reconnection=False)
    replies: list = []
    client.on("bot_uttered", replies.append)
    client.connect(gateway.url, transports=["websocket"], wait_timeout=10)
    try:
        ack = client.call("user_uttered", payload, timeout=30)
        assert ack["status"] in ("ok", "duplicate", "rate_limited")
        if ack["status"] == "ok":
            assert replies and all(isinstance(r, dict) for r in replies)
    finally:
        client.disconnect()
