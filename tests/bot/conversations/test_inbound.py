import pytest

from bot.conversations.inbound import Refusal, check_user_text, clean_text


def test_plain_message_is_accepted_and_stripped():
    assert check_user_text("  hello there \n", max_chars=100) == "hello there"


@pytest.mark.parametrize("raw", ["", "   ", "\n\t", None, "\x00\x01\x02"])
def test_empty_or_invisible_message_is_refused_as_empty(raw):
    assert check_user_text(raw, max_chars=100) == Refusal("empty_message")


@pytest.mark.parametrize("raw", [b"\x89PNG\r\n\x1a\n", 42, {"text": "hi"}, ["hi"]])
def test_non_text_is_refused_as_not_text(raw):
    assert check_user_text(raw, max_chars=100) == Refusal("not_text")


def test_too_long_message_is_refused_with_its_length_and_the_limit():
    refusal = check_user_text("x" * 10_000, max_chars=2000)
    assert refusal == Refusal("message_too_long", {"length": 10_000, "limit": 2000})


def test_message_exactly_at_the_limit_is_accepted():
    assert check_user_text("x" * 2000, max_chars=2000) == "x" * 2000


def test_control_characters_and_lone_surrogates_are_removed_but_newlines_kept():
    assert clean_text("a\x00b\x1b[31mc\ud800d\ne\tf") == "ab[31mcd\ne\tf"


def test_text_is_nfc_normalised_so_equal_words_compare_equal():
    decomposed = "Jo\u0308nko\u0308ping"  # o + combining diaeresis
    assert clean_text(decomposed) == "Jönköping"


def test_emoji_and_non_latin_scripts_pass_untouched():
    text = "Привет 👋🏽 مرحبا 你好"
    assert check_user_text(text, max_chars=100) == text
