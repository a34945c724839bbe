"""Each Telegram update is handled once by its update_id, in whatever order it arrives."""

import time

import httpx

from bot.telegram.updates import SeenUpdates
from tests.bot.telegram.conftest import free_port
from tests.fakes.telegram import parse_html

CHAT = 88
SECRET = "dedupe-secret_1"


def update(update_id: int, text: str) -> dict:
    chat = {"id": CHAT, "type": "private", "first_name": "T"}
    sender = {"id": CHAT, "is_bot": False, "first_name": "T"}
    return {"update_id": update_id, "message": {"message_id": update_id, "date": 0, "chat": chat, "from": sender,
                                                "text": text}}  # fmt: skip


def test_an_id_is_new_once_and_the_oldest_are_forgotten_beyond_the_bound():
    seen = SeenUpdates(remembered=2)
    assert [seen.first_time(i) for i in (5, 5, 3, 5)] == [True, False, True, False]
    assert seen.first_time(9) is True  # 5 is now forgotten
    assert seen.first_time(5) is True


def test_a_repeated_update_is_answered_once_and_a_late_older_one_still_is(start_rig):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    rig = start_rig(env={"TELEGRAM_WEBHOOK_URL": url, "TELEGRAM_WEBHOOK_SECRET": SECRET}, gateway_port=port)
    rig.telegram.wait_for("setWebhook")
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    for update_id, text in [(20, "second"), (20, "second"), (19, "first"), (20, "second"), (19, "first")]:
        assert httpx.post(url, json=update(update_id, text), headers=headers, timeout=5).status_code == 200
    rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT, count=2)
    time.sleep(0.5)  # a third answer, if any, would be out by now
    assert [parse_html(c.text) for c in rig.telegram.sent_to(CHAT)] == ["echo: second", "echo: first"]
    assert [body["message"] for body in rig.rasa.received] == ["second", "first"]
