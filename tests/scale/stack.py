"""Orienta scaled out on one machine: PostgreSQL, Redis, two Rasa servers, two action servers, two gateways.

Each replica ("a", "b") is a ``SplitStack`` (tests/e2e/stack.py) with its own ports and data
directory: an action server and a Rasa server bound to it. Both Rasa servers keep conversations
in one PostgreSQL database and take their locks in one Redis; both gateways route every
conversation to its Rasa replica (``ORIENTA_RASA_URLS``, failing over to the other), share web
chat sessions through Redis and keep their tables in the same PostgreSQL. Telegram is the fake
Bot API in webhook mode, with one secret for both gateways, as behind a load balancer.
"""

from __future__ import annotations

import os
import secrets
import signal
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bot.cluster.routing import replica_order
from bot.config import PROJECT_DIR, load_settings
from tests.e2e.stack import SplitStack, agree_beforehand, stack_environment, wait_ready
from tests.fakes.telegram import TOKEN, FakeTelegram
from tests.servers import Postgres, Redis

REPLICAS = ("a", "b")
WEBHOOK_SECRET = "scale-test-secret_0123456789"


@dataclass
class ScaleStack:
    """The two replicas, their shared database and Redis, and where to reach each gateway."""

    replicas: dict[str, SplitStack]
    database_url: str
    telegram: FakeTelegram
    gateway_urls: dict[str, str] = field(default_factory=dict)

    @classmethod
    def start(
        cls, data_dir: Path, postgres: Postgres, redis: Redis, telegram: FakeTelegram, telegram_api: str
    ) -> ScaleStack:
        """Start both action servers, both Rasa servers (loading their models together), then both gateways."""
        token = secrets.token_urlsafe(24)
        database_url = postgres.new_database()
        shared = {
            "ORIENTA_TRACKER_URL": database_url,
            "ORIENTA_REDIS_URL": redis.url,
            "ORIENTA_RASA_TIMEOUT": "60",
            # An alert is due once an hour: a second firing within the test would be a double one.
            "ORIENTA_ALERT_INTERVAL_MINUTES": "60",
        }
        replicas = {}
        for name in REPLICAS:
            env, _ = stack_environment(data_dir / name, token)
            env.update(shared)
            (data_dir / name).mkdir(parents=True, exist_ok=True)
            replicas[name] = SplitStack(settings=load_settings(env, PROJECT_DIR), env=env, data_dir=data_dir / name)
        stack = cls(replicas, database_url, telegram)
        try:
            for replica in replicas.values():
                replica.start_process("actions")
            # The first Rasa creates the tracker tables; the second then finds them (Rasa's own
            # store has no lock around CREATE TABLE, see README "Deploying at scale").
            replicas["a"].start_rasa()
            replicas["b"].start_process("rasa")
            replicas["b"].wait_rasa()
            for name in REPLICAS:
                stack.start_gateway(name, telegram_api)
        except (RuntimeError, AssertionError):
            stack.stop()
            raise
        return stack

    @property
    def rasa_urls(self) -> dict[str, str]:
        """Each replica's Rasa server."""
        return {name: replica.rasa_url for name, replica in self.replicas.items()}

    @property
    def token(self) -> str:
        """Rasa's token (also the gateways' push route's)."""
        token = self.replicas["a"].settings.rasa_token
        assert token
        return token

    def start_gateway(self, name: str, telegram_api: str) -> None:
        """Start replica ``name``'s gateway, routing to both Rasa servers, and wait until it is ready."""
        registered = self.telegram.count("setWebhook", status=200)
        env = {
            "ORIENTA_RASA_URLS": ",".join(self.rasa_urls.values()),
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": telegram_api,
            # The load balancer's address: Telegram calls one URL, which any gateway answers.
            "TELEGRAM_WEBHOOK_URL": "http://127.0.0.1:9/telegram/webhook",
            "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
        }
        process, url = self.replicas[name].start_gateway("gateway", env)
        wait_ready(url, process, self.replicas[name].log("gateway"))
        self.telegram.wait_for("setWebhook", count=registered + 1, timeout=60)
        self.gateway_urls[name] = url

    def conversation_on(self, replica: str, channel: str = "web") -> str:
        """A fresh conversation id whose own Rasa replica is ``replica``, of a user who agreed before.

        These tests are about replicas, not consent: the user's first message is answered as a
        returning user's is, without the privacy notice first (tests/e2e/stack.py).
        """
        urls = tuple(self.rasa_urls.values())
        while True:
            target = secrets.token_hex(16) if channel == "web" else str(secrets.randbelow(10**9) + 10**6)
            if replica_order(f"{channel}:{target}", urls)[0] == self.rasa_urls[replica]:
                agree_beforehand(self.rasa_urls[replica], self.token, f"{channel}:{target}")
                return target

    def kill_rasa(self, name: str) -> None:
        """SIGKILL one Rasa server: a crash, with no chance to finish anything."""
        process = self.replicas[name].processes.pop("rasa")
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def tracker(self, conversation_id: str) -> dict:
        """The conversation as stored in PostgreSQL, read through any Rasa server that answers."""
        for url in self.rasa_urls.values():
            try:
                response = httpx.get(
                    f"{url}/conversations/{conversation_id}/tracker", params={"token": self.token}, timeout=10
                )
            except httpx.ConnectError:
                continue
            response.raise_for_status()
            return response.json()
        raise AssertionError("no Rasa server answers")

    def user_texts(self, conversation_id: str) -> list[str]:
        """The user's messages as Rasa stored them, in order."""
        return [event["text"] for event in self.tracker(conversation_id)["events"] if event["event"] == "user"]

    def logs(self) -> str:
        """The end of every process's log, for a failure message."""
        parts = []
        for name, replica in self.replicas.items():
            for process in ("rasa", "actions", "gateway"):
                path = replica.log(process)
                if path.exists():
                    parts.append(f"--- {name}/{process}\n{path.read_text(errors='replace')[-2000:]}")
        return "\n".join(parts)

    def stop(self) -> None:
        """Stop every process, gateways first."""
        for replica in self.replicas.values():
            replica.stop_process("gateway")
        for replica in self.replicas.values():
            replica.stop()
