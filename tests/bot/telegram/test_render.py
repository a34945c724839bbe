import pytest

from bot.dialogue.messages import BotMessage, Button
from bot.telegram.render import (
    CAPTION_LIMIT,
    DocumentOut,
    InlineButton,
    TextOut,
    escape,
    render,
    split_text,
    telegram_length,
)
from bot.texts import GatewayTexts
from tests.fakes.telegram import parse_html

TEXTS = GatewayTexts.load()
VACANCY = {
    "uid": "jobtech:1",
    "position": 1,
    "title": "Backend developer <Python> & Go",
    "employer": "Acme_*AB*",
    "place": "Göteborg",
    "published": "2026-11-01",
    "deadline": "2026-12-01",
    "url": "https://example.org/ad/1",
    "apply_url": "https://example.org/apply/1",
    "demo": False,
    "source": "JobTech Job Search",
}


def same(payload: str) -> str:
    return payload


def card(**changes) -> TextOut:
    (out,) = render(BotMessage(custom={"type": "vacancy_card", "vacancy": {**VACANCY, **changes}}), TEXTS, same)
    assert isinstance(out, TextOut)
    return out


@pytest.mark.parametrize("text", ["a < b & c > d", "<b>not bold</b>", "_under_ *star* `tick` [x](y)", "&amp; &lt;"])
def test_escaped_text_parses_back_to_exactly_the_original(text):
    assert parse_html(escape(text)) == text


def test_short_text_is_one_message():
    assert split_text("hello\n\nworld") == ["hello\n\nworld"]


def test_long_text_splits_on_paragraph_boundaries_within_the_limit():
    paragraphs = ["a" * 40, "b" * 40, "c" * 40]
    assert split_text("\n\n".join(paragraphs), limit=90) == ["a" * 40 + "\n\n" + "b" * 40, "c" * 40]


def test_a_paragraph_over_the_limit_splits_on_lines_then_words_then_anywhere():
    assert split_text("aaa bbb\nccc", limit=8) == ["aaa bbb", "ccc"]
    assert split_text("aaa bbb ccc", limit=8) == ["aaa bbb", "ccc"]
    assert split_text("x" * 20, limit=8) == ["x" * 8, "x" * 8, "x" * 4]


def test_length_counts_utf16_code_units_as_telegram_does():
    emoji = "😀" * 3000  # 6000 UTF-16 units
    parts = split_text(emoji)
    assert all(telegram_length(p) <= 4096 for p in parts)
    assert "".join(parts) == emoji


def test_escaping_after_splitting_never_cuts_an_entity():
    parts = [escape(p) for p in split_text("&" * 5000)]
    assert [len(parse_html(p)) for p in parts] == [4096, 904]


def test_buttons_attach_to_the_last_text_part_with_one_button_per_row():
    message = BotMessage(text="Agree?", buttons=(Button("Yes", "/yes"), Button("No", "/no")))
    assert render(message, TEXTS, lambda p: f"k{p}") == [
        TextOut("Agree?", ((InlineButton("Yes", callback_data="k/yes"),), (InlineButton("No", callback_data="k/no"),)))
    ]


def test_buttons_without_text_still_get_a_message_to_hang_on():
    (out,) = render(BotMessage(buttons=(Button("Go", "/go"),)), TEXTS, same)
    assert isinstance(out, TextOut) and out.html and out.keyboard


def test_vacancy_card_shows_title_bold_facts_source_and_an_apply_button():
    out = card()
    assert out.html.startswith("<b>Backend developer &lt;Python&gt; &amp; Go</b>\n")
    plain = parse_html(out.html)
    for line in (
        TEXTS.get("card_employer", employer="Acme_*AB*"),
        TEXTS.get("card_place", place="Göteborg"),
        TEXTS.get("card_published", date="2026-11-01"),
        TEXTS.get("card_deadline", date="2026-12-01"),
        TEXTS.get("card_source", source="JobTech Job Search"),
    ):
        assert line in plain
    assert TEXTS.get("card_demo") not in plain
    assert out.keyboard == ((InlineButton(TEXTS.get("card_apply"), url="https://example.org/apply/1"),),)


def test_demo_vacancy_is_labelled_fictional():
    assert TEXTS.get("card_demo") in parse_html(card(demo=True).html)


def test_vacancy_without_apply_link_offers_the_ad_and_without_links_no_button():
    assert card(apply_url=None).keyboard == (
        (InlineButton(TEXTS.get("card_open_ad"), url="https://example.org/ad/1"),),
    )
    assert card(apply_url=None, url="javascript:alert(1)").keyboard == ()


def test_vacancy_with_missing_optional_fields_leaves_their_lines_out():
    plain = parse_html(card(employer=None, place=None, deadline=None).html)
    assert "Employer" not in plain and "Place" not in plain and "Apply by" not in plain


def test_vacancy_without_title_is_skipped():
    assert render(BotMessage(custom={"type": "vacancy_card", "vacancy": {"uid": "x"}}), TEXTS, same) == []


def test_document_payload_becomes_a_document_with_a_safe_name_and_escaped_caption():
    custom = {"type": "document", "url": "/files/s.pdf", "filename": "../../etc/summary.pdf", "caption": "Yours <3"}
    assert render(BotMessage(custom=custom), TEXTS, same) == [
        DocumentOut(url="/files/s.pdf", filename="summary.pdf", caption_html="Yours &lt;3")
    ]


def test_document_caption_is_cut_to_telegrams_caption_limit():
    custom = {"type": "document", "url": "https://x/s.pdf", "filename": "s.pdf", "caption": "word " * 400}
    (out,) = render(BotMessage(custom=custom), TEXTS, same)
    assert isinstance(out, DocumentOut) and telegram_length(out.caption_html or "") <= CAPTION_LIMIT


def test_unknown_custom_payloads_are_skipped_but_the_text_is_kept():
    assert render(BotMessage(text="hi", custom={"type": "carousel"}), TEXTS, same) == [TextOut("hi")]


@pytest.mark.parametrize("broken", ["a < b", "a & b", "<b>open", "<script>x</script>", "x > y", "<i>a</b>"])
def test_the_fake_bot_api_refuses_html_telegram_would_refuse(broken):
    assert parse_html(broken) is None
