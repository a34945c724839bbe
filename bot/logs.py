"""Logging for the gateway: one format, and no secrets or message texts.

httpx logs every request URL at INFO; Rasa's token travels in a query string,
so httpx and httpcore are held at WARNING whatever the level. Message texts
are never logged by the gateway (see the relay), only ids and outcomes.
"""

from __future__ import annotations

import logging

QUIET_LOGGERS = ("httpx", "httpcore", "socketio", "engineio", "uvicorn.access")


def configure_logging(level: str) -> None:
    """Log to stderr at ``level`` (the launcher prefixes each line with 'gateway')."""
    logging.basicConfig(level=level, format="%(levelname)-7s %(name)s: %(message)s", force=True)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLevelName(level)))
