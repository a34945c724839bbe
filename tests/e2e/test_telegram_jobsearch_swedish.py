"""A job-search step in Swedish on Telegram: real gateway (PTB), Rasa and actions; fake Bot API.

The web chat's Swedish job search is tests/e2e/test_jobsearch_swedish.py; this shows the same
texts and buttons arrive on the other channel, as inline keyboards.
"""

from collections.abc import Iterator

import httpx
import pytest

from tests.fakes.server import serve
from tests.fakes.telegram import TOKEN, FakeTelegram, parse_html

CHAT = 7301


@pytest.fixture(scope="module")
def telegram(backend) -> Iterator[FakeTelegram]:
    fake = FakeTelegram()
    with serve(fake.app()) as api:
        backend.start_gateway("gateway-sv", {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api})
        fake.wait_for("getUpdates", timeout=60)
        yield fake
        backend.stop_process("gateway-sv")


def keys(call) -> list[str]:
    return [key["text"] for row in call.keyboard for key in row]


def callback(call, title: str) -> str:
    return next(key["callback_data"] for row in call.keyboard for key in row if key["text"] == title)


def test_a_swedish_telegram_user_builds_a_plan_with_swedish_texts_and_buttons(telegram, backend):
    conversation = f"telegram:{CHAT}"
    backend.agreed(conversation)
    httpx.post(
        f"{backend.rasa_url}/conversations/{conversation}/tracker/events",
        params={"token": backend.settings.rasa_token},
        json={"event": "slot", "name": "language", "value": "sv"},
        timeout=10,
    ).raise_for_status()

    telegram.user_says(CHAT, "/plan", language_code="sv")
    (intro,) = telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT, timeout=60)
    assert parse_html(intro.text).startswith("Nu gör vi en plan med 3 till 5 små steg.")
    assert "Uppdatera mitt CV" in keys(intro)

    telegram.user_clicks(intro, callback(intro, "Uppdatera mitt CV"))
    _, when = telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT, count=2, timeout=60)
    assert parse_html(when.text) == '"Uppdatera mitt CV". När ska du göra det?'
    assert keys(when) == ["Om 3 dagar", "Om en vecka", "Om 2 veckor", "Om en månad"]
