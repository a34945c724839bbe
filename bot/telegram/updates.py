"""Each Telegram update is handled once, by its ``update_id``, whatever order it comes in.

Telegram delivers an update again when it did not get an answer in time (a webhook that was
slow or restarting), and a gateway stopped without confirming its getUpdates offset gets the
last batch again. Without a check, the user's message would reach Rasa twice and be answered
twice. A set of recently seen ids (not a high-water mark) is kept, so an older update that
arrives after a newer one, which Telegram's retries can cause, is still handled, once.

The memory is bounded and lives in the process: after a restart, only updates Telegram
redelivers from the unconfirmed batch can be seen twice (PTB confirms each batch's offset with
the next getUpdates call, and on a clean stop). With several gateways (webhook mode behind a
load balancer) an id is also claimed in Redis, so a repeat reaching another gateway is stopped
too (bot/cluster/telegram_state.py).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes, TypeHandler

from bot.cluster.telegram_state import SharedTelegramState

logger = logging.getLogger(__name__)

#: How many update ids are remembered (a few hours of a busy bot).
REMEMBERED = 50_000
#: Handler group that runs before every other one.
FIRST_GROUP = -1


class SeenUpdates:
    """A bounded memory of update ids; ``first_time`` is True once per id."""

    def __init__(self, remembered: int = REMEMBERED, shared: SharedTelegramState | None = None) -> None:
        """Remember up to ``remembered`` ids, forgetting the oldest first; and claim each in ``shared``."""
        self._remembered = remembered
        self._shared = shared
        self._ids: OrderedDict[int, None] = OrderedDict()

    def first_time(self, update_id: int) -> bool:
        """True the first time ``update_id`` is seen; synchronous, so two copies can't both pass."""
        if update_id in self._ids:
            return False
        self._ids[update_id] = None
        while len(self._ids) > self._remembered:
            self._ids.popitem(last=False)
        return True

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Stop a repeated update before any other handler sees it."""
        application.add_handler(TypeHandler(Update, self._check), group=FIRST_GROUP)

    async def _check(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Let a new update through to the other handlers; end a repeated one here."""
        if not self.first_time(update.update_id) or (
            self._shared is not None and not await self._shared.first_time(update.update_id)
        ):
            logger.info("Telegram update delivered again; ignored")
            raise ApplicationHandlerStop
