"""Taking a conversation over from the bot, writing to the user, and handing it back.

One operator at a time: the takeover is a row keyed by the conversation id, so a second
operator's attempt fails and tells them who has it. Taking over pauses Rasa (a ``pause`` event
through its tracker API: later user messages are stored and get no bot reply) and tells the user
a person joined; handing back appends ``resume`` and a short message from the bot. Every message
to the user is first stored in the tracker, marked ``metadata.from = "operator"`` when a person
wrote it, then sent through the gateway's one delivery path (web chat, Telegram), so the
transcript, the widget's history and the user all see the same thing. Closing hands back (if a
person has it), takes the conversation out of the queue and asks the user for a 1-5 rating.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import sqlalchemy as sa

from bot.console.queue import HandoffQueue
from bot.console.rating import Ratings, rating_buttons
from bot.console.tables import takeovers
from bot.console.texts import ConsoleError
from bot.console.users import User
from bot.conversations.delivery import Delivery, UnknownChannel
from bot.conversations.inbound import clean_text
from bot.dialogue.messages import BotMessage, Button
from bot.texts import GatewayTexts
from bot.webchat.protocol import OPERATOR

logger = logging.getLogger(__name__)


class TrackerWriter(Protocol):
    """What a takeover needs from Rasa (``RasaClient.append_events``)."""

    async def append_events(self, conversation_id: str, events: list[dict[str, Any]]) -> None:
        """Append ``events`` to the conversation's tracker."""
        ...


@dataclass(frozen=True)
class Holder:
    """Who has a conversation, since when."""

    username: str
    display_name: str
    since: float


class TakeoverError(ConsoleError):
    """The takeover action cannot be done; its phrase says why, for the operator."""


class AlreadyTaken(TakeoverError):
    """Someone (``holder``) has the conversation already."""

    def __init__(self, holder: Holder) -> None:
        super().__init__("takeover.taken", name=holder.display_name, username=holder.username)
        self.holder = holder


class Takeovers:
    """The ``console_takeovers`` table and what taking over and handing back do."""

    def __init__(
        self,
        engine: sa.engine.Engine,
        rasa: TrackerWriter,
        delivery: Delivery,
        texts: GatewayTexts,
        max_message_chars: int,
        clock: Callable[[], float] = time.time,
        *,
        queue: HandoffQueue | None = None,
    ) -> None:
        """Wire the takeovers to the database, Rasa's tracker API and the delivery path."""
        self._queue = queue
        self._engine = engine
        self._rasa = rasa
        self._delivery = delivery
        self._texts = texts
        self._max_chars = max_message_chars
        self._clock = clock

    def holder(self, conversation_id: str) -> Holder | None:
        """Who has the conversation, or None when the bot does."""
        with self._engine.connect() as connection:
            row = connection.execute(sa.select(takeovers).where(takeovers.c.conversation_id == conversation_id)).first()
        return Holder(row.username, row.display_name, row.since) if row else None

    async def take(self, conversation_id: str, user: User) -> Holder:
        """Pause the bot and tell the user a person joined; AlreadyTaken if someone has it."""
        holder = Holder(user.username, user.display_name, self._clock())
        try:
            with self._engine.begin() as connection:
                connection.execute(
                    takeovers.insert().values(
                        conversation_id=conversation_id,
                        username=holder.username,
                        display_name=holder.display_name,
                        since=holder.since,
                    )
                )
        except sa.exc.IntegrityError:
            current = self.holder(conversation_id)
            if current is None:  # handed back in between: try once more
                return await self.take(conversation_id, user)
            raise AlreadyTaken(current) from None
        joined = self._texts.to(conversation_id).get("operator_joined", name=user.display_name)
        try:
            await self._rasa.append_events(conversation_id, [{"event": "pause"}, _bot_event(joined, user)])
        except Exception:
            self._release(conversation_id)
            raise
        if self._queue is not None:
            self._queue.taken(conversation_id, user.username)
        await self._send(conversation_id, joined, operator=True)
        return holder

    async def say(self, conversation_id: str, user: User, raw_text: str) -> str:
        """Store an operator's message in the tracker and send it to the user; return the text sent."""
        self._require_holder(conversation_id, user)
        text = clean_text(raw_text)
        if not text:
            raise TakeoverError("takeover.message_empty")
        if len(text) > self._max_chars:
            raise TakeoverError("takeover.message_too_long", length=len(text), max=self._max_chars)
        await self._rasa.append_events(conversation_id, [_bot_event(text, user)])
        await self._send(conversation_id, text, operator=True)
        return text

    async def hand_back(self, conversation_id: str, user: User) -> None:
        """Resume the bot with a short message from it; only the holder (or a supervisor) may."""
        holder = self.holder(conversation_id)
        if holder is None:
            raise TakeoverError("takeover.bot_has_it")
        if holder.username != user.username and not user.is_supervisor:
            raise AlreadyTaken(holder)
        left = self._texts.to(conversation_id).get("operator_left", name=holder.display_name)
        await self._rasa.append_events(
            conversation_id, [{"event": "resume"}, {"event": "bot", "text": left, "metadata": {}}]
        )
        self._release(conversation_id)
        await self._send(conversation_id, left, operator=False)

    def _require_holder(self, conversation_id: str, user: User) -> None:
        holder = self.holder(conversation_id)
        if holder is None:
            raise TakeoverError("takeover.take_first")
        if holder.username != user.username:
            raise AlreadyTaken(holder)

    def _release(self, conversation_id: str) -> None:
        with self._engine.begin() as connection:
            connection.execute(takeovers.delete().where(takeovers.c.conversation_id == conversation_id))

    async def close(self, conversation_id: str, user: User, ratings: Ratings) -> None:
        """Hand back if a person has it, then ask the user to rate the conversation (1-5 buttons)."""
        if self.holder(conversation_id) is not None:
            await self.hand_back(conversation_id, user)
        question = self._texts.to(conversation_id).get("rating_ask")
        buttons = rating_buttons()
        await self._rasa.append_events(
            conversation_id,
            [
                {
                    "event": "bot",
                    "text": question,
                    "data": {"buttons": [{"title": b.title, "payload": b.payload} for b in buttons]},
                    "metadata": {},
                }
            ],
        )
        ratings.ask(conversation_id, user.username)
        if self._queue is not None:  # closed while still waiting: someone dealt with it
            self._queue.taken(conversation_id, user.username)
        await self._send(conversation_id, question, operator=False, buttons=buttons)

    async def _send(self, conversation_id: str, text: str, *, operator: bool, buttons: tuple[Button, ...] = ()) -> None:
        """Deliver on the user's channel; the tracker has it already, so a failure is only logged."""
        metadata = {"from": OPERATOR} if operator else {}
        try:
            await self._delivery.deliver(conversation_id, [BotMessage(text=text, buttons=buttons, metadata=metadata)])
        except (UnknownChannel, ValueError) as error:
            logger.warning("console message to %s not delivered: %s", conversation_id, error)


def _bot_event(text: str, user: User) -> dict[str, Any]:
    return {"event": "bot", "text": text, "metadata": {"from": OPERATOR, "operator": user.display_name}}
