"""The gateway's ASGI application: web routes plus the socket.io channel.

``create_gateway`` wires everything from the settings: one pooled Rasa client,
the relay, the one delivery path every channel registers with, the web chat
server on ``/socket.io/``, the Telegram channel when a bot token is set, the
demo chat page on ``/``, the embeddable widget on ``/widget.js`` with a demo PES page on
``/demo`` (bot/webchat/widget.py), chart images on ``/media/`` (bot/media.py), the health
routes and the internal push route; the job-alert scheduler (bot/alerts.py) and
the sweep of expired images run while the app runs. Nothing here
opens a connection before the app's lifespan starts, so building the app is
cheap and tests can build many.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import socketio
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from actions.vacancies.alerts import AlertStore
from bot.alert_outbox import AlertOutbox
from bot.alerts import AlertScheduler, QuietHours
from bot.config import Settings
from bot.conversations.delivery import Delivery
from bot.conversations.inbox import Inbox, KeepPolicy
from bot.conversations.relay import Relay
from bot.dialogue.client import RasaClient
from bot.dialogue.messages import BotMessage
from bot.health import readiness
from bot.internal import deliver_route
from bot.media import MediaStore, media_route
from bot.privacy.desk import DataRequests
from bot.privacy.retention import Retention, session_minutes
from bot.privacy.store import PersonalDataStore
from bot.security import SecurityHeaders
from bot.telegram.channel import TelegramChannel, Timeouts
from bot.telegram.commands import domain_intents, load_commands
from bot.texts import GatewayTexts
from bot.webchat.server import WebChat
from bot.webchat.widget import WidgetScript, WidgetTexts, widget_routes

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "webchat" / "static"


def socketio_origins(settings: Settings) -> str | list[str] | None:
    """python-socketio's CORS setting from ORIENTA_ALLOWED_ORIGINS and WIDGET_ALLOWED_ORIGINS.

    python-engineio checks the handshake's ``Origin`` header against it (polling and
    WebSocket alike) and refuses any other site before a socket exists. Both empty means
    same-origin only (the chat page, /demo); "*" in either allows any site; otherwise the
    listed sites plus the gateway's own URL.
    """
    origins = (*settings.allowed_origins, *settings.widget_origins)
    if not origins:
        return None
    if "*" in origins:
        return "*"
    public = urlsplit(settings.public_url)
    return list(dict.fromkeys([f"{public.scheme}://{public.netloc}", *origins]))


def local_url(settings: Settings) -> str:
    """The gateway's own base URL as seen from this machine."""
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    return f"http://{host}:{settings.port}"


@dataclass(frozen=True)
class Gateway:
    """The ASGI app to serve, its channels, and the one delivery path they share."""

    app: ASGIApp
    webchat: WebChat
    delivery: Delivery
    inbox: Inbox
    telegram: TelegramChannel | None = None

    async def deliver(self, conversation_id: str, messages: Sequence[BotMessage]) -> None:
        """Push messages to a conversation on any channel (job alerts, operators)."""
        await self.delivery.deliver(conversation_id, messages)


def create_gateway(
    settings: Settings,
    texts: GatewayTexts | None = None,
    *,
    keep_policy: KeepPolicy | None = None,
    telegram_timeouts: Timeouts | None = None,
) -> Gateway:
    """Build the gateway for ``settings`` (which must carry Rasa's token).

    Args:
        settings: the validated settings.
        texts: the gateway's texts (loaded from YAML when None).
        keep_policy: how long messages are kept while Rasa is down (tests shorten it).
        telegram_timeouts: Bot API timeouts and retries (tests shorten them).
    """
    assert settings.rasa_token, "load_settings(require_token=True) guarantees a token"
    texts = texts or GatewayTexts.load()
    rasa = RasaClient(settings.rasa_url, settings.rasa_token, settings.rasa_timeout)
    probes = httpx.AsyncClient()
    media = MediaStore(settings.media_dir, settings.media_retention_days * 86400)
    delivery = Delivery()
    # Every user message goes through DataRequests, which carries out export and erasure.
    personal_data = PersonalDataStore(settings.tracker_url)
    dialogue = DataRequests(rasa, personal_data, media, texts)
    retention = Retention(
        personal_data, media, settings.retention_days, session_minutes(settings.project_dir / "domain.yml")
    )
    inbox = Inbox(dialogue, texts, delivery, settings.max_message_chars, keep_policy)
    webchat = WebChat(
        Relay(dialogue, texts, settings.max_message_chars),
        socketio_origins(settings),
        delivery,
        texts=texts,
        limits=settings.web_limits,
        read_events=rasa.events,
    )
    # Like the gateway's texts, the widget's come from this repository's data (and domain).
    widget = WidgetScript(WidgetTexts.load(intents=domain_intents()).as_config(settings.max_message_chars))
    telegram = None
    if settings.telegram is not None:
        telegram = TelegramChannel(
            settings.telegram,
            inbox,
            delivery,
            texts,
            load_commands(),
            domain_intents(settings.project_dir / "domain.yml"),
            local_url(settings),
            telegram_timeouts,
        )

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> JSONResponse:
        checks = await readiness(rasa, probes, settings.actions_health_url)
        ready = all(check.ok for check in checks.values())
        body = {"status": "ready" if ready else "not ready", "checks": {k: c.as_json() for k, c in checks.items()}}
        return JSONResponse(body, status_code=200 if ready else 503)

    async def chat_page(request: Request) -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if telegram is None:
            logger.info("TELEGRAM_BOT_TOKEN is not set: the gateway runs without the Telegram channel")
        else:
            telegram.start_in_background()
        interval = timedelta(minutes=settings.alerts.interval_minutes)
        alerts = AlertScheduler(
            lambda: AlertStore(settings.tracker_url, interval),
            rasa.trigger_intent,
            delivery.deliver,
            interval=interval,
            check_every=settings.alerts.check_seconds,
            quiet=QuietHours.parse(settings.alerts.quiet_hours, settings.alerts.timezone),
            outbox=lambda: AlertOutbox(settings.tracker_url),
        )
        alert_loop = asyncio.create_task(alerts.run(), name="job-alerts")
        media_sweep = asyncio.create_task(media.sweep_forever(), name="media-sweep")
        retention_sweep = asyncio.create_task(retention.sweep_forever(), name="retention-sweep")
        try:
            yield
        finally:
            for task in (alert_loop, media_sweep, retention_sweep):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            if telegram is not None:
                await telegram.stop()
            await inbox.close()
            await rasa.aclose()
            await probes.aclose()
            personal_data.dispose()

    web = Starlette(
        routes=[
            Route("/", chat_page),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
            *widget_routes(widget),
            media_route(media),
            deliver_route(delivery, settings.rasa_token),
            *(telegram.routes() if telegram else []),
        ],
        middleware=[Middleware(SecurityHeaders)],
        lifespan=lifespan,
    )
    return Gateway(
        app=socketio.ASGIApp(webchat.sio, other_asgi_app=web, socketio_path="socket.io"),
        webchat=webchat,
        delivery=delivery,
        inbox=inbox,
        telegram=telegram,
    )
