"""The systems under test: Orienta's full stack, or one already running, and the fakes it calls.

``OrientaStack.start`` runs ``python -m bot.launcher`` (what ``make run`` runs) on free ports
with its own data directory, the ``jobtech`` vacancy source pointed at the fake JobTech API and
Telegram pointed at the fake Bot API, and times process start → ``/readyz`` (the cold start).
``OrientaStack.attach`` targets a stack someone started (``--gateway-url``): it is then measured
from outside only, without per-process memory.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bot.config import PROJECT_DIR
from tests.e2e.stack import free_ports

START_TIMEOUT_SECONDS = 300.0
#: The fake JobTech API answers after 150 ms ± 50 ms, like the real one from Europe.
API_LATENCY_SECONDS = 0.150
API_JITTER_SECONDS = 0.050


def wait_for_http(
    url: str,
    process: subprocess.Popen[bytes] | None,
    log: Path | None,
    ready: Callable[[httpx.Response], bool] = lambda response: True,
) -> float:
    """Poll ``url`` until it answers 200 and ``ready`` says so; return the seconds it took.

    Raises RuntimeError (with the log's tail) if the process exits or the deadline passes.
    """
    started = time.monotonic()
    while time.monotonic() - started < START_TIMEOUT_SECONDS:
        if process is not None and process.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log else ""
            raise RuntimeError(f"{url} never answered: the process exited with {process.returncode}\n{tail}")
        try:
            response = httpx.get(url, timeout=3.0)
            if response.status_code == 200 and ready(response):
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{url} did not answer within {START_TIMEOUT_SECONDS:.0f} s")


def stop_group(process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """SIGTERM a process group we started (as Ctrl-C would) and wait; SIGKILL it if it hangs."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@dataclass
class FakeJobTechProcess:
    """The fake JobTech API in its own process, so its threads do not share the users' GIL."""

    process: subprocess.Popen[bytes]
    url: str

    @classmethod
    def start(cls, log_dir: Path) -> FakeJobTechProcess:
        """Start ``python -m tests.fakes.jobtech_api`` with the injected latency and wait for it."""
        (port,) = free_ports(1)
        log = log_dir / "fake-jobtech.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "tests.fakes.jobtech_api", "--port", str(port),
                 "--latency", str(API_LATENCY_SECONDS), "--jitter", str(API_JITTER_SECONDS)],
                cwd=PROJECT_DIR, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        wait_for_http(f"{url}/search?q=x", process, log)
        return cls(process, url)

    def stop(self) -> None:
        """Stop the fake."""
        stop_group(self.process, timeout=10)


@dataclass
class OrientaStack:
    """Where Orienta answers, and (when this benchmark started it) its processes."""

    url: str
    rasa_url: str | None
    rasa_token: str | None
    process: subprocess.Popen[bytes] | None = None
    cold_start_seconds: float | None = None
    log: Path | None = None
    data_dir: Path | None = None
    pids: dict[str, int] = field(default_factory=dict)

    @classmethod
    def attach(cls, gateway_url: str, rasa_url: str | None, rasa_token: str | None) -> OrientaStack:
        """Target a stack that is already running (no cold start, no per-process figures)."""
        wait_for_http(f"{gateway_url.rstrip('/')}/readyz", None, None)
        return cls(url=gateway_url.rstrip("/"), rasa_url=rasa_url, rasa_token=rasa_token)

    @classmethod
    def start(cls, data_dir: Path, jobtech_url: str, telegram_api: str, telegram_token: str) -> OrientaStack:
        """Launch the three processes under the launcher and time process start → /readyz."""
        gateway, rasa, actions = free_ports(3)
        token = secrets.token_urlsafe(24)
        env = {
            **os.environ,
            "ORIENTA_PORT": str(gateway),
            "ORIENTA_RASA_PORT": str(rasa),
            "ORIENTA_ACTIONS_PORT": str(actions),
            "ORIENTA_DATA_DIR": str(data_dir),
            "ORIENTA_RASA_TOKEN": token,
            "ORIENTA_LOG_LEVEL": "INFO",
            "VACANCY_SOURCE": "jobtech",
            "JOBTECH_BASE_URL": jobtech_url,
            # Every search reaches the (slow) API: the many simulated users searching the same
            # words would otherwise be answered from the cache and hide the API's latency.
            "VACANCY_CACHE_TTL": "0",
            "TELEGRAM_BOT_TOKEN": telegram_token,
            "TELEGRAM_API_BASE_URL": telegram_api,
            # All simulated users share 127.0.0.1 and send without pausing to read; the
            # production limits (60 a minute per session, 600 per IP) would refuse them.
            "ORIENTA_WEB_MESSAGES_PER_MINUTE": "1000",
            "ORIENTA_WEB_MESSAGES_PER_MINUTE_PER_IP": "100000",
        }
        log = data_dir / "orienta.log"
        started = time.monotonic()
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "bot.launcher"], cwd=PROJECT_DIR, env=env,
                stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        stack = cls(
            url=f"http://127.0.0.1:{gateway}",
            rasa_url=f"http://127.0.0.1:{rasa}",
            rasa_token=token,
            process=process,
            log=log,
            data_dir=data_dir,
        )
        try:
            wait_for_http(f"{stack.url}/readyz", process, log)
        except RuntimeError:
            stack.stop()
            raise
        stack.cold_start_seconds = time.monotonic() - started
        stack.pids = {"launcher": process.pid, **child_pids(process.pid)}
        return stack

    def stop(self) -> None:
        """Stop the stack if this benchmark started it."""
        if self.process is not None:
            stop_group(self.process)


def child_pids(parent: int) -> dict[str, int]:
    """The launcher's children by role: ``rasa`` (rasa_ext), ``actions`` (rasa_ext.action_server), ``gateway`` (bot)."""
    roles = {"rasa": "rasa", "rasa_ext": "rasa", "rasa_ext.action_server": "actions", "bot": "gateway"}
    found: dict[str, int] = {}
    for pid in children(parent):
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        module = argv[argv.index(b"-m") + 1].decode() if b"-m" in argv else ""
        if module in roles:
            found[roles[module]] = pid
    return found


def children(pid: int) -> list[int]:
    """Direct children of ``pid`` (from /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return found
