from bot.webchat.outbox import Outbox


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_payloads_are_returned_once_in_order():
    outbox = Outbox()
    outbox.put("s1", {"text": "a"})
    outbox.put("s1", {"text": "b"})
    assert outbox.take("s1") == [{"text": "a"}, {"text": "b"}]
    assert outbox.take("s1") == []


def test_sessions_are_kept_apart():
    outbox = Outbox()
    outbox.put("s1", {"text": "a"})
    outbox.put("s2", {"text": "b"})
    assert outbox.take("s2") == [{"text": "b"}]
    assert len(outbox) == 1


def test_old_payloads_expire():
    clock = Clock()
    outbox = Outbox(max_age_seconds=60, clock=clock)
    outbox.put("s1", {"text": "old"})
    clock.now = 61
    outbox.put("s1", {"text": "new"})
    assert outbox.take("s1") == [{"text": "new"}]


def test_bounds_drop_the_oldest_first():
    outbox = Outbox(max_sessions=2, max_per_session=2)
    for text in "abc":
        outbox.put("s1", {"text": text})
    outbox.put("s2", {"text": "x"})
    outbox.put("s3", {"text": "y"})
    assert outbox.take("s1") == []  # least recently used session went first
    assert outbox.take("s3") == [{"text": "y"}]
    outbox.put("s4", {"text": "1"})
    outbox.put("s4", {"text": "2"})
    outbox.put("s4", {"text": "3"})
    assert outbox.take("s4") == [{"text": "2"}, {"text": "3"}]


def test_forgetting_a_session_drops_its_kept_replies_only():
    outbox = Outbox()
    outbox.put("s1", {"text": "your plan"})
    outbox.put("s1", {"text": "your results"})
    outbox.put("s2", {"text": "b"})
    assert outbox.forget("s1") == 2
    assert outbox.take("s1") == [] and outbox.take("s2") == [{"text": "b"}]
    assert outbox.forget("s1") == 0
