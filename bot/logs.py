"""Logging for the gateway: one format, and no secrets or personal data.

httpx logs every request URL at INFO; Rasa's token travels in a query string,
so httpx and httpcore are held at WARNING whatever the level. uvicorn logs
each WebSocket connection with the client's IP address, which is personal
data: those lines are dropped. Message texts are never logged by the gateway
(see the relay), only conversation ids and outcomes.
"""

from __future__ import annotations

import logging

QUIET_LOGGERS = ("httpx", "httpcore", "socketio", "engineio", "uvicorn.access")
_CONNECTION_LINE = '%s - "WebSocket %s"'  # uvicorn's format: client address, then path


class DropConnectionLines(logging.Filter):
    """Drop uvicorn's per-connection lines (they carry client IP addresses)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record except a WebSocket connection line."""
        return not (isinstance(record.msg, str) and record.msg.startswith(_CONNECTION_LINE))


def configure_logging(level: str) -> None:
    """Log to stderr at ``level`` (the launcher prefixes each line with 'gateway')."""
    logging.basicConfig(level=level, format="%(levelname)-7s %(name)s: %(message)s", force=True)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    logging.getLogger("uvicorn.error").addFilter(DropConnectionLines())
