"""The web chat channel: a python-socketio server speaking Rasa's protocol.

Rasa's own socketio channel is not used: with python-socketio >= 5.10 and
session persistence its replies never reach the client (it does not await
``enter_room``; RasaHQ/rasa issue 13027). This server implements the same
protocol (see ``protocol.py``) and forwards each message through the
``Relay`` to Rasa's REST channel.

Each socket joins the room named by its session id, and replies are emitted
to that room: every tab of the same session sees them, and a reply whose
session has no open socket goes to the outbox until the session returns.

For the embeddable widget (``widget/``) it also acknowledges messages that carry a
``message_id`` and recognises resends of them (``limits.RecentIds``), limits how many
messages a session and an IP address may send per minute, and answers
``session_request`` ``{"history": true}`` with the conversation read from Rasa's tracker.

With several gateways (ORIENTA_REDIS_URL) python-socketio's Redis manager carries emits to
sockets on other gateways, and ``SharedSessions`` (bot/cluster/web_sessions.py) says whether a
session is open on any of them and keeps the replies of a closed one in Redis instead of memory.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import socketio

from bot.cluster.web_sessions import SharedSessions
from bot.config import WebLimits
from bot.conversations.delivery import Delivery
from bot.conversations.relay import Relay
from bot.dialogue.client import RasaError
from bot.dialogue.messages import BotMessage
from bot.texts import GatewayTexts
from bot.webchat.history import history_entries, message_ids
from bot.webchat.limits import RecentIds, SlidingWindow
from bot.webchat.outbox import Outbox
from bot.webchat.protocol import (
    conversation_id,
    new_session_id,
    read_user_uttered,
    to_socketio,
    valid_session_id,
)

logger = logging.getLogger(__name__)

# Largest socket.io frame accepted; a bigger one closes the connection at the
# transport level. Comfortably above the longest message the relay accepts.
MAX_FRAME_BYTES = 64 * 1024
#: Sessions whose stored message ids this process has read (one tracker read each, then memory).
MAX_CHECKED_SESSIONS = 10_000

#: Reads a conversation's tracker events (``RasaClient.events``).
EventReader = Callable[[str], Awaitable[list[dict[str, Any]]]]


class WebChat:
    """Registers Rasa's socket.io events on an ``AsyncServer`` and serves them."""

    def __init__(
        self,
        relay: Relay,
        cors_allowed_origins: str | list[str] | None,
        delivery: Delivery | None = None,
        *,
        texts: GatewayTexts | None = None,
        limits: WebLimits | None = None,
        read_events: EventReader | None = None,
        shared: SharedSessions | None = None,
    ) -> None:
        """Create the socket.io server and register it as the "web" channel.

        Args:
            relay: forwards user messages to Rasa.
            cors_allowed_origins: python-socketio's setting: None for
                same-origin only, a list of origins, or "*".
            delivery: the gateway's one delivery path; replies (and pushed
                messages) to ``web:<session id>`` come back through it.
            texts: the gateway's texts (the rate-limit reply).
            limits: messages per minute per session and per IP address.
            read_events: reads a conversation's tracker for ``history``; None: no history.
            shared: the sessions shared with other gateways in Redis; None: this gateway alone.
        """
        self.relay = relay
        self.delivery = delivery or Delivery()
        self.delivery.register("web", self.deliver)
        self.outbox = Outbox()
        self.texts = texts or GatewayTexts.load()
        limits = limits or WebLimits()
        self.per_session = SlidingWindow(limits.per_session)
        self.per_ip = SlidingWindow(limits.per_ip)
        self.recent = RecentIds()
        self._checked: OrderedDict[str, None] = OrderedDict()
        self.read_events = read_events
        self.shared = shared
        manager = None
        if shared is not None:
            manager = socketio.AsyncRedisManager(shared.url, channel="orienta-socketio")
        self.sio = socketio.AsyncServer(
            async_mode="asgi",
            client_manager=manager,
            cors_allowed_origins=cors_allowed_origins,
            max_http_buffer_size=MAX_FRAME_BYTES,
            logger=False,
            engineio_logger=False,
        )
        self.sio.on("connect", self.on_connect)
        self.sio.on("disconnect", self.on_disconnect)
        self.sio.on("session_request", self.on_session_request)
        self.sio.on("user_uttered", self.on_user_uttered)
        self.sio.on("*", self.on_unknown_event)

    async def on_connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
        """Accept every connection that passed the origin check; the session is chosen by session_request.

        The client's address is kept for the per-IP limit (uvicorn puts the proxy's
        X-Forwarded-For there when the proxy is trusted).
        """
        client = environ.get("asgi.scope", {}).get("client")
        await self.sio.save_session(sid, {"ip": client[0] if client else "unknown"})
        return True

    async def on_disconnect(self, sid: str, *args: Any) -> None:
        """Forget the socket in the shared sessions (on a single node the room is all there is)."""
        if self.shared is None:
            return
        session_id = await self._current_session(sid)
        if session_id is not None:
            await self.shared.left(session_id, sid)

    async def on_session_request(self, sid: str, *args: Any) -> None:
        """Confirm (or assign) the session id and deliver anything kept for it (or its history)."""
        data = args[0] if args and isinstance(args[0], dict) else {}
        session_id = valid_session_id(data.get("session_id")) or new_session_id()
        await self._confirm_session(
            sid, session_id, await self._current_session(sid), with_history=data.get("history") is True
        )

    async def on_user_uttered(self, sid: str, *args: Any) -> dict[str, Any]:
        """Relay one user message to Rasa, emit the replies to the session, and return the ack."""
        event = read_user_uttered(args)
        current = await self._current_session(sid)
        session_id = event.session_id or current
        if session_id is None:
            # A client that skipped session_request: give it a session rather
            # than dropping its message, as Rasa's channel would.
            session_id = new_session_id()
            await self._confirm_session(sid, session_id, current)
        elif session_id != current:
            await self._join(sid, session_id, current)
        ack: dict[str, Any] = {"status": "ok", "message_id": event.message_id}
        if event.message_id:
            await self._remember_stored_ids(session_id)
        if event.message_id and not self.recent.first_time(session_id, event.message_id):
            logger.debug("resent message recognised in %s", conversation_id(session_id))
            return {**ack, "status": "duplicate"}
        ip = (await self.sio.get_session(sid)).get("ip", "unknown")
        if not (self.per_session.allow(session_id) and self.per_ip.allow(ip)):
            logger.info("rate limit reached in %s", conversation_id(session_id))
            too_many = self.texts.to(conversation_id(session_id)).get("too_many_messages")
            await self.sio.emit("bot_uttered", {"text": too_many}, to=sid)
            return {**ack, "status": "rate_limited"}
        metadata = dict(event.custom_data)
        if event.message_id:
            metadata["message_id"] = event.message_id
        replies = await self.relay.handle(conversation_id(session_id), event.message, metadata)
        await self.delivery.deliver(conversation_id(session_id), replies)
        return ack

    async def deliver(self, session_id: str, messages: Sequence[BotMessage]) -> None:
        """Emit messages to every tab of a session, or keep them until it reconnects."""
        for message in messages:
            for payload in to_socketio(message):
                await self._deliver(session_id, payload)

    async def on_unknown_event(self, event: str, sid: str, *args: Any) -> None:
        """Tell a client that sent an event this server does not know."""
        logger.debug("unknown socket.io event %.64r", event)
        await self.sio.emit("error", {"error": "unknown_event", "event": str(event)[:64]}, to=sid)

    async def disconnect_all(self) -> None:
        """Close every client connection, e.g. before the gateway stops.

        Long-polling clients otherwise hold a request open for up to 25 s,
        delaying the stop; told to disconnect, clients reconnect (to this
        gateway once restarted, or another replica) and keep their session.
        With none connected there is nothing to do (python-engineio would raise
        ValueError on the empty set, failing the gateway's stop).
        """
        if self.sio.eio.sockets:
            await self.sio.eio.disconnect()

    def forget(self, conversation: str) -> int:
        """Drop the replies kept for a web conversation whose data was erased; how many went.

        The web chat keeps nothing else about a session's content in memory: the history a
        client asks for is read from the tracker each time (history.py).
        """
        prefix = conversation_id("")
        if not conversation.startswith(prefix):
            return 0
        session_id = conversation.removeprefix(prefix)
        self._checked.pop(session_id, None)
        return self.outbox.forget(session_id)

    async def _remember_stored_ids(self, session_id: str) -> None:
        """Before a session's first message with an id since this process started, learn the ids Rasa holds.

        ``recent`` lives in memory: after a gateway restart, a client resending a message whose
        acknowledgement died with the old process would otherwise get it answered twice. The
        tracker survives restarts, so its ids are recorded as seen (once per session; when it
        cannot be read, the message goes on unchecked rather than being held up).
        """
        if self.read_events is None or session_id in self._checked:
            return
        self._checked[session_id] = None
        while len(self._checked) > MAX_CHECKED_SESSIONS:
            self._checked.popitem(last=False)
        try:
            events = await self.read_events(conversation_id(session_id))
        except RasaError as error:
            logger.warning("could not read the stored message ids of %s: %s", conversation_id(session_id), error)
            return
        for stored in message_ids(events):
            self.recent.first_time(session_id, stored)

    async def _current_session(self, sid: str) -> str | None:
        """The session id this socket joined, if any."""
        return (await self.sio.get_session(sid)).get("session_id")

    async def _confirm_session(
        self, sid: str, session_id: str, previous: str | None, *, with_history: bool = False
    ) -> None:
        """Join the session, confirm it to the client, hand over what was kept for it.

        A client that asks for the history gets it instead of the kept replies: they are
        in the tracker, so the history already holds them.
        """
        await self._join(sid, session_id, previous)
        await self.sio.emit("session_confirm", session_id, to=sid)
        kept = await self._take_kept(session_id)
        if with_history:
            await self.sio.emit("history", await self._history(session_id), to=sid)
            return
        for payload in kept:
            await self.sio.emit("bot_uttered", payload, to=sid)

    async def _history(self, session_id: str) -> dict[str, Any]:
        unavailable: dict[str, Any] = {"available": False, "entries": [], "message_ids": []}
        if self.read_events is None:
            return unavailable
        try:
            events = await self.read_events(conversation_id(session_id))
        except RasaError as error:
            logger.warning("no history for %s: %s", conversation_id(session_id), error)
            return unavailable
        return {"available": True, "entries": history_entries(events), "message_ids": message_ids(events)}

    async def _join(self, sid: str, session_id: str, previous: str | None) -> None:
        if previous and previous != session_id:
            await self.sio.leave_room(sid, previous)
            if self.shared is not None:
                await self.shared.left(previous, sid)
        await self.sio.enter_room(sid, session_id)
        async with self.sio.session(sid) as session:
            session["session_id"] = session_id
        if self.shared is not None:
            # After entering the room: from now on another gateway's emit reaches this socket.
            await self.shared.joined(session_id, sid)

    async def _deliver(self, session_id: str, payload: dict[str, Any]) -> None:
        if any(True for _ in self.sio.manager.get_participants("/", session_id)) or (
            self.shared is not None and await self.shared.is_open(session_id)
        ):
            # With the Redis manager this also reaches the session's sockets on other gateways.
            await self.sio.emit("bot_uttered", payload, room=session_id)
        elif self.shared is not None:
            await self.shared.keep(session_id, payload)
        else:
            self.outbox.put(session_id, payload)

    async def _take_kept(self, session_id: str) -> list[dict[str, Any]]:
        """What was kept for the session, here or (several gateways) in Redis."""
        if self.shared is not None:
            return await self.shared.take(session_id)
        return self.outbox.take(session_id)
