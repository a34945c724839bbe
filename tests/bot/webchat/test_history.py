from bot.webchat.history import MAX_ENTRIES, history_entries, message_ids


def test_user_and_bot_events_become_entries_as_the_user_saw_them():
    events = [
        {"event": "action", "name": "action_session_start", "timestamp": 1.0},
        {"event": "user", "text": "/greet", "timestamp": 2.0, "metadata": {"display_text": None}},
        {
            "event": "bot",
            "text": "Hello!\n\nHow can I help?",
            "timestamp": 3.0,
            "data": {"buttons": [{"title": "What can you do?", "payload": "/help"}], "custom": None},
            "metadata": {"utter_action": "utter_greet"},
        },
        {"event": "user", "text": "/help", "timestamp": 4.0, "metadata": {"display_text": "What can you do?"}},
        {"event": "user", "text": "chef jobs", "timestamp": 5.0, "metadata": {"message_id": "0123456789abcdef"}},
        {"event": "bot", "timestamp": 6.0, "data": {"custom": {"type": "vacancy_card", "vacancy": {"title": "Chef"}}}},
    ]
    assert history_entries(events) == [
        {"from": "bot", "ts": 3.0, "payload": {"text": "Hello!"}},
        {
            "from": "bot",
            "ts": 3.0,
            "payload": {
                "text": "How can I help?",
                "quick_replies": [{"content_type": "text", "title": "What can you do?", "payload": "/help"}],
            },
        },
        {"from": "user", "ts": 4.0, "payload": {"text": "What can you do?"}},
        {"from": "user", "ts": 5.0, "payload": {"text": "chef jobs"}, "message_id": "0123456789abcdef"},
        {"from": "bot", "ts": 6.0, "payload": {"type": "vacancy_card", "vacancy": {"title": "Chef"}}},
    ]


def test_an_operators_message_is_marked_as_from_a_person():
    events = [{"event": "bot", "text": "Hi, I'm Anna.", "timestamp": 1.0, "metadata": {"from": "operator"}}]
    assert history_entries(events) == [
        {"from": "operator", "ts": 1.0, "payload": {"text": "Hi, I'm Anna.", "metadata": {"from": "operator"}}}
    ]


def test_a_conversation_nobody_has_written_in_yet_has_no_history():
    """Rasa runs the session start of a new conversation for a tracker read, unstored: not history."""
    events = [
        {"event": "action", "name": "action_session_start", "timestamp": 1.0},
        {"event": "session_started", "timestamp": 1.0},
        {"event": "bot", "text": "Before we start: how I handle your data.", "timestamp": 1.1, "metadata": {}},
    ]
    assert history_entries(events) == []
    said = [*events, {"event": "user", "text": "/greet", "timestamp": 2.0, "metadata": {}}]
    assert [entry["from"] for entry in history_entries(said)] == ["bot"]


def test_malformed_events_are_skipped_and_only_the_newest_entries_are_kept():
    junk = [{"event": "user"}, {"event": "bot", "data": "nonsense"}, {"event": "user", "text": 42}]
    many = [{"event": "user", "text": f"message {n}", "timestamp": n} for n in range(MAX_ENTRIES + 5)]
    entries = history_entries(junk + many)
    assert len(entries) == MAX_ENTRIES
    assert entries[0]["payload"] == {"text": "message 5"}


def test_message_ids_include_hidden_messages_so_a_resend_is_recognised_after_a_restart():
    events = [
        {"event": "user", "text": "/greet", "metadata": {"message_id": "greet-0000001"}},
        {"event": "bot", "text": "Hello!", "metadata": {"message_id": "not-a-user-msg"}},
        {"event": "user", "text": "hi", "metadata": {}},
        {"event": "user", "text": "thanks", "metadata": {"message_id": "thanks-000001"}},
    ]
    assert message_ids(events) == ["greet-0000001", "thanks-000001"]
