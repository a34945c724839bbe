"""Orienta's settings: read once from the environment, validated, typed.

Every process gets its configuration from here. The launcher (``make run``)
loads the settings, refuses to start with a list of every problem it found,
and hands the validated values to Rasa and the action server through their
environment (``endpoints.yml`` reads them as ``${ORIENTA_...}``). The gateway
loads the same settings when it starts. ``.env.example`` documents each
variable; a ``.env`` file beside it is read too, with real environment
variables taking precedence.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from actions.jobsearch.networking import EVENTS_VARIABLE, read_events
from actions.vacancies.settings import parse_vacancy_settings
from bot.cluster.settings import ClusterSettings, cluster_settings
from bot.console.office_hours import OfficeHours
from bot.environment import ConfigError, EnvReader, read_env_file
from bot.telegram.settings import TelegramSettings, telegram_settings
from nlu.language import languages

PROJECT_DIR = Path(__file__).resolve().parent.parent

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
TRACKER_SCHEMES = ("sqlite", "postgresql", "postgresql+psycopg2")
#: How long SQLite connections wait for a lock held by another writer (see ``with_lock_wait``).
SQLITE_LOCK_WAIT_SECONDS = 25.0
MIN_TOKEN_LENGTH = 16
VACANCY_PREFIXES = ("VACANCY_", "JOBTECH_", "ARBEITSAGENTUR_")
__all__ = ["ConfigError", "Settings", "TelegramSettings", "load_settings", "read_env_file"]

_ENV_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class AlertSettings:
    """When job alerts are checked and sent (bot/alerts.py, actions/vacancies/alerts.py)."""

    interval_minutes: float
    check_seconds: float
    quiet_hours: str
    timezone: str


@dataclass(frozen=True)
class WebLimits:
    """How many web chat messages a session, and an IP address, may send per minute."""

    per_session: int = 20
    per_ip: int = 120


@dataclass(frozen=True)
class ConsoleSettings:
    """The operator console's limits (bot/console/)."""

    #: Minutes a login lasts.
    session_minutes: float = 480.0
    #: An intent below this confidence flags the conversation ("low confidence").
    low_confidence: float = 0.5
    #: Wrong passwords in a row before a username or address is locked out...
    max_failures: int = 5
    #: ...for this many seconds, doubled for each further lock (at most an hour).
    lockout_seconds: float = 60.0
    #: When counsellors answer, e.g. ``mon-fri 08-17; sat 09-12`` in ORIENTA_TIMEZONE (office_hours.py).
    office_hours: str = "mon-fri 08-17"
    #: The console's language for an operator whose browser asks for none it has (language_choice.py).
    language: str = "en"


@dataclass(frozen=True)
class Settings:
    """Validated configuration of all three processes."""

    project_dir: Path
    host: str
    port: int
    public_url: str
    rasa_port: int
    actions_port: int
    rasa_token: str | None
    data_dir: Path
    model_dir: Path
    tracker_url: str
    log_level: str
    allowed_origins: tuple[str, ...]
    max_message_chars: int
    rasa_timeout: float
    #: Days a chart image is served and kept in ``<data_dir>/media`` (bot/media.py).
    media_retention_days: float = 7.0
    #: Days without a message from the user after which a conversation is erased (bot/privacy/retention.py).
    retention_days: float = 180.0
    alerts: AlertSettings = AlertSettings(1440, 60, "21-8", "Europe/Stockholm")
    #: The vacancy source's variables (VACANCY_*, JOBTECH_*, ARBEITSAGENTUR_*), validated by
    #: actions/vacancies/settings.py and passed on to the action server as they are.
    vacancy_env: tuple[tuple[str, str], ...] = ()
    telegram: TelegramSettings | None = None
    #: Sites allowed to embed the widget (WIDGET_ALLOWED_ORIGINS); the socket.io
    #: handshake's Origin must be one of these, ORIENTA_ALLOWED_ORIGINS or the gateway's own.
    widget_origins: tuple[str, ...] = ()
    web_limits: WebLimits = WebLimits()
    console: ConsoleSettings = ConsoleSettings()
    #: The PES's events list (ORIENTA_EVENTS_FILE); None: the bundled data/jobsearch/events.yml.
    events_file: Path | None = None
    #: Latest events of a conversation session Rasa answers from (rasa_ext/tracker_window.py).
    tracker_max_events: int = 100
    #: Redis and the Rasa replicas when Orienta runs on several nodes (bot/cluster/settings.py).
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    #: The secret Rasa sends the action server (ORIENTA_ACTIONS_TOKEN, rasa_ext/action_server.py);
    #: made when unset, so a launcher starting both hands them one secret per run.
    actions_token: str = ""

    @property
    def rasa_url(self) -> str:
        """Base URL of the Rasa server, which only ever listens on loopback."""
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def rasa_urls(self) -> tuple[str, ...]:
        """The Rasa replicas the gateway routes to (ORIENTA_RASA_URLS), or the one on loopback."""
        return self.cluster.rasa_urls or (self.rasa_url,)

    @property
    def media_dir(self) -> Path:
        """Where the action server writes images (charts) and the gateway serves them from."""
        return self.data_dir / "media"

    @property
    def actions_url(self) -> str:
        """Webhook URL of the action server, as Rasa's endpoints.yml needs it."""
        return self.cluster.actions_url or f"http://127.0.0.1:{self.actions_port}/webhook"

    @property
    def actions_health_url(self) -> str:
        """Health endpoint of the action server, for the gateway's /readyz."""
        return self.actions_url.removesuffix("/webhook") + "/health"

    def child_environment(self) -> dict[str, str]:
        """Variables that endpoints.yml and the child processes read."""
        env = {
            "ORIENTA_ACTIONS_URL": self.actions_url,
            "ORIENTA_TRACKER_URL": self.tracker_url,
            "ORIENTA_TRACKER_MAX_EVENTS": str(self.tracker_max_events),
            "ORIENTA_DATA_DIR": str(self.data_dir),
            "ORIENTA_LOG_LEVEL": self.log_level,
            "ORIENTA_LOCK_STORE_URL": self.cluster.lock_store_url,
        }
        if self.rasa_token:
            env["ORIENTA_RASA_TOKEN"] = self.rasa_token
        env["ORIENTA_ACTIONS_TOKEN"] = self.actions_token
        # The privacy notice states it (actions/privacy/notice.py): the same value the sweep applies.
        env["ORIENTA_RETENTION_DAYS"] = f"{self.retention_days:g}"
        env["ORIENTA_ALERT_INTERVAL_MINUTES"] = f"{self.alerts.interval_minutes:g}"
        # What "today" is for the action server's due dates and reminders, also when set in .env.
        env["ORIENTA_TIMEZONE"] = self.alerts.timezone
        env.update(self.vacancy_env)
        if self.events_file is not None:
            env[EVENTS_VARIABLE] = str(self.events_file)
        return env


def load_settings(
    environ: Mapping[str, str] | None = None,
    project_dir: Path = PROJECT_DIR,
    *,
    require_token: bool = False,
    require_actions_token: bool = False,
) -> Settings:
    """Read and validate the settings, or raise ConfigError listing every problem.

    Args:
        environ: the environment to read; ``os.environ`` when None.
        project_dir: where ``.env``, ``endpoints.yml`` and relative paths live.
        require_token: the gateway on its own cannot invent Rasa's auth token
            (the launcher generates one per run), so it asks for it.
        require_actions_token: Rasa or the action server started without the other (one
            container each) must be given their shared secret; otherwise one is made here,
            for the launcher to hand to both.
    """
    env = {**read_env_file(project_dir / ".env"), **(os.environ if environ is None else environ)}
    read = EnvReader(env)

    host = read.text("ORIENTA_HOST", "127.0.0.1")
    port = read.port("ORIENTA_PORT", 8000)
    rasa_port = read.port("ORIENTA_RASA_PORT", 5005)
    actions_port = read.port("ORIENTA_ACTIONS_PORT", 5055)
    ports = {"ORIENTA_PORT": port, "ORIENTA_RASA_PORT": rasa_port, "ORIENTA_ACTIONS_PORT": actions_port}
    if len(set(ports.values())) < len(ports):
        read.problems.append(f"the ports must differ, got {', '.join(f'{k}={v}' for k, v in ports.items())}.")

    token = read.text("ORIENTA_RASA_TOKEN", "") or None
    if token is None and require_token:
        read.problems.append(
            "ORIENTA_RASA_TOKEN is not set. `make run` generates one for each run; "
            "when you start the gateway on its own, set it to Rasa's --auth-token."
        )
    elif token is not None and len(token) < MIN_TOKEN_LENGTH:
        read.problems.append(f"ORIENTA_RASA_TOKEN is too short: use at least {MIN_TOKEN_LENGTH} random characters.")

    actions_token = read.text("ORIENTA_ACTIONS_TOKEN", "")
    if not actions_token and require_actions_token:
        read.problems.append(
            "ORIENTA_ACTIONS_TOKEN is not set. Rasa and the action server started apart need the same "
            f"secret of at least {MIN_TOKEN_LENGTH} random characters."
        )
    elif actions_token and len(actions_token) < MIN_TOKEN_LENGTH:
        read.problems.append(f"ORIENTA_ACTIONS_TOKEN is too short: use at least {MIN_TOKEN_LENGTH} random characters.")
    actions_token = actions_token or secrets.token_urlsafe(32)

    data_dir = _resolve(project_dir, read.text("ORIENTA_DATA_DIR", "var"))
    model_dir = _resolve(project_dir, read.text("ORIENTA_MODEL_DIR", "models"))
    tracker_url = _tracker_url(read, data_dir)
    telegram = telegram_settings(read)

    settings = Settings(
        project_dir=project_dir,
        host=host,
        port=port,
        public_url=_public_url(read, host, port),
        rasa_port=rasa_port,
        actions_port=actions_port,
        rasa_token=token,
        data_dir=data_dir,
        model_dir=model_dir,
        tracker_url=tracker_url,
        log_level=read.choice("ORIENTA_LOG_LEVEL", "INFO", LOG_LEVELS),
        allowed_origins=_origins(read, "ORIENTA_ALLOWED_ORIGINS"),
        max_message_chars=read.integer("ORIENTA_MAX_MESSAGE_CHARS", 2000, 1, 10000),
        rasa_timeout=read.seconds("ORIENTA_RASA_TIMEOUT", 30.0, 1.0, 300.0),
        media_retention_days=read.seconds("ORIENTA_MEDIA_RETENTION_DAYS", 7.0, 0.01, 365.0, unit="days"),
        retention_days=read.seconds("ORIENTA_RETENTION_DAYS", 180.0, 1.0, 3650.0, unit="days"),
        alerts=_alerts(read),
        vacancy_env=_vacancy_env(read, env, project_dir),
        telegram=telegram,
        widget_origins=_origins(read, "WIDGET_ALLOWED_ORIGINS"),
        web_limits=WebLimits(
            per_session=read.integer("ORIENTA_WEB_MESSAGES_PER_MINUTE", 60, 1, 1000),
            per_ip=read.integer("ORIENTA_WEB_MESSAGES_PER_MINUTE_PER_IP", 600, 1, 100_000),
        ),
        console=ConsoleSettings(
            session_minutes=read.seconds("ORIENTA_CONSOLE_SESSION_MINUTES", 480.0, 5.0, 7 * 1440.0, unit="minutes"),
            low_confidence=read.seconds("ORIENTA_CONSOLE_LOW_CONFIDENCE", 0.5, 0.0, 1.0, unit="confidence"),
            max_failures=read.integer("ORIENTA_CONSOLE_MAX_LOGIN_FAILURES", 5, 1, 100),
            lockout_seconds=read.seconds("ORIENTA_CONSOLE_LOCKOUT_SECONDS", 60.0, 1.0, 3600.0),
            office_hours=_office_hours(read),
            language=_console_language(read),
        ),
        events_file=_events_file(read, project_dir),
        tracker_max_events=read.integer("ORIENTA_TRACKER_MAX_EVENTS", 100, 20, 100_000),
        cluster=cluster_settings(read, telegram),
        actions_token=actions_token,
    )
    read.problems.extend(_check_endpoints_file(project_dir / "endpoints.yml", {**env, **settings.child_environment()}))
    if read.problems:
        raise ConfigError(read.problems)
    return settings


def _resolve(project_dir: Path, raw: str) -> Path:
    path = Path(raw).expanduser()
    return path if path.is_absolute() else project_dir / path


def _tracker_url(read: EnvReader, data_dir: Path) -> str:
    raw = read.text("ORIENTA_TRACKER_URL", f"sqlite:///{data_dir / 'tracker.db'}")
    scheme = urlsplit(raw).scheme
    if scheme not in TRACKER_SCHEMES:
        read.problems.append(
            f"ORIENTA_TRACKER_URL must start with one of {', '.join(s + '://' for s in TRACKER_SCHEMES)} "
            f"(got {scheme + '://' if scheme else 'no scheme'})."
        )
    elif scheme == "sqlite" and not raw.startswith("sqlite:////"):
        read.problems.append("ORIENTA_TRACKER_URL: an SQLite URL needs an absolute path, sqlite:////abs/path.db.")
    elif scheme == "sqlite":
        return with_lock_wait(raw)
    return raw


def with_lock_wait(url: str, seconds: float = SQLITE_LOCK_WAIT_SECONDS) -> str:
    """An SQLite URL whose connections wait ``seconds`` for another writer's lock (unless it says).

    SQLite's default wait is 5 s. When Rasa's tracker store cannot read or save a conversation
    in that time (a backup or a script holding the database), Rasa falls back to an empty
    in-memory tracker: the turn is answered without its context and the message is never
    saved. Waiting longer turns a lock into a late answer instead; the wait is below
    ORIENTA_RASA_TIMEOUT's default, so the user still gets the real one.
    """
    if "timeout" in parse_qs(urlsplit(url).query):
        return url
    # Appended as text: urlunsplit would fold sqlite://// (an absolute path) into sqlite://.
    return f"{url}{'&' if '?' in url else '?'}timeout={seconds:g}"


def _events_file(read: EnvReader, project_dir: Path) -> Path | None:
    """The events list, checked now so that a PES's typo shows at start and not in a chat."""
    raw = read.text(EVENTS_VARIABLE, "")
    if not raw:
        return None
    path = _resolve(project_dir, raw)
    try:
        read_events(path)
    except OSError as error:
        read.problems.append(f"{EVENTS_VARIABLE}: cannot read {path} ({error.strerror or error}).")
    except ValueError as error:
        read.problems.append(f"{EVENTS_VARIABLE}: {error}")
    return path


def _public_url(read: EnvReader, host: str, port: int) -> str:
    raw = read.text("ORIENTA_PUBLIC_URL", "")
    if not raw:
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        return f"http://{shown}:{port}/"
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        read.problems.append(f"ORIENTA_PUBLIC_URL={raw!r} must be an http(s) URL such as https://chat.example.org/.")
    return raw if raw.endswith("/") else raw + "/"


def _alerts(read: EnvReader) -> AlertSettings:
    """Job alert timing: how often, how often to look, quiet hours and their time zone."""
    zone = read.text("ORIENTA_TIMEZONE", "Europe/Stockholm")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        read.problems.append(f"ORIENTA_TIMEZONE={zone!r} is not a time zone name such as Europe/Stockholm.")
        zone = "Europe/Stockholm"
    quiet = read.text("ORIENTA_ALERT_QUIET_HOURS", "21-8").strip()
    if quiet.lower() == "none":
        quiet = ""
    start, sep, end = quiet.partition("-")
    if quiet and not (sep and start.isdigit() and end.isdigit() and int(start) < 24 and int(end) < 24):
        read.problems.append(f"ORIENTA_ALERT_QUIET_HOURS={quiet!r} must be two hours like 21-8 (or none).")
        quiet = "21-8"
    return AlertSettings(
        interval_minutes=read.seconds("ORIENTA_ALERT_INTERVAL_MINUTES", 1440, 0.05, 10080, unit="minutes"),
        check_seconds=read.seconds("ORIENTA_ALERT_CHECK_SECONDS", 60, 1, 3600),
        quiet_hours=quiet,
        timezone=zone,
    )


def _console_language(read: EnvReader) -> str:
    """The console's default language: one of data/content/languages.yml's codes."""
    spoken = languages()
    raw = read.text("ORIENTA_CONSOLE_LANGUAGE", spoken.default).strip().lower()
    if raw not in spoken.codes:
        read.problems.append(f"ORIENTA_CONSOLE_LANGUAGE={raw!r} must be one of {', '.join(spoken.codes)}.")
        return spoken.default
    return raw


def _office_hours(read: EnvReader) -> str:
    """The counsellors' hours, checked by parsing them (the time zone is checked with the alerts')."""
    raw = read.text("ORIENTA_OFFICE_HOURS", "mon-fri 08-17").strip()
    try:
        OfficeHours.parse(raw, "UTC")
    except ValueError as error:
        read.problems.append(
            f"ORIENTA_OFFICE_HOURS={raw!r}: {error}. Use days and hours like 'mon-fri 08-17; sat 09-12', or none."
        )
        return "mon-fri 08-17"
    return raw


def _vacancy_env(read: EnvReader, env: Mapping[str, str], project_dir: Path) -> tuple[tuple[str, str], ...]:
    """Validate the vacancy source's settings and keep its variables to pass on."""
    try:
        parse_vacancy_settings(env, project_dir)
    except ValueError as error:
        read.problems.extend(str(error).splitlines())
    return tuple(sorted((k, v) for k, v in env.items() if k.startswith(VACANCY_PREFIXES)))


def _origins(read: EnvReader, name: str) -> tuple[str, ...]:
    """Comma-separated origins (scheme://host[:port], no path) or ``*``, from variable ``name``."""
    raw = read.text(name, "")
    origins = tuple(o.strip().rstrip("/") for o in raw.split(",") if o.strip())
    for origin in origins:
        parts = urlsplit(origin)
        if origin != "*" and (
            parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query or parts.fragment
        ):
            read.problems.append(f"{name}: {origin!r} is not an origin like https://www.example.org (or *).")
    return origins


def _check_endpoints_file(path: Path, env: Mapping[str, str]) -> list[str]:
    """Check endpoints.yml parses and that every ${VAR} in it will be set.

    Rasa would otherwise fail deep in its start-up with a stack trace.
    """
    try:
        text = path.read_text(encoding="utf-8")
        yaml.safe_load(text)
    except FileNotFoundError:
        return [f"{path.name} is missing from {path.parent}."]
    except yaml.YAMLError as error:
        return [f"{path.name} is not valid YAML: {error}"]
    missing = sorted({name for name in _ENV_REFERENCE.findall(text) if not env.get(name)})
    return [f"{path.name} uses ${{{name}}}, which is not set." for name in missing]
