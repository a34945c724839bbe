"""Relay a user's message to Rasa and bring back what the user should see.

Every channel calls ``Relay.handle``. It checks the message, keeps each
conversation's messages in the order they arrived (one at a time per
conversation, however many tabs or retries are in flight), and turns every
failure into a reply the user can act on: the user always gets an answer,
never silence.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from typing import Any

from bot.conversations.inbound import Refusal, check_user_text
from bot.dialogue.client import Dialogue, RasaFailed, RasaNoAnswer, RasaTimeout, RasaUnavailable
from bot.dialogue.messages import BotMessage
from bot.texts import GatewayTexts

logger = logging.getLogger(__name__)


class Relay:
    """Forwards checked user messages to Rasa, one at a time per conversation."""

    def __init__(self, rasa: Dialogue, texts: GatewayTexts, max_message_chars: int) -> None:
        """Wire the relay to its Rasa client and the gateway's own texts."""
        self._rasa = rasa
        self._texts = texts
        self._max_chars = max_message_chars
        # A lock lives only while some message of its conversation holds or
        # awaits it, so idle conversations cost no memory.
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    async def handle(self, conversation_id: str, raw_text: object, metadata: dict[str, Any]) -> list[BotMessage]:
        """Return the replies to one user message (the bot's, or the gateway's)."""
        texts = self._texts.to(conversation_id)
        checked = check_user_text(raw_text, self._max_chars)
        if isinstance(checked, Refusal):
            logger.info("refused a message in %s: %s", conversation_id, checked.problem)
            return [BotMessage(text=texts.get(checked.problem, **checked.values))]
        lock = self._locks.setdefault(conversation_id, asyncio.Lock())
        async with lock:
            try:
                return await self._rasa.send_message(conversation_id, checked, metadata)
            except RasaUnavailable as error:
                logger.warning("message in %s not delivered: %s", conversation_id, error)
                return [BotMessage(text=texts.get("unavailable"))]
            except RasaTimeout as error:
                logger.warning("no answer in time for %s: %s", conversation_id, error)
                return [BotMessage(text=texts.get("slow"))]
            except RasaNoAnswer as error:
                logger.error("no answer to a message in %s: %s", conversation_id, error)
                return [BotMessage(text=texts.get("not_answered"))]
            except RasaFailed as error:
                logger.error("Rasa failed on a message in %s: %s", conversation_id, error)
                return [BotMessage(text=texts.get("failed"))]
