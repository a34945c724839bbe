"""``python -m bot``: run the gateway on ORIENTA_HOST:ORIENTA_PORT."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from socket import socket

import uvicorn

from bot.app import create_gateway
from bot.config import ConfigError, load_settings
from bot.logs import configure_logging
from bot.texts import GatewayTexts


class GatewayServer(uvicorn.Server):
    """uvicorn's server, closing the channels' connections before it stops."""

    def __init__(self, config: uvicorn.Config, before_shutdown: Callable[[], Awaitable[None]]) -> None:
        """Serve ``config``; await ``before_shutdown`` when asked to stop."""
        super().__init__(config)
        self._before_shutdown = before_shutdown

    async def shutdown(self, sockets: list[socket] | None = None) -> None:
        """Disconnect clients first, so open long-polls do not hold up the stop."""
        await self._before_shutdown()
        await super().shutdown(sockets=sockets)


def main() -> int:
    """Validate the settings and texts, then serve until SIGINT/SIGTERM."""
    try:
        settings = load_settings(require_token=True)
        texts = GatewayTexts.load()
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    telegram = settings.telegram
    configure_logging(settings.log_level, (telegram.token, telegram.webhook_secret or "") if telegram else ())
    gateway = create_gateway(settings, texts)
    config = uvicorn.Config(
        gateway.app,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        # uvicorn's default WebSocket stack needs websockets >= 13, and rasa
        # pins 10.4; wsproto (already in the lock) has no such conflict.
        ws="wsproto",
        # Proxies in front of the gateway (a PES's TLS terminator) are trusted
        # for X-Forwarded-* only from loopback, uvicorn's default.
        proxy_headers=True,
        timeout_graceful_shutdown=5,
    )
    GatewayServer(config, before_shutdown=gateway.webchat.disconnect_all).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
