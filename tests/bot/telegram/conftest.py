"""The gateway with its Telegram channel, against the fake Bot API and the fake Rasa.

PTB runs for real and talks HTTP to ``tests.fakes.telegram``; nothing is mocked.
"""

import shutil
import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bot.app import Gateway, create_gateway
from bot.config import PROJECT_DIR, load_settings
from bot.conversations.inbox import KeepPolicy
from bot.telegram.channel import Timeouts
from bot.texts import GatewayTexts
from tests.fakes.rasa import FakeRasa
from tests.fakes.server import serve
from tests.fakes.telegram import TOKEN, FakeTelegram

TEXTS = GatewayTexts.load()
INTENTS = ("greet", "help", "start", "consent_given", "consent_declined", "request_human")
FAST = Timeouts(read=1.5, write=2, connect=1, pool=1, poll=1, network_backoff=0.05, start_backoff_max=0.5)


@dataclass
class Rig:
    telegram: FakeTelegram
    rasa: FakeRasa
    gateway: Gateway
    url: str


def write_project(directory: Path, intents: tuple[str, ...]) -> Path:
    shutil.copy(PROJECT_DIR / "endpoints.yml", directory / "endpoints.yml")
    (directory / "domain.yml").write_text('version: "3.1"\nintents:\n' + "".join(f"  - {i}\n" for i in intents))
    return directory


@pytest.fixture
def start_rig(fake_rasa, tmp_path) -> Iterator:
    rasa, rasa_url = fake_rasa
    with ExitStack() as stack:

        def start(
            env: dict[str, str] | None = None,
            intents: tuple[str, ...] = INTENTS,
            keep_policy: KeepPolicy | None = None,
            rasa_port: int | None = None,
            gateway_port: int = 0,
            wait: bool = True,
        ) -> Rig:
            telegram = FakeTelegram()
            api = stack.enter_context(serve(telegram.app()))
            settings_env = {
                "ORIENTA_RASA_PORT": str(rasa_port or urlsplit(rasa_url).port),
                "ORIENTA_RASA_TOKEN": rasa.token,
                "ORIENTA_MAX_MESSAGE_CHARS": "100",
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_API_BASE_URL": api,
                **(env or {}),
            }
            settings = load_settings(settings_env, write_project(tmp_path, intents))
            gateway = create_gateway(settings, TEXTS, keep_policy=keep_policy, telegram_timeouts=FAST)
            url = stack.enter_context(serve(gateway.app, port=gateway_port))
            if wait:
                wait_started(gateway)
            return Rig(telegram, rasa, gateway, url)

        yield start


@pytest.fixture
def rig(start_rig) -> Rig:
    return start_rig()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_started(gateway: Gateway, timeout: float = 10) -> None:
    assert gateway.telegram is not None
    deadline = time.monotonic() + timeout
    while not gateway.telegram.started.is_set():
        assert time.monotonic() < deadline, "the Telegram channel did not start"
        time.sleep(0.02)
