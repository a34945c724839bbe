"""Keep personal data no longer than needed: idle conversations and declined consent are erased.

Two rules, applied by a sweep at the gateway's start and then every hour:

- a conversation whose user has written nothing for ``ORIENTA_RETENTION_DAYS`` (180) is erased,
  job alerts and media files included;
- a conversation without consent (the user declined the privacy notice, withdrew it, or never
  answered it) is erased once its session is over (idle longer than the domain's
  ``session_expiration_time``): they get general information during the session, and nothing
  about them is kept after it. Never answering counts as declining: silence is not consent.

The erasure is the same as "delete my data" (``erasure.erase_conversation``); the log gives
counts only.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from bot.media import MediaStore
from bot.periodic import repeat
from bot.privacy.erasure import erase_conversation
from bot.privacy.store import PersonalDataStore

logger = logging.getLogger(__name__)

SWEEP_EVERY_SECONDS = 3600.0
DAY = 86400.0


def session_minutes(domain_path: Path, default: float = 60.0) -> float:
    """The domain's ``session_config.session_expiration_time`` (minutes); ``default`` without a domain.

    Rasa itself needs the domain, so it is missing only where a gateway runs alone (tests).
    """
    if not domain_path.is_file():
        return default
    with domain_path.open(encoding="utf-8") as handle:
        domain = yaml.safe_load(handle) or {}
    return float((domain.get("session_config") or {}).get("session_expiration_time") or default)


@dataclass(frozen=True)
class Retention:
    """How long conversations are kept, and where their data is."""

    store: PersonalDataStore
    media: MediaStore
    retention_days: float
    session_minutes: float

    def sweep(self, now: float | None = None) -> dict[str, int]:
        """Erase what is due; how many conversations went under each rule."""
        now = time.time() if now is None else now
        idle = set(self.store.idle_since(now - self.retention_days * DAY))
        session_over = set(self.store.idle_since(now - self.session_minutes * 60))
        declined = set(self.store.without_consent()) & session_over
        for conversation_id in idle | declined:
            erase_conversation(self.store, self.media, conversation_id)
        return {"idle": len(idle), "declined": len(declined - idle)}

    async def sweep_forever(self, every: float = SWEEP_EVERY_SECONDS) -> None:
        """Sweep now and then every ``every`` seconds, until cancelled (the gateway's lifespan)."""
        await repeat(every, self._sweep_and_log, "retention sweep")

    async def _sweep_and_log(self) -> None:
        try:
            counts = await run_in_threadpool(self.sweep)
        except SQLAlchemyError as error:
            logger.warning("retention sweep skipped: the database is not available (%s)", type(error).__name__)
            return
        if any(counts.values()):
            logger.info("retention: erased %d idle and %d declined conversations", counts["idle"], counts["declined"])
