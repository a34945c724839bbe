from bot.dialogue.messages import BotMessage, Button, parse_bot_messages


def test_text_and_buttons_are_parsed():
    (message,) = parse_bot_messages(
        [{"recipient_id": "web:x", "text": "Hi", "buttons": [{"title": "Help", "payload": "/help"}]}]
    )
    assert message == BotMessage(text="Hi", buttons=(Button(title="Help", payload="/help"),))


def test_image_custom_and_attachment_are_kept():
    messages = parse_bot_messages(
        [
            {"recipient_id": "r", "image": "https://example.org/a.png"},
            {"recipient_id": "r", "custom": {"kind": "summary"}},
            {"recipient_id": "r", "attachment": {"type": "file", "payload": {"src": "x"}}},
        ]
    )
    assert [m.image for m in messages] == ["https://example.org/a.png", None, None]
    assert messages[1].custom == {"kind": "summary"}
    assert messages[2].attachment == {"type": "file", "payload": {"src": "x"}}


def test_malformed_entries_are_skipped_not_fatal():
    messages = parse_bot_messages(
        ["not a dict", {"recipient_id": "r"}, {"text": ""}, {"text": "ok", "buttons": [{"title": "no payload"}, 7]}]
    )
    assert messages == [BotMessage(text="ok")]


def test_a_body_that_is_not_a_list_gives_no_messages():
    assert parse_bot_messages({"error": "x"}) == []


def test_buttons_that_are_not_a_list_are_ignored_and_the_text_kept():
    assert parse_bot_messages([{"text": "hi", "buttons": True}, {"text": "yo", "buttons": "x"}]) == [
        BotMessage(text="hi"),
        BotMessage(text="yo"),
    ]
