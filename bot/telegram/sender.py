"""Sending bot messages to a Telegram chat: the channel's deliverer.

Everything Orienta says on Telegram leaves through ``TelegramSender.deliver``
(registered with ``Delivery``): replies, kept messages answered later, and
pushed messages. A lock per chat keeps one conversation's messages in order
even when a push and a reply race. Telegram's 429 and network errors are
retried by the bot's rate limiter (``channel.RetryingRateLimiter``); what is
refused for good (a Bad Request) is logged (never the text) and the next message goes on;
what still fails after those retries (Telegram unreachable) raises ``DeliveryFailed``, so a
caller that can try again later (job alerts) keeps what was not sent.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Sequence
from urllib.parse import urljoin

import httpx
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, LinkPreviewOptions
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.conversations.delivery import DeliveryFailed
from bot.dialogue.messages import BotMessage
from bot.telegram.callbacks import CallbackStore
from bot.telegram.handlers import conversation_id
from bot.telegram.render import Keyboard, Outgoing, PhotoOut, TextOut, escape, render
from bot.texts import GatewayTexts

logger = logging.getLogger(__name__)

DOWNLOAD_TIMEOUT_SECONDS = 15.0
# The Bot API accepts uploads up to 50 MB; a summary PDF is far smaller.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# sendPhoto takes photos up to 10 MB; a chart is about 50 KB.
MAX_PHOTO_BYTES = 10 * 1024 * 1024


class DocumentUnavailable(Exception):
    """A document or chart to send could not be fetched."""


def keyboard_markup(keyboard: Keyboard) -> InlineKeyboardMarkup | None:
    """PTB's markup for our keyboard (None for no keyboard)."""
    if not keyboard:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.text, callback_data=b.callback_data, url=b.url) for b in row] for row in keyboard]
    )


class TelegramSender:
    """Renders bot messages and sends them with PTB's ``Bot``."""

    def __init__(self, bot: Bot, texts: GatewayTexts, callbacks: CallbackStore, gateway_url: str) -> None:
        """Send with ``bot``; relative document URLs are fetched from ``gateway_url``."""
        self._bot = bot
        self._texts = texts
        self._callbacks = callbacks
        self._gateway_url = gateway_url
        self._downloads = httpx.AsyncClient(timeout=DOWNLOAD_TIMEOUT_SECONDS, follow_redirects=True)
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    async def deliver(self, target: str, messages: Sequence[BotMessage]) -> None:
        """Send ``messages`` to the chat ``target`` (a chat id), in order."""
        chat_id = int(target)
        texts = self._texts.to(conversation_id(chat_id))
        lock = self._locks.setdefault(chat_id, asyncio.Lock())
        async with lock:
            for message in messages:
                for outgoing in render(message, texts, self._callbacks.data_for):
                    try:
                        await self._send(chat_id, outgoing)
                    except Forbidden:
                        logger.warning("telegram:%s blocked the bot; %d messages not sent", chat_id, len(messages))
                        return
                    except BadRequest as error:
                        logger.error("telegram:%s: %s refused: %s", chat_id, type(outgoing).__name__, error)
                    except TelegramError as error:
                        logger.error("telegram:%s: %s not sent: %s", chat_id, type(outgoing).__name__, error)
                        raise DeliveryFailed(f"telegram:{chat_id}: {type(error).__name__}") from error

    async def typing(self, target: str) -> None:
        """Show "typing..." in the chat (Telegram shows it for about 5 s)."""
        await self._bot.send_chat_action(int(target), ChatAction.TYPING)

    async def aclose(self) -> None:
        """Close the download client."""
        await self._downloads.aclose()

    async def _send(self, chat_id: int, outgoing: Outgoing) -> None:
        if isinstance(outgoing, TextOut):
            await self._bot.send_message(
                chat_id,
                outgoing.html,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard_markup(outgoing.keyboard),
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
            return
        if isinstance(outgoing, PhotoOut):
            await self._send_photo(chat_id, outgoing)
            return
        try:
            content = await self._download(outgoing.url, MAX_DOCUMENT_BYTES)
        except DocumentUnavailable as error:
            logger.error("telegram:%s: document not sent: %s", chat_id, error)
            texts = self._texts.to(conversation_id(chat_id))
            failed = texts.get("telegram_document_failed", filename=outgoing.filename)
            await self._bot.send_message(chat_id, escape(failed), parse_mode=ParseMode.HTML)
            return
        await self._bot.send_document(
            chat_id,
            InputFile(content, filename=outgoing.filename),
            caption=outgoing.caption_html,
            parse_mode=ParseMode.HTML if outgoing.caption_html else None,
        )

    async def _send_photo(self, chat_id: int, photo: PhotoOut) -> None:
        """Fetch a chart from the gateway's media route and send it; apologise if it is gone.

        Fetching over HTTP, not from the disk, keeps one place (bot/media.py) deciding
        what may be served. The URL is not logged: its name is the image's access key.
        """
        try:
            content = await self._download(photo.url, MAX_PHOTO_BYTES)
        except DocumentUnavailable as error:
            logger.error("telegram:%s: chart not sent: %s", chat_id, error)
            failed = self._texts.to(conversation_id(chat_id)).get("telegram_chart_failed")
            await self._bot.send_message(chat_id, escape(failed), parse_mode=ParseMode.HTML)
            return
        await self._bot.send_photo(
            chat_id,
            InputFile(content, filename="chart.png"),
            caption=photo.caption_html,
            parse_mode=ParseMode.HTML if photo.caption_html else None,
        )

    async def _download(self, url: str, limit: int) -> bytes:
        """Fetch a document or photo of at most ``limit`` bytes (a path is relative to the gateway)."""
        absolute = urljoin(self._gateway_url, url)
        try:
            async with self._downloads.stream("GET", absolute) as response:
                if response.status_code != 200:
                    raise DocumentUnavailable(f"HTTP {response.status_code}")
                chunks, size = [], 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise DocumentUnavailable(f"larger than {limit} bytes")
                    chunks.append(chunk)
        except httpx.HTTPError as error:
            # The type only: an httpx error's text may carry the URL, and a media URL is a key.
            raise DocumentUnavailable(type(error).__name__) from error
        return b"".join(chunks)
