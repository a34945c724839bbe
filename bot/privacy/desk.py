"""Export and erasure, carried out by the gateway when the dialogue asks for them.

The dialogue decides *when* (the user asked, and confirmed an erasure): its action answers with a
custom payload ``{"type": "privacy_export"}`` or ``{"type": "privacy_erase"}``. The gateway's
``DataRequests`` sits between the channels and Rasa; it replaces such a payload with the result:

- export: the JSON copy written to the media folder (served at ``/media/<token>.json`` as a
  download, deleted after the media retention) and a message saying what it holds;
- erase: every row of ``store.PERSONAL_TABLES`` for the conversation and every media file the
  conversation was sent are deleted, then the user is told. Conversations linked to it on other
  channels (actions/privacy/link.py) are erased with it: they hold a copy of the same profile,
  and the user was told so when linking. What the gateway holds in memory for them (messages
  kept while Rasa was down, undelivered web replies) goes too (``forget_in_memory``).

It runs after Rasa has saved the turn and inside the relay's one-message-at-a-time lock, so no
event of the conversation is written after the erasure. The log says that a request was carried
out and how many rows went, never what they held.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from bot.dialogue.client import Dialogue
from bot.dialogue.messages import BotMessage
from bot.media import MediaStore
from bot.privacy.erasure import erase_conversation
from bot.privacy.export import build_export, summary_values
from bot.privacy.store import PersonalDataStore
from bot.texts import GatewayTexts

logger = logging.getLogger(__name__)

EXPORT, ERASE = "privacy_export", "privacy_erase"
EXPORT_FILENAME = "orienta-my-data.json"


class DataRequests:
    """A ``Dialogue`` that carries out the export and erasure requests in Rasa's answers."""

    def __init__(
        self,
        rasa: Dialogue,
        store: PersonalDataStore,
        media: MediaStore,
        texts: GatewayTexts,
        forget_in_memory: Callable[[str], int] | None = None,
    ) -> None:
        """Wrap ``rasa``; ``store`` and ``media`` are where the user's data lives.

        ``forget_in_memory(conversation_id)`` drops what the gateway's channels keep in memory for
        a conversation and says how many items went (bot/app.py wires every channel's buffers).
        """
        self._rasa = rasa
        self._store = store
        self._media = media
        self._texts = texts
        self._forget_in_memory = forget_in_memory

    async def send_message(
        self, conversation_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[BotMessage]:
        """Rasa's replies, with a privacy request replaced by its result."""
        replies: list[BotMessage] = []
        for message in await self._rasa.send_message(conversation_id, text, metadata):
            kind = (message.custom or {}).get("type")
            if kind == EXPORT:
                replies += await run_in_threadpool(self.export, conversation_id)
            elif kind == ERASE:
                replies += await run_in_threadpool(self.erase, conversation_id)
            else:
                replies.append(message)
        return replies

    def export(self, conversation_id: str) -> list[BotMessage]:
        """Write the JSON copy and say what it holds (or that it failed)."""
        now = datetime.now(timezone.utc)
        try:
            events = self._store.events(conversation_id)
            alerts = self._store.rows("job_alerts", conversation_id)
            linked = [
                build_export(other, self._store.events(other), self._store.rows("job_alerts", other), now)
                for other in self._store.linked(conversation_id)
            ]
        except SQLAlchemyError as error:
            logger.error("export failed: the database could not be read (%s)", type(error).__name__)
            return [BotMessage(text=self._texts.to(conversation_id).get("export_failed"))]
        document = {**build_export(conversation_id, events, alerts, now), "linked_conversations": linked}
        content = json.dumps(document, ensure_ascii=False, indent=2, default=str).encode("utf-8")
        url = self._media.save(content, "json")
        logger.info("export made: %d messages, %d alerts", len(document["conversation"]), len(alerts))
        custom = {
            "type": "document",
            "url": url,
            "filename": EXPORT_FILENAME,
            "caption": self._texts.to(conversation_id).get("export_caption"),
        }
        return [
            BotMessage(text=self._texts.to(conversation_id).get("export_ready", **summary_values(document))),
            BotMessage(custom=custom),
        ]

    def erase(self, conversation_id: str) -> list[BotMessage]:
        """Delete every row and file of the conversation, then say so (or that it failed)."""
        try:
            conversations = [conversation_id, *self._store.linked(conversation_id)]
            rows = files = 0
            for one in conversations:
                one_rows, one_files = erase_conversation(self._store, self._media, one)
                rows, files = rows + one_rows, files + one_files
        except SQLAlchemyError as error:
            logger.error("erasure failed: the database could not be changed (%s)", type(error).__name__)
            return [BotMessage(text=self._texts.to(conversation_id).get("erase_failed"))]
        # The answer's language is looked up before the gateway forgets the conversation.
        texts = self._texts.to(conversation_id)
        kept = sum(self._forget_in_memory(one) for one in conversations) if self._forget_in_memory else 0
        logger.info(
            "erasure done: %d conversations, %d rows, %d files, %d in memory", len(conversations), rows, files, kept
        )
        return [BotMessage(text=texts.get("erased"))]
