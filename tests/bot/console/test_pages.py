"""What the console's pages show: the live list and transcripts, with user input rendered inert."""

from __future__ import annotations

import time

from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from bot.console.users import OPERATOR, SUPERVISOR

SCRIPT = "<script>alert('x')</script>"
LINK = "javascript:alert(1)"


def hostile(site) -> None:
    now = time.time()
    site.save(
        "web:abcdefgh1234",
        [
            UserUttered(f"hi {SCRIPT}", {"name": "greet", "confidence": 0.3}, timestamp=now - 5),
            ActionExecuted("utter_greet", timestamp=now - 4),
            BotUttered(f'see <a href="{LINK}">this</a>', timestamp=now - 3),
            UserUttered(f"[click]({LINK}) <img src=x onerror=alert(2)>", {"name": "greet", "confidence": 0.9}),
        ],
    )


def test_script_and_javascript_payloads_in_messages_render_as_text(site):
    hostile(site)
    site.add_user("eva", OPERATOR)
    client = site.login("eva")
    page = client.get("/console/c/web:abcdefgh1234").text
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page and "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page


def test_the_transcript_shows_intents_confidence_actions_and_marks_the_failed_turn(site):
    hostile(site)
    site.add_user("eva", OPERATOR)
    page = site.login("eva").get("/console/c/web:abcdefgh1234").text
    assert '<code class="intent">greet</code>' in page and '<span class="confidence">0.30</span>' in page
    assert "<code>utter_greet</code>" in page
    assert 'class="turn failed"' in page and "low NLU confidence (0.30 &lt; 0.50)" in page


def test_the_list_shows_the_conversation_and_its_live_stream_sends_the_rows(site):
    hostile(site)
    site.add_user("eva", OPERATOR)
    client = site.login("eva")
    page = client.get("/console").text
    assert 'href="/console/c/web%3Aabcdefgh1234"' in page and "low confidence" in page
    stream = client.get("/console/live")
    assert stream.headers["content-type"].startswith("text/event-stream")
    assert "event: update" in stream.text and "web:abcdefgh1234" in stream.text
    assert "<script>" not in stream.text


def test_a_supervisor_creates_an_operator_whose_one_time_password_is_shown_once(site):
    site.add_user("boss", SUPERVISOR)
    client = site.login("boss")
    csrf = site.csrf(client)
    page = client.post(
        "/console/users", data={"csrf_token": csrf, "username": "newbie", "role": OPERATOR, "display_name": "Nina"}
    ).text
    password = page.split('id="one-time-password">')[1].split("<")[0]
    assert password not in client.get("/console/users").text
    with site.client() as other:
        assert site.post_login(other, "newbie", password).status_code == 303
        assert other.get("/console").headers["location"] == "/console/password"
