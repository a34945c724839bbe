"""Logging for the gateway: one format, and no secrets or personal data.

httpx logs every request URL at INFO; Rasa's token travels in a query string,
so httpx and httpcore are held at WARNING whatever the level. uvicorn logs
each WebSocket connection with the client's IP address, which is personal
data: those lines are dropped. Message texts are never logged by the gateway
(see the relay), only conversation ids and outcomes.
"""

from __future__ import annotations

import logging

# python-telegram-bot logs every Bot API call with its parameters (message
# texts) at DEBUG, and its request URLs carry the bot token.
QUIET_LOGGERS = ("httpx", "httpcore", "socketio", "engineio", "uvicorn.access", "telegram")
REDACTED = "[redacted]"
_CONNECTION_LINE = '%s - "WebSocket %s"'  # uvicorn's format: client address, then path


class DropConnectionLines(logging.Filter):
    """Drop uvicorn's per-connection lines (they carry client IP addresses)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record except a WebSocket connection line."""
        return not (isinstance(record.msg, str) and record.msg.startswith(_CONNECTION_LINE))


class RedactSecrets(logging.Filter):
    """Replace known secrets (bot token, webhook secret) wherever a record would show them.

    A second line of defence: an exception's text can carry a URL with the
    bot token in it whatever logger it reaches.
    """

    def __init__(self, secrets: tuple[str, ...]) -> None:
        """Redact each of ``secrets`` (empty ones are ignored)."""
        super().__init__()
        self._secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep the record, with any secret in its message or traceback replaced."""
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if any(secret in message or secret in (record.exc_text or "") for secret in self._secrets):
            for secret in self._secrets:
                message = message.replace(secret, REDACTED)
                record.exc_text = (record.exc_text or "").replace(secret, REDACTED) or None
            record.msg, record.args = message, ()
        return True


def configure_logging(level: str, secrets: tuple[str, ...] = ()) -> None:
    """Log to stderr at ``level`` (the launcher prefixes each line with 'gateway').

    Args:
        level: DEBUG, INFO, WARNING or ERROR.
        secrets: values never to print (bot token, webhook secret).
    """
    logging.basicConfig(level=level, format="%(levelname)-7s %(name)s: %(message)s", force=True)
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactSecrets(secrets))
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    logging.getLogger("uvicorn.error").addFilter(DropConnectionLines())
