"""The offline language detector and the language a message names (nlu/language.py)."""

import pytest

from nlu.language import languages, parse_languages

SURE = [
    ("jag söker jobb som svetsare i Kiruna", "sv"),
    ("Hej, vad kan du hjälpa mig med?", "sv"),
    ("tack så mycket", "sv"),
    ("jag vill prata med en människa", "sv"),
    ("kan du visa fler jobb", "sv"),
    ("jobb i Malmö", "sv"),
    ("Hello, I am looking for a job as a cook", "en"),
    ("what can you do?", "en"),
    ("I want to talk to a person please", "en"),
    ("show me my plan", "en"),
]
UNSURE = ["hej", "ok", "ja", "nej", "Kiruna", "jobb", "thanks a lot", "welder jobs in Malmö", "", "👍", "12"]


@pytest.mark.parametrize(("text", "code"), SURE)
def test_sentences_with_clear_evidence_are_detected(text, code):
    assert languages().detect(text) == code


@pytest.mark.parametrize("text", UNSURE)
def test_short_or_mixed_messages_are_unsure(text):
    assert languages().detect(text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("på svenska tack", "sv"),
        ("PÅ SVENSKA", "sv"),
        ("pa svenska", "sv"),
        ("can we speak Swedish?", "sv"),
        ("in English please", "en"),
        ("på engelska", "en"),
        ("not English, Swedish", "sv"),
    ],
)
def test_the_language_named_is_found_and_the_last_one_wins(text, code):
    assert languages().requested(text) == code


def test_no_language_named_is_none():
    assert languages().requested("change the language") is None
    assert languages().requested("I am an engineer") is None, "engineer is not English"


def test_language_codes_are_read_from_telegram_and_html_tags():
    known = languages()
    assert known.codes == ("en", "sv")
    assert known.supported("sv-SE") == "sv" and known.supported("en_GB") == "en"
    assert known.supported("de") is None and known.supported(None) is None


def test_a_languages_file_without_common_words_or_with_an_unknown_default_is_refused():
    with pytest.raises(ValueError, match="needs names and common_words"):
        parse_languages({"languages": {"en": {"names": ["engl"]}}})
    with pytest.raises(ValueError, match="default 'de'"):
        parse_languages({"default": "de", "languages": {"en": {"names": ["engl"], "common_words": ["the"]}}})
