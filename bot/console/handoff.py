"""What the gateway tells a user who needs a person, and the ratings it answers itself.

Why the gateway and not an action: whether anyone can answer depends on the console (who is
logged in, the queue) and the office hours, which are the gateway's settings and tables; the
dialogue only decides *that* a person is needed. So ``utter_request_human`` (the user asked)
and ``utter_default`` (the bot failed twice) are custom payloads ``{"type": "handoff",
"reason": ...}``, and ``HandoffDesk``, a ``Dialogue`` around Rasa like the privacy desk,
replaces them with the truth:

- in office hours with someone at the console: the conversation's position in the queue;
- otherwise: leave a message, a counsellor answers here by the next opening (or, with no
  office hours configured, as soon as they can).

Either way the conversation is in the queue (queue.py) and the live list shows it waiting.
What the user was told is appended to the tracker as a bot event too, so the operator reads it
in the transcript and the widget shows it again after a reload.
A rating button's payload (rating.py) is answered here too, without bothering Rasa.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from starlette.concurrency import run_in_threadpool

from bot.console.office_hours import OfficeHours
from bot.console.presence import Presence
from bot.console.queue import ASKED, BOT_FAILED, HandoffQueue
from bot.console.rating import Ratings, parse_rating
from bot.console.takeover import TrackerWriter
from bot.dialogue.client import Dialogue, RasaError
from bot.dialogue.messages import BotMessage, Button
from bot.texts import GatewayTexts

logger = logging.getLogger(__name__)

HANDOFF = "handoff"


class HandoffDesk:
    """A ``Dialogue`` that queues conversations for a person and says what happens next."""

    def __init__(
        self,
        inner: Dialogue,
        queue: HandoffQueue,
        presence: Presence,
        ratings: Ratings,
        hours: OfficeHours,
        texts: GatewayTexts,
        now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
        tracker: TrackerWriter | None = None,
    ) -> None:
        """Wrap ``inner``; the queue, presence and hours decide what the user is told."""
        self._inner = inner
        self._queue = queue
        self._presence = presence
        self._ratings = ratings
        self._hours = hours
        self._texts = texts
        self._now = now
        self._tracker = tracker

    async def send_message(
        self, conversation_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[BotMessage]:
        """Rasa's replies, with a handoff payload replaced by the queue's answer."""
        stars = parse_rating(text)
        if stars is not None and await run_in_threadpool(self._ratings.record, conversation_id, stars):
            logger.info("a conversation was rated")
            return [BotMessage(text=self._texts.to(conversation_id).get("rating_thanks"))]
        replies: list[BotMessage] = []
        for message in await self._inner.send_message(conversation_id, text, metadata):
            custom = message.custom or {}
            if custom.get("type") == HANDOFF:
                reason = BOT_FAILED if custom.get("reason") == BOT_FAILED else ASKED
                told = await run_in_threadpool(self.enter, conversation_id, reason)
                await self._record(conversation_id, told)
                replies.append(told)
            else:
                replies.append(message)
        return replies

    async def _record(self, conversation_id: str, message: BotMessage) -> None:
        """Store what the user was told in the tracker; a failure costs only the transcript line."""
        if self._tracker is None:
            return
        event = {
            "event": "bot",
            "text": message.text,
            "data": {"buttons": [{"title": b.title, "payload": b.payload} for b in message.buttons]},
            "metadata": {},
        }
        try:
            await self._tracker.append_events(conversation_id, [event])
        except RasaError as error:
            logger.warning("the queue's answer was not stored in the tracker: %s", error)

    def enter(self, conversation_id: str, reason: str) -> BotMessage:
        """Queue the conversation and tell the user honestly what happens next."""
        position = self._queue.enter(conversation_id, reason)
        now = self._now()
        texts = self._texts.to(conversation_id)
        opening = "handoff_asked" if reason == ASKED else "handoff_bot_failed"
        if self._hours.is_open(now) and self._presence.online() > 0:
            logger.info("a conversation entered the queue (%s) at position %d", reason, position)
            after = texts.get("handoff_position", position=position)
        else:
            logger.info("a conversation entered the queue (%s) outside office hours or with nobody online", reason)
            after = self.later_text(now, texts)
        return BotMessage(
            text=f"{texts.get(opening)} {after}",
            buttons=(Button(title=texts.get("handoff_meanwhile"), payload="/help"),),
        )

    def later_text(self, now: datetime, texts: GatewayTexts | None = None) -> str:
        """'A counsellor will answer here by <next opening>', or as soon as they can (in ``texts``)."""
        texts = texts or self._texts
        opening = self._hours.next_opening(now)
        if opening is None:
            return texts.get("handoff_later_unknown")
        return texts.get("handoff_later", when=opening.strftime(texts.get("handoff_when_format")))
