"""Webhook mode: Telegram calls the gateway, which checks the secret token on every update."""

import time

import httpx
import pytest

from tests.bot.telegram.conftest import free_port
from tests.fakes.telegram import parse_html

CHAT = 77


@pytest.fixture
def hooked(start_rig):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    return start_rig(env={"TELEGRAM_WEBHOOK_URL": url}, gateway_port=port), url


def update(text: str) -> dict:
    chat = {"id": CHAT, "type": "private", "first_name": "T"}
    message = {"message_id": 1, "date": 0, "chat": chat, "from": {"id": CHAT, "is_bot": False, "first_name": "T"}}
    return {"update_id": 999, "message": {**message, "text": text}}


def test_webhook_mode_registers_the_route_with_a_secret_and_never_polls(hooked):
    rig, url = hooked
    (call,) = rig.telegram.wait_for("setWebhook")
    assert call.params["url"] == url
    assert len(call.params["secret_token"]) >= 32
    assert rig.telegram.count("getUpdates") == 0


def test_update_with_the_right_secret_is_processed(hooked):
    rig, _ = hooked
    rig.telegram.user_says(CHAT, "hello")
    (sent,) = rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT)
    assert parse_html(sent.text) == "echo: hello"


@pytest.mark.parametrize("headers", [{}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}], ids=["none", "wrong"])
def test_update_without_the_right_secret_gets_403_and_is_never_processed(hooked, headers):
    rig, url = hooked
    response = httpx.post(url, json=update("hello"), headers=headers, timeout=5)
    assert response.status_code == 403
    time.sleep(0.5)
    assert rig.rasa.received == []
    assert rig.telegram.sent_to(CHAT) == []


def test_a_configured_secret_is_the_one_given_to_telegram(start_rig):
    port = free_port()
    env = {"TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}/tg", "TELEGRAM_WEBHOOK_SECRET": "s3cret_-X"}
    rig = start_rig(env=env, gateway_port=port)
    (call,) = rig.telegram.wait_for("setWebhook")
    assert call.params["secret_token"] == "s3cret_-X"
    good = httpx.post(call.params["url"], json=update("hi"), headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret_-X"})
    assert good.status_code == 200
    rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT)
