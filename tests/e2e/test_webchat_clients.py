"""Real web clients against the real stack: the JavaScript socket.io client
that rasa-webchat 1.x is built on, and the chat page in headless Chromium."""

import json
import re
import shutil
import subprocess

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from bot.config import PROJECT_DIR
from tests.e2e.ads import is_demo_title

JS_DIR = PROJECT_DIR / "tests" / "e2e" / "js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def node_clients() -> None:
    """Install the pinned JavaScript clients (package-lock.json) once per session."""
    assert shutil.which("node"), "node is missing: run scripts/system-packages.sh"
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=JS_DIR, check=True, timeout=300)


def rasa_webchat_session(url: str, message: str, session_id: str | None = None) -> dict:
    args = ["node", "rasa_webchat_session.js", url, message, *([session_id] if session_id else [])]
    result = subprocess.run(args, cwd=JS_DIR, capture_output=True, text=True, timeout=90)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_socketio_client_3_gets_the_privacy_notice_first_and_upgrades_to_websocket(node_clients, stack, responses):
    session = rasa_webchat_session(stack.url, "hello")
    *paragraphs, notice = session["replies"]  # one bubble per paragraph; no second hello
    assert paragraphs[0]["text"].startswith("Welcome! I'm Orienta")
    assert notice["quick_replies"] == [
        {"content_type": "text", "title": "I agree", "payload": "/consent_given"},
        {"content_type": "text", "title": "No, thanks", "payload": "/consent_declined"},
    ]
    assert session["transport"] == "websocket"


def test_socketio_client_3_resumes_its_session_after_a_reload(node_clients, stack, responses):
    first = rasa_webchat_session(stack.url, "hi there")
    again = rasa_webchat_session(stack.url, "thanks", first["session_id"])
    assert again["session_id"] == first["session_id"]
    assert again["replies"] == [{"text": responses["utter_you_are_welcome"]}]
    assert stack.user_texts(f"web:{first['session_id']}") == ["hi there", "thanks"]


@pytest.fixture(scope="module")
def browser() -> Browser:
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is missing: run scripts/system-packages.sh"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def test_chat_page_shows_the_privacy_notice_answers_buttons_and_typing_and_survives_a_reload(browser, stack, responses):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(stack.url)
    bot = page.locator(".msg--bot")

    expect(bot.first).to_contain_text("Welcome! I'm Orienta", timeout=30_000)
    page.get_by_role("button", name="I agree").click()
    help_bubbles = responses["utter_help"].split("\n\n")
    expect(bot.last).to_have_text(help_bubbles[-1], timeout=30_000)

    page.get_by_label("Your message").fill("thanks a lot")
    page.keyboard.press("Enter")
    expect(bot.last).to_have_text(responses["utter_you_are_welcome"], timeout=30_000)
    session_id = page.evaluate("sessionStorage.getItem('orienta.session')")

    page.reload()
    expect(page.locator(".msg--user")).to_have_text(["I agree", "thanks a lot"])
    page.get_by_label("Your message").fill("bye")
    page.get_by_role("button", name="Send").click()
    expect(bot.last).to_have_text(responses["utter_goodbye"], timeout=30_000)

    assert page.evaluate("sessionStorage.getItem('orienta.session')") == session_id
    assert stack.user_texts(f"web:{session_id}") == ["/greet", "/consent_given", "thanks a lot", "bye"]
    assert stack.tracker(f"web:{session_id}")["slots"]["consent_given"] is True
    assert errors == []


def test_chat_page_shows_vacancy_cards_with_the_demo_badge_and_keeps_them_after_a_reload(browser, stack):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(stack.url)
    expect(page.locator(".msg--bot").first).to_be_visible(timeout=30_000)

    page.get_by_label("Your message").fill("chef jobs in Stockholm")
    page.keyboard.press("Enter")
    cards = page.locator(".card")
    expect(cards).to_have_count(5, timeout=30_000)
    expect(cards.first.locator(".card__title")).to_have_text(re.compile(r"^1\. \S"))
    badges = 0
    for index in range(5):
        card = cards.nth(index)
        expected = 1 if is_demo_title(card.locator(".card__title").inner_text()) else 0
        expect(card.locator(".card__demo")).to_have_count(expected)
        badges += expected
    assert badges >= 1, "the Stockholm chef search shows demo ads"
    expect(cards.locator(".card__demo").first).to_have_text("Demo ad (fictional)")
    expect(page.get_by_role("button", name="More")).to_be_visible()

    page.reload()
    expect(page.locator(".card")).to_have_count(5)
    assert errors == []
