"""Result charts on Telegram: a photo with its title, then the chart in words.

Rendering is checked as a pure function; sending goes through the real gateway (which
serves the image on /media/), real PTB and the fake Bot API, which refuses what
Telegram would refuse.
"""

import os
import secrets
import time

import pytest

from bot.dialogue.messages import BotMessage, Button
from bot.telegram.render import CAPTION_LIMIT, PhotoOut, TextOut, render, telegram_length
from tests.bot.telegram.conftest import TEXTS, free_port
from tests.fakes.telegram import parse_html
from tests.fakes.telegram_rules import check_caption, check_photo, png_header

CHAT = 5151
ALT = "Your interests: Realistic 2.5 (medium), Investigative 4.1 (high) & <Artistic> 1.8 (low)."
PNG = png_header(720, 720) + b"\x00" * 200


def chart(name: str | None = None, **changes: object) -> dict:
    name = name or f"{secrets.token_urlsafe(24)}.png"
    return {"type": "chart", "url": f"/media/{name}", "alt": ALT, "title": "Interests <RIASEC> & you", **changes}


def same(payload: str) -> str:
    return payload


def html_escaped(text: str) -> str:
    """Escaped by hand, not by the code under test."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_a_chart_renders_as_a_captioned_photo_then_its_words():
    custom = chart("a" * 32 + ".png")
    assert render(BotMessage(custom=custom), TEXTS, same) == [
        PhotoOut(url="/media/" + "a" * 32 + ".png", caption_html="Interests &lt;RIASEC&gt; &amp; you"),
        TextOut(html_escaped(TEXTS.get("chart_in_words", alt=ALT))),
    ]


def test_a_chart_title_is_cut_to_the_caption_limit():
    (photo, _) = render(BotMessage(custom=chart(title="score " * 300)), TEXTS, same)
    assert isinstance(photo, PhotoOut) and telegram_length(parse_html(photo.caption_html or "") or "") <= CAPTION_LIMIT


def test_a_chart_without_title_has_no_caption_and_a_long_alt_is_split():
    photo, *words = render(BotMessage(custom=chart(title=None, alt="word " * 1500)), TEXTS, same)
    assert isinstance(photo, PhotoOut) and photo.caption_html is None
    assert len(words) == 2 and all(isinstance(w, TextOut) and telegram_length(w.html) <= 4096 for w in words)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/chart.png",
        "/media/../secret.png",
        "/media/short.png",
        "/files/" + "a" * 32 + ".png",
        "//evil.example/" + "a" * 32 + ".png",
        None,
    ],
)
def test_only_the_gateways_media_images_are_sent_but_the_words_always_are(url):
    out = render(BotMessage(custom={**chart(), "url": url}), TEXTS, same)
    assert out == [TextOut(html_escaped(TEXTS.get("chart_in_words", alt=ALT)))]


def test_buttons_on_a_chart_message_hang_on_the_words():
    message = BotMessage(custom=chart(), buttons=(Button("Next", "/next"),))
    *_, words = render(message, TEXTS, same)
    assert isinstance(words, TextOut) and words.keyboard


@pytest.mark.parametrize(
    ("content", "refused"),
    [
        (png_header(720, 720), None),
        (b"\xff\xd8\xff\xe0 jpeg", None),
        (b"GIF89a", "IMAGE_PROCESS_FAILED"),
        (png_header(9000, 1001), "PHOTO_INVALID_DIMENSIONS"),
        (png_header(2100, 100), "PHOTO_INVALID_DIMENSIONS"),
        (png_header(10, 10) + b"\x00" * (10 * 1024 * 1024), "PHOTO_SAVE_FILE_INVALID"),
    ],
)
def test_the_fake_bot_api_refuses_photos_telegram_would_refuse(content, refused):
    problem = check_photo(content)
    assert (problem is None) if refused is None else (refused in (problem or ""))


def test_the_fake_bot_api_refuses_captions_over_1024_or_broken_html():
    assert check_caption("x" * 1024, None) is None
    assert "too long" in (check_caption("x" * 1025, None) or "")
    assert "parse entities" in (check_caption("a < b", "HTML") or "")


@pytest.fixture
def chart_rig(start_rig, tmp_path):
    """The gateway on a known port, so it can fetch its own /media/ images (local_url)."""
    port = free_port()
    rig = start_rig(env={"ORIENTA_PORT": str(port)}, gateway_port=port)
    media = tmp_path / "var" / "media"
    media.mkdir(parents=True)
    return rig, media


def test_a_chart_is_sent_as_a_photo_with_its_title_and_then_in_words(chart_rig):
    rig, media = chart_rig
    name = f"{secrets.token_urlsafe(24)}.png"
    (media / name).write_bytes(PNG)
    rig.rasa.extra_messages = [{"custom": chart(name)}]
    rig.telegram.user_says(CHAT, "my results")

    (photo,) = rig.telegram.wait_for("sendPhoto", lambda c: c.chat_id == CHAT)
    assert photo.files["photo"][1] == PNG
    assert parse_html(photo.params["caption"]) == "Interests <RIASEC> & you"
    assert photo.params["parse_mode"] == "HTML"
    sent = rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT, count=2)
    assert parse_html(sent[1].text) == TEXTS.get("chart_in_words", alt=ALT)
    order = [c.method for c in rig.telegram.sent_to(CHAT)]
    assert order == ["sendMessage", "sendPhoto", "sendMessage"]


def test_an_expired_chart_is_apologised_for_and_still_given_in_words(chart_rig, caplog):
    rig, media = chart_rig
    name = f"{secrets.token_urlsafe(24)}.png"
    path = media / name
    path.write_bytes(PNG)
    old = time.time() - 8 * 86400
    os.utime(path, (old, old))
    rig.rasa.extra_messages = [{"custom": chart(name)}]
    rig.telegram.user_says(CHAT, "my results")

    sent = rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT, count=3)
    assert [parse_html(c.text) for c in sent[1:]] == [
        TEXTS.get("telegram_chart_failed"),
        TEXTS.get("chart_in_words", alt=ALT),
    ]
    assert rig.telegram.count("sendPhoto") == 0
    assert all(name.removesuffix(".png") not in r.getMessage() for r in caplog.records)
