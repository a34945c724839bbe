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
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from actions.vacancies.settings import parse_vacancy_settings

PROJECT_DIR = Path(__file__).resolve().parent.parent

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
TRACKER_SCHEMES = ("sqlite", "postgresql", "postgresql+psycopg2")
MIN_TOKEN_LENGTH = 16
VACANCY_PREFIXES = ("VACANCY_", "JOBTECH_", "ARBEITSAGENTUR_")
TELEGRAM_DEFAULT_API = "https://api.telegram.org"
# BotFather's tokens look like 123456789:AAE...; checked loosely so a new
# format still passes, strictly enough to catch a pasted URL or a quote.
_TELEGRAM_TOKEN = re.compile(r"\d{1,20}:[A-Za-z0-9_-]{20,100}")
# Gateway routes a webhook path must not shadow.
_RESERVED_PATHS = ("", "/healthz", "/readyz")
_RESERVED_PREFIXES = ("/static/", "/socket.io/", "/internal/")
# What Telegram accepts as a webhook secret_token.
_TELEGRAM_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_ENV_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class ConfigError(Exception):
    """The configuration cannot be used; ``problems`` says why, one line each.

    Each line names the variable or file at fault and what would fix it, so
    the first thing a user sees is an instruction, not a traceback.
    """

    def __init__(self, problems: list[str]) -> None:
        """Keep every problem, so the user can fix them all in one go."""
        super().__init__("\n".join(problems))
        self.problems = problems

    def __str__(self) -> str:
        """Render as the message printed when Orienta refuses to start."""
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        return f"Orienta cannot start, the configuration has problems:\n{lines}"


@dataclass(frozen=True)
class AlertSettings:
    """When job alerts are checked and sent (bot/alerts.py, actions/vacancies/alerts.py)."""

    interval_minutes: float
    check_seconds: float
    quiet_hours: str
    timezone: str


@dataclass(frozen=True)
class TelegramSettings:
    """The Telegram channel's settings; present only when a bot token is set."""

    token: str = field(repr=False)
    api_root: str
    webhook_url: str | None
    # None: the gateway generates one per start (setWebhook is called at
    # every start, so Telegram always has the current one).
    webhook_secret: str | None = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        """PTB's base_url: it appends the token verbatim, so no trailing slash."""
        return f"{self.api_root}/bot"

    @property
    def base_file_url(self) -> str:
        """PTB's base_file_url, for downloading files users send."""
        return f"{self.api_root}/file/bot"

    @property
    def webhook_path(self) -> str | None:
        """The gateway route that receives updates in webhook mode."""
        return urlsplit(self.webhook_url).path if self.webhook_url else None


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
    alerts: AlertSettings = AlertSettings(1440, 60, "21-8", "Europe/Stockholm")
    #: The vacancy source's variables (VACANCY_*, JOBTECH_*, ARBEITSAGENTUR_*), validated by
    #: actions/vacancies/settings.py and passed on to the action server as they are.
    vacancy_env: tuple[tuple[str, str], ...] = ()
    telegram: TelegramSettings | None = None

    @property
    def rasa_url(self) -> str:
        """Base URL of the Rasa server, which only ever listens on loopback."""
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        """Webhook URL of the action server, as Rasa's endpoints.yml needs it."""
        return f"http://127.0.0.1:{self.actions_port}/webhook"

    @property
    def actions_health_url(self) -> str:
        """Health endpoint of the action server, for the gateway's /readyz."""
        return f"http://127.0.0.1:{self.actions_port}/health"

    def child_environment(self) -> dict[str, str]:
        """Variables that endpoints.yml and the child processes read."""
        env = {
            "ORIENTA_ACTIONS_URL": self.actions_url,
            "ORIENTA_TRACKER_URL": self.tracker_url,
            "ORIENTA_DATA_DIR": str(self.data_dir),
            "ORIENTA_LOG_LEVEL": self.log_level,
        }
        if self.rasa_token:
            env["ORIENTA_RASA_TOKEN"] = self.rasa_token
        env["ORIENTA_ALERT_INTERVAL_MINUTES"] = f"{self.alerts.interval_minutes:g}"
        env.update(self.vacancy_env)
        return env


def read_env_file(path: Path) -> dict[str, str]:
    """Parse a ``.env`` file of ``KEY=value`` lines (``#`` starts a comment).

    Deliberately small: no interpolation or multi-line values, so what the
    file says is exactly what the process gets.
    """
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.removeprefix("export ").partition("=")
        key = key.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise ConfigError([f"{path.name} line {number}: expected KEY=value"])
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


class _Reader:
    """Reads variables one by one, collecting problems instead of raising."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self.problems: list[str] = []

    def text(self, name: str, default: str) -> str:
        value = self.env.get(name, "").strip()
        return value or default

    def port(self, name: str, default: int) -> int:
        raw = self.text(name, str(default))
        if raw.isdigit() and 1 <= int(raw) <= 65535:
            return int(raw)
        self.problems.append(f"{name}={raw!r} is not a port number (1-65535).")
        return default

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        raw = self.text(name, str(default))
        if raw.isdigit() and low <= int(raw) <= high:
            return int(raw)
        self.problems.append(f"{name}={raw!r} must be a whole number from {low} to {high}.")
        return default

    def seconds(self, name: str, default: float, low: float, high: float, unit: str = "seconds") -> float:
        raw = self.text(name, str(default))
        try:
            value = float(raw)
        except ValueError:
            value = float("nan")
        if low <= value <= high:
            return value
        self.problems.append(f"{name}={raw!r} must be a number of {unit} from {low:g} to {high:g}.")
        return default

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        raw = self.text(name, default).upper()
        if raw in choices:
            return raw
        self.problems.append(f"{name}={raw!r} must be one of {', '.join(choices)}.")
        return default


def load_settings(
    environ: Mapping[str, str] | None = None,
    project_dir: Path = PROJECT_DIR,
    *,
    require_token: bool = False,
) -> Settings:
    """Read and validate the settings, or raise ConfigError listing every problem.

    Args:
        environ: the environment to read; ``os.environ`` when None.
        project_dir: where ``.env``, ``endpoints.yml`` and relative paths live.
        require_token: the gateway on its own cannot invent Rasa's auth token
            (the launcher generates one per run), so it asks for it.
    """
    env = {**read_env_file(project_dir / ".env"), **(os.environ if environ is None else environ)}
    read = _Reader(env)

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

    data_dir = _resolve(project_dir, read.text("ORIENTA_DATA_DIR", "var"))
    model_dir = _resolve(project_dir, read.text("ORIENTA_MODEL_DIR", "models"))
    tracker_url = _tracker_url(read, data_dir)

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
        allowed_origins=_origins(read),
        max_message_chars=read.integer("ORIENTA_MAX_MESSAGE_CHARS", 2000, 1, 10000),
        rasa_timeout=read.seconds("ORIENTA_RASA_TIMEOUT", 30.0, 1.0, 300.0),
        alerts=_alerts(read),
        vacancy_env=_vacancy_env(read, env, project_dir),
        telegram=_telegram(read),
    )
    read.problems.extend(_check_endpoints_file(project_dir / "endpoints.yml", {**env, **settings.child_environment()}))
    if read.problems:
        raise ConfigError(read.problems)
    return settings


def _resolve(project_dir: Path, raw: str) -> Path:
    path = Path(raw).expanduser()
    return path if path.is_absolute() else project_dir / path


def _tracker_url(read: _Reader, data_dir: Path) -> str:
    raw = read.text("ORIENTA_TRACKER_URL", f"sqlite:///{data_dir / 'tracker.db'}")
    scheme = urlsplit(raw).scheme
    if scheme not in TRACKER_SCHEMES:
        read.problems.append(
            f"ORIENTA_TRACKER_URL must start with one of {', '.join(s + '://' for s in TRACKER_SCHEMES)} "
            f"(got {scheme + '://' if scheme else 'no scheme'})."
        )
    elif scheme == "sqlite" and not raw.startswith("sqlite:////"):
        read.problems.append("ORIENTA_TRACKER_URL: an SQLite URL needs an absolute path, sqlite:////abs/path.db.")
    return raw


def _public_url(read: _Reader, host: str, port: int) -> str:
    raw = read.text("ORIENTA_PUBLIC_URL", "")
    if not raw:
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        return f"http://{shown}:{port}/"
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        read.problems.append(f"ORIENTA_PUBLIC_URL={raw!r} must be an http(s) URL such as https://chat.example.org/.")
    return raw if raw.endswith("/") else raw + "/"


def _alerts(read: _Reader) -> AlertSettings:
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


def _vacancy_env(read: _Reader, env: Mapping[str, str], project_dir: Path) -> tuple[tuple[str, str], ...]:
    """Validate the vacancy source's settings and keep its variables to pass on."""
    try:
        parse_vacancy_settings(env, project_dir)
    except ValueError as error:
        read.problems.extend(str(error).splitlines())
    return tuple(sorted((k, v) for k, v in env.items() if k.startswith(VACANCY_PREFIXES)))


def _telegram(read: _Reader) -> TelegramSettings | None:
    """The Telegram settings, or None when no bot token is set (channel off).

    Problems name the variable but never echo the token or the secret.
    """
    token = read.text("TELEGRAM_BOT_TOKEN", "")
    others = ("TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_API_BASE_URL")
    if not token:
        for name in others:
            if read.text(name, ""):
                read.problems.append(f"{name} is set but TELEGRAM_BOT_TOKEN is not: set the token BotFather gave you.")
        return None
    if not _TELEGRAM_TOKEN.fullmatch(token):
        read.problems.append(
            "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then letters, digits, - or _), "
            "as BotFather shows it: paste only the token, without quotes or a URL."
        )
    root = read.text("TELEGRAM_API_BASE_URL", TELEGRAM_DEFAULT_API).rstrip("/")
    parts = urlsplit(root)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query:
        read.problems.append(
            f"TELEGRAM_API_BASE_URL={root!r} must be the Bot API server's root URL with no path, "
            f"such as {TELEGRAM_DEFAULT_API} or http://127.0.0.1:8081."
        )
    webhook = read.text("TELEGRAM_WEBHOOK_URL", "") or None
    if webhook is not None:
        hook = urlsplit(webhook)
        local = hook.hostname in ("127.0.0.1", "localhost", "::1")
        if hook.scheme != "https" and not (hook.scheme == "http" and local):
            read.problems.append(
                f"TELEGRAM_WEBHOOK_URL={webhook!r} must be an https:// URL (Telegram calls only https webhooks)."
            )
        elif len(hook.path) < 2 or hook.query or hook.fragment:
            read.problems.append(
                f"TELEGRAM_WEBHOOK_URL={webhook!r} needs a path and no query, e.g. "
                "https://chat.example.org/telegram/webhook; the gateway serves that path."
            )
        elif hook.path.rstrip("/") in _RESERVED_PATHS or hook.path.startswith(_RESERVED_PREFIXES):
            read.problems.append(f"TELEGRAM_WEBHOOK_URL: the path {hook.path!r} is used by the gateway itself.")
    secret = read.text("TELEGRAM_WEBHOOK_SECRET", "") or None
    if secret is not None and not _TELEGRAM_SECRET.fullmatch(secret):
        read.problems.append("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -.")
    return TelegramSettings(token=token, api_root=root, webhook_url=webhook, webhook_secret=secret)


def _origins(read: _Reader) -> tuple[str, ...]:
    raw = read.text("ORIENTA_ALLOWED_ORIGINS", "")
    origins = tuple(o.strip().rstrip("/") for o in raw.split(",") if o.strip())
    for origin in origins:
        parts = urlsplit(origin)
        if origin != "*" and (parts.scheme not in ("http", "https") or not parts.netloc or parts.path):
            read.problems.append(
                f"ORIENTA_ALLOWED_ORIGINS: {origin!r} is not an origin like https://www.example.org (or *)."
            )
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
