from bot.webchat.limits import RecentIds, SlidingWindow
from bot.webchat.protocol import valid_message_id


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_window_allows_the_limit_per_minute_then_refuses_until_the_oldest_is_a_minute_old():
    clock = Clock()
    window = SlidingWindow(3, 60, clock=clock)
    assert [window.allow("s") for _ in range(4)] == [True, True, True, False]
    clock.now += 59.9
    assert window.allow("s") is False
    clock.now += 0.2
    assert window.allow("s") is True


def test_window_counts_each_key_separately_and_refusals_do_not_count():
    clock = Clock()
    window = SlidingWindow(1, 60, clock=clock)
    assert window.allow("a") and window.allow("b")
    for _ in range(10):
        assert window.allow("a") is False
    clock.now += 61
    assert window.allow("a") is True


def test_window_forgets_the_oldest_keys_beyond_its_bound():
    window = SlidingWindow(1, 60, max_keys=2, clock=Clock())
    for key in ("a", "b", "c"):
        window.allow(key)
    assert window.allow("a") is True  # forgotten, so counted afresh


def test_a_resent_id_is_recognised_per_session():
    recent = RecentIds(clock=Clock())
    assert recent.first_time("s1", "m-00000001") is True
    assert recent.first_time("s1", "m-00000001") is False
    assert recent.first_time("s2", "m-00000001") is True


def test_ids_are_forgotten_after_their_age_and_beyond_the_per_session_bound():
    clock = Clock()
    recent = RecentIds(per_session=2, max_age_seconds=100, clock=clock)
    recent.first_time("s", "old-0001")
    clock.now += 101
    assert recent.first_time("s", "old-0001") is True
    recent.first_time("s", "id-00002")
    recent.first_time("s", "id-00003")
    assert recent.first_time("s", "old-0001") is True  # pushed out by two newer ids


def test_message_ids_must_be_plain_short_tokens():
    assert valid_message_id("0123456789abcdef") == "0123456789abcdef"
    assert valid_message_id("../../etc/passwd") is None
    assert valid_message_id("short") is None
    assert valid_message_id(12345678) is None
