import pytest

from bot.dialogue.messages import BotMessage, Button
from bot.webchat.protocol import (
    MAX_CUSTOM_DATA_BYTES,
    conversation_id,
    new_session_id,
    read_user_uttered,
    to_socketio,
    valid_session_id,
)


def test_new_session_ids_are_valid_and_distinct():
    first, second = new_session_id(), new_session_id()
    assert valid_session_id(first) == first and first != second


@pytest.mark.parametrize("bad", [None, "", "short", "x" * 65, "../etc/passwd", "a b c d e f", 12345678, "web:abcdefgh"])
def test_unusable_session_ids_are_rejected(bad):
    assert valid_session_id(bad) is None


def test_conversation_ids_are_namespaced_by_channel():
    assert conversation_id("0123456789abcdef") == "web:0123456789abcdef"


def test_user_uttered_is_read_like_rasas_channel():
    event = read_user_uttered(({"message": "hi", "session_id": "abcdef0123", "customData": {"lang": "sv"}},))
    assert (event.message, event.session_id, event.custom_data) == ("hi", "abcdef0123", {"lang": "sv"})


def test_bare_string_and_binary_payloads_are_kept_for_the_relay_to_judge():
    assert read_user_uttered(("hi",)).message == "hi"
    assert read_user_uttered((b"\x00\x01",)).message == b"\x00\x01"
    assert read_user_uttered(()).message is None


def test_custom_data_that_is_not_a_small_object_is_dropped():
    big = {"blob": "x" * MAX_CUSTOM_DATA_BYTES}
    assert read_user_uttered(({"message": "hi", "customData": big},)).custom_data == {}
    assert read_user_uttered(({"message": "hi", "customData": ["a"]},)).custom_data == {}


def test_text_is_split_on_blank_lines_and_buttons_go_on_the_last_bubble():
    message = BotMessage(text="One\n\nTwo", buttons=(Button("Yes", "/affirm"), Button("No", "/deny")))
    assert to_socketio(message) == [
        {"text": "One"},
        {
            "text": "Two",
            "quick_replies": [
                {"content_type": "text", "title": "Yes", "payload": "/affirm"},
                {"content_type": "text", "title": "No", "payload": "/deny"},
            ],
        },
    ]


def test_image_attachment_and_custom_json_take_rasas_shapes():
    assert to_socketio(BotMessage(image="https://x/y.png")) == [
        {"attachment": {"type": "image", "payload": {"src": "https://x/y.png"}}}
    ]
    assert to_socketio(BotMessage(attachment={"type": "file"})) == [{"attachment": {"type": "file"}}]
    assert to_socketio(BotMessage(custom={"kind": "card"})) == [{"kind": "card"}]


def test_buttons_without_text_still_reach_the_client():
    payloads = to_socketio(BotMessage(buttons=(Button("Go", "/go"),)))
    assert payloads == [{"text": "", "quick_replies": [{"content_type": "text", "title": "Go", "payload": "/go"}]}]


def test_custom_data_nested_too_deep_to_encode_is_dropped_not_raised():
    deep: dict = {}
    inner = deep
    for _ in range(3000):
        inner["a"] = {}
        inner = inner["a"]
    event = read_user_uttered(({"message": "hi", "customData": deep},))
    assert (event.message, event.custom_data) == ("hi", {})
