"""The gateway's ASGI application: web routes plus the socket.io channel.

``create_gateway`` wires everything from the settings: one pooled Rasa client,
the relay, the one delivery path every channel registers with, the web chat
server on ``/socket.io/``, the Telegram channel when a bot token is set, the
demo chat page on ``/``, the embeddable widget on ``/widget.js`` with a demo PES page on
``/demo`` (bot/webchat/widget.py), chart images on ``/media/`` (bot/media.py), the health
routes and the internal push route; the job-alert scheduler (bot/alerts.py), the
plan-reminder scheduler (bot/reminders.py) and
the sweep of expired images run while the app runs. With ORIENTA_REDIS_URL the web chat shares
its sessions with the other gateways (bot/cluster/web_sessions.py). Nothing here
opens a connection before the app's lifespan starts, so building the app is
cheap and tests can build many.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import socketio
import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from actions.jobsearch.reminders import ReminderStore
from actions.tables import create_tables
from actions.vacancies.alerts import AlertStore
from bot.alert_outbox import AlertOutbox
from bot.alerts import AlertScheduler, QuietHours
from bot.cluster.telegram_state import SharedTelegramState
from bot.cluster.web_sessions import SharedSessions
from bot.config import Settings
from bot.console import tables as console_tables
from bot.console.handoff import HandoffDesk
from bot.console.office_hours import OfficeHours
from bot.console.presence import Presence
from bot.console.queue import HandoffQueue
from bot.console.rating import Ratings
from bot.console.routes import Console, LiveTiming
from bot.console.takeover import Takeovers
from bot.conversations.delivery import Delivery
from bot.conversations.inbox import Inbox, KeepPolicy
from bot.conversations.relay import Relay
from bot.dialogue.client import RasaClient
from bot.dialogue.messages import BotMessage
from bot.health import readiness
from bot.internal import deliver_route
from bot.languages import LanguageChoice
from bot.media import MediaStore, media_route
from bot.privacy.desk import DataRequests
from bot.privacy.retention import Retention, session_minutes
from bot.privacy.store import PersonalDataStore
from bot.reminders import ReminderScheduler
from bot.security import SecurityHeaders
from bot.telegram.channel import TelegramChannel, Timeouts
from bot.telegram.commands import domain_intents, load_commands
from bot.texts import GatewayTexts
from bot.webchat.server import WebChat
from bot.webchat.widget import WidgetScript, WidgetTexts, widget_routes
from nlu.language import languages

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
    console_live: LiveTiming | None = None,
) -> Gateway:
    """Build the gateway for ``settings`` (which must carry Rasa's token).

    Args:
        settings: the validated settings.
        texts: the gateway's texts (loaded from YAML when None).
        keep_policy: how long messages are kept while Rasa is down (tests shorten it).
        telegram_timeouts: Bot API timeouts and retries (tests shorten them).
        console_live: how often the console's live views re-render, and for how long a stream lasts.
    """
    assert settings.rasa_token, "load_settings(require_token=True) guarantees a token"
    texts = texts or GatewayTexts.load()
    rasa = RasaClient(settings.rasa_urls, settings.rasa_token, settings.rasa_timeout)
    probes = httpx.AsyncClient()
    media = MediaStore(settings.media_dir, settings.media_retention_days * 86400)
    delivery = Delivery()
    # Every user message goes through DataRequests, which carries out export and erasure.
    personal_data = PersonalDataStore(settings.tracker_url)
    closed_after = session_minutes(settings.project_dir / "domain.yml") * 60
    # ...and HandoffDesk, which queues conversations that need a person (bot/console/handoff.py).
    queue = HandoffQueue(personal_data.engine, closed_after)
    presence = Presence(personal_data.engine)
    ratings = Ratings(personal_data.engine)
    # An erasure also drops what the channels keep in memory; they are created below.
    in_memory: list[Callable[[str], int]] = []
    dialogue = HandoffDesk(
        # ...and LanguageChoice, which keeps Rasa's language slot and the gateway's in step.
        DataRequests(
            LanguageChoice(rasa, rasa, texts.conversations, languages(), texts),
            personal_data,
            media,
            texts,
            lambda c: sum(forget(c) for forget in in_memory),
        ),
        queue,
        presence,
        ratings,
        OfficeHours.parse(settings.console.office_hours, settings.alerts.timezone),
        texts,
        tracker=rasa,
    )
    retention = Retention(
        personal_data, media, settings.retention_days, session_minutes(settings.project_dir / "domain.yml")
    )
    inbox = Inbox(dialogue, texts, delivery, settings.max_message_chars, keep_policy)
    shared = SharedSessions(settings.cluster.redis_url) if settings.cluster.redis_url else None
    webchat = WebChat(
        Relay(dialogue, texts, settings.max_message_chars),
        socketio_origins(settings),
        delivery,
        texts=texts,
        limits=settings.web_limits,
        read_events=rasa.events,
        shared=shared,
    )
    # Telegram's kept messages are in the inbox; the web chat keeps undelivered replies; the
    # gateway knows each conversation's language.
    in_memory += [inbox.forget, webchat.forget, texts.conversations.forget]
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
            shared=SharedTelegramState(settings.cluster.redis_url) if settings.cluster.redis_url else None,
        )

    # The operator console (bot/console/) reads and writes the same database as the tracker.
    console = Console(
        settings.console,
        personal_data.engine,
        Takeovers(personal_data.engine, rasa, delivery, texts, settings.max_message_chars, queue=queue),
        lambda cid: [event.data for event in personal_data.events(cid)],
        secure_cookies=settings.public_url.startswith("https:"),
        closed_after_seconds=closed_after,
        queue=queue,
        presence=presence,
        ratings=ratings,
        timezone=settings.alerts.timezone,
        live=console_live,
        language=settings.console.language,
    )

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> JSONResponse:
        # With Rasa replicas elsewhere, their action servers are theirs to check (bot/health.py).
        actions_health = None if settings.cluster.rasa_urls else settings.actions_health_url
        checks = await readiness(rasa, probes, actions_health)
        ready = all(check.ok for check in checks.values())
        body = {"status": "ready" if ready else "not ready", "checks": {k: c.as_json() for k, c in checks.items()}}
        return JSONResponse(body, status_code=200 if ready else 503)

    async def chat_page(request: Request) -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            await asyncio.to_thread(create_tables, console_tables.metadata, personal_data.engine)
        except sa.exc.OperationalError as error:
            # The launcher's pre-flight makes the database reachable; a gateway started alone
            # without one still serves the chat, and the console answers with errors.
            logger.warning("the operator console's tables could not be created: %s", error.orig)
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
        reminders = ReminderScheduler(
            lambda: ReminderStore(settings.tracker_url),
            rasa.trigger_intent,
            delivery.deliver,
            check_every=settings.alerts.check_seconds,
            quiet=QuietHours.parse(settings.alerts.quiet_hours, settings.alerts.timezone),
        )
        reminder_loop = asyncio.create_task(reminders.run(), name="plan-reminders")
        media_sweep = asyncio.create_task(media.sweep_forever(), name="media-sweep")
        retention_sweep = asyncio.create_task(retention.sweep_forever(), name="retention-sweep")
        loops = [alert_loop, reminder_loop, media_sweep, retention_sweep]
        if shared is not None:
            loops.append(asyncio.create_task(shared.heartbeat_forever(), name="gateway-heartbeat"))
        try:
            yield
        finally:
            for task in loops:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            if telegram is not None:
                await telegram.stop()
            await inbox.close()
            if shared is not None:
                await shared.close()
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
            *console.routes(),
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
