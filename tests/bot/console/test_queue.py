"""The queue for a person, who counts as online, and the ratings store."""

from __future__ import annotations

import pytest

from bot.console.presence import Presence
from bot.console.queue import ASKED, BOT_FAILED, HandoffQueue
from bot.console.rating import Ratings, parse_rating, rating_buttons
from bot.console.sessions import SessionStore
from bot.console.tables import open_engine


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def engine(tmp_path):
    return open_engine(f"sqlite:///{tmp_path / 'tracker.db'}")


def test_positions_follow_the_order_of_asking_and_a_takeover_moves_the_others_up(engine):
    clock = Clock()
    queue = HandoffQueue(engine, stale_after=3600, clock=clock)
    assert queue.enter("web:a", ASKED) == 1
    clock.now += 1
    assert queue.enter("web:b", BOT_FAILED) == 2
    clock.now += 1
    assert queue.enter("web:a", ASKED) == 1  # asking again keeps the place
    queue.taken("web:a", "eva")
    assert queue.position("web:a") is None and queue.position("web:b") == 1
    taken = queue.last_request("web:a")
    assert taken is not None and taken.taken_by == "eva" and taken.taken_at == clock.now


def test_a_request_older_than_the_session_no_longer_waits(engine):
    clock = Clock()
    queue = HandoffQueue(engine, stale_after=600, clock=clock)
    queue.enter("web:a", ASKED)
    clock.now += 601
    assert queue.waiting("web:a") is None and queue.open_requests() == {}
    assert queue.enter("web:a", ASKED) == 1  # a new request starts a new wait


def test_an_unknown_reason_is_a_programming_error(engine):
    with pytest.raises(ValueError):
        HandoffQueue(engine, stale_after=600).enter("web:a", "bored")


def test_online_means_logged_in_and_seen_recently(engine):
    clock = Clock()
    sessions = SessionStore(engine, 3600, clock=clock)
    presence = Presence(engine, online_seconds=120, clock=clock)
    assert presence.online() == 0
    sessions.start("eva")
    presence.touch("eva")
    presence.touch("eva")
    assert presence.online() == 1
    clock.now += 121
    assert presence.online() == 0  # closed the tab a while ago
    presence.touch("eva")
    clock.now += 3600  # the login expired
    assert presence.online() == 0


def test_a_rating_counts_once_and_only_after_being_asked(engine):
    clock = Clock()
    ratings = Ratings(engine, valid_seconds=600, clock=clock)
    assert not ratings.record("web:a", 4)
    ratings.ask("web:a", "eva")
    assert ratings.record("web:a", 4) and ratings.latest("web:a") == 4
    assert not ratings.record("web:a", 1)  # answered already
    ratings.ask("web:a", "eva")
    clock.now += 601
    assert not ratings.record("web:a", 5)  # too late
    assert ratings.latest("web:a") == 4


def test_the_rating_buttons_carry_payloads_the_gateway_recognises():
    buttons = rating_buttons()
    assert [b.title for b in buttons] == ["1", "2", "3", "4", "5"]
    assert [parse_rating(b.payload) for b in buttons] == [1, 2, 3, 4, 5]
    assert parse_rating("/orienta_rating_6") is None and parse_rating("5") is None
