"""What the widget's browser tests (test_widget.py) do on the demo page, named for what they mean.

The widget lives in an open shadow root; Playwright's locators reach into it, and the few
checks that need the focused element or computed styles go through ``shadowRoot`` here.
"""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, WebSocketRoute, expect

from bot.config import PROJECT_DIR

AXE = PROJECT_DIR / "widget" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = PROJECT_DIR / "results" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
REPLY_TIMEOUT_MS = 30_000
LAUNCHER = "Open the chat: Career help"
#: How the bot's privacy notice, the first message of every new conversation, begins.
NOTICE_START = "Welcome! I'm Orienta"


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"widget-{name}.png"))


def bot_texts(page: Page):
    return page.locator(".msg--bot > p")


def user_texts(page: Page):
    return page.locator(".msg--user > p")


def agree(page: Page, responses: dict[str, str]) -> None:
    """Answer the bot's privacy notice with "I agree" and wait for what Orienta can do."""
    expect(bot_texts(page).first).to_contain_text(NOTICE_START, timeout=REPLY_TIMEOUT_MS)
    page.get_by_role("button", name="I agree").click()
    expect(bot_texts(page).last).to_have_text(responses["utter_help"].split("\n\n")[-1], timeout=REPLY_TIMEOUT_MS)


def start_chat(page: Page, url: str, responses: dict[str, str]) -> None:
    """Open /demo, open the widget, agree to the privacy notice and wait for the help."""
    page.goto(f"{url}/demo")
    page.get_by_role("button", name=LAUNCHER).click()
    agree(page, responses)


def session_id(page: Page) -> str:
    return page.evaluate("JSON.parse(localStorage.getItem('orienta.widget.session'))")


def send(page: Page, text: str) -> None:
    page.get_by_label("Your message").fill(text)
    page.keyboard.press("Enter")


def focused(page: Page) -> dict:
    """What has the keyboard focus inside the widget: its tag, text and outline."""
    return page.evaluate(
        """() => {
            const host = document.activeElement;
            const inner = host && host.shadowRoot ? host.shadowRoot.activeElement : host;
            if (!inner) return {};
            return {host: host.tagName.toLowerCase(), tag: inner.tagName.toLowerCase(),
                    text: inner.textContent.trim(), label: inner.getAttribute("aria-label"),
                    outline: getComputedStyle(inner).outlineStyle};
        }"""
    )


def launcher_delay(page: Page) -> float:
    """Milliseconds from the moment widget.js could run (it had arrived, and the page was parsed,
    as a deferred script waits for) until the launcher was in the page."""
    return page.evaluate(
        """() => {
            const script = performance.getEntriesByType("resource").find(e => e.name.endsWith("/widget.js"));
            const parsed = performance.getEntriesByType("navigation")[0].domInteractive;
            return window.__launcherAt - Math.max(script.responseEnd, parsed);
        }"""
    )


def axe_violations(page: Page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in result["violations"]]


class ConnectionCutter:
    """Routes the widget's WebSocket through Playwright and cuts the first one at a chosen frame."""

    def __init__(self, cut_client_frame: str | None = None, cut_server_frame: str | None = None) -> None:
        self.cut_client_frame = cut_client_frame
        self.cut_server_frame = cut_server_frame
        self.connections = 0
        self.cut = False

    def __call__(self, ws: WebSocketRoute) -> None:
        self.connections += 1
        server = ws.connect_to_server()

        def cut() -> None:
            self.cut = True
            ws.close()
            server.close()

        def from_client(message: str | bytes) -> None:
            if not self.cut and self.cut_client_frame and self.cut_client_frame in str(message):
                cut()  # the frame is lost with the connection
            else:
                server.send(message)

        def from_server(message: str | bytes) -> None:
            if not self.cut and self.cut_server_frame and str(message).startswith(self.cut_server_frame):
                cut()
            else:
                ws.send(message)

        ws.on_message(from_client)
        server.on_message(from_server)


def push(stack, conversation_id: str, messages: list[dict]) -> None:
    response = httpx.post(
        f"{stack.url}/internal/deliver",
        json={"conversation_id": conversation_id, "messages": messages},
        headers={"Authorization": f"Bearer {stack.token}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
