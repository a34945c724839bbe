"""Several gateways on one PostgreSQL: each job alert, kept alert and reminder is claimed exactly once.

The schedulers claim a row with a compare-and-set UPDATE (``... WHERE id = ? AND next_due_at = ?``)
and act only when it changed one row. On PostgreSQL's READ COMMITTED a second UPDATE of the same
row waits for the first to commit, then re-checks its WHERE against the new row and changes
nothing. These tests race real connections (one engine per "gateway", threads released together
by a barrier) to show no row is ever claimed twice.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest

from actions.jobsearch.reminders import DueReminder, ReminderStore
from actions.vacancies.alerts import AlertStore
from bot.alert_outbox import AlertOutbox
from bot.alerts import AlertScheduler, QuietHours
from bot.dialogue.messages import BotMessage

T0 = datetime(2026, 11, 23, 12, 0)
GATEWAYS = 6


@pytest.fixture
def url(postgres) -> str:
    return postgres.new_database()


def race(count: int, work):
    """Run ``work(i)`` in ``count`` threads released at the same instant; return the results."""
    barrier = threading.Barrier(count)

    def run(i: int):
        barrier.wait()
        return work(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def test_gateways_claiming_one_due_alert_at_once_get_it_exactly_once(url):
    stores = [AlertStore(url, interval=timedelta(hours=1)) for _ in range(GATEWAYS)]
    for _ in range(10):
        alert = stores[0].create("web:s", "welder", {}, [], now=T0)
        assert alert is not None
        results = race(GATEWAYS, lambda i, alert=alert: stores[i].claim(alert, T0 + timedelta(hours=2)))
        assert results.count(True) == 1, results
        stores[0].delete("web:s", alert.id)


def test_gateways_claiming_one_reminder_at_once_get_it_exactly_once(url):
    stores = [ReminderStore(url) for _ in range(GATEWAYS)]
    for n in range(10):
        stores[0].schedule(f"web:{n}", T0)
        due = DueReminder(f"web:{n}", T0)
        results = race(GATEWAYS, lambda i, due=due: stores[i].claim(due, T0 + timedelta(minutes=10)))
        assert results.count(True) == 1, results


def test_gateways_taking_kept_alerts_at_once_take_each_exactly_once(url):
    outboxes = [AlertOutbox(url) for _ in range(GATEWAYS)]
    kept = {outboxes[0].keep(f"web:{n}", [BotMessage(text="New ads")], now=T0).id for n in range(30)}
    later = T0 + timedelta(minutes=5)  # every claim has run out: all are free to take
    taken = race(GATEWAYS, lambda i: [k.id for k in outboxes[i].claim_waiting(later)])
    counts = Counter(alert_id for ids in taken for alert_id in ids)
    assert set(counts) == kept and set(counts.values()) == {1}, counts


async def test_two_gateways_schedulers_checking_at_once_fire_each_alert_exactly_once(url):
    AlertStore(url, interval=timedelta(hours=1))  # creates the table before the race
    for n in range(20):
        AlertStore(url, interval=timedelta(hours=1)).create(f"telegram:{n}", "welder", {}, [], now=T0)
    fired: list[str] = []
    delivered: list[str] = []

    async def trigger(conversation_id, intent, entities):
        fired.append(entities["alert_id"])
        await asyncio.sleep(0.01)  # Rasa at work: the other gateway's check goes on meanwhile
        return [BotMessage(text="New ads")]

    async def deliver(conversation_id, messages):
        delivered.append(conversation_id)

    def gateway() -> AlertScheduler:
        return AlertScheduler(
            AlertStore(url, interval=timedelta(hours=1)),
            trigger,
            deliver,
            interval=timedelta(hours=1),
            check_every=1,
            quiet=QuietHours.parse("", "Europe/Stockholm"),
            outbox=lambda: AlertOutbox(url),
        )

    a, b = gateway(), gateway()
    due = T0 + timedelta(hours=1)
    results = await asyncio.gather(a.run_once(due), b.run_once(due), a.run_once(due), b.run_once(due))
    assert sum(results) == 20
    assert sorted(Counter(fired).values()) == [1] * 20
    assert sorted(delivered) == sorted(f"telegram:{n}" for n in range(20))
