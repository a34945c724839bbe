"""The plan-reminder scheduler: a loop in the gateway that wakes conversations with a due step.

The same path as job alerts (bot/alerts.py): the action server writes when each conversation
should be woken (actions/jobsearch/reminders.py, the ``plan_reminders`` table); this loop claims
what is due with an atomic compare-and-set, so two gateway replicas never send the same reminder,
triggers ``EXTERNAL_plan_reminder`` in the conversation and delivers whatever Rasa answers on the
user's channel. The action reads the plan again and sets the next wake-up itself, so a step done
in the meantime is not reminded of. Quiet hours move a wake-up to their end.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from actions.jobsearch.reminders import DueReminder, ReminderStore
from actions.vacancies.alerts import utcnow
from bot.alerts import Deliver, QuietHours, Trigger
from bot.dialogue.client import RasaError
from bot.periodic import repeat

logger = logging.getLogger(__name__)

REMINDER_INTENT = "EXTERNAL_plan_reminder"
#: A claimed wake-up is held this long; the action normally moves it to the next due day at once.
#: If the gateway stops between the claim and Rasa's answer, the reminder comes after this time:
#: late rather than twice.
CLAIM_FOR = timedelta(hours=1)
#: When Rasa cannot be reached, the reminder is tried again this much later.
RETRY_AFTER = timedelta(minutes=5)


class ReminderScheduler:
    """Checks the reminder table every ``check_every`` seconds and wakes what is due."""

    def __init__(
        self,
        open_store: Callable[[], ReminderStore],
        trigger: Trigger,
        deliver: Deliver,
        *,
        check_every: float,
        quiet: QuietHours,
    ) -> None:
        """Keep the collaborators; the store is opened on first use (the database may be late)."""
        self._open_store = open_store
        self._store: ReminderStore | None = None
        self._trigger = trigger
        self._deliver = deliver
        self._check_every = check_every
        self._quiet = quiet

    async def _opened(self) -> ReminderStore:
        if self._store is None:
            self._store = await asyncio.to_thread(self._open_store)
        return self._store

    async def run_once(self, now: datetime | None = None) -> int:
        """Wake every due conversation once; returns how many were delivered a reminder."""
        now = now or utcnow()
        store = await self._opened()
        delivered = 0
        for reminder in await asyncio.to_thread(store.due, now):
            if (quiet_end := self._quiet.end_of_quiet(now)) is not None:
                await asyncio.to_thread(store.claim, reminder, quiet_end)
                continue
            if not await asyncio.to_thread(store.claim, reminder, now + CLAIM_FOR):
                continue  # another replica took it
            delivered += await self._wake(store, reminder, now)
        return delivered

    async def _wake(self, store: ReminderStore, reminder: DueReminder, now: datetime) -> int:
        try:
            messages = await self._trigger(reminder.conversation_id, REMINDER_INTENT, {})
        except RasaError as error:
            logger.warning("plan reminder not sent, Rasa unavailable: %s", type(error).__name__)
            claimed = DueReminder(reminder.conversation_id, now + CLAIM_FOR)
            await asyncio.to_thread(store.claim, claimed, now + RETRY_AFTER)
            return 0
        if not messages:
            return 0
        await self._deliver(reminder.conversation_id, messages)
        logger.info("plan reminder delivered %d messages", len(messages))
        return 1

    async def run(self) -> None:
        """Check every ``check_every`` seconds until cancelled (bot/periodic.py)."""
        await repeat(self._check_every, self.run_once, "plan reminder check")
