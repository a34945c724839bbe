"""Start Orienta's three processes, wait until they answer, stop them together.

``make run`` ends in ``python -m bot.launcher``. It validates the settings and
runs the pre-flight checks, starts the Rasa server, the action server and the
gateway, prints the URL to open once the gateway's /readyz says every part
answers, and on Ctrl-C (or SIGTERM, or any child dying) stops them all.
"""

from __future__ import annotations

import asyncio
import dataclasses
import secrets
import signal
import sys
import time

import httpx

from bot.config import ConfigError, Settings, load_settings
from bot.console.first_user import ensure_first_supervisor
from bot.preflight import run_preflight
from bot.processes import ManagedProcess, ProcessSpec

START_TIMEOUT_SECONDS = 300
_RASA_VERBOSITY = {"DEBUG": ["--debug"], "INFO": [], "WARNING": ["--quiet"], "ERROR": ["--quiet"]}


def process_specs(settings: Settings) -> list[ProcessSpec]:
    """The three processes, in start order, each bound as the design says."""
    python = sys.executable
    common = {
        **settings.child_environment(),
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "PYTHONUNBUFFERED": "1",
        # Rasa's usage telemetry (on unless turned off) would send data about this server to
        # Rasa's servers and, at every start, unpack the model a second time to fingerprint it
        # (about 3 % of Rasa's start-up, py-spy, `make bench`).
        "RASA_TELEMETRY_ENABLED": "false",
    }
    if settings.log_level != "DEBUG":
        # SQLAlchemy's long "2.0 migration" notice says nothing about Orienta.
        # (Other deprecation warnings of Rasa's dependencies cannot be turned
        # off from outside: Sanic re-enables them when it is imported.)
        common["SQLALCHEMY_SILENCE_UBER_WARNING"] = "1"
    assert settings.rasa_token, "the launcher sets a token before building specs"
    rasa = ProcessSpec(
        name="rasa",
        argv=[
            # Rasa's own command line, with Orienta's speed-ups installed first (rasa_ext/).
            python, "-m", "rasa_ext", "run",
            # One argument: a token from token_urlsafe may start with "-", which argparse
            # would otherwise take for an option ("expected one argument").
            "--enable-api", f"--auth-token={settings.rasa_token}",
            "--interface", "127.0.0.1", "--port", str(settings.rasa_port),
            "--model", str(settings.model_dir),
            "--endpoints", "endpoints.yml", "--credentials", "credentials.yml",
            *_RASA_VERBOSITY[settings.log_level],
        ],
        cwd=settings.project_dir,
        env=common,
    )  # fmt: skip
    actions = ProcessSpec(
        name="actions",
        # What `rasa run actions` runs, without loading all of Rasa first.
        argv=[python, "-m", "rasa_sdk", "--actions", "actions", "--port", str(settings.actions_port)],
        cwd=settings.project_dir,
        env={**common, "SANIC_HOST": "127.0.0.1"},
    )
    gateway = ProcessSpec(name="gateway", argv=[python, "-m", "bot"], cwd=settings.project_dir, env=common)
    return [actions, rasa, gateway]


async def wait_until_ready(settings: Settings, deadline: float) -> bool:
    """Poll the gateway's /readyz until it says ready or the deadline passes."""
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    url = f"http://{host}:{settings.port}/readyz"
    async with httpx.AsyncClient(timeout=5.0) as client:
        while time.monotonic() < deadline:
            try:
                if (await client.get(url)).status_code == 200:
                    return True
            except httpx.HTTPError:
                pass
            await asyncio.sleep(1.0)
    return False


async def supervise(settings: Settings) -> int:
    """Run the stack until a signal or a child's exit; return the exit status."""
    children = [ManagedProcess(spec) for spec in process_specs(settings)]
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)

    started = time.monotonic()
    status = 0
    try:
        for child in children:
            await child.start()
        exits = {asyncio.ensure_future(child.wait()): child for child in children}
        stopping = asyncio.ensure_future(stop.wait())
        ready = asyncio.ensure_future(wait_until_ready(settings, started + START_TIMEOUT_SECONDS))
        pending = {*exits, stopping, ready}
        while True:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            if stopping in done:
                break
            crashed = [exits[task] for task in done if task in exits]
            if crashed:
                child = crashed[0]
                _say(f"{child.spec.name} exited with status {child.returncode}; stopping Orienta.")
                status = 1
                break
            if ready in done:
                if not ready.result():
                    _say(f"Orienta did not become ready within {START_TIMEOUT_SECONDS} s; see the logs above.")
                    status = 1
                    break
                _say(
                    f"Orienta is ready after {time.monotonic() - started:.0f} s. "
                    f"Open {settings.public_url} to chat. Press Ctrl-C to stop."
                )
        for task in pending:
            task.cancel()
    finally:
        _say("Stopping Orienta...")
        for child in reversed(children):
            await child.stop()
    return status


def _say(message: str) -> None:
    sys.stdout.write(f"{'orienta':<8}| {message}\n")
    sys.stdout.flush()


def main() -> int:
    """Entry point of ``python -m bot.launcher`` (``make run``)."""
    try:
        settings = load_settings()
        if not settings.rasa_token:
            # One token per run: Rasa's HTTP API is then closed to anyone who
            # did not get it from this launcher.
            settings = dataclasses.replace(settings, rasa_token=secrets.token_urlsafe(32))
        run_preflight(settings)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    announce_first_supervisor(settings)
    return asyncio.run(supervise(settings))


def announce_first_supervisor(settings: Settings) -> None:
    """With no console accounts yet, create a supervisor and print its one-time password, once."""
    created = ensure_first_supervisor(settings.tracker_url)
    if created is not None:
        user, password = created
        _say(
            f"Operator console: {settings.public_url}console/login. First login: user {user.username}, "
            f"one-time password {password} (shown only now; you choose your own at the first login)."
        )


if __name__ == "__main__":
    sys.exit(main())
