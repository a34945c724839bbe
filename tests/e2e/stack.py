"""Start and stop the real Orienta stack (``python -m bot.launcher``) for tests."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bot.config import PROJECT_DIR

START_TIMEOUT_SECONDS = 300


def free_ports(count: int) -> list[int]:
    """Ports nothing listens on right now (held open together so they differ)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for probe in sockets:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in sockets]
    finally:
        for probe in sockets:
            probe.close()


def stack_environment(data_dir: Path, token: str) -> tuple[dict[str, str], dict[str, int]]:
    """Environment for a stack on free ports with its own data directory."""
    gateway, rasa, actions = free_ports(3)
    ports = {"gateway": gateway, "rasa": rasa, "actions": actions}
    env = {
        **os.environ,
        "ORIENTA_PORT": str(gateway),
        "ORIENTA_RASA_PORT": str(rasa),
        "ORIENTA_ACTIONS_PORT": str(actions),
        "ORIENTA_DATA_DIR": str(data_dir),
        "ORIENTA_RASA_TOKEN": token,
        "ORIENTA_LOG_LEVEL": "INFO",
    }
    return env, ports


def port_open(port: int) -> bool:
    """True if something accepts connections on 127.0.0.1:port."""
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Wait for /readyz to say ready; fail with the stack's log if it never does."""
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the stack exited early:\n{log.read_text()[-4000:]}")
        try:
            if httpx.get(f"{url}/readyz", timeout=3).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"the stack was not ready in {START_TIMEOUT_SECONDS} s:\n{log.read_text()[-4000:]}")


@dataclass
class Stack:
    """A running stack: where to reach it and how to stop it."""

    process: subprocess.Popen[bytes]
    ports: dict[str, int]
    token: str
    data_dir: Path
    log: Path

    @property
    def url(self) -> str:
        """The gateway's base URL."""
        return f"http://127.0.0.1:{self.ports['gateway']}"

    @property
    def rasa_url(self) -> str:
        """The Rasa server's base URL (loopback only)."""
        return f"http://127.0.0.1:{self.ports['rasa']}"

    @classmethod
    def start(cls, data_dir: Path) -> Stack:
        """Launch ``python -m bot.launcher`` and wait until it is ready."""
        token = secrets.token_urlsafe(24)
        env, ports = stack_environment(data_dir, token)
        log = data_dir / "stack.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "bot.launcher"],
                cwd=PROJECT_DIR,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        stack = cls(process=process, ports=ports, token=token, data_dir=data_dir, log=log)
        try:
            wait_ready(stack.url, process, log)
        except RuntimeError:
            stack.stop()
            raise
        return stack

    def stop(self) -> int:
        """SIGTERM the launcher, as Ctrl-C would, and wait for it to stop everything."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            raise

    def tracker(self, conversation_id: str) -> dict:
        """The conversation as Rasa stored it (via its token-protected HTTP API)."""
        response = httpx.get(
            f"{self.rasa_url}/conversations/{conversation_id}/tracker", params={"token": self.token}, timeout=10
        )
        response.raise_for_status()
        return response.json()

    def user_texts(self, conversation_id: str) -> list[str]:
        """The texts of the user's messages Rasa stored for a conversation, in order."""
        return [event["text"] for event in self.tracker(conversation_id)["events"] if event["event"] == "user"]
