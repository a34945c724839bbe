from datetime import datetime, timedelta

import pytest

from actions.vacancies.alerts import AlertStore
from bot.alerts import ALERT_INTENT, RETRY_AFTER, AlertScheduler, QuietHours
from bot.dialogue.client import RasaUnavailable
from bot.dialogue.messages import BotMessage

T0 = datetime(2026, 11, 23, 12, 0)  # 13:00 in Stockholm


class Recorder:
    def __init__(self, answer=None, error=None):
        self.answer = answer if answer is not None else [BotMessage(text="New ads")]
        self.error = error
        self.triggered = []
        self.delivered = []

    async def trigger(self, conversation_id, intent, entities):
        self.triggered.append((conversation_id, intent, entities))
        if self.error:
            raise self.error
        return self.answer

    async def deliver(self, conversation_id, messages):
        self.delivered.append((conversation_id, messages))


@pytest.fixture
def store(tmp_path):
    return AlertStore(f"sqlite:///{tmp_path / 'a.db'}", interval=timedelta(hours=1))


def scheduler(store, recorder, quiet="") -> AlertScheduler:
    return AlertScheduler(
        store,
        recorder.trigger,
        recorder.deliver,
        interval=timedelta(hours=1),
        check_every=1,
        quiet=QuietHours.parse(quiet, "Europe/Stockholm"),
    )


async def test_a_due_alert_is_triggered_and_its_answer_delivered_once(store):
    alert = store.create("telegram:7", "welder", {}, [], now=T0)
    recorder = Recorder()
    jobs = scheduler(store, recorder)
    assert await jobs.run_once(T0 + timedelta(hours=1)) == 1
    assert recorder.triggered == [("telegram:7", ALERT_INTENT, {"alert_id": alert.id})]
    assert recorder.delivered == [("telegram:7", [BotMessage(text="New ads")])]
    assert await jobs.run_once(T0 + timedelta(hours=1, minutes=30)) == 0, "not due again before an interval"


async def test_nothing_is_delivered_when_the_action_has_nothing_new(store):
    store.create("web:s", "welder", {}, [], now=T0)
    recorder = Recorder(answer=[])
    await scheduler(store, recorder).run_once(T0 + timedelta(hours=1))
    assert len(recorder.triggered) == 1 and recorder.delivered == []


async def test_rasa_down_retries_the_alert_soon_instead_of_after_a_full_interval(store):
    store.create("web:s", "welder", {}, [], now=T0)
    recorder = Recorder(error=RasaUnavailable("down"))
    now = T0 + timedelta(hours=1)
    await scheduler(store, recorder).run_once(now)
    (alert,) = store.due(now + RETRY_AFTER)
    assert alert.next_due_at == now + RETRY_AFTER


async def test_quiet_hours_postpone_the_alert_to_their_end(store):
    store.create("web:s", "welder", {}, [], now=T0)
    recorder = Recorder()
    night = datetime(2026, 11, 23, 22, 30)  # 23:30 in Stockholm
    await scheduler(store, recorder, quiet="21-8").run_once(night)
    assert recorder.triggered == []
    (postponed,) = store.due(datetime(2026, 11, 24, 7, 0))  # 08:00 in Stockholm
    assert postponed.next_due_at == datetime(2026, 11, 24, 7, 0)


def test_quiet_hours_parse_and_reject_nonsense():
    assert QuietHours.parse("", "Europe/Stockholm").end_of_quiet(T0) is None
    assert QuietHours.parse("9-17", "Europe/Stockholm").end_of_quiet(T0) == datetime(2026, 11, 23, 16, 0)
    with pytest.raises(ValueError):
        QuietHours.parse("25-8", "Europe/Stockholm")


async def test_a_database_that_cannot_be_opened_yet_is_tried_again_at_the_next_check(tmp_path):
    attempts = []

    def factory():
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("database not up yet")
        return AlertStore(f"sqlite:///{tmp_path / 'a.db'}")

    recorder = Recorder()
    jobs = AlertScheduler(
        factory,
        recorder.trigger,
        recorder.deliver,
        interval=timedelta(hours=1),
        check_every=1,
        quiet=QuietHours.parse("", "UTC"),
    )
    with pytest.raises(OSError):
        await jobs.run_once(T0)
    assert await jobs.run_once(T0) == 0
    assert len(attempts) == 2
