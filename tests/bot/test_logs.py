import logging

import pytest

from bot.logs import configure_logging


class ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def uvicorn_log():
    """What reaches handlers of uvicorn's logger once the gateway configured logging."""
    logger = logging.getLogger("uvicorn.error")
    configure_logging("DEBUG")
    handler = ListHandler()
    logger.addHandler(handler)
    old_level, logger.level = logger.level, logging.DEBUG
    yield logger, handler
    logger.removeHandler(handler)
    logger.setLevel(old_level)
    logger.filters.clear()


def test_websocket_connection_lines_with_client_addresses_are_dropped(uvicorn_log):
    logger, handler = uvicorn_log
    logger.info('%s - "WebSocket %s" [accepted]', "203.0.113.7:50312", "/socket.io/?EIO=4")
    logger.info("Application startup complete.")
    assert handler.messages == ["Application startup complete."]


def test_http_client_logs_stay_quiet_even_at_debug(uvicorn_log):
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("httpcore").getEffectiveLevel() == logging.WARNING


def test_secrets_are_redacted_from_messages_and_tracebacks(capsys):
    import logging

    from bot.logs import REDACTED, configure_logging

    token = "123456789:AAH-secret-token-value-0123456789"
    configure_logging("INFO", (token,))
    try:
        raise RuntimeError(f"POST https://api.telegram.org/bot{token}/getMe failed")
    except RuntimeError:
        logging.getLogger("anything").exception("call to %s failed", f"/bot{token}/getMe")
    err = capsys.readouterr().err
    assert token not in err
    assert f"/bot{REDACTED}/getMe" in err
