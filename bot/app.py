"""The gateway's ASGI application: web routes plus the socket.io channel.

``create_gateway`` wires everything from the settings: one pooled Rasa client,
the relay, the web chat server on ``/socket.io/``, the demo chat page on
``/``, and the health routes. Nothing here opens a connection before the
first request, so building the app is cheap and tests can build many.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import socketio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from bot.config import Settings
from bot.conversations.relay import Relay
from bot.dialogue.client import RasaClient
from bot.health import readiness
from bot.texts import GatewayTexts
from bot.webchat.server import WebChat

STATIC_DIR = Path(__file__).resolve().parent / "webchat" / "static"


def socketio_origins(settings: Settings) -> str | list[str] | None:
    """python-socketio's CORS setting from ORIENTA_ALLOWED_ORIGINS.

    Empty means same-origin only (the demo page); "*" allows any site to
    embed the chat; otherwise the listed sites plus the gateway's own URL.
    """
    if not settings.allowed_origins:
        return None
    if "*" in settings.allowed_origins:
        return "*"
    public = urlsplit(settings.public_url)
    return [f"{public.scheme}://{public.netloc}", *settings.allowed_origins]


@dataclass(frozen=True)
class Gateway:
    """The ASGI app to serve, and the channel that must be closed before stopping."""

    app: ASGIApp
    webchat: WebChat


def create_gateway(settings: Settings, texts: GatewayTexts | None = None) -> Gateway:
    """Build the gateway for ``settings`` (which must carry Rasa's token)."""
    assert settings.rasa_token, "load_settings(require_token=True) guarantees a token"
    rasa = RasaClient(settings.rasa_url, settings.rasa_token, settings.rasa_timeout)
    probes = httpx.AsyncClient()
    webchat = WebChat(Relay(rasa, texts or GatewayTexts.load(), settings.max_message_chars), socketio_origins(settings))

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
        yield
        await rasa.aclose()
        await probes.aclose()

    web = Starlette(
        routes=[
            Route("/", chat_page),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
        ],
        lifespan=lifespan,
    )
    return Gateway(app=socketio.ASGIApp(webchat.sio, other_asgi_app=web, socketio_path="socket.io"), webchat=webchat)
