"""Checks made before any process starts, each failing with a clear sentence.

Rasa reacts badly to some mistakes: an unreachable tracker database makes it
retry forever without a word, a busy port shows up as an OSError deep in
Sanic, a missing model leaves the server up but unable to answer. The
launcher runs these checks first and reports every failure as a ConfigError.
"""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import yaml
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from actions.privacy.notice import NOTICE_FILE, NoticeError, parse_notice
from bot.config import ConfigError, Settings

DATABASE_TIMEOUT_SECONDS = 5


def check_port_free(host: str, port: int, variable: str) -> str | None:
    """Return a problem if nothing can listen on ``host:port``."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            return f"{variable}: cannot listen on {host}:{port} ({error.strerror}); is Orienta already running?"
    return None


def check_tracker_database(url: str) -> str | None:
    """Return a problem if the tracker database cannot be opened.

    SQLite: the file must be creatable and writable. Other databases: one
    connection within DATABASE_TIMEOUT_SECONDS. The password never appears in
    the message.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _check_sqlite(Path(parsed.database or ""))
    engine = create_engine(url, connect_args={"connect_timeout": DATABASE_TIMEOUT_SECONDS})
    try:
        with engine.connect():
            return None
    except SQLAlchemyError as error:
        reason = str(error.orig if hasattr(error, "orig") else error).strip().splitlines()[0]
        shown = parsed.render_as_string(hide_password=True)
        return f"ORIENTA_TRACKER_URL: cannot connect to the tracker database {shown} ({reason})."
    finally:
        engine.dispose()


def _check_sqlite(path: Path) -> str | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE IF NOT EXISTS orienta_preflight (x INTEGER)")
            connection.execute("DROP TABLE orienta_preflight")
    except (OSError, sqlite3.Error) as error:
        return f"ORIENTA_TRACKER_URL: cannot write the SQLite tracker database {path} ({error})."
    return None


def check_model(model_dir: Path) -> str | None:
    """Return a problem unless ``model_dir`` holds a trained model."""
    if model_dir.is_dir() and any(model_dir.glob("*.tar.gz")):
        return None
    return f"ORIENTA_MODEL_DIR: no trained model in {model_dir}; run `make train` (or `make run`, which trains)."


def check_privacy_notice(path: Path = NOTICE_FILE) -> str | None:
    """Return a problem unless the privacy notice's values (data/privacy/notice.yml) are usable.

    The action server reads them when the first user arrives; a broken file would fail every
    first contact, so it is checked before anything starts.
    """
    try:
        with path.open(encoding="utf-8") as handle:
            parse_notice(yaml.safe_load(handle), {})
    except (OSError, yaml.YAMLError, NoticeError) as error:
        return f"{path.name}: the privacy notice's settings are unusable ({error})."
    return None


def run_preflight(settings: Settings, processes: tuple[str, ...] = ("actions", "rasa", "gateway")) -> None:
    """Run every check for a start of ``processes`` (all three by default), raising ConfigError with all problems."""
    ports = {
        "gateway": (settings.host, settings.port, "ORIENTA_PORT"),
        "rasa": (settings.cluster.rasa_interface, settings.rasa_port, "ORIENTA_RASA_PORT"),
        "actions": ("127.0.0.1", settings.actions_port, "ORIENTA_ACTIONS_PORT"),
    }
    problems = [check_port_free(*ports[name]) for name in processes]
    if "rasa" in processes:
        problems.append(check_model(settings.model_dir))
    problems.append(check_tracker_database(settings.tracker_url))
    problems.append(check_privacy_notice())
    found = [problem for problem in problems if problem]
    if found:
        raise ConfigError(found)
