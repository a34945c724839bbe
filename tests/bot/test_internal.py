"""POST /internal/deliver: the push path for job alerts and operators."""

import shutil
from urllib.parse import urlsplit

import httpx
import pytest

from bot.app import create_gateway
from bot.config import PROJECT_DIR, load_settings
from bot.internal import is_loopback
from tests.fakes.server import serve


@pytest.fixture
def gateway(fake_rasa, tmp_path):
    rasa, rasa_url = fake_rasa
    shutil.copy(PROJECT_DIR / "endpoints.yml", tmp_path)
    env = {"ORIENTA_RASA_PORT": str(urlsplit(rasa_url).port), "ORIENTA_RASA_TOKEN": rasa.token}
    gateway = create_gateway(load_settings(env, tmp_path))
    pushed = []

    async def deliver(target, messages):
        pushed.append((target, messages))

    gateway.delivery.register("test", deliver)
    with serve(gateway.app) as url:
        yield url, rasa.token, pushed, gateway


def test_push_with_the_token_reaches_the_channels_deliverer(gateway):
    url, token, pushed, _ = gateway
    body = {
        "conversation_id": "test:42",
        "messages": [{"text": "New job!", "buttons": [{"title": "See", "payload": "/x"}]}],
    }
    response = httpx.post(f"{url}/internal/deliver", json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json() == {"delivered": 1}
    ((target, (message,)),) = pushed
    assert (target, message.text, message.buttons[0].payload) == ("42", "New job!", "/x")


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong-token-0123456789"}], ids=["none", "wrong"])
def test_push_without_the_right_token_is_refused(gateway, headers):
    url, _, pushed, _ = gateway
    body = {"conversation_id": "test:42", "messages": [{"text": "x"}]}
    assert httpx.post(f"{url}/internal/deliver", json=body, headers=headers).status_code == 401
    assert pushed == []


def test_push_to_a_channel_that_is_not_running_is_404(gateway):
    url, token, _, _ = gateway
    body = {"conversation_id": "telegram:42", "messages": [{"text": "x"}]}
    response = httpx.post(f"{url}/internal/deliver", json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404


def test_push_with_a_malformed_body_is_422(gateway):
    url, token, _, _ = gateway
    response = httpx.post(f"{url}/internal/deliver", json={"to": "x"}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422


@pytest.mark.parametrize(("host", "expected"), [("127.0.0.1", True), ("::1", True), ("10.0.0.2", False), (None, False)])
def test_only_loopback_clients_count_as_local(host, expected):
    assert is_loopback(host) is expected


def test_push_to_a_web_chat_session_without_an_open_tab_is_kept_for_its_return(gateway):
    url, token, _, running = gateway
    body = {"conversation_id": "web:0123456789abcdef", "messages": [{"text": "An operator replied."}]}
    response = httpx.post(f"{url}/internal/deliver", json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert running.webchat.outbox.take("0123456789abcdef") == [{"text": "An operator replied."}]
