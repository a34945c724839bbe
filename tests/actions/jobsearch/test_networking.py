from datetime import date

import pytest

from actions.jobsearch.catalogue import default_catalogue
from actions.jobsearch.networking import (
    DEFAULT_EVENTS_FILE,
    Event,
    default_networking,
    events_or_none,
    events_reply,
    parse_events,
    read_events,
    tips_reply,
    upcoming,
)

CONTENT = default_networking()
TODAY = date(2026, 12, 2)
FAIR = {"date": "2026-12-10", "title": "Job fair", "place": "Malmö library", "url": "https://example.org/fair"}
PAST = {"date": "2026-11-30", "title": "Old meeting", "place": "Lund", "url": "https://example.org/old"}
TODAYS = {"date": "2026-12-02", "title": "Open day", "place": "Lund", "url": "https://example.org/open"}


def test_past_events_are_hidden_and_the_rest_come_soonest_first():
    events = parse_events({"events": [FAIR, PAST, TODAYS]})
    assert [e.title for e in upcoming(events, TODAY, 5)] == ["Open day", "Job fair"]


def test_no_more_events_are_shown_than_the_limit():
    many = tuple(Event(date(2026, 12, d), f"e{d}", "x", "u") for d in range(3, 12))
    assert [e.title for e in upcoming(many, TODAY, 2)] == ["e3", "e4"]


def test_an_event_without_a_date_names_its_number():
    with pytest.raises(ValueError, match=r"^edited.yml: event 2 needs date"):
        parse_events({"events": [FAIR, {"title": "x", "place": "y", "url": "z"}]}, "edited.yml")


def test_a_file_without_an_events_list_is_refused():
    with pytest.raises(ValueError, match="expected 'events:' with a list"):
        parse_events({"event": []})


def test_the_bundled_events_file_reads_and_invents_no_events():
    assert read_events(DEFAULT_EVENTS_FILE) == ()


def test_a_broken_events_file_at_request_time_shows_no_events(tmp_path):
    broken = tmp_path / "events.yml"
    broken.write_text("events: [unclosed\n")
    assert events_or_none(broken) == ()
    assert events_or_none(tmp_path / "missing.yml") == ()


def test_the_tips_offer_events_and_the_counsellor_handoff():
    reply = tips_reply(CONTENT)
    assert reply.response == "utter_networking_tips"
    assert reply.values["tips"].count("• ") == len(CONTENT.tips)
    assert [b["payload"] for b in reply.buttons] == ["/show_events", "/request_human"]


def test_the_events_are_written_with_their_date_place_and_link():
    reply = events_reply(CONTENT, default_catalogue(), parse_events({"events": [FAIR, PAST]}), TODAY)
    assert reply.response == "utter_events"
    assert reply.values["events"] == "• Thursday 10 December: Job fair, Malmö library\n  https://example.org/fair"
    assert "/request_human" in [b["payload"] for b in reply.buttons]


def test_with_only_past_events_the_counsellor_is_offered_instead():
    reply = events_reply(CONTENT, default_catalogue(), parse_events({"events": [PAST]}), TODAY)
    assert reply.response == "utter_no_events"
    assert [b["payload"] for b in reply.buttons] == ["/networking_tips", "/request_human"]
