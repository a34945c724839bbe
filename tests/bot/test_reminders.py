from datetime import datetime, timedelta

import pytest

from actions.jobsearch.reminders import ReminderStore
from bot.alerts import QuietHours
from bot.dialogue.client import RasaUnavailable
from bot.dialogue.messages import BotMessage
from bot.reminders import CLAIM_FOR, REMINDER_INTENT, RETRY_AFTER, ReminderScheduler
from tests.bot import scheduling

T0 = datetime(2026, 12, 8, 8, 0)  # 09:00 in Stockholm


class Recorder(scheduling.Recorder):
    def __init__(self, answer=None, error=None):
        super().__init__("A reminder", answer, error)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    """Each test on SQLite (a pilot) and on a real PostgreSQL (several gateways)."""
    if request.param == "postgresql":
        return request.getfixturevalue("postgres").new_database()
    return f"sqlite:///{tmp_path / 'r.db'}"


def scheduler(url, recorder, quiet="") -> ReminderScheduler:
    return ReminderScheduler(
        lambda: ReminderStore(url),
        recorder.trigger,
        recorder.deliver,
        check_every=1,
        quiet=QuietHours.parse(quiet, "Europe/Stockholm"),
    )


async def test_a_due_conversation_is_woken_and_the_reminder_delivered_once(url):
    ReminderStore(url).schedule("telegram:7", T0)
    recorder = Recorder()
    loop = scheduler(url, recorder)
    assert await loop.run_once(T0) == 1
    assert recorder.triggered == [("telegram:7", REMINDER_INTENT, {})]
    assert recorder.delivered == [("telegram:7", [BotMessage(text="A reminder")])]
    assert await loop.run_once(T0 + timedelta(minutes=30)) == 0, "held by the claim"


async def test_nothing_is_woken_before_its_time_or_after_it_was_unscheduled(url):
    store = ReminderStore(url)
    store.schedule("web:a", T0 + timedelta(days=1))
    store.schedule("web:b", T0)
    store.schedule("web:b", None)
    recorder = Recorder()
    assert await scheduler(url, recorder).run_once(T0) == 0
    assert recorder.triggered == []


async def test_two_gateways_checking_at_once_send_one_reminder(url):
    ReminderStore(url).schedule("web:s", T0)
    first, second = Recorder(), Recorder()
    a, b = scheduler(url, first), scheduler(url, second)
    assert await a.run_once(T0) + await b.run_once(T0) == 1
    assert len(first.triggered) + len(second.triggered) == 1


async def test_quiet_hours_move_the_wake_up_to_their_end(url):
    night = datetime(2026, 12, 8, 21, 30)  # 22:30 in Stockholm
    store = ReminderStore(url)
    store.schedule("web:s", night)
    recorder = Recorder()
    assert await scheduler(url, recorder, quiet="21-8").run_once(night) == 0
    assert recorder.triggered == []
    assert store.when("web:s") == datetime(2026, 12, 9, 7, 0)  # 08:00 in Stockholm


async def test_rasa_unavailable_tries_again_a_few_minutes_later(url):
    store = ReminderStore(url)
    store.schedule("web:s", T0)
    recorder = Recorder(error=RasaUnavailable("down"))
    assert await scheduler(url, recorder).run_once(T0) == 0
    assert store.when("web:s") == T0 + RETRY_AFTER
    assert RETRY_AFTER < CLAIM_FOR


async def test_an_action_with_nothing_due_delivers_nothing(url):
    ReminderStore(url).schedule("web:s", T0)
    recorder = Recorder(answer=[])
    assert await scheduler(url, recorder).run_once(T0) == 0
    assert len(recorder.triggered) == 1 and recorder.delivered == []
