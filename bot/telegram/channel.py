"""The Telegram channel: a PTB ``Application`` running inside the gateway process.

Long polling by default; webhook mode when TELEGRAM_WEBHOOK_URL is set, with
the route on the gateway's own web server and every update checked against
the secret token given to setWebhook. PTB's URLs are derived from
TELEGRAM_API_BASE_URL (``<root>/bot`` and ``<root>/file/bot``: PTB appends
the token verbatim), so a self-hosted Bot API server, or the tests' fake,
works the same as Telegram.

The channel starts in the background: Telegram being unreachable must not
stop the web chat, so start-up is retried with backoff (a rejected token is
not retried; it is reported once).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import secrets
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import BotCommand, Update
from telegram.error import BadRequest, InvalidToken, NetworkError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder

from bot.cluster.telegram_state import SharedTelegramState
from bot.conversations.delivery import Delivery
from bot.conversations.inbox import Inbox
from bot.telegram.callbacks import CallbackStore
from bot.telegram.commands import Command, available, menu_languages
from bot.telegram.handlers import CHANNEL, TelegramHandlers
from bot.telegram.sender import TelegramSender
from bot.telegram.settings import TelegramSettings
from bot.telegram.updates import SeenUpdates
from bot.texts import GatewayTexts

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Edited messages are not asked for: an answer to the first version is already out.
ALLOWED_UPDATES = ("message", "callback_query")
MAX_UPDATE_BYTES = 1024 * 1024
_RESULT = bool | dict[str, Any] | list[dict[str, Any]]


@dataclass(frozen=True)
class Timeouts:
    """Seconds for PTB's HTTP calls to the Bot API, and the retry budgets."""

    connect: float = 5.0
    read: float = 10.0
    write: float = 20.0
    pool: float = 5.0
    poll: int = 10  # getUpdates long-poll timeout
    retry_after_retries: int = 5
    network_retries: int = 3
    network_backoff: float = 0.5
    start_backoff_max: float = 60.0


class RetryingRateLimiter(AIORateLimiter):
    """PTB's rate limiter, which waits out 429 RetryAfter and retries, plus network retries.

    Plain PTB raises RetryAfter and NetworkError (a 500, a timeout) and the
    message is lost. Every Bot API call passes through here, so one place
    retries them all. BadRequest is a NetworkError in PTB but is final; a
    retried TimedOut may, rarely, send a message twice, which we prefer to
    losing it. getUpdates is left to the updater's own retry loop.
    """

    def __init__(self, timeouts: Timeouts) -> None:
        """Retry 429s ``retry_after_retries`` times, network errors ``network_retries`` times."""
        super().__init__(max_retries=timeouts.retry_after_retries)
        self._network_retries = timeouts.network_retries
        self._backoff = timeouts.network_backoff

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, _RESULT]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> _RESULT:
        """Call the endpoint, retrying network failures with exponential backoff."""
        attempt = 0
        while True:
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:
                raise
            except NetworkError as error:
                if endpoint == "getUpdates" or attempt >= self._network_retries:
                    raise
                attempt += 1
                logger.warning("Bot API %s failed (%s); retry %d", endpoint, type(error).__name__, attempt)
                await asyncio.sleep(self._backoff * 2 ** (attempt - 1))


def build_application(settings: TelegramSettings, timeouts: Timeouts) -> Application[Any, Any, Any, Any, Any, Any]:
    """A PTB application pointed at the configured Bot API server, with explicit timeouts."""
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .rate_limiter(RetryingRateLimiter(timeouts))
        .concurrent_updates(True)
        .job_queue(None)
        .connect_timeout(timeouts.connect)
        .read_timeout(timeouts.read)
        .write_timeout(timeouts.write)
        .pool_timeout(timeouts.pool)
        .get_updates_connect_timeout(timeouts.connect)
        .get_updates_read_timeout(timeouts.read)
        .get_updates_pool_timeout(timeouts.pool)
    )
    if settings.webhook_url:
        builder = builder.updater(None)
    return builder.build()


class TelegramChannel:
    """Owns the PTB application, its handlers and its deliverer."""

    def __init__(
        self,
        settings: TelegramSettings,
        inbox: Inbox,
        delivery: Delivery,
        texts: GatewayTexts,
        commands: list[Command],
        intents: frozenset[str],
        gateway_url: str,
        timeouts: Timeouts | None = None,
        shared: SharedTelegramState | None = None,
    ) -> None:
        """Build the application and register the channel's deliverer.

        Args:
            settings: token, Bot API root, webhook settings.
            inbox: where user messages wait for Rasa.
            delivery: the gateway's one delivery path; "telegram" is registered.
            texts: the gateway's own texts.
            commands: the whole command table; only those in ``intents`` are used.
            intents: the intents domain.yml lists.
            gateway_url: the gateway's own base URL, for documents given as a path.
            timeouts: Bot API timeouts and retries (tests shorten them).
            shared: update ids and button payloads shared with other gateways in Redis.
        """
        self.settings = settings
        self.timeouts = timeouts or Timeouts()
        self.commands = available(commands, intents)
        self.secret = settings.webhook_secret or secrets.token_urlsafe(32)
        self.application = build_application(settings, self.timeouts)
        self.shared = shared
        self.callbacks = CallbackStore(shared=shared)
        self.sender = TelegramSender(self.application.bot, texts, self.callbacks, gateway_url)
        SeenUpdates(shared=shared).register(self.application)
        TelegramHandlers(inbox, texts, self.callbacks, self.commands, intents).register(self.application)
        self.application.add_error_handler(self._on_error)
        delivery.register(CHANNEL, self.sender.deliver, self.sender.typing)
        self.started = asyncio.Event()
        # The loop the channel runs on, for pushes from other threads.
        self.loop: asyncio.AbstractEventLoop | None = None
        self._starting: asyncio.Task[None] | None = None

    @property
    def webhook_mode(self) -> bool:
        """True when Telegram calls us, False when we long-poll."""
        return self.settings.webhook_url is not None

    def routes(self) -> list[Route]:
        """The webhook route (webhook mode only)."""
        path = self.settings.webhook_path
        return [Route(path, self.webhook, methods=["POST"])] if path else []

    def start_in_background(self) -> None:
        """Start without holding up the gateway (Telegram may be unreachable)."""
        self._starting = asyncio.create_task(self._start_with_retries())

    async def _start_with_retries(self) -> None:
        delay = 1.0
        while True:
            try:
                await self.start()
                return
            except InvalidToken:
                logger.error("Telegram rejected TELEGRAM_BOT_TOKEN; the Telegram channel is off. Check the token.")
                return
            except NetworkError as error:
                logger.warning("Telegram unreachable at start (%s); retrying in %.0f s", type(error).__name__, delay)
                with contextlib.suppress(Exception):
                    await self.application.shutdown()
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.timeouts.start_backoff_max)

    async def start(self) -> None:
        """getMe, setMyCommands, then long polling or setWebhook."""
        self.loop = asyncio.get_running_loop()
        await self.application.initialize()
        commands = [BotCommand(c.name, c.description) for c in self.commands]
        await self.application.bot.set_my_commands(commands)
        # The same menu in each other language, for users whose Telegram app uses it.
        for language in menu_languages(self.commands):
            translated = [BotCommand(c.name, c.described_in(language)) for c in self.commands]
            await self.application.bot.set_my_commands(translated, language_code=language)
        await self.application.start()
        if self.webhook_mode:
            await self.application.bot.set_webhook(
                url=str(self.settings.webhook_url), secret_token=self.secret, allowed_updates=list(ALLOWED_UPDATES)
            )
        else:
            assert self.application.updater is not None
            await self.application.updater.start_polling(
                timeout=self.timeouts.poll, allowed_updates=list(ALLOWED_UPDATES)
            )
        mode = "webhook" if self.webhook_mode else "long polling"
        logger.info("Telegram channel started (%s) with %d commands", mode, len(commands))
        self.started.set()

    async def stop(self) -> None:
        """Stop polling (confirming the offset), the application, and the sender."""
        if self._starting and not self._starting.done():
            self._starting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._starting
        if self.application.updater and self.application.updater.running:
            await self.application.updater.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()
        await self.sender.aclose()
        if self.shared is not None:
            await self.shared.close()

    async def webhook(self, request: Request) -> Response:
        """Receive one update from Telegram; 403 without the right secret header."""
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            logger.warning("webhook call without the right secret token refused")
            return JSONResponse({"error": "forbidden"}, status_code=403)
        if not self.started.is_set():
            # Telegram retries failed deliveries; better late than lost.
            return JSONResponse({"error": "starting"}, status_code=503)
        body = await request.body()
        if len(body) > MAX_UPDATE_BYTES:
            return JSONResponse({"error": "too large"}, status_code=413)
        try:
            data = await request.json()
            # PTB reads any mapping field by field: a list or a string where an object
            # belongs raises AttributeError or TypeError from deep inside.
            update = Update.de_json(data, self.application.bot) if isinstance(data, dict) else None
        except (ValueError, TypeError, KeyError, AttributeError):
            update = None
        if update is None:
            return JSONResponse({"error": "not an update"}, status_code=400)
        await self.application.update_queue.put(update)
        return JSONResponse({"ok": True})

    async def _on_error(self, update: object, context: Any) -> None:
        """Log a handler's failure without the update (it holds the user's text)."""
        logger.error("Telegram handler failed: %r", context.error)
