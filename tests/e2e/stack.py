"""Start and stop the real Orienta stack (``python -m bot.launcher``) for tests."""

from __future__ import annotations

import dataclasses
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bot.config import PROJECT_DIR, Settings, load_settings
from bot.launcher import process_specs

START_TIMEOUT_SECONDS = 300


def agree_beforehand(rasa_url: str, token: str, conversation_id: str) -> None:
    """Record that the user agreed to the privacy notice earlier, as "I agree" would.

    For tests about something else that count the messages a new chat gets: the conversation
    starts as a returning user's session does, with the answer carried over from before.
    """
    session_start = [
        {"event": "action", "name": "action_session_start"},
        {"event": "session_started"},
        {"event": "slot", "name": "consent_given", "value": True},
        {"event": "action", "name": "action_listen"},
    ]
    response = httpx.post(
        f"{rasa_url}/conversations/{conversation_id}/tracker/events",
        params={"token": token},
        json=session_start,
        timeout=30,
    )
    response.raise_for_status()


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
        # Job alerts every 3 s, looked for every second, at any hour: tests can't wait a day.
        "ORIENTA_ALERT_INTERVAL_MINUTES": "0.05",
        "ORIENTA_ALERT_CHECK_SECONDS": "1",
        "ORIENTA_ALERT_QUIET_HOURS": "none",
        # Counsellors "work" around the clock here, so what a user is told does not depend on the hour.
        "ORIENTA_OFFICE_HOURS": "mon-sun 00-24",
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

    def agreed(self, conversation_id: str) -> None:
        """The user of the conversation answered the privacy notice with "I agree" before."""
        agree_beforehand(self.rasa_url, self.token, conversation_id)


@dataclass
class SplitStack:
    """Rasa, the action server and gateways started one by one, not under the launcher.

    The launcher stops everything when one process dies; tests that stop and
    restart Rasa mid-conversation, or run a second gateway with other
    settings (Telegram webhook mode), start the processes themselves with the
    launcher's own specs.
    """

    settings: Settings
    env: dict[str, str]
    data_dir: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @classmethod
    def start(cls, data_dir: Path) -> SplitStack:
        """Start the action server and Rasa and wait until Rasa has its model loaded."""
        token = secrets.token_urlsafe(24)
        data_dir.mkdir(parents=True, exist_ok=True)
        env, _ = stack_environment(data_dir, token)
        stack = cls(settings=load_settings(env, PROJECT_DIR), env=env, data_dir=data_dir)
        try:
            stack.start_process("actions")
            stack.start_rasa()
        except RuntimeError:
            stack.stop()
            raise
        return stack

    @property
    def rasa_url(self) -> str:
        """The Rasa server's base URL (loopback only)."""
        return self.settings.rasa_url

    def log(self, name: str) -> Path:
        """Where a process's output goes."""
        return self.data_dir / f"{name}.log"

    def start_process(self, name: str, extra_env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        """Start one of the launcher's processes (``actions``, ``rasa``, ``gateway``) by name."""
        (spec,) = [s for s in process_specs(self.settings) if s.name == name]
        with self.log(name).open("ab") as output:
            process = subprocess.Popen(
                spec.argv,
                cwd=spec.cwd,
                env={**self.env, **spec.env, **(extra_env or {})},
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes[name] = process
        return process

    def start_rasa(self) -> None:
        """Start Rasa and wait until it answers /status with a model."""
        self.start_process("rasa")
        self.wait_rasa()

    def wait_rasa(self) -> None:
        """Wait until the started Rasa answers /status with a model (several may load at once)."""
        process = self.processes["rasa"]
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"rasa exited early:\n{self.log('rasa').read_text()[-4000:]}")
            try:
                status = httpx.get(f"{self.rasa_url}/status", params={"token": self.settings.rasa_token}, timeout=3)
                if status.status_code == 200 and status.json().get("model_file"):
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"rasa was not ready in {START_TIMEOUT_SECONDS} s")

    def start_gateway(
        self, name: str, extra_env: dict[str, str], port: int | None = None
    ) -> tuple[subprocess.Popen[bytes], str]:
        """Start a gateway (``python -m bot``) on ``port`` (a free one if None); return it and its URL."""
        port = port or free_ports(1)[0]
        self.settings = dataclasses.replace(self.settings, port=port)
        process = self.start_process("gateway", {"ORIENTA_PORT": str(port), **extra_env})
        self.processes[name] = self.processes.pop("gateway")
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the gateway exited early:\n{self.log('gateway').read_text()[-4000:]}")
            if port_open(port):
                return process, url
            time.sleep(0.2)
        raise RuntimeError("the gateway did not listen in 60 s")

    def stop_process(self, name: str) -> None:
        """SIGTERM a process's group and wait for it (SIGKILL after 30 s)."""
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def stop(self) -> None:
        """Stop every process, gateways first."""
        for name in sorted(self.processes, key=lambda n: n in ("rasa", "actions")):
            self.stop_process(name)

    def user_texts(self, conversation_id: str) -> list[str]:
        """The texts of the user's messages Rasa stored for a conversation, in order."""
        return [event["text"] for event in self.tracker(conversation_id)["events"] if event["event"] == "user"]

    def agreed(self, conversation_id: str) -> None:
        """The user of the conversation answered the privacy notice with "I agree" before."""
        agree_beforehand(self.rasa_url, self.settings.rasa_token or "", conversation_id)

    def tracker(self, conversation_id: str) -> dict:
        """The conversation as Rasa stored it."""
        response = httpx.get(
            f"{self.rasa_url}/conversations/{conversation_id}/tracker",
            params={"token": self.settings.rasa_token},
            timeout=10,
        )
        response.raise_for_status()
        return response.json()
