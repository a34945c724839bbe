"""The embeddable widget on the demo PES page (/demo), in headless Chromium, against the real stack.

Screenshots of each state go to results/screenshots/ (git-ignored), for people to look at.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.e2e.ads import is_demo_title
from tests.e2e.widget_page import (
    AXE,
    LAUNCHER,
    NOTICE_START,
    REPLY_TIMEOUT_MS,
    ConnectionCutter,
    agree,
    axe_violations,
    bot_texts,
    focused,
    launcher_delay,
    push,
    screenshot,
    send,
    session_id,
    start_chat,
    user_texts,
)

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is missing: run scripts/system-packages.sh"
    assert AXE.is_file(), "axe-core is missing: run make widget"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def context(browser) -> Iterator[BrowserContext]:
    # bypass_csp: the demo page's strict policy would refuse the injected axe-core.
    made = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    yield made
    made.close()


def offline_noise(text: str) -> bool:
    """The browser's own report of a connection that failed while a test had cut the network."""
    return text.startswith("WebSocket connection to") or "net::ERR_INTERNET_DISCONNECTED" in text


@pytest.fixture
def page(context) -> Iterator[Page]:
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on(
        "console",
        lambda message: message.type == "error" and not offline_noise(message.text) and errors.append(message.text),
    )
    yield opened
    assert errors == []


def test_launcher_is_shown_at_once_and_opening_shows_the_bots_privacy_notice_whose_answer_is_recorded(
    page, stack, responses
):
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.add_init_script(
        """new MutationObserver((_, observer) => {
            if (!document.querySelector("orienta-chat")) return;
            window.__launcherAt = performance.now();
            observer.disconnect();
        }).observe(document, {childList: true, subtree: true});"""
    )
    page.goto(f"{stack.url}/demo")
    launcher = page.get_by_role("button", name=LAUNCHER)
    expect(launcher).to_be_visible()
    cold = launcher_delay(page)
    page.reload()  # the figure that counts: the browser has compiled the script before
    expect(launcher).to_be_visible()
    warm = launcher_delay(page)
    print(f"launcher shown {cold:.0f} ms (first load), {warm:.0f} ms (reload) after widget.js could run")
    assert 0 <= warm <= 100
    expect(launcher).to_have_attribute("aria-expanded", "false")
    assert sockets == []  # nothing is sent before the user opens the chat
    launcher.click()
    expect(page.get_by_role("dialog", name="Career help")).to_be_visible()
    expect(page.get_by_label("Your message")).to_be_focused()
    expect(bot_texts(page).first).to_contain_text(NOTICE_START, timeout=REPLY_TIMEOUT_MS)
    expect(bot_texts(page).first).to_contain_text("the Example Public Employment Service")  # data/privacy/notice.yml
    expect(page.locator(".replies button")).to_have_text(["I agree", "No, thanks"])
    assert stack.tracker(f"web:{session_id(page)}")["slots"].get("consent_given") is None
    agree(page, responses)
    assert stack.tracker(f"web:{session_id(page)}")["slots"]["consent_given"] is True
    assert len(sockets) == 1


def test_chat_with_quick_replies_survives_a_reload_with_its_history(page, stack, responses):
    start_chat(page, stack.url, responses)
    send(page, "hello")
    expect(bot_texts(page).last).to_have_text(responses["utter_greet"], timeout=REPLY_TIMEOUT_MS)
    page.get_by_role("button", name="What can you do?").click()
    help_bubbles = responses["utter_help"].split("\n\n")
    expect(bot_texts(page).last).to_have_text(help_bubbles[-1], timeout=REPLY_TIMEOUT_MS)
    expect(bot_texts(page).filter(has_text=responses["utter_greet"])).to_have_count(1)
    send(page, "thanks a lot")
    expect(bot_texts(page).last).to_have_text(responses["utter_you_are_welcome"], timeout=REPLY_TIMEOUT_MS)
    expect(page.locator(".msg time").first).to_have_text(re.compile(r"^\d{1,2}[:.]\d{2}"))
    session = session_id(page)

    page.reload()
    expect(user_texts(page)).to_have_text(
        ["I agree", "hello", "What can you do?", "thanks a lot"], timeout=REPLY_TIMEOUT_MS
    )
    expect(bot_texts(page).last).to_have_text(responses["utter_you_are_welcome"])
    expect(page.get_by_label("Your message")).to_be_visible()  # still open, consent remembered
    send(page, "bye")
    expect(bot_texts(page).last).to_have_text(responses["utter_goodbye"], timeout=REPLY_TIMEOUT_MS)
    assert session_id(page) == session
    assert stack.user_texts(f"web:{session}") == ["/greet", "/consent_given", "hello", "/help", "thanks a lot", "bye"]


def test_vacancy_search_shows_cards_with_web_apply_links_and_keeps_them_after_a_reload(page, stack, responses):
    start_chat(page, stack.url, responses)
    send(page, "chef jobs in Stockholm")
    cards = page.locator(".msg.card")
    expect(cards).to_have_count(5, timeout=REPLY_TIMEOUT_MS)
    expect(cards.first.locator("h3")).to_have_text(re.compile(r"^1\. \S"))
    badges = 0
    for index in range(5):  # the demo badge exactly on the fictional ads (which ones: see tests/e2e/ads.py)
        expected = 1 if is_demo_title(cards.nth(index).locator("h3").inner_text()) else 0
        expect(cards.nth(index).locator(".badge")).to_have_count(expected)
        badges += expected
    assert badges >= 1
    for href in cards.locator("a.action").evaluate_all("links => links.map(a => a.href)"):
        assert href.startswith(("https://", "http://"))
    expect(page.get_by_role("button", name="More")).to_be_visible()
    screenshot(page, "conversation")
    page.reload()
    expect(page.locator(".msg.card")).to_have_count(5, timeout=REPLY_TIMEOUT_MS)


def test_a_whole_exchange_works_by_keyboard_alone_and_escape_returns_to_the_launcher(page, stack, responses):
    page.goto(f"{stack.url}/demo")
    for _ in range(30):
        page.keyboard.press("Tab")
        if focused(page).get("label") == LAUNCHER:
            break
    assert focused(page)["label"] == LAUNCHER
    assert focused(page)["outline"] == "solid"  # the focus is visible
    page.keyboard.press("Enter")
    assert focused(page)["tag"] == "textarea"
    expect(page.get_by_role("dialog")).not_to_have_attribute("aria-modal", "true")  # beside the page, not over it
    expect(bot_texts(page).first).to_contain_text(NOTICE_START, timeout=REPLY_TIMEOUT_MS)
    expect(page.locator(".replies button")).to_have_count(2)
    page.keyboard.press("Shift+Tab")  # from the message box back to the notice's answers
    page.keyboard.press("Shift+Tab")
    assert focused(page)["text"] == "I agree"
    page.keyboard.press("Enter")
    expect(bot_texts(page).last).to_have_text(responses["utter_help"].split("\n\n")[-1], timeout=REPLY_TIMEOUT_MS)
    page.get_by_label("Your message").focus()
    page.keyboard.type("thank you")
    page.keyboard.press("Enter")
    expect(bot_texts(page).last).to_have_text(responses["utter_you_are_welcome"], timeout=REPLY_TIMEOUT_MS)
    send(page, "hello")
    expect(page.locator(".replies button")).to_have_count(1, timeout=REPLY_TIMEOUT_MS)
    page.get_by_label("Your message").focus()
    page.keyboard.press("Shift+Tab")  # back from the message box to the quick reply
    assert focused(page)["text"] == "What can you do?"
    assert focused(page)["outline"] == "solid"
    page.keyboard.press("Enter")
    expect(user_texts(page).last).to_have_text("What can you do?")
    expect(bot_texts(page).last).to_have_text(responses["utter_help"].split("\n\n")[-1], timeout=REPLY_TIMEOUT_MS)
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    assert focused(page)["label"] == LAUNCHER
    expect(page.get_by_role("button", name=LAUNCHER)).to_have_attribute("aria-expanded", "false")


def test_axe_finds_no_wcag_2_1_aa_violations_closed_open_and_with_buttons_and_cards(page, stack, responses):
    page.goto(f"{stack.url}/demo")
    expect(page.get_by_role("button", name=LAUNCHER)).to_be_visible()
    screenshot(page, "closed")
    assert axe_violations(page) == []
    page.get_by_role("button", name=LAUNCHER).click()
    expect(bot_texts(page).first).to_contain_text(NOTICE_START, timeout=REPLY_TIMEOUT_MS)
    screenshot(page, "privacy-notice")
    assert axe_violations(page) == []
    agree(page, responses)
    screenshot(page, "open")
    assert axe_violations(page) == []
    send(page, "chef jobs in Stockholm")
    expect(page.locator(".msg.card")).to_have_count(5, timeout=REPLY_TIMEOUT_MS)
    expect(page.locator(".replies button").first).to_be_visible()
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    ("viewport", "name"),
    [({"width": 320, "height": 640}, "320px"), ({"width": 640, "height": 400}, "zoom-200")],
    ids=["320px-phone", "200-percent-zoom"],
)
def test_the_panel_fits_a_small_screen_without_sideways_scrolling(page, stack, responses, viewport, name):
    page.set_viewport_size(viewport)
    start_chat(page, stack.url, responses)
    send(page, "chef jobs in Stockholm")
    expect(page.locator(".msg.card")).to_have_count(5, timeout=REPLY_TIMEOUT_MS)
    box = page.get_by_role("dialog").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]
    for control in (page.get_by_label("Your message"), page.get_by_role("button", name="Send")):
        control_box = control.bounding_box()
        assert control_box and control_box["x"] + control_box["width"] <= viewport["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, name)
    expect(page.get_by_role("dialog")).to_have_attribute("aria-modal", "true")  # it covers the page
    page.get_by_role("button", name="Talk to a person").focus()
    page.keyboard.press("Tab")  # not on to the page's links hidden behind the panel
    assert focused(page)["label"] == "Close the chat"
    page.keyboard.press("Shift+Tab")
    assert focused(page)["text"] == "Talk to a person"


def test_markup_from_the_user_the_bot_and_an_operator_shows_as_text_and_never_runs(page, stack, responses):
    start_chat(page, stack.url, responses)
    attack = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
    send(page, attack)
    expect(user_texts(page).last).to_have_text(attack)
    pushed = [
        {"text": '<img src=x onerror="window.__xss=3"> <b>bold?</b>'},
        {"custom": {"type": "vacancy_card", "vacancy": {"title": "<i>Chef</i>", "apply_url": "javascript:alert(4)"}}},
        {"text": "Hello, I'm Anna, a guidance practitioner.", "metadata": {"from": "operator"}},
    ]
    push(stack, f"web:{session_id(page)}", pushed)
    expect(page.locator(".msg--bot > p", has_text="bold?")).to_have_text(pushed[0]["text"], timeout=REPLY_TIMEOUT_MS)
    expect(page.locator(".msg.card h3").last).to_have_text("<i>Chef</i>")
    expect(page.locator(".msg.card").last.locator("a")).to_have_count(0)  # javascript: is not a link
    operator = page.locator(".msg--operator")
    expect(operator).to_have_count(1)
    expect(operator.locator(".who")).to_have_text("Advisor (a person)")
    expect(operator.locator("p")).to_have_text(pushed[2]["text"])
    assert page.locator(".log img").count() == 0
    assert page.evaluate("window.__xss") is None


def test_a_message_typed_offline_is_sent_once_when_the_network_is_back(page, context, stack, responses):
    start_chat(page, stack.url, responses)
    context.set_offline(True)
    send(page, "thank you")
    expect(user_texts(page).last).to_have_text("thank you")
    time.sleep(1)
    context.set_offline(False)
    expect(bot_texts(page).last).to_have_text(responses["utter_you_are_welcome"], timeout=REPLY_TIMEOUT_MS)
    expect(page.locator(".msg--sending")).to_have_count(0)
    assert stack.user_texts(f"web:{session_id(page)}") == ["/greet", "/consent_given", "thank you"]


def test_a_message_lost_with_a_dropped_connection_is_resent_and_answered_once(page, stack, responses):
    cutter = ConnectionCutter(cut_client_frame="thank you")
    page.route_web_socket(re.compile(r"/socket\.io/"), cutter)
    start_chat(page, stack.url, responses)
    send(page, "thank you")
    expect(bot_texts(page).last).to_have_text(responses["utter_you_are_welcome"], timeout=REPLY_TIMEOUT_MS)
    assert cutter.cut and cutter.connections >= 2
    expect(user_texts(page)).to_have_text(["I agree", "thank you"])
    assert stack.user_texts(f"web:{session_id(page)}") == ["/greet", "/consent_given", "thank you"]


def test_a_message_whose_acknowledgement_was_lost_is_not_answered_twice(page, stack, responses):
    # 43 is a socket.io ack: the message reached Rasa, but the widget never hears so.
    cutter = ConnectionCutter(cut_server_frame="43")
    page.route_web_socket(re.compile(r"/socket\.io/"), cutter)
    page.goto(f"{stack.url}/demo")
    page.get_by_role("button", name=LAUNCHER).click()
    agree(page, responses)  # the ack of "I agree" (the first message) is cut
    send(page, "thank you")
    expect(bot_texts(page).last).to_have_text(responses["utter_you_are_welcome"], timeout=REPLY_TIMEOUT_MS)
    assert cutter.cut and cutter.connections >= 2
    expect(bot_texts(page).filter(has_text=NOTICE_START)).to_have_count(1)
    expect(bot_texts(page).filter(has_text=responses["utter_help"].split("\n\n")[-1])).to_have_count(1)
    expect(bot_texts(page).filter(has_text=responses["utter_you_are_welcome"])).to_have_count(1)
    expect(page.locator(".msg--sending")).to_have_count(0)
    assert stack.user_texts(f"web:{session_id(page)}") == ["/greet", "/consent_given", "thank you"]


DOCUMENT = {
    "type": "document",
    "url": "/media/" + "d" * 32 + ".pdf",
    "filename": "../../my-summary.pdf",
    "caption": "Your self-assessment summary",
}


def test_a_document_payload_is_a_download_link_in_the_widget_and_on_the_chat_page(page, stack, responses):
    start_chat(page, stack.url, responses)
    push(stack, f"web:{session_id(page)}", [{"custom": DOCUMENT}])
    link = page.get_by_role("link", name="Download my-summary.pdf (PDF)")
    expect(link).to_have_attribute("href", f"{stack.url}{DOCUMENT['url']}", timeout=REPLY_TIMEOUT_MS)
    expect(link).to_have_attribute("download", "my-summary.pdf")
    expect(page.get_by_text("Your self-assessment summary", exact=True)).to_be_visible()

    page.route(f"{stack.url}/favicon.ico", lambda route: route.fulfill(status=204))  # the chat page has none
    page.goto(stack.url)  # the project's own chat page
    expect(page.locator(".msg--bot").first).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    chat_page_session = page.evaluate("sessionStorage.getItem('orienta.session')")
    push(stack, f"web:{chat_page_session}", [{"custom": DOCUMENT}])
    link = page.get_by_role("link", name="Download my-summary.pdf")
    expect(link).to_have_attribute("href", f"{stack.url}{DOCUMENT['url']}", timeout=REPLY_TIMEOUT_MS)
    expect(page.locator(".document__caption")).to_have_text("Your self-assessment summary")


def test_a_swedish_page_with_a_pale_colour_gets_swedish_texts_and_a_darkened_accessible_colour(page, stack):
    warnings: list[str] = []
    page.on("console", lambda message: message.type == "warning" and warnings.append(message.text))
    demo = httpx.get(f"{stack.url}/demo", timeout=10).text
    swedish = demo.replace('data-lang="en"', 'data-lang="sv-FI"').replace(
        'data-color="#00558C"', 'data-color="#7fb2e5"'
    )
    page.route(f"{stack.url}/demo", lambda route: route.fulfill(body=swedish, content_type="text/html"))
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"{stack.url}/demo")
    launcher = page.get_by_role("button", name="Öppna chatten: Career help")
    expect(launcher).to_be_visible()
    assert page.locator("orienta-chat").get_attribute("lang") == "sv"
    (warning,) = [w for w in warnings if "data-color" in w]
    assert "#7fb2e5" in warning and "4.5:1" in warning
    contrast = page.evaluate(
        """() => {
            const launcher = document.querySelector("orienta-chat").shadowRoot.querySelector(".launcher");
            const [r, g, b] = getComputedStyle(launcher).backgroundColor.match(/\\d+/g).map(Number);
            const lin = c => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
            return 1.05 / (0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b) + 0.05);
        }"""
    )
    assert contrast >= 4.5
    animation = page.evaluate(
        """() => getComputedStyle(document.querySelector("orienta-chat").shadowRoot
                   .querySelector(".dots span")).animationName"""
    )
    assert animation == "none"  # prefers-reduced-motion: the typing dots stand still
    launcher.click()
    expect(page.get_by_label("Ditt meddelande")).to_be_focused()
    # The notice is said once, in the page's language: the hint goes with the widget's hidden /greet.
    expect(bot_texts(page).first).to_contain_text("Välkommen! Jag heter Orienta.", timeout=REPLY_TIMEOUT_MS)
    expect(bot_texts(page).filter(has_text=NOTICE_START)).to_have_count(0)
    assert axe_violations(page) == []


def test_a_message_arriving_while_the_panel_is_closed_is_counted_on_the_launcher(page, stack, responses):
    start_chat(page, stack.url, responses)
    page.keyboard.press("Escape")
    push(
        stack,
        f"web:{session_id(page)}",
        [{"text": "Anna here: are you still there?", "metadata": {"from": "operator"}}],
    )
    launcher = page.get_by_role("button", name=f"{LAUNCHER} (1 new)")
    expect(launcher).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    expect(launcher.locator(".unread")).to_have_text("1")
    launcher.click()
    expect(page.locator(".msg--operator p")).to_have_text("Anna here: are you still there?")
    expect(page.get_by_role("button", name=LAUNCHER, exact=True)).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".unread")).to_have_count(0)


def test_a_second_tab_of_the_site_continues_the_same_conversation_and_sees_the_replies(page, context, stack, responses):
    start_chat(page, stack.url, responses)
    second = context.new_page()
    second.goto(f"{stack.url}/demo")
    second.get_by_role("button", name=LAUNCHER).click()
    expect(bot_texts(second).first).to_contain_text(NOTICE_START, timeout=REPLY_TIMEOUT_MS)
    assert session_id(second) == session_id(page)
    send(page, "thank you")
    expect(bot_texts(second).last).to_have_text(responses["utter_you_are_welcome"], timeout=REPLY_TIMEOUT_MS)
    expect(bot_texts(page).last).to_have_text(responses["utter_you_are_welcome"])
    assert stack.user_texts(f"web:{session_id(page)}") == ["/greet", "/consent_given", "thank you"]
