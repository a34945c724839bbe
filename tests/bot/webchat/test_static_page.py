"""The hand-written chat page: the texts and code it needs for result charts.

The page's behaviour is tested in a browser (tests/e2e/); these checks keep the pieces the
chart rendering relies on from going missing without one.
"""

import json
import re

from bot.app import STATIC_DIR
from bot.dialogue.messages import BotMessage
from bot.webchat.protocol import to_socketio

PAGE = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
SCRIPT = (STATIC_DIR / "chat.js").read_text(encoding="utf-8")
STYLE = (STATIC_DIR / "chat.css").read_text(encoding="utf-8")


def chat_texts() -> dict[str, str]:
    block = re.search(r'<script type="application/json" id="chat-texts">(.*?)</script>', PAGE, re.S)
    assert block, "the chat-texts block is missing"
    return json.loads(block.group(1))


def test_the_page_carries_every_text_the_script_asks_for():
    used = set(re.findall(r"\btexts\.([A-Za-z]+)", SCRIPT))
    assert {"chartInWords", "chartGone"} <= used
    assert used <= set(chat_texts())
    assert all(value.strip() for value in chat_texts().values())


def test_the_script_renders_charts_as_figures_with_alt_text_and_keeps_them_in_the_transcript():
    assert 'data.type === "chart"' in SCRIPT
    assert "chart: { url: data.url, alt: data.alt, title: data.title }" in SCRIPT
    for piece in ('createElement("figure")', '"figcaption"', "img.alt = chart.alt", '"error"', "mediaUrl(chart.url)"):
        assert piece in SCRIPT
    assert ".chart__image" in STYLE and ".visually-hidden" in STYLE


def test_a_chart_payload_reaches_the_web_chat_as_is():
    custom = {"type": "chart", "url": "/media/" + "a" * 32 + ".png", "alt": "R 2.5, I 4.1", "title": "Interests"}
    assert to_socketio(BotMessage(custom=custom)) == [custom]


def test_the_script_renders_documents_as_download_links_to_the_gateways_media():
    assert 'data.type === "document"' in SCRIPT
    assert "document: { url: data.url, filename: data.filename, caption: data.caption }" in SCRIPT
    for piece in ("mediaUrl(doc.url)", 'setAttribute("download", name)', "texts.download"):
        assert piece in SCRIPT
    assert "{filename}" in chat_texts()["download"]
