"""Export and erasure, carried out by the gateway when the dialogue asks for them.

The dialogue decides *when* (the user asked, and confirmed an erasure): its action answers with a
custom payload ``{"type": "privacy_export"}`` or ``{"type": "privacy_erase"}``. The gateway's
``DataRequests`` sits between the channels and Rasa; it replaces such a payload with the result:

- export: the JSON copy written to the media folder (served at ``/media/<token>.json`` as a
  download, deleted after the media retention) and a message saying what it holds;
- erase: every row of ``store.PERSONAL_TABLES`` for the conversation and every media file the
  conversation was sent are deleted, then the user is told.

It runs after Rasa has saved the turn and inside the relay's one-message-at-a-time lock, so no
event of the conversation is written after the erasure. The log says that a request was carried
out and how many rows went, never what they held.
"""

from __future__ import annotations

import json
import logging
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

    def __init__(self, rasa: Dialogue, store: PersonalDataStore, media: MediaStore, texts: GatewayTexts) -> None:
        """Wrap ``rasa``; ``store`` and ``media`` are where the user's data lives."""
        self._rasa = rasa
        self._store = store
        self._media = media
        self._texts = texts

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
        try:
            events = self._store.events(conversation_id)
            alerts = self._store.rows("job_alerts", conversation_id)
        except SQLAlchemyError as error:
            logger.error("export failed: the database could not be read (%s)", type(error).__name__)
            return [BotMessage(text=self._texts.to(conversation_id).get("export_failed"))]
        document = build_export(conversation_id, events, alerts, datetime.now(timezone.utc))
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
            rows, files = erase_conversation(self._store, self._media, conversation_id)
        except SQLAlchemyError as error:
            logger.error("erasure failed: the database could not be changed (%s)", type(error).__name__)
            return [BotMessage(text=self._texts.to(conversation_id).get("erase_failed"))]
        logger.info("erasure done: %d rows, %d files", rows, files)
        return [BotMessage(text=self._texts.to(conversation_id).get("erased"))]
