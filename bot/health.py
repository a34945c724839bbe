"""Liveness and readiness of the gateway, as JSON for people and probes.

``/healthz`` says the gateway process answers. ``/readyz`` says a user
message would get a real answer now: Rasa answers with a model loaded, and
the action server answers its health check. Both checks run concurrently
with short timeouts, so a hung dependency makes /readyz slow by seconds,
not minutes.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from bot.dialogue.client import RasaClient, RasaError

PROBE_TIMEOUT_SECONDS = 3.0


@dataclass(frozen=True)
class Check:
    """The outcome of one readiness check; ``detail`` is safe to show anyone."""

    ok: bool
    detail: str

    def as_json(self) -> dict[str, object]:
        """The check as it appears in /readyz."""
        return {"ok": self.ok, "detail": self.detail}


async def check_rasa(rasa: RasaClient) -> Check:
    """Ready when Rasa's /status names a loaded model."""
    try:
        status = await rasa.status()
    except RasaError:
        return Check(False, "Rasa server not reachable")
    if not status.get("model_file"):
        return Check(False, "Rasa server has no model loaded")
    return Check(True, "model loaded")


async def check_actions(client: httpx.AsyncClient, health_url: str) -> Check:
    """Ready when the action server's /health answers 200."""
    try:
        response = await client.get(health_url, timeout=PROBE_TIMEOUT_SECONDS)
    except httpx.HTTPError:
        return Check(False, "action server not reachable")
    if response.status_code != 200:
        return Check(False, f"action server answered HTTP {response.status_code}")
    return Check(True, "answering")


async def readiness(rasa: RasaClient, client: httpx.AsyncClient, actions_health_url: str | None) -> dict[str, Check]:
    """Run every readiness check concurrently.

    ``actions_health_url`` None: the action servers sit beside remote Rasa replicas
    (ORIENTA_RASA_URLS), where each replica's own probe checks them.
    """
    if actions_health_url is None:
        return {"rasa": await check_rasa(rasa)}
    rasa_check, actions_check = await asyncio.gather(check_rasa(rasa), check_actions(client, actions_health_url))
    return {"rasa": rasa_check, "actions": actions_check}
