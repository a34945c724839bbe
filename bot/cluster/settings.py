"""The scale-out settings, read and checked with the others at start (bot/config.py).

Unset, Orienta is one node: one Rasa server on loopback, Rasa's in-memory lock store, web chat
state in the gateway's memory. ``ORIENTA_REDIS_URL`` switches on what several replicas need
(README "Deploying at scale"): Rasa's Redis lock store, python-socketio's Redis manager and the
shared web chat sessions (bot/cluster/web_sessions.py). ``ORIENTA_RASA_URLS`` lists the Rasa
replicas a gateway routes conversations to, sticky by conversation id (bot/cluster/routing.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.environment import EnvReader
from bot.telegram.settings import TelegramSettings

REDIS_SCHEMES = ("redis", "rediss")
#: What endpoints.yml's lock store gets when there is no Redis (rasa_ext/lock_store.py).
IN_MEMORY_LOCKS = "memory"


@dataclass(frozen=True)
class ClusterSettings:
    """Where the shared parts are; all empty on a single node."""

    #: Redis for Rasa's locks and the gateways' shared web chat state; None: a single node.
    redis_url: str | None = None
    #: The Rasa replicas this gateway routes to; empty: the one on loopback (ORIENTA_RASA_PORT).
    rasa_urls: tuple[str, ...] = ()
    #: The address the Rasa server listens on (other hosts' gateways reach it there).
    rasa_interface: str = "127.0.0.1"
    #: The action server's webhook as Rasa calls it; None: the one on loopback (ORIENTA_ACTIONS_PORT).
    actions_url: str | None = None

    @property
    def lock_store_url(self) -> str:
        """endpoints.yml's ``lock_store`` url: the Redis URL, or ``memory``."""
        return self.redis_url or IN_MEMORY_LOCKS


def cluster_settings(read: EnvReader, telegram: TelegramSettings | None) -> ClusterSettings:
    """Read the scale-out variables; problems name the variable (a Redis password is never echoed)."""
    redis_url = read.text("ORIENTA_REDIS_URL", "") or None
    if redis_url is not None:
        parts = urlsplit(redis_url)
        if parts.scheme not in REDIS_SCHEMES or not parts.hostname:
            read.problems.append("ORIENTA_REDIS_URL must be a URL like redis://host:6379/0 (or rediss:// for TLS).")
        if telegram is not None and not (telegram.webhook_url and telegram.webhook_secret):
            # Polling: Telegram gives updates to one getUpdates caller at a time (409 Conflict).
            # A generated secret: each gateway's setWebhook would replace the others'.
            read.problems.append(
                "With ORIENTA_REDIS_URL (several gateways) Telegram needs webhook mode: set "
                "TELEGRAM_WEBHOOK_URL (the load balancer's address) and one TELEGRAM_WEBHOOK_SECRET for all gateways."
            )
    rasa_urls = tuple(u.strip().rstrip("/") for u in read.text("ORIENTA_RASA_URLS", "").split(",") if u.strip())
    for url in rasa_urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query:
            read.problems.append(f"ORIENTA_RASA_URLS: {url!r} is not a Rasa server's root URL like http://rasa-1:5005.")
    if len(set(rasa_urls)) < len(rasa_urls):
        read.problems.append("ORIENTA_RASA_URLS names a Rasa server twice.")
    if len(rasa_urls) > 1 and redis_url is None:
        read.problems.append(
            "ORIENTA_RASA_URLS lists several Rasa servers: set ORIENTA_REDIS_URL too, so that they share "
            "Rasa's lock store (otherwise two of them may answer one conversation at once and lose events)."
        )
    actions_url = read.text("ORIENTA_ACTIONS_URL", "") or None
    if actions_url is not None:
        parts = urlsplit(actions_url)
        if parts.scheme not in ("http", "https") or not parts.netloc or not parts.path.endswith("/webhook"):
            read.problems.append(
                f"ORIENTA_ACTIONS_URL={actions_url!r} must be the action server's webhook, like http://actions:5055/webhook."
            )
    return ClusterSettings(
        redis_url=redis_url,
        rasa_urls=rasa_urls,
        rasa_interface=read.text("ORIENTA_RASA_INTERFACE", "127.0.0.1"),
        actions_url=actions_url,
    )
