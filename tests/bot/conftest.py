import socket
from collections.abc import Iterator

import pytest

from tests.fakes.rasa import FakeRasa
from tests.fakes.server import serve


@pytest.fixture
def fake_rasa() -> Iterator[tuple[FakeRasa, str]]:
    """A fake Rasa HTTP server; yields it and its base URL."""
    rasa = FakeRasa()
    with serve(rasa.app()) as url:
        yield rasa, url


@pytest.fixture
def closed_port_url() -> str:
    """A URL on which nothing listens (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
