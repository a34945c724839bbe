"""Telegram delivering an update twice, or an older update after a newer one."""

import itertools
import time

import httpx

from tests.fakes.telegram import parse_html
from tests.faults.stack import WEBHOOK_SECRET

update_ids = itertools.count(900_000)


def update(update_id: int, chat: int, text: str) -> dict:
    sender = {"id": chat, "is_bot": False, "first_name": "T", "language_code": "en"}
    message = {"message_id": update_id, "date": int(time.time()), "chat": {"id": chat, "type": "private"}}
    return {"update_id": update_id, "message": {**message, "from": sender, "text": text}}


def test_a_repeated_or_late_telegram_update_is_answered_exactly_once(faults, responses):
    """The user gets one answer per message they sent, never two: a repeated update is ignored,
    and a late older one is answered (after the newer one, as it arrived)."""
    chat = 7_001
    faults.agreed(f"telegram:{chat}")  # the user answered the privacy notice before
    telegram = faults.telegram
    older = next(update_ids)
    newer = next(update_ids)
    arrivals = [(newer, "thank you"), (newer, "thank you"), (older, "hello"), (newer, "thank you"), (older, "hello")]
    headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
    for update_id, text in arrivals:
        posted = httpx.post(faults.webhook_url, json=update(update_id, chat, text), headers=headers, timeout=10)
        assert posted.status_code == 200
    telegram.wait_for("sendMessage", lambda c: c.chat_id == chat, count=2, timeout=60)
    time.sleep(2)  # long enough for a duplicate answer to be sent, if there were one
    assert [parse_html(c.text) for c in telegram.sent_to(chat)] == [
        responses["utter_you_are_welcome"],
        responses["utter_greet"],
    ]
    assert faults.user_texts(f"telegram:{chat}") == ["thank you", "hello"]
