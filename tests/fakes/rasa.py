"""A stand-in for the Rasa server's HTTP interface, for the gateway's unit tests.

It answers the endpoints the gateway uses, in Rasa's shapes:
``POST /webhooks/rest/webhook`` (``{"sender", "message", "metadata"}`` -> a
list of ``{"recipient_id", "text", "buttons", ...}``), ``GET /status`` and
``POST /conversations/{id}/trigger_intent`` (``{"name", "entities"}`` ->
``{"tracker", "messages"}``), ``POST /conversations/{id}/tracker/events`` (a paused
conversation then gets no reply, as in Rasa) and ``GET /conversations/{id}/tracker`` (the events in
``events``), all with the token in the query string. The real Rasa server is exercised in
tests/e2e/; this fake exists to produce on demand what a real one rarely
does: errors, slowness, malformed answers.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route


@dataclass
class FakeRasa:
    """Behaviour switches and a record of what the gateway sent."""

    token: str = "test-token-0123456789"
    status_code: int = 200
    delay_seconds: float = 0.0
    malformed: bool = False
    #: answer a user message with no messages at all (as Rasa does when a custom action fails)
    silent: bool = False
    #: every tracker says a person has taken the conversation over (as well as those in ``paused``)
    all_paused: bool = False
    model_file: str | None = "models/orienta.tar.gz"
    extra_messages: list[dict[str, Any]] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)
    triggered: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    #: conversation id -> the tracker events ``GET .../tracker`` answers with
    events: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    in_flight: int = 0
    max_in_flight: int = 0
    #: conversation id -> the events posted to ``.../tracker/events`` (the console's pause, resume, messages)
    appended: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: conversations whose last appended pause/resume was a pause: like Rasa, no bot reply there
    paused: set[str] = field(default_factory=set)
    #: conversation id -> slots its tracker starts with (``language`` is ``en`` unless set here)
    slots: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: start each echo with the conversation's language slot, ``[sv] echo: ...``
    echo_language: bool = False
    #: conversations Rasa has a session for (a message or an append started it, or ``slots`` set)
    started: set[str] = field(default_factory=set)

    def slots_of(self, conversation_id: str) -> dict[str, Any]:
        """The slots as Rasa would have them: the initial ones, then every appended slot event."""
        slots = {"language": "en", **self.slots.get(conversation_id, {})}
        for event in self.appended.get(conversation_id, []):
            if event.get("event") == "slot":
                slots[event["name"]] = event.get("value")
        return slots

    def app(self) -> Starlette:
        """The ASGI app to serve."""
        return Starlette(
            routes=[
                Route("/webhooks/rest/webhook", self._webhook, methods=["POST"]),
                Route("/status", self._status),
                Route("/conversations/{conversation_id:path}/trigger_intent", self._trigger, methods=["POST"]),
                Route("/conversations/{conversation_id:path}/tracker/events", self._append, methods=["POST"]),
                Route("/conversations/{conversation_id:path}/tracker", self._tracker),
            ]
        )

    async def _webhook(self, request: Request) -> Response:
        body = await request.json()
        self.received.append(body)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.delay_seconds:
                await asyncio.sleep(self.delay_seconds)
        finally:
            self.in_flight -= 1
        if self.status_code != 200:
            return JSONResponse({"error": "boom"}, status_code=self.status_code)
        if self.malformed:
            return PlainTextResponse("<html>not json</html>")
        if body["sender"] in self.paused or self.silent:
            return JSONResponse([])
        sender = body["sender"]
        session_start = self._session_start(sender, body.get("metadata") or {})
        prefix = f"[{self.slots_of(sender)['language']}] " if self.echo_language else ""
        reply = {"recipient_id": sender, "text": f"{prefix}echo: {body['message']}"}
        extra = [*session_start, *self.extra_messages]
        return JSONResponse([reply, *({"recipient_id": sender, **m} for m in extra)])

    def _session_start(self, conversation_id: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        """Like actions/privacy/session.py: a new conversation's language from ``language_guess``."""
        if conversation_id in self.started or conversation_id in self.slots or conversation_id in self.appended:
            return []
        self.started.add(conversation_id)
        guess = metadata.get("language_guess")
        if not guess:
            return []
        self.slots[conversation_id] = {"language": guess}
        return [{"custom": {"type": "language", "language": guess, "guessed": True}}]

    async def _status(self, request: Request) -> Response:
        if request.query_params.get("token") != self.token:
            return JSONResponse({"message": "unauthorized"}, status_code=401)
        return JSONResponse({"model_file": self.model_file, "model_id": "x", "num_active_training_jobs": 0})

    async def _trigger(self, request: Request) -> Response:
        if request.query_params.get("token") != self.token:
            return JSONResponse({"message": "unauthorized"}, status_code=401)
        # Rasa's Sanic router takes the id from the raw path, without percent-decoding it.
        raw_path = request.scope.get("raw_path", b"").decode("ascii")
        conversation_id = raw_path.removeprefix("/conversations/").removesuffix("/trigger_intent")
        body = await request.json()
        self.triggered.append((conversation_id, body))
        if self.status_code != 200:
            return JSONResponse({"error": "boom"}, status_code=self.status_code)
        messages = [{"recipient_id": conversation_id, "text": f"triggered: {body['name']}"}, *self.extra_messages]
        return JSONResponse({"tracker": {"sender_id": conversation_id}, "messages": messages})

    async def _append(self, request: Request) -> Response:
        if request.query_params.get("token") != self.token:
            return JSONResponse({"message": "unauthorized"}, status_code=401)
        if self.status_code != 200:
            return JSONResponse({"error": "boom"}, status_code=self.status_code)
        conversation_id = request.path_params["conversation_id"]
        body = await request.json()
        events = body if isinstance(body, list) else [body]
        self.appended.setdefault(conversation_id, []).extend(events)
        for event in events:
            if event.get("event") == "pause":
                self.paused.add(conversation_id)
            elif event.get("event") == "resume":
                self.paused.discard(conversation_id)
        return JSONResponse({"sender_id": conversation_id, "events": events})

    async def _tracker(self, request: Request) -> Response:
        if request.query_params.get("token") != self.token:
            return JSONResponse({"message": "unauthorized"}, status_code=401)
        if self.status_code != 200:
            return JSONResponse({"error": "boom"}, status_code=self.status_code)
        conversation_id = request.path_params["conversation_id"]
        events = self.events.get(conversation_id, []) if request.query_params.get("include_events") != "NONE" else []
        paused = self.all_paused or conversation_id in self.paused
        slots = self.slots_of(conversation_id)
        return JSONResponse({"sender_id": conversation_id, "paused": paused, "events": events, "slots": slots})
