import shutil
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bot.config import PROJECT_DIR, ConfigError, Settings, load_settings
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


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project directory for ``load_settings``: the real endpoints.yml, no .env, and the data folder.

    The launcher's pre-flight creates the data folder before a gateway starts; a gateway started
    without one keeps failing to open its SQLite tables in the background.
    """
    shutil.copy(PROJECT_DIR / "endpoints.yml", tmp_path / "endpoints.yml")
    (tmp_path / "var").mkdir()
    return tmp_path


@pytest.fixture
def gateway_settings(project: Path, fake_rasa: tuple[FakeRasa, str]) -> Callable[..., Settings]:
    """``gateway_settings(NAME=value, ...)``: a gateway's settings in ``project``, talking to the fake Rasa."""
    rasa, rasa_url = fake_rasa

    def settings(**env: str) -> Settings:
        rasa_env = {"ORIENTA_RASA_PORT": str(urlsplit(rasa_url).port), "ORIENTA_RASA_TOKEN": rasa.token}
        return load_settings({**rasa_env, **env}, project)

    return settings


@pytest.fixture
def config_problems(project: Path) -> Callable[..., list[str]]:
    """``config_problems(NAME=value, ...)``: the problems ``load_settings`` refuses that environment with."""

    def problems(**env: str) -> list[str]:
        with pytest.raises(ConfigError) as caught:
            load_settings(env, project)
        return caught.value.problems

    return problems
