"""The gateway's one client to the Rasa server.

A single pooled keep-alive ``httpx.AsyncClient`` per gateway process, with an
explicit timeout on every call. Transport failures are mapped to three
errors that tell the channels what the user should hear: the message never
reached Rasa (safe to send again), it reached Rasa but no answer came in
time, or Rasa answered with an error.

With several Rasa replicas (ORIENTA_RASA_URLS) every call about a conversation goes to that
conversation's replica, and to the next one when a connection is refused: nothing was sent
yet, so that is safe (bot/cluster/routing.py says why sticky).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Protocol
from urllib.parse import quote

import httpx

from bot.cluster.routing import Replicas
from bot.dialogue.messages import BotMessage, parse_bot_messages

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 2.0
STATUS_TIMEOUT_SECONDS = 3.0
TRACKER_TIMEOUT_SECONDS = 5.0


class RasaError(Exception):
    """Rasa could not answer a user message."""


class RasaUnavailable(RasaError):
    """The message did not reach Rasa (connection refused, pool exhausted)."""


class RasaTimeout(RasaError):
    """The message was sent, but Rasa's answer did not arrive in time."""


class RasaFailed(RasaError):
    """Rasa answered with an error status or a body that is not its message list."""


class RasaNoAnswer(RasaFailed):
    """Rasa took the message but said nothing, and the conversation is not paused.

    What Rasa does when a custom action fails (the action server died mid-action or is down):
    it logs the error, drops the action's events and waits for the next message, so the user
    would get silence. The message itself is in the tracker.
    """


class Dialogue(Protocol):
    """What the channels need from Rasa: one user message in, the bot's messages out.

    ``RasaClient`` is one; ``bot.privacy.desk.DataRequests`` wraps it to carry out export and
    erasure requests.
    """

    async def send_message(
        self, conversation_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[BotMessage]:
        """Send ``text`` for ``conversation_id``; return the replies."""
        ...


class RasaClient:
    """Sends user messages to Rasa's REST channel and reads its HTTP API."""

    def __init__(
        self,
        base_url: str | Sequence[str],
        token: str,
        timeout: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        """Create the pooled client.

        Args:
            base_url: Rasa server, e.g. ``http://127.0.0.1:5005``, or its replicas.
            token: Rasa's ``--auth-token``, needed by its HTTP API.
            timeout: seconds to wait for Rasa's answer to a user message.
            transport: a custom transport (tests); by default connection
                attempts are retried once, which is safe because no data was
                sent yet.
        """
        self._token = token
        urls = (base_url,) if isinstance(base_url, str) else tuple(base_url)
        self.replicas = Replicas([url.rstrip("/") for url in urls])
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=CONNECT_TIMEOUT_SECONDS),
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
            transport=transport or httpx.AsyncHTTPTransport(retries=1),
        )

    async def send_message(
        self, conversation_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[BotMessage]:
        """Deliver one user message and return the bot's replies to it."""
        body = {"sender": conversation_id, "message": text, "metadata": metadata or {}}
        replies = parse_bot_messages(await self._post(conversation_id, "/webhooks/rest/webhook", body))
        if not replies and not await self._paused(conversation_id):
            raise RasaNoAnswer("Rasa answered nothing (a custom action failed?)")
        return replies

    async def _paused(self, conversation_id: str) -> bool:
        """True when a person has taken the conversation over (Rasa then rightly says nothing).

        Asked only after an empty answer, without the events; a tracker that cannot be read
        counts as not paused, so the user hears that something went wrong rather than nothing.
        """
        try:
            return (await self._tracker(conversation_id, include_events="NONE")).get("paused") is True
        except RasaError:
            return False

    async def trigger_intent(
        self, conversation_id: str, intent: str, entities: dict[str, Any] | None = None
    ) -> list[BotMessage]:
        """Make Rasa act as if the user had expressed ``intent``, and return what the bot says.

        For scheduled work such as job alerts. Errors are mapped as for ``send_message``.
        Rasa's router does not percent-decode the id, so ``:`` (as in ``web:…``) stays as is.
        """
        path = f"/conversations/{quote(conversation_id, safe=':')}/trigger_intent"
        payload = await self._post(
            conversation_id, path, {"name": intent, "entities": entities or {}}, {"token": self._token}
        )
        messages = payload.get("messages") if isinstance(payload, dict) else None
        return parse_bot_messages(messages or [])

    async def _send(self, conversation_id: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Send a request to the conversation's replica, or the next ones while connections are refused.

        Only a refused (or timed-out) connection moves on: the request never left, so no
        replica can have acted on it.
        """
        order = self.replicas.order(conversation_id)
        for attempt, url in enumerate(order, 1):
            try:
                response = await self._client.request(method, url + path, **kwargs)
            except (httpx.ConnectError, httpx.ConnectTimeout):
                self.replicas.failed(url)
                if attempt == len(order):
                    raise
                logger.warning("Rasa at %s refused a connection; trying the next replica", url)
                continue
            self.replicas.answered(url)
            return response
        raise AssertionError("unreachable: Replicas holds at least one URL")

    async def _post(
        self, conversation_id: str, path: str, body: dict[str, Any], params: dict[str, str] | None = None
    ) -> Any:
        """POST JSON to Rasa and return its JSON answer, mapping every failure to a RasaError."""
        try:
            response = await self._send(conversation_id, "POST", path, params=params, json=body)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as error:
            raise RasaUnavailable(f"cannot reach Rasa: {error!r}") from error
        except httpx.TimeoutException as error:
            raise RasaTimeout(f"no answer from Rasa in time: {error!r}") from error
        except httpx.TransportError as error:
            raise RasaFailed(f"connection to Rasa failed mid-request: {error!r}") from error
        if response.status_code != 200:
            raise RasaFailed(f"Rasa answered HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError as error:
            raise RasaFailed("Rasa's answer is not JSON") from error

    async def events(self, conversation_id: str) -> list[dict[str, Any]]:
        """The conversation's events as Rasa stored them (since its last restart).

        For restoring a web chat's history after a reload; raise RasaError when Rasa
        cannot say, so the caller can tell "no history" from "history unavailable".
        """
        events = (await self._tracker(conversation_id, include_events="AFTER_RESTART")).get("events")
        return [event for event in events or [] if isinstance(event, dict)]

    async def slots(self, conversation_id: str) -> dict[str, Any]:
        """The conversation's slots (the gateway reads ``language``); RasaError when Rasa cannot say."""
        slots = (await self._tracker(conversation_id, include_events="NONE")).get("slots")
        return slots if isinstance(slots, dict) else {}

    async def _tracker(self, conversation_id: str, include_events: str) -> dict[str, Any]:
        """The conversation's tracker as a JSON object, every failure mapped to a RasaError.

        ``include_events`` is Rasa's own parameter (``AFTER_RESTART``, its default, or ``NONE``).
        """
        path = f"/conversations/{quote(conversation_id, safe=':')}/tracker"
        params = {"token": self._token, "include_events": include_events}
        try:
            response = await self._send(conversation_id, "GET", path, params=params, timeout=TRACKER_TIMEOUT_SECONDS)
        except httpx.HTTPError as error:
            raise RasaUnavailable(f"cannot read the tracker: {error!r}") from error
        if response.status_code != 200:
            raise RasaFailed(f"Rasa's tracker answered HTTP {response.status_code}")
        try:
            tracker = response.json()
        except ValueError as error:
            raise RasaFailed("Rasa's tracker is not a JSON object") from error
        if not isinstance(tracker, dict):
            raise RasaFailed("Rasa's tracker is not a JSON object")
        return tracker

    async def append_events(self, conversation_id: str, events: list[dict[str, Any]]) -> None:
        """Append events to the conversation's tracker (the console's pause, resume, operator messages).

        Raise RasaError when they may not have been stored, so the caller does not tell the user
        something the tracker will not show.
        """
        path = f"/conversations/{quote(conversation_id, safe=':')}/tracker/events"
        try:
            params = {"token": self._token}
            response = await self._send(
                conversation_id, "POST", path, params=params, json=events, timeout=TRACKER_TIMEOUT_SECONDS
            )
        except httpx.HTTPError as error:
            raise RasaUnavailable(f"cannot append to the tracker: {error!r}") from error
        if response.status_code != 200:
            raise RasaFailed(f"Rasa's tracker answered HTTP {response.status_code} to appended events")

    async def status(self) -> dict[str, Any]:
        """Return Rasa's /status (which model is loaded); raise RasaError if unreachable.

        With several replicas: the first one with a model loaded, else the last answer or error
        (the gateway is ready while any replica can answer; the others' conversations fail over).
        """
        error: RasaError = RasaUnavailable("no Rasa replica")
        payload: dict[str, Any] | None = None
        for url in self.replicas.urls:
            try:
                response = await self._client.get(
                    url + "/status", params={"token": self._token}, timeout=STATUS_TIMEOUT_SECONDS
                )
            except httpx.HTTPError as failure:
                error = RasaUnavailable(f"cannot reach Rasa: {failure!r}")
                continue
            if response.status_code != 200:
                error = RasaFailed(f"Rasa /status answered HTTP {response.status_code}")
                continue
            body = response.json()
            payload = body if isinstance(body, dict) else {}
            if payload.get("model_file"):
                return payload
        if payload is not None:
            return payload
        raise error

    async def aclose(self) -> None:
        """Close the pooled connections."""
        await self._client.aclose()
