"""Real PostgreSQL and Redis servers from Debian's packages, on loopback, on free ports, for tests.

The scale-out set-up (README "Deploying at scale") keeps conversations and the gateway's tables in
PostgreSQL and shares locks and web chat deliveries through Redis. Tests that prove it runs there
start the real servers (``scripts/system-packages.sh`` installs them), each in a temporary
directory of its own, and stop them at the end. PostgreSQL's ``initdb`` refuses to run as root,
so as root both servers run as the ``postgres`` user Debian's package creates.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from tests.e2e.stack import free_ports, port_open

PG_BIN = Path("/usr/lib/postgresql/15/bin")
START_TIMEOUT_SECONDS = 60
PG_USER = "orienta"


def missing_servers() -> str | None:
    """Why the servers cannot start here (a sentence), or None when they can."""
    if not (PG_BIN / "initdb").exists():
        return f"PostgreSQL 15 is not installed ({PG_BIN}); run scripts/system-packages.sh"
    if shutil.which("redis-server") is None:
        return "redis-server is not installed; run scripts/system-packages.sh"
    return None


def _as_server_user(argv: list[str]) -> list[str]:
    """Run ``argv`` as the ``postgres`` user when we are root (initdb refuses root)."""
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--", *argv]


def _server_dir(prefix: str) -> Path:
    """A fresh directory the server user owns (pytest's tmp dirs are private to root)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")
    return path


@dataclass
class Postgres:
    """A running PostgreSQL server; each test database is created with ``new_database``."""

    port: int
    directory: Path
    process: subprocess.Popen[bytes]

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL of one database (trust authentication on loopback)."""
        return f"postgresql://{PG_USER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """Create an empty database and return its URL."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT", future=True)
        try:
            with engine.connect() as connection:
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        finally:
            engine.dispose()
        return self.url(name)

    def stop(self) -> None:
        """Fast shutdown (SIGINT to the postmaster), then remove the data."""
        _stop(self.process, signal.SIGINT)
        shutil.rmtree(self.directory, ignore_errors=True)


@dataclass
class Redis:
    """A running Redis server without persistence."""

    port: int
    directory: Path
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        """The server's URL (database 0)."""
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        """SIGTERM, then remove its directory."""
        _stop(self.process, signal.SIGTERM)
        shutil.rmtree(self.directory, ignore_errors=True)


def start_postgres() -> Postgres:
    """initdb a cluster in a temporary directory and start it on a free loopback port."""
    directory = _server_dir("orienta-pg-")
    data = directory / "data"
    subprocess.run(
        _as_server_user(
            [str(PG_BIN / "initdb"), "-D", str(data), "-U", PG_USER, "--auth=trust", "-E", "UTF8", "--no-sync"]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    (port,) = free_ports(1)
    log = (directory / "postgres.log").open("wb")
    argv = [str(PG_BIN / "postgres"), "-D", str(data), "-p", str(port), "-k", str(directory)]
    # A test server: no fsync (nothing here must survive a power cut), few connections.
    argv += ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"]
    process = subprocess.Popen(_as_server_user(argv), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    server = Postgres(port, directory, process)
    _wait(lambda: _pg_answers(server), process, directory / "postgres.log")
    return server


def start_redis() -> Redis:
    """Start redis-server on a free loopback port, in the foreground, saving nothing."""
    directory = _server_dir("orienta-redis-")
    (port,) = free_ports(1)
    log = (directory / "redis.log").open("wb")
    argv = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    argv += ["--daemonize", "no", "--dir", str(directory)]
    process = subprocess.Popen(_as_server_user(argv), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    _wait(lambda: port_open(port), process, directory / "redis.log")
    return Redis(port, directory, process)


@contextlib.contextmanager
def running_servers() -> Iterator[tuple[Postgres, Redis]]:
    """Both servers for the length of a ``with`` block."""
    postgres = start_postgres()
    try:
        redis = start_redis()
        try:
            yield postgres, redis
        finally:
            redis.stop()
    finally:
        postgres.stop()


def _pg_answers(server: Postgres) -> bool:
    engine = sa.create_engine(server.url(), future=True, connect_args={"connect_timeout": 2})
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        return True
    except sa.exc.OperationalError:
        return False
    finally:
        engine.dispose()


def _wait(ready, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited early:\n{log.read_text(errors='replace')[-3000:]}")
        if ready():
            return
        time.sleep(0.2)
    _stop(process, signal.SIGKILL)
    raise RuntimeError(f"the server did not start in {START_TIMEOUT_SECONDS} s:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen[bytes], signum: int) -> None:
    """Signal the server's process group (runuser and the server in it) and wait for it."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signum)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
