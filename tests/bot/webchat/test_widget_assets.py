"""The widget's texts, the served /widget.js and the /demo page (without a browser; tests/e2e/
drives them in Chromium)."""

import os
import re
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from bot.config import PROJECT_DIR, ConfigError
from bot.telegram.commands import domain_intents
from bot.webchat.widget import DEMO_PAGE, PLACEHOLDER, WIDGET_TEXTS_PATH, WidgetScript, WidgetTexts, widget_routes

SOURCES = "\n".join(p.read_text(encoding="utf-8") for p in (PROJECT_DIR / "widget" / "src").glob("*.js"))


def write_texts(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "widget.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_language_has_every_text_and_the_widget_asks_for_no_other():
    texts = WidgetTexts.load(intents=domain_intents())
    assert {"en", "sv"} <= set(texts.languages)
    used = set(re.findall(r'\bt\("([a-z_]+)"', SOURCES)) | set(re.findall(r'"(sender_[a-z]+)"', SOURCES))
    assert used, "the widget's t(...) calls were not found"
    assert used <= set(texts.languages["en"]), used - set(texts.languages["en"])
    assert texts.languages["sv"].keys() == texts.languages["en"].keys()
    assert texts.languages["sv"]["send"] != texts.languages["en"]["send"]


def test_a_language_missing_a_text_or_an_unknown_payload_stops_the_start(tmp_path):
    path = write_texts(
        tmp_path,
        "handoff_payload: /nope\ngreet_payload: ''\n"
        "languages:\n  en: {send: Send, close_chat: Close}\n  de: {send: Senden}\n",
    )
    with pytest.raises(ConfigError) as caught:
        WidgetTexts.load(path, intents=frozenset({"greet"}))
    assert caught.value.problems == [
        "widget.yml: greet_payload must be a text.",
        "widget.yml: handoff_payload '/nope' is not an intent in domain.yml.",
        "widget.yml: greet_payload '' is not an intent in domain.yml.",
        "widget.yml (de) lacks close_chat.",
    ]


@pytest.fixture
def bundle(tmp_path) -> Path:
    path = tmp_path / "widget.js"
    path.write_text(f"(()=>{{const C={PLACEHOLDER};window.seen=C}})();\n", encoding="utf-8")
    return path


def client_for(script: WidgetScript) -> TestClient:
    return TestClient(Starlette(routes=widget_routes(script)))


def test_widget_js_is_served_as_javascript_with_the_texts_put_in_and_revalidated_by_etag(bundle):
    config = WidgetTexts.load(WIDGET_TEXTS_PATH).as_config(2000)
    client = client_for(WidgetScript(config, bundle))
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cache-control"] == "public, max-age=300, must-revalidate"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert PLACEHOLDER not in response.text
    assert '"max_message_chars": 2000' in response.text
    assert response.text.isascii()  # the Swedish texts arrive escaped, whatever the page's charset
    again = client.get("/widget.js", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_a_rebuilt_widget_is_served_without_a_restart(bundle):
    script = WidgetScript({"languages": {}}, bundle)
    client = client_for(script)
    first = client.get("/widget.js").headers["etag"]
    bundle.write_text(f"(()=>{{const C={PLACEHOLDER};window.other=C}})();\n", encoding="utf-8")
    os.utime(bundle, (1, 1))
    assert client.get("/widget.js").headers["etag"] != first


@pytest.mark.parametrize("content", [None, "no placeholder here"], ids=["not-built", "no-placeholder"])
def test_a_missing_or_foreign_bundle_answers_503_with_the_command_to_build_it(tmp_path, content):
    path = tmp_path / "widget.js"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    response = client_for(WidgetScript({}, path)).get("/widget.js")
    assert response.status_code == 503 and "make widget" in response.text


def test_demo_page_embeds_the_widget_with_one_script_tag_under_a_strict_policy(bundle):
    response = client_for(WidgetScript({}, bundle)).get("/demo")
    assert response.status_code == 200
    tags = re.findall(r"<script\b[^>]*>", response.text)
    assert tags == ['<script src="/widget.js" data-lang="en" data-title="Career help" data-color="#00558C" defer>']
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert "connect-src 'self' ws://testserver wss://testserver" in policy
    assert DEMO_PAGE.read_text(encoding="utf-8").count("<h1>") == 1


def test_an_odd_host_header_does_not_shape_the_demo_pages_policy(bundle):
    client = client_for(WidgetScript({}, bundle))
    policy = client.get("/demo", headers={"Host": "evil.example; script-src *"}).headers["content-security-policy"]
    assert "evil" not in policy and "script-src *" not in policy
    assert "ws://[::1]:8000" in client.get("/demo", headers={"Host": "[::1]:8000"}).headers["content-security-policy"]
