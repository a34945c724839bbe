"""The real processes for the fault suite, each of which a test may kill, stop or restart.

One Rasa server, one action server and one gateway, started one by one (``SplitStack``, not
the launcher, which stops everything when one process dies), with the action server searching
the fake JobTech API and the gateway's Telegram channel in webhook mode against the fake Bot
API. A test that breaks a process puts it back before it ends, so the next test finds the
whole stack running.
"""

from __future__ import annotations

import os
import secrets
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bot.config import PROJECT_DIR, load_settings
from tests.e2e.stack import SplitStack, free_ports, stack_environment
from tests.fakes.jobtech_api import FakeJobTech
from tests.fakes.telegram import TOKEN, FakeTelegram

WEBHOOK_SECRET = "fault-suite-secret_0123456789"
#: Short vacancy timeouts, no cache and a breaker that never opens: each failure is seen as itself.
VACANCY_ENV = {
    "VACANCY_SOURCE": "jobtech",
    "VACANCY_BUDGET": "2",
    "VACANCY_TIMEOUT": "1",
    "VACANCY_CONNECT_TIMEOUT": "1",
    "VACANCY_CACHE_TTL": "0",
    "VACANCY_BREAKER_THRESHOLD": "100",
}


@dataclass
class FaultStack:
    """Rasa, the action server and a gateway, plus the fakes of the outside world they talk to."""

    split: SplitStack
    jobtech: FakeJobTech
    telegram: FakeTelegram
    telegram_api: str
    gateway_port: int

    @classmethod
    def start(cls, data_dir: Path, jobtech: FakeJobTech, telegram: FakeTelegram, telegram_api: str) -> FaultStack:
        """Start the action server and Rasa (model loaded), then the gateway (webhook registered)."""
        data_dir.mkdir(parents=True, exist_ok=True)
        env, _ = stack_environment(data_dir, secrets.token_urlsafe(24))
        env.update({**VACANCY_ENV, "JOBTECH_BASE_URL": jobtech.url})
        split = SplitStack(settings=load_settings(env, PROJECT_DIR), env=env, data_dir=data_dir)
        stack = cls(split, jobtech, telegram, telegram_api, free_ports(1)[0])
        try:
            stack.start_actions()
            split.start_rasa()
            stack.start_gateway()
        except RuntimeError:
            split.stop()
            raise
        return stack

    @property
    def url(self) -> str:
        """The gateway's base URL."""
        return f"http://127.0.0.1:{self.gateway_port}"

    @property
    def webhook_url(self) -> str:
        """Where the fake Bot API (and a test playing Telegram) posts updates."""
        return f"{self.url}/telegram/webhook"

    @property
    def token(self) -> str:
        """Rasa's token (also the internal push route's)."""
        assert self.split.settings.rasa_token
        return self.split.settings.rasa_token

    def start_gateway(self) -> None:
        """Start the gateway on its fixed port and wait until Telegram's webhook is registered."""
        registered = self.telegram.count("setWebhook", status=200)
        env = {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": self.telegram_api,
            "TELEGRAM_WEBHOOK_URL": self.webhook_url,
            "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "ORIENTA_RASA_TIMEOUT": "60",
        }
        self.split.start_gateway("gateway", env, port=self.gateway_port)
        self.telegram.wait_for("setWebhook", count=registered + 1, timeout=60)

    def kill(self, name: str) -> None:
        """SIGKILL a process's group: a crash, with no chance to finish anything."""
        process = self.split.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def start_actions(self) -> None:
        """Start the action server and wait until it answers /health."""
        self.split.start_process("actions")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.split.settings.actions_health_url, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the action server did not start:\n{self.split.log('actions').read_text()[-3000:]}")

    def user_texts(self, conversation_id: str) -> list[str]:
        """The user's messages as Rasa stored them, in order."""
        return self.split.user_texts(conversation_id)

    def agreed(self, conversation_id: str) -> None:
        """The user of the conversation answered the privacy notice with "I agree" before."""
        self.split.agreed(conversation_id)

    def stop(self) -> None:
        """Stop every process, the gateway first."""
        self.split.stop()
