"""The operator console against the real stack, in headless Chromium: a widget user and an operator.

One journey, as the issue describes it: a user chats in the widget in one browser context and
asks for a person; an operator, logged in in another, sees the conversation appear in the live
list without a reload, opens its transcript with the intents, takes over and writes; the widget
shows the person's message; the user answers and the bot stays silent; the operator hands back
and the bot answers again. Screenshots go to results/screenshots/ (git-ignored).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bot.config import PROJECT_DIR
from bot.texts import GatewayTexts
from tests.e2e.widget_page import REPLY_TIMEOUT_MS, SCREENSHOTS, bot_texts, send, session_id, start_chat, user_texts

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
NEW_PASSWORD = "eva's own long password"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is missing: run scripts/system-packages.sh"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def create_operator(stack, username: str = "eva", role: str = "operator", name: str = "Eva") -> str:
    """``python -m bot.console create-user`` on the stack's database; the one-time password it printed."""
    env = {**os.environ, "ORIENTA_DATA_DIR": str(stack.data_dir)}
    command = [sys.executable, "-m", "bot.console", "create-user", username, "--role", role, "--name", name]
    done = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=60, check=True)
    return re.search(r"\(shown only now\): (\S+)", done.stdout).group(1)


def log_in(page: Page, url: str, password: str, username: str = "eva") -> None:
    """Log in with the one-time password and replace it, as the console asks at the first login."""
    page.goto(f"{url}/console")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Current password").fill(password)
    page.get_by_label("New password (at least 12 characters)").fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_role("heading", name="Conversations")).to_be_visible()


def operator_texts(page: Page):
    return page.locator(".msg--operator > p")


def test_an_operator_watches_takes_over_writes_and_hands_back_a_widget_conversation(browser, stack, responses):
    texts = GatewayTexts.load()
    operator = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    errors: list[str] = []
    operator.on("pageerror", lambda error: errors.append(str(error)))
    log_in(operator, stack.url, create_operator(stack))

    user = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    start_chat(user, stack.url, responses)
    conversation = f"web:{session_id(user)}"
    user.get_by_role("button", name="Talk to a person").click()
    # An operator is online (office hours are all day in the e2e stack): the user hears their place.
    in_queue = re.escape(texts.get("handoff_asked") + " " + texts.get("handoff_position", position=999))
    expect(bot_texts(user).last).to_have_text(re.compile(in_queue.replace("999", r"\d+")), timeout=REPLY_TIMEOUT_MS)

    # The live list got the new conversation without a reload, waiting for a person.
    row = operator.locator(f'tr[data-conversation="{conversation}"]')
    expect(row.locator(".state")).to_contain_text("waiting for a person since", timeout=REPLY_TIMEOUT_MS)
    expect(row).to_contain_text("asked for a person")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    operator.screenshot(path=str(SCREENSHOTS / "console-list.png"))

    row.get_by_role("link").click()
    intents = operator.locator("#turns .intent")
    expect(intents).to_contain_text(["consent_given", "request_human"])  # the notice came first

    operator.get_by_role("button", name="Take over").click()
    expect(operator.locator(".holder")).to_have_text("You have this conversation; the bot is paused.")
    expect(operator_texts(user).first).to_have_text(texts.get("operator_joined", name="Eva"), timeout=REPLY_TIMEOUT_MS)
    expect(user.locator(".msg--operator .who").first).to_have_text("Advisor (a person)")

    operator.get_by_label("Message to the user").fill("Hello, I'm Eva. How can I help?")
    operator.get_by_role("button", name="Send").click()
    expect(operator_texts(user).last).to_have_text("Hello, I'm Eva. How can I help?", timeout=REPLY_TIMEOUT_MS)

    bot_count = bot_texts(user).count()
    send(user, "I need help with my CV")
    # The operator sees the answer live, and Rasa stored it without replying.
    expect(operator.locator("#turns .user .text").last).to_have_text("I need help with my CV", timeout=REPLY_TIMEOUT_MS)
    operator.screenshot(path=str(SCREENSHOTS / "console-transcript.png"))
    tracker = stack.tracker(conversation)
    assert tracker["paused"] is True
    last_user = max(i for i, e in enumerate(tracker["events"]) if e["event"] == "user")
    assert tracker["events"][last_user]["text"] == "I need help with my CV"
    assert [e for e in tracker["events"][last_user:] if e["event"] == "bot"] == []
    assert bot_texts(user).count() == bot_count

    operator.get_by_role("button", name="Hand back to the bot").click()
    expect(operator.locator(".holder")).to_have_text("The bot has this conversation.")
    left = texts.get("operator_left", name="Eva")
    expect(bot_texts(user).last).to_have_text(left, timeout=REPLY_TIMEOUT_MS)
    send(user, "hello")
    expect(user_texts(user).last).to_have_text("hello")
    expect(bot_texts(user).last).to_have_text(responses["utter_greet"], timeout=REPLY_TIMEOUT_MS)
    assert stack.tracker(conversation)["paused"] is False

    # A private note, then closing: the user gets the 1-5 rating buttons, and the answer is stored.
    operator.get_by_label("New note").fill("Wants CV help; follow up on Monday.")
    operator.get_by_role("button", name="Add note").click()
    expect(operator.locator(".note-text")).to_have_text("Wants CV help; follow up on Monday.")
    operator.get_by_role("button", name="Close and ask for a rating").click()
    expect(bot_texts(user).last).to_have_text(texts.get("rating_ask"), timeout=REPLY_TIMEOUT_MS)
    user.locator(".replies button", has_text="4").click()
    expect(bot_texts(user).last).to_have_text(texts.get("rating_thanks"), timeout=REPLY_TIMEOUT_MS)
    operator.reload()
    expect(operator.locator(".rating")).to_have_text("Rated 4 of 5.")
    operator.screenshot(path=str(SCREENSHOTS / "console-brief.png"), full_page=True)
    assert errors == []


def test_a_supervisor_sees_the_analytics_charts_drawn_by_the_bundled_chart_js(browser, stack):
    supervisor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    problems: list[str] = []
    supervisor.on("pageerror", lambda error: problems.append(str(error)))
    supervisor.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    log_in(supervisor, stack.url, create_operator(stack, "sven", "supervisor", "Sven"), username="sven")
    supervisor.get_by_role("link", name="Analytics").click()
    expect(supervisor.get_by_role("heading", name="Analytics")).to_be_visible()
    # The first test's conversation is counted: it started and asked for a person.
    expect(supervisor.locator('.funnel td[data-metric="started"]')).not_to_have_text("0")
    # Chart.js (served from /console/static, no CDN) sized and drew every canvas.
    drawn = supervisor.evaluate(
        "() => [...document.querySelectorAll('canvas[data-chart]')]"
        ".map(c => c.width > 0 && c.style.display === 'block')"
    )
    assert drawn == [True, True, True]
    supervisor.screenshot(path=str(SCREENSHOTS / "console-analytics.png"), full_page=True)
    assert problems == []


def test_an_operator_with_a_swedish_browser_sees_the_queue_and_a_transcript_in_swedish_and_switches_to_english(
    browser, stack, responses
):
    """The console follows the browser's language (Accept-Language from the locale), and the header switches it."""
    operator = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE").new_page()
    errors: list[str] = []
    operator.on("pageerror", lambda error: errors.append(str(error)))
    password = create_operator(stack, "karin", "operator", "Karin")
    operator.goto(f"{stack.url}/console")
    expect(operator.locator("html")).to_have_attribute("lang", "sv")
    operator.get_by_label("Användarnamn").fill("karin")
    operator.get_by_label("Lösenord").fill(password)
    operator.get_by_role("button", name="Logga in").click()
    operator.get_by_label("Nuvarande lösenord").fill(password)
    operator.get_by_label("Nytt lösenord (minst 12 tecken)").fill(NEW_PASSWORD)
    operator.get_by_label("Nytt lösenord en gång till").fill(NEW_PASSWORD)
    operator.get_by_role("button", name="Spara det nya lösenordet").click()
    expect(operator.get_by_role("heading", name="Samtal", exact=True)).to_be_visible()

    user = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    start_chat(user, stack.url, responses)
    conversation = f"web:{session_id(user)}"
    user.get_by_role("button", name="Talk to a person").click()

    # The queue, live and in Swedish; the user's own words are shown as they wrote them.
    row = operator.locator(f'tr[data-conversation="{conversation}"]')
    expect(row.locator(".state")).to_contain_text("väntar på en person sedan", timeout=REPLY_TIMEOUT_MS)
    expect(row).to_contain_text("bad om en person")
    row.get_by_role("link").click()
    expect(operator.get_by_role("heading", name=f"Samtal {conversation}")).to_be_visible()
    expect(operator.locator("#turns .user strong").first).to_have_text("Användaren:")
    expect(operator.get_by_role("button", name="Ta över")).to_be_visible()
    expect(operator.locator(".holder")).to_have_text("Boten sköter det här samtalet.")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    operator.screenshot(path=str(SCREENSHOTS / "console-transcript-sv.png"))

    # One click in the header: the same page in English, and it stays English.
    operator.get_by_role("navigation", name="Språk").get_by_role("link", name="English").click()
    expect(operator.locator("html")).to_have_attribute("lang", "en")
    expect(operator.get_by_role("heading", name=f"Conversation {conversation}")).to_be_visible()
    expect(operator.get_by_role("button", name="Take over")).to_be_visible()
    operator.get_by_role("link", name="Conversations").click()
    expect(operator.locator(f'tr[data-conversation="{conversation}"] .state')).to_contain_text("waiting for a person")
    assert errors == []
