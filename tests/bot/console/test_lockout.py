"""Back-off after failed logins: locks per key, doubling, cleared by a success."""

from bot.console.lockout import MAX_LOCK_SECONDS, Lockout


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_key_is_locked_after_the_limit_of_failures_and_only_that_key():
    clock = Clock()
    lockout = Lockout(max_failures=3, base_seconds=60, clock=clock)
    for _ in range(2):
        lockout.failed("user:eva")
    assert lockout.locked_for("user:eva") == 0
    lockout.failed("user:eva")
    assert lockout.locked_for("user:eva") == 60
    assert lockout.locked_for("user:olof") == 0
    assert lockout.locked_for("user:olof", "user:eva") == 60


def test_each_further_lock_lasts_twice_as_long_up_to_an_hour():
    clock = Clock()
    lockout = Lockout(max_failures=1, base_seconds=60, clock=clock)
    waits = []
    for _ in range(8):
        lockout.failed("ip:1.2.3.4")
        waits.append(lockout.locked_for("ip:1.2.3.4"))
        clock.now += waits[-1]
    assert waits[:4] == [60, 120, 240, 480]
    assert waits[-1] == MAX_LOCK_SECONDS


def test_a_success_clears_the_count_and_the_back_off():
    clock = Clock()
    lockout = Lockout(max_failures=2, base_seconds=60, clock=clock)
    lockout.failed("user:eva")
    lockout.succeeded("user:eva")
    lockout.failed("user:eva")
    assert lockout.locked_for("user:eva") == 0
