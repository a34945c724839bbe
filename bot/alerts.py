"""The job-alert scheduler: a loop in the gateway that fires alerts when they are due.

Why in the gateway: it is the process that can reach the user afterwards (``deliver``), it is
always running, and Rasa's own reminders live in memory only. The schedule itself is in the
database (actions/vacancies/alerts.py), so it survives restarts and, because every firing is
an atomic claim, two gateway replicas never send the same alert twice.

A due alert is fired by triggering the external intent ``EXTERNAL_job_alert`` in its
conversation; the action decides whether there is anything new to say, and whatever Rasa
answers is delivered on the user's channel. Quiet hours move the firing to their end.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from actions.vacancies.alerts import AlertStore, JobAlert, utcnow
from bot.alert_outbox import AlertOutbox, KeptAlert
from bot.dialogue.client import RasaError
from bot.dialogue.messages import BotMessage
from bot.periodic import repeat

logger = logging.getLogger(__name__)

ALERT_INTENT = "EXTERNAL_job_alert"
#: When Rasa cannot be reached, the alert is tried again this much later.
RETRY_AFTER = timedelta(minutes=5)

Trigger = Callable[[str, str, dict[str, str]], Awaitable[list[BotMessage]]]
Deliver = Callable[[str, list[BotMessage]], Awaitable[object]]


@dataclass(frozen=True)
class QuietHours:
    """Local hours [start, end) in which no alert is sent, e.g. 21 to 8; start == end: none."""

    start: int
    end: int
    zone: ZoneInfo

    @classmethod
    def parse(cls, text: str, zone: str) -> QuietHours:
        """From ``"21-8"`` (or empty for none) in time zone ``zone``; ValueError if malformed."""
        tz = ZoneInfo(zone)
        if not text.strip():
            return cls(0, 0, tz)
        start, _, end = text.partition("-")
        hours = int(start), int(end)
        if not all(0 <= h <= 23 for h in hours):
            raise ValueError(f"quiet hours must be two hours 0-23 like 21-8, got {text!r}")
        return cls(hours[0], hours[1], tz)

    def end_of_quiet(self, now: datetime) -> datetime | None:
        """If ``now`` (naive UTC) is within quiet hours, when they end (naive UTC); else None."""
        if self.start == self.end:
            return None
        local = now.replace(tzinfo=timezone.utc).astimezone(self.zone)
        hour = local.hour
        quiet = self.start <= hour < self.end if self.start < self.end else hour >= self.start or hour < self.end
        if not quiet:
            return None
        end = local.replace(hour=self.end, minute=0, second=0, microsecond=0)
        if end <= local:
            end += timedelta(days=1)
        return end.astimezone(timezone.utc).replace(tzinfo=None)


class AlertScheduler:
    """Checks the alert table every ``check_every`` seconds and fires what is due."""

    def __init__(
        self,
        store: AlertStore | Callable[[], AlertStore],
        trigger: Trigger,
        deliver: Deliver,
        *,
        interval: timedelta,
        check_every: float,
        quiet: QuietHours,
        outbox: Callable[[], AlertOutbox] | None = None,
    ) -> None:
        """Keep the collaborators; nothing runs until ``run`` (or ``run_once``) is called.

        ``store`` may be a factory: it is then called on first use, and again at each check
        until it succeeds, so the gateway starts even while the database is not reachable yet.
        ``outbox`` (a factory, opened the same way) keeps each alert's messages until they are
        sent (bot/alert_outbox.py); without one they are delivered straight away.
        """
        self._store = store if isinstance(store, AlertStore) else None
        self._open_store = store if not isinstance(store, AlertStore) else None
        self._trigger = trigger
        self._deliver = deliver
        self._interval = interval
        self._check_every = check_every
        self._quiet = quiet
        self._open_outbox = outbox
        self._outbox: AlertOutbox | None = None

    async def run_once(self, now: datetime | None = None) -> int:
        """Fire every due alert once; returns how many were delivered something."""
        now = now or utcnow()
        delivered = 0
        store = await self._opened()
        if self._open_outbox is not None:
            if self._outbox is None:
                self._outbox = await asyncio.to_thread(self._open_outbox)
            for kept in await asyncio.to_thread(self._outbox.claim_waiting, now):
                delivered += await self._send_kept(self._outbox, kept)
        for alert in await asyncio.to_thread(store.due, now):
            if (quiet_end := self._quiet.end_of_quiet(now)) is not None:
                await asyncio.to_thread(store.claim, alert, quiet_end)
                continue
            if not await asyncio.to_thread(store.claim, alert, now + self._interval):
                continue  # another replica took it
            delivered += await self._fire(alert, now)
        return delivered

    async def _opened(self) -> AlertStore:
        """The store, opened on first use (raises while the database cannot be opened yet)."""
        if self._store is None:
            assert self._open_store is not None
            self._store = await asyncio.to_thread(self._open_store)
        return self._store

    async def _fire(self, alert: JobAlert, now: datetime) -> int:
        try:
            messages = await self._trigger(alert.conversation_id, ALERT_INTENT, {"alert_id": alert.id})
        except RasaError as error:
            logger.warning("job alert %s not checked, Rasa unavailable: %s", alert.id, type(error).__name__)
            claimed = replace(alert, next_due_at=now + self._interval)
            await asyncio.to_thread((await self._opened()).claim, claimed, now + RETRY_AFTER)
            return 0
        if not messages:
            return 0
        if self._outbox is not None:
            kept = await asyncio.to_thread(self._outbox.keep, alert.conversation_id, messages, now)
            return await self._send_kept(self._outbox, kept)
        await self._deliver(alert.conversation_id, messages)
        logger.info("job alert %s delivered %d messages", alert.id, len(messages))
        return 1

    async def _send_kept(self, outbox: AlertOutbox, kept: KeptAlert) -> int:
        """Send a kept alert's messages from the first one not yet sent; 1 when all are out.

        A failing channel leaves the rest for the next check. Stopped mid-way (the gateway
        shutting down), the claim is given up at once so the next process sends the rest.
        """
        try:
            for message in kept.messages[kept.sent :]:
                try:
                    await self._deliver(kept.conversation_id, [message])
                except Exception as error:  # any channel failure: the row is kept for the next check
                    logger.warning("job alert not sent yet (%s); trying again at the next check", type(error).__name__)
                    await asyncio.to_thread(outbox.release, kept.id)
                    return 0
                await asyncio.to_thread(outbox.sent_one, kept.id)
        except asyncio.CancelledError:
            outbox.release(kept.id)
            raise
        await asyncio.to_thread(outbox.done, kept.id)
        logger.info("job alert delivered %d messages", len(kept.messages))
        return 1

    async def run(self) -> None:
        """Check every ``check_every`` seconds until cancelled (bot/periodic.py)."""
        await repeat(self._check_every, self.run_once, "job alert check")
