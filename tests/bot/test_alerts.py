from datetime import datetime, timedelta

import pytest

from actions.vacancies.alerts import AlertStore
from bot.alert_outbox import AlertOutbox
from bot.alerts import ALERT_INTENT, RETRY_AFTER, AlertScheduler, QuietHours
from bot.conversations.delivery import DeliveryFailed
from bot.dialogue.client import RasaUnavailable
from bot.dialogue.messages import BotMessage
from tests.bot import scheduling

T0 = datetime(2026, 11, 23, 12, 0)  # 13:00 in Stockholm


class Recorder(scheduling.Recorder):
    def __init__(self, answer=None, error=None):
        super().__init__("New ads", answer, error)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """Each test on SQLite (a pilot) and on a real PostgreSQL (several gateways)."""
    url = f"sqlite:///{tmp_path / 'a.db'}"
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").new_database()
    return AlertStore(url, interval=timedelta(hours=1))


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


class FlakyChannel(Recorder):
    """Takes ``works_for`` messages, then fails (Telegram unreachable) until ``fixed``."""

    def __init__(self, answer, works_for: int):
        super().__init__(answer=answer)
        self.works_for = works_for
        self.fixed = False

    async def deliver(self, conversation_id, messages):
        if not self.fixed and self.works_for <= 0:
            raise DeliveryFailed("telegram:7: NetworkError")
        self.works_for -= 1
        self.delivered.append((conversation_id, messages))


def kept_scheduler(store, recorder, url) -> AlertScheduler:
    return AlertScheduler(
        store,
        recorder.trigger,
        recorder.deliver,
        interval=timedelta(hours=1),
        check_every=1,
        quiet=QuietHours.parse("", "Europe/Stockholm"),
        outbox=lambda: AlertOutbox(url),
    )


async def test_an_alert_the_channel_fails_to_send_is_sent_later_from_where_it_stopped_once(store):
    answer = [BotMessage(text="New ads (2)"), BotMessage(text="ad one"), BotMessage(text="ad two")]
    store.create("telegram:7", "welder", {}, [], now=T0)
    channel = FlakyChannel(answer, works_for=1)
    url = store.url  # the outbox lives beside the alerts, as in the gateway
    assert await kept_scheduler(store, channel, url).run_once(T0 + timedelta(hours=1)) == 0
    assert [m[0].text for _, m in channel.delivered] == ["New ads (2)"]

    channel.fixed = True
    later = kept_scheduler(store, channel, url)  # a restarted gateway: a new scheduler, the same table
    assert await later.run_once(T0 + timedelta(hours=1, minutes=1)) == 1
    assert [m[0].text for _, m in channel.delivered] == ["New ads (2)", "ad one", "ad two"]
    assert await later.run_once(T0 + timedelta(hours=1, minutes=2)) == 0
    assert len(channel.delivered) == 3 and len(channel.triggered) == 1, "sent once, the search not run again"


def test_an_alert_claimed_by_a_live_sender_is_not_taken_and_a_stale_one_is_dropped(tmp_path):
    outbox = AlertOutbox(f"sqlite:///{tmp_path / 'o.db'}")
    kept = outbox.keep("web:s", [BotMessage(text="New ads")], now=T0)
    assert outbox.claim_waiting(T0 + timedelta(seconds=30)) == [], "its sender is at work"
    (taken,) = outbox.claim_waiting(T0 + timedelta(minutes=3))
    assert (taken.id, taken.messages, taken.sent) == (kept.id, [BotMessage(text="New ads")], 0)
    assert outbox.claim_waiting(T0 + timedelta(minutes=4)) == [], "claimed again by the one that took it"
    assert outbox.claim_waiting(T0 + timedelta(days=2)) == [], "a day-old alert is stale"
