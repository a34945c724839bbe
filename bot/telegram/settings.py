"""The Telegram channel's settings, read and checked with the others at start (bot/config.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bot.environment import EnvReader

TELEGRAM_DEFAULT_API = "https://api.telegram.org"
# BotFather's tokens look like 123456789:AAE...; checked loosely so a new
# format still passes, strictly enough to catch a pasted URL or a quote.
_TELEGRAM_TOKEN = re.compile(r"\d{1,20}:[A-Za-z0-9_-]{20,100}")
# Gateway routes a webhook path must not shadow.
_RESERVED_PATHS = ("", "/healthz", "/readyz")
_RESERVED_PREFIXES = ("/static/", "/socket.io/", "/internal/")
# What Telegram accepts as a webhook secret_token.
_TELEGRAM_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


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


def telegram_settings(read: EnvReader) -> TelegramSettings | None:
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
