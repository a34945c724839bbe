"""User messages waiting for Rasa: in order per conversation, kept while Rasa is down.

Channels that can answer later (Telegram: the user is not waiting on an open
request) put each message here and return at once. One worker per
conversation sends its messages to Rasa one at a time, in the order they
arrived, while different conversations proceed concurrently. Every answer,
the gateway's own included, leaves through ``Delivery.deliver``.

When Rasa cannot be reached, the message stays at the head of its queue and
is retried with exponential backoff; the user is told once that it is kept.
A message still unanswered after ``KeepPolicy.keep_seconds`` is dropped and
the user is told to send it again. Everything is bounded (messages per
conversation, conversations) and lives in the gateway's memory only: a
gateway restart loses kept messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.conversations.delivery import Delivery
from bot.conversations.inbound import Refusal, check_user_text
from bot.dialogue.client import Dialogue, RasaFailed, RasaNoAnswer, RasaTimeout, RasaUnavailable
from bot.dialogue.messages import BotMessage
from bot.texts import GatewayTexts

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeepPolicy:
    """How long and how much is kept while Rasa is unreachable, and how often it is retried."""

    keep_seconds: float = 30 * 60
    max_per_conversation: int = 20
    max_conversations: int = 10_000
    first_retry_seconds: float = 1.0
    max_retry_seconds: float = 30.0
    # Rasa still working after this long: tell the user the message is kept.
    slow_notice_seconds: float = 10.0


@dataclass
class _Item:
    """A user message to send to Rasa, or a reply ready to deliver in turn."""

    received: float
    text: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    reply: list[BotMessage] | None = None


@dataclass
class _Conversation:
    queue: deque[_Item] = field(default_factory=deque)
    told_kept: bool = False
    worker: asyncio.Task[None] | None = None


class Inbox:
    """Per-conversation queues of user messages on their way to Rasa."""

    def __init__(
        self,
        rasa: Dialogue,
        texts: GatewayTexts,
        delivery: Delivery,
        max_message_chars: int,
        policy: KeepPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Wire the inbox; ``clock`` is injectable so tests need not wait half an hour."""
        self._rasa = rasa
        self._texts = texts
        self._delivery = delivery
        self._max_chars = max_message_chars
        self.policy = policy or KeepPolicy()
        self._clock = clock
        self._conversations: dict[str, _Conversation] = {}
        self._side_tasks: set[asyncio.Task[None]] = set()

    def put(self, conversation_id: str, raw_text: object, metadata: dict[str, Any] | None = None) -> None:
        """Queue one user message; its answer will be delivered in order.

        Synchronous on purpose: a channel calls it before its first ``await``,
        so two updates of one chat are queued in the order they arrived even
        when the channel handles updates concurrently.
        """
        checked = check_user_text(raw_text, self._max_chars)
        if isinstance(checked, Refusal):
            logger.info("refused a message in %s: %s", conversation_id, checked.problem)
            reply = [BotMessage(text=self._texts.to(conversation_id).get(checked.problem, **checked.values))]
            self._enqueue(conversation_id, _Item(self._clock(), reply=reply))
        else:
            self._enqueue(conversation_id, _Item(self._clock(), text=checked, metadata=dict(metadata or {})))

    def put_reply(self, conversation_id: str, messages: list[BotMessage]) -> None:
        """Queue a reply the gateway already knows, so it keeps its place in the conversation."""
        self._enqueue(conversation_id, _Item(self._clock(), reply=list(messages)))

    def _enqueue(self, conversation_id: str, item: _Item) -> None:
        conversation = self._conversations.get(conversation_id)
        if conversation is None:
            if len(self._conversations) >= self.policy.max_conversations:
                logger.warning("inbox full (%d conversations); refused a message", len(self._conversations))
                self._say_now(conversation_id, "unavailable")
                return
            conversation = self._conversations[conversation_id] = _Conversation()
        if len(conversation.queue) >= self.policy.max_per_conversation:
            logger.warning("%s has %d messages waiting; refused one more", conversation_id, len(conversation.queue))
            self._say_now(conversation_id, "kept_full")
            return
        conversation.queue.append(item)
        if conversation.worker is None:
            conversation.worker = asyncio.create_task(self._work(conversation_id, conversation))

    def forget(self, conversation_id: str) -> int:
        """Drop the conversation's kept messages (its data was erased); how many went.

        The head of the queue stays: it is the message being handled right now (the erasure's
        own confirmation, when the erasure calls this), and its worker removes it when done.
        """
        conversation = self._conversations.get(conversation_id)
        if conversation is None or len(conversation.queue) <= 1:
            return 0
        dropped = len(conversation.queue) - 1
        head = conversation.queue[0]
        conversation.queue.clear()
        conversation.queue.append(head)
        return dropped

    def waiting(self, conversation_id: str) -> int:
        """How many messages of a conversation are queued (its head included)."""
        conversation = self._conversations.get(conversation_id)
        return len(conversation.queue) if conversation else 0

    async def close(self) -> None:
        """Stop every worker (kept messages are lost, as documented)."""
        tasks = [c.worker for c in self._conversations.values() if c.worker] + list(self._side_tasks)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._conversations.clear()

    async def _work(self, conversation_id: str, conversation: _Conversation) -> None:
        """Answer a conversation's messages in order until its queue is empty."""
        delay = self.policy.first_retry_seconds
        try:
            while conversation.queue:
                expired = self._drop_expired(conversation.queue)
                if expired:
                    logger.warning("%s: %d kept messages expired unanswered", conversation_id, expired)
                    conversation.told_kept = False
                    await self._say(conversation_id, "kept_expired", count=expired)
                    continue
                item = conversation.queue[0]
                if await self._attempt(conversation_id, conversation, item):
                    conversation.queue.popleft()
                    delay = self.policy.first_retry_seconds
                    continue
                left = item.received + self.policy.keep_seconds - self._clock()
                await asyncio.sleep(max(0.0, min(delay, left)))
                delay = min(delay * 2, self.policy.max_retry_seconds)
        finally:
            # No await between the empty-queue check and here, so nothing can
            # have been put in between.
            if self._conversations.get(conversation_id) is conversation:
                del self._conversations[conversation_id]

    def _drop_expired(self, queue: deque[_Item]) -> int:
        oldest = self._clock() - self.policy.keep_seconds
        count = 0
        while queue and queue[0].reply is None and queue[0].received < oldest:
            queue.popleft()
            count += 1
        return count

    async def _attempt(self, conversation_id: str, conversation: _Conversation, item: _Item) -> bool:
        """Process the head item; False means Rasa was unreachable and it stays kept."""
        if item.reply is not None:
            await self._deliver(conversation_id, item.reply)
            return True
        assert item.text is not None
        try:
            async with self._delivery.typing(conversation_id):
                sending = asyncio.ensure_future(self._rasa.send_message(conversation_id, item.text, item.metadata))
                done, _ = await asyncio.wait({sending}, timeout=self.policy.slow_notice_seconds)
                if not done and not conversation.told_kept:
                    conversation.told_kept = True
                    await self._say(conversation_id, "kept", minutes=self._keep_minutes)
                replies = await sending
        except RasaUnavailable as error:
            logger.warning("%s: Rasa unreachable, message kept: %s", conversation_id, error)
            if not conversation.told_kept:
                conversation.told_kept = True
                await self._say(conversation_id, "kept", minutes=self._keep_minutes)
            return False
        except RasaTimeout as error:
            logger.warning("no answer in time for %s: %s", conversation_id, error)
            await self._say(conversation_id, "slow")
        except RasaNoAnswer as error:
            logger.error("no answer to a message in %s: %s", conversation_id, error)
            await self._say(conversation_id, "not_answered")
        except RasaFailed as error:
            logger.error("Rasa failed on a message in %s: %s", conversation_id, error)
            await self._say(conversation_id, "failed")
        else:
            conversation.told_kept = False
            await self._deliver(conversation_id, replies)
        return True

    @property
    def _keep_minutes(self) -> int:
        return max(1, round(self.policy.keep_seconds / 60))

    async def _say(self, conversation_id: str, key: str, **values: object) -> None:
        await self._deliver(conversation_id, [BotMessage(text=self._texts.to(conversation_id).get(key, **values))])

    def _say_now(self, conversation_id: str, key: str) -> None:
        """Answer outside the queue (it is full): a task, so ``put`` stays synchronous."""
        task = asyncio.create_task(self._say(conversation_id, key))
        self._side_tasks.add(task)
        task.add_done_callback(self._side_tasks.discard)

    async def _deliver(self, conversation_id: str, messages: list[BotMessage]) -> None:
        """Deliver, logging a failure: one undeliverable reply must not stop the queue."""
        try:
            await self._delivery.deliver(conversation_id, messages)
        except Exception:
            logger.exception("could not deliver %d messages to %s", len(messages), conversation_id)
