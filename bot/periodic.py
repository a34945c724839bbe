"""Background work the gateway repeats: alert and reminder checks, sweeps of media and old data.

Each runs for the gateway's whole life, so one bad moment (a database restart, a full disk) must
not end it: an unexpected error is logged with its traceback and the next round comes as planned.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

logger = logging.getLogger(__name__)


async def repeat(every: float, job: Callable[[], Awaitable[object]], what: str) -> None:
    """Run ``job`` now and then every ``every`` seconds, until cancelled.

    ``what`` names the job in the log ("job alert check failed").
    """
    while True:
        try:
            await job()
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("%s failed", what)
        await asyncio.sleep(every)
