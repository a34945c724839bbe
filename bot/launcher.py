"""Start Orienta's three processes, wait until they answer, stop them together.

``make run`` ends in ``python -m bot.launcher``. It validates the settings and
runs the pre-flight checks, starts the Rasa server, the action server and the
gateway, prints the URL to open once the gateway's /readyz says every part
answers, and on Ctrl-C (or SIGTERM, or any child dying) stops them all.

``--only rasa,actions`` (or ``gateway``) starts a subset: a container or host that runs one role
of a scaled-out installation (README "Deploying at scale") still gets the validated settings,
the pre-flight checks and the environment endpoints.yml reads.
"""

from __future__ import annotations

import argparse
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
PROCESS_NAMES = ("actions", "rasa", "gateway")
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
            "--interface", settings.cluster.rasa_interface, "--port", str(settings.rasa_port),
            "--model", str(settings.model_dir),
            "--endpoints", "endpoints.yml", "--credentials", "credentials.yml",
            *_RASA_VERBOSITY[settings.log_level],
        ],
        cwd=settings.project_dir,
        env=common,
    )  # fmt: skip
    actions = ProcessSpec(
        name="actions",
        # rasa-sdk's action server (what `rasa run actions` runs, without loading all of Rasa),
        # answering only requests that carry ORIENTA_ACTIONS_TOKEN (rasa_ext/action_server.py).
        argv=[python, "-m", "rasa_ext.action_server", "--actions", "actions", "--port", str(settings.actions_port)],
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


async def supervise(settings: Settings, only: tuple[str, ...] = PROCESS_NAMES) -> int:
    """Run the stack (or the ``only`` processes) until a signal or a child's exit; return the exit status."""
    children = [ManagedProcess(spec) for spec in process_specs(settings) if spec.name in only]
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
        # Without the gateway here, readiness is the load balancer's probe of Rasa or the actions.
        ready = asyncio.ensure_future(
            wait_until_ready(settings, started + START_TIMEOUT_SECONDS) if "gateway" in only else asyncio.sleep(0, True)
        )
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
                if "gateway" in only:
                    _say(
                        f"Orienta is ready after {time.monotonic() - started:.0f} s. "
                        f"Open {settings.public_url} to chat. Press Ctrl-C to stop."
                    )
                else:
                    _say(f"Started {', '.join(c.spec.name for c in children)}. Press Ctrl-C to stop.")
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


def parse_only(argv: list[str] | None) -> tuple[str, ...]:
    """The processes ``--only`` names (all three without it); exits 2 on a name it does not know."""
    parser = argparse.ArgumentParser(prog="python -m bot.launcher", description="Start Orienta's processes.")
    parser.add_argument("--only", default=",".join(PROCESS_NAMES), help="comma-separated: actions,rasa,gateway")
    names = tuple(name.strip() for name in parser.parse_args(argv).only.split(",") if name.strip())
    unknown = sorted(set(names) - set(PROCESS_NAMES))
    if unknown or not names:
        parser.error(f"--only takes some of {', '.join(PROCESS_NAMES)} (got {', '.join(unknown) or 'none'})")
    return names


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m bot.launcher`` (``make run``)."""
    only = parse_only(argv)
    try:
        # Processes started apart must share one Rasa token: only a full start may invent one.
        settings = load_settings(
            require_token=set(only) != set(PROCESS_NAMES),
            # Rasa and its action server in different places must be given their shared secret.
            require_actions_token=len({"rasa", "actions"} & set(only)) == 1,
        )
        if not settings.rasa_token:
            # One token per run: Rasa's HTTP API is then closed to anyone who
            # did not get it from this launcher.
            settings = dataclasses.replace(settings, rasa_token=secrets.token_urlsafe(32))
        run_preflight(settings, only)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    if "gateway" in only:
        announce_first_supervisor(settings)
    return asyncio.run(supervise(settings, only))


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
