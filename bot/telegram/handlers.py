"""PTB update handlers: thin, each turns one kind of update into an inbox entry.

Handlers put a message into the ``Inbox`` before their first ``await``, so
updates of one chat are queued in arrival order even though the application
handles updates concurrently; the inbox then answers each chat in order and
different chats in parallel. Nothing here calls Rasa or waits for it.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot.conversations.inbox import Inbox
from bot.dialogue.messages import BotMessage
from bot.telegram.callbacks import CHOSEN, CallbackStore
from bot.telegram.commands import Command, command_name
from bot.telegram.render import escape
from bot.texts import GatewayTexts

logger = logging.getLogger(__name__)

CHANNEL = "telegram"
# What Telegram allows as a /start deep-link parameter.
_START_PARAMETER = re.compile(r"[A-Za-z0-9_-]{1,64}")
LOCATION_INTENT = "share_location"
_MAX_DECLINED_CHATS = 10_000


def conversation_id(chat_id: int) -> str:
    """The channel-neutral id of a Telegram chat."""
    return f"{CHANNEL}:{chat_id}"


def start_parameter(args: list[str] | None) -> str | None:
    """The deep-link parameter of ``/start <param>`` if it is a valid one."""
    if args and _START_PARAMETER.fullmatch(args[0]):
        return args[0]
    return None


def chosen_title(markup: InlineKeyboardMarkup | None, data: str) -> str | None:
    """The title of the button whose callback data is ``data``."""
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return None


class TelegramHandlers:
    """The channel's handlers, sharing the inbox, texts and command table."""

    def __init__(
        self,
        inbox: Inbox,
        texts: GatewayTexts,
        callbacks: CallbackStore,
        commands: list[Command],
        intents: frozenset[str],
    ) -> None:
        """Handle updates with ``commands`` (already filtered by ``intents``)."""
        self._inbox = inbox
        self._texts = texts
        self._callbacks = callbacks
        self._commands = {command.name: command for command in commands}
        self._intents = intents
        self._declined: set[int] = set()

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Add the handlers; the first that matches an update handles it."""
        private = filters.ChatType.PRIVATE
        application.add_handler(MessageHandler(~private & ~filters.UpdateType.EDITED, self.decline_group))
        application.add_handler(CommandHandler("start", self.start, filters=private))
        application.add_handler(MessageHandler(private & filters.COMMAND, self.command))
        application.add_handler(MessageHandler(private & filters.TEXT & ~filters.UpdateType.EDITED, self.text))
        application.add_handler(MessageHandler(private & filters.LOCATION, self.location))
        application.add_handler(MessageHandler(private & ~filters.UpdateType.EDITED, self.unsupported))
        application.add_handler(CallbackQueryHandler(self.button))

    def metadata(self, update: Update) -> dict[str, Any]:
        """What Rasa gets with each message besides the text."""
        user = update.effective_user
        metadata: dict[str, Any] = {"channel": CHANNEL}
        if user and user.language_code:
            metadata["language"] = user.language_code
        return metadata

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/start [param]: the privacy notice and consent; the deep link kept as metadata."""
        chat = update.effective_chat
        assert chat is not None
        metadata = self.metadata(update)
        metadata["start_parameter"] = start_parameter(context.args)
        self._inbox.put(conversation_id(chat.id), "/start", metadata)

    async def command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A command from the table sends its payload; any other gets a hint."""
        message, chat = update.effective_message, update.effective_chat
        assert message is not None and chat is not None
        known = self._commands.get(command_name(message.text or ""))
        if known is None:
            self._reply(chat.id, "telegram_unknown_command")
        else:
            self._inbox.put(conversation_id(chat.id), known.payload, self.metadata(update))

    async def text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A text message goes to Rasa, in order."""
        message, chat = update.effective_message, update.effective_chat
        assert message is not None and chat is not None
        self._inbox.put(conversation_id(chat.id), message.text, self.metadata(update))

    async def location(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A shared location sets the search place once the assistant has the intent for it."""
        message, chat = update.effective_message, update.effective_chat
        assert message is not None and chat is not None and message.location is not None
        if LOCATION_INTENT not in self._intents:
            self._reply(chat.id, "telegram_location_unused")
            return
        metadata = self.metadata(update)
        metadata["location"] = {"latitude": message.location.latitude, "longitude": message.location.longitude}
        self._inbox.put(conversation_id(chat.id), f"/{LOCATION_INTENT}", metadata)

    async def unsupported(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Photos, stickers, voice notes, contacts...: say what works."""
        chat = update.effective_chat
        assert chat is not None
        self._reply(chat.id, "telegram_unsupported")

    async def decline_group(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Orienta is one-to-one: say so once per group, then stay quiet there."""
        chat = update.effective_chat
        if chat is None or chat.id in self._declined or len(self._declined) >= _MAX_DECLINED_CHATS:
            return
        self._declined.add(chat.id)
        logger.info("declined a %s chat", chat.type)
        try:
            await context.bot.send_message(
                chat.id, escape(self._texts.get("telegram_group_declined")), parse_mode=ParseMode.HTML
            )
        except TelegramError as error:
            logger.warning("could not decline a group chat: %s", error)

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An inline button: its payload goes to Rasa, and its keyboard shows the choice."""
        query = update.callback_query
        chat = update.effective_chat
        assert query is not None
        data = query.data or ""
        if chat is None or data == CHOSEN:
            await self._answer(query)
            return
        # From memory when this gateway sent the button (no await: the message keeps its place).
        payload = self._callbacks.payload_for(data)
        if payload is None:
            payload = await self._callbacks.shared_payload_for(data)
        if payload is None:
            self._reply(chat.id, "telegram_button_expired")
        else:
            self._inbox.put(conversation_id(chat.id), payload, self.metadata(update))
        await self._answer(query)
        if payload is not None and isinstance(query.message, Message):
            title = chosen_title(query.message.reply_markup, data) or payload
            chosen = self._texts.to(conversation_id(chat.id)).get("telegram_button_chosen", title=title)
            try:
                await query.edit_message_reply_markup(
                    InlineKeyboardMarkup([[InlineKeyboardButton(chosen, callback_data=CHOSEN)]])
                )
            except TelegramError as error:
                logger.info("could not mark the chosen button: %s", error)

    def _reply(self, chat_id: int, key: str) -> None:
        """A gateway text, queued so it keeps its place among the chat's answers."""
        self._inbox.put_reply(
            conversation_id(chat_id), [BotMessage(text=self._texts.to(conversation_id(chat_id)).get(key))]
        )

    @staticmethod
    async def _answer(query: CallbackQuery) -> None:
        """Stop the button's spinner; a failure only leaves the spinner a little longer."""
        try:
            await query.answer()
        except TelegramError as error:
            logger.info("could not answer a callback query: %s", error)
