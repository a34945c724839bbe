"""Simulated users: the same scripted conversations over the web chat, Telegram and stock Rasa.

Every user is a closed loop: it sends a message, waits for the end of the bot's answer, and
sends the next one at once (no reading time), so N users keep N messages in flight and the
figures show what the server carries, not how fast people type. A user holds its conversation
in a fresh session, again and again, until its level's time is up, then finishes the message
in flight.

Where the end of an answer is:
- web chat: the ``user_uttered`` ack, which the gateway sends after the last reply;
- stock Rasa: the REST call's response (it carries every reply);
- Telegram: Telegram has no such marker, so a calibration pass (one user, replies counted until
  the chat has been quiet for ``QUIET_SECONDS``) learns how many messages each turn brings, and
  under load a turn ends when that many have arrived.
"""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol

import aiohttp

from bench.scripts import Script, Turn, web_button_payload
from bench.telegram_api import TelegramHub
from bench.webchat import WebChatConnection
from bot.texts import GatewayTexts
from tests.fakes.telegram import ApiCall

TURN_TIMEOUT_SECONDS = 60.0
QUIET_SECONDS = 1.5
_GATEWAY_TROUBLE = ("unavailable", "slow", "failed", "kept", "kept_expired", "kept_full", "too_many_messages")
_chat_ids = itertools.count(7_000_000)


@dataclass(frozen=True)
class TurnRecord:
    """One message and its answer: how long it took, or what went wrong."""

    channel: str
    script: str
    turn: int
    latency: float
    error: str | None = None


@dataclass
class Calibration:
    """What one quiet pass learned: texts the web chat sent, message counts Telegram got."""

    web_texts: dict[str, list[str]] = field(default_factory=dict)
    telegram_counts: dict[str, list[int]] = field(default_factory=dict)


class TroubleTexts:
    """Recognises an answer that is really the gateway (or a vacancy action) saying it failed."""

    def __init__(self) -> None:
        """Load the gateway's own failure texts."""
        texts = GatewayTexts.load()
        self._prefixes = tuple(texts.texts[key].split("{")[0][:40] for key in _GATEWAY_TROUBLE)
        self._prefixes += ("The job service is not answering",)

    def find(self, texts: Sequence[str]) -> str | None:
        """The first failure text among ``texts``, or None."""
        return next((t for t in texts if t.startswith(self._prefixes)), None)


class User(Protocol):
    """A simulated user on one channel."""

    channel: str

    async def converse(self, script: Script, record: Callable[[TurnRecord], None], until: float) -> None:
        """Hold ``script`` once in a fresh session, turn by turn, until ``until`` (monotonic)."""
        ...

    async def close(self) -> None:
        """Let go of connections."""
        ...


async def run_users(users: Sequence[User], scripts: Sequence[Script], seconds: float) -> tuple[list[TurnRecord], float]:
    """Run every user in a closed loop for ``seconds``; return the turns and the wall time taken."""
    records: list[TurnRecord] = []
    started = time.monotonic()
    until = started + seconds

    async def loop(index: int, user: User) -> None:
        script = scripts[index % len(scripts)]
        while time.monotonic() < until:
            await user.converse(script, records.append, until)

    await asyncio.gather(*(loop(i, user) for i, user in enumerate(users)))
    return records, time.monotonic() - started


#: What a turn's ``send`` returns: an error kind (None when all went well) and, when the
#: answer's end is known more precisely than "now", its ``time.monotonic()``.
Outcome = tuple[str | None, float | None]


async def _timed_turn(channel: str, script: Script, number: int, send: Callable[[], Awaitable[Outcome]]) -> TurnRecord:
    """Run ``send`` and time it from now to the end of the answer; map exceptions to errors."""
    started = time.monotonic()
    ended: float | None = None
    try:
        error, ended = await asyncio.wait_for(send(), TURN_TIMEOUT_SECONDS)
    except asyncio.TimeoutError:
        error = "timeout"
    except (aiohttp.ClientError, ConnectionError, OSError) as problem:
        error = f"connection: {type(problem).__name__}"
    return TurnRecord(channel, script.name, number, (ended or time.monotonic()) - started, error)


class WebUser:
    """A web chat tab (WebSocket) holding scripted conversations."""

    channel = "web"

    def __init__(
        self,
        connection: WebChatConnection,
        trouble: TroubleTexts,
        learn: Calibration | None = None,
        sessions: list[str] | None = None,
    ) -> None:
        """Use an open connection; ``learn`` collects the texts sent (for stock Rasa), ``sessions`` the ids."""
        self._connection = connection
        self._trouble = trouble
        self._learn = learn
        self._sessions = sessions

    @classmethod
    async def open(cls, session: aiohttp.ClientSession, url: str, trouble: TroubleTexts, **kw: Any) -> WebUser:
        """Connect to the gateway."""
        return cls(await WebChatConnection.open(session, url), trouble, **kw)

    async def converse(self, script: Script, record: Callable[[TurnRecord], None], until: float) -> None:
        """Hold the conversation in a new session."""
        session_id = await self._connection.start_session(None)
        if self._sessions is not None:
            self._sessions.append(session_id)
        last: list[dict[str, Any]] = []
        sent: list[str] = []
        for number, turn in enumerate(script.turns):
            if time.monotonic() >= until:
                return
            text, missing = _resolve(turn, partial(web_button_payload, last))
            sent.append(text)

            async def send(text: str = text, missing: bool = missing) -> Outcome:
                nonlocal last
                reply = await self._connection.say(text, session_id, TURN_TIMEOUT_SECONDS)
                last = reply.messages
                if reply.status != "ok":
                    return reply.status, reply.last_at
                if not reply.messages:
                    return "no reply", reply.last_at
                trouble = self._trouble.find([m.get("text") or "" for m in reply.messages])
                return ("gateway trouble" if trouble else "button missing" if missing else None), reply.last_at

            record(await _timed_turn(self.channel, script, number, send))
        if self._learn is not None:
            self._learn.web_texts[script.name] = sent

    async def start_session(self, session_id: str | None) -> str:
        """Open (or go back to) a session; return its id."""
        return await self._connection.start_session(session_id)

    async def say_once(self, text: str, session_id: str) -> float:
        """Send one message outside any script; return its latency, raise if it failed."""
        started = time.monotonic()
        reply = await self._connection.say(text, session_id, TURN_TIMEOUT_SECONDS)
        if (
            reply.status != "ok"
            or not reply.messages
            or self._trouble.find([m.get("text") or "" for m in reply.messages])
        ):
            raise RuntimeError(f"the probe {text!r} was not answered: {reply.status} {reply.messages[:2]}")
        return reply.last_at - started

    async def close(self) -> None:
        """Close the WebSocket."""
        await self._connection.close()


class RestUser:
    """A client of stock Rasa's REST channel sending what the web chat sent."""

    channel = "stock"

    def __init__(self, session: aiohttp.ClientSession, url: str, calibration: Calibration) -> None:
        """Post to ``url``'s ``/webhooks/rest/webhook`` the texts learned in calibration."""
        self._session = session
        self._webhook = f"{url.rstrip('/')}/webhooks/rest/webhook"
        self._texts = calibration.web_texts

    async def converse(self, script: Script, record: Callable[[TurnRecord], None], until: float) -> None:
        """Hold the conversation under a new sender id."""
        sender = f"bench-{uuid.uuid4().hex}"
        for number, text in enumerate(self._texts[script.name]):
            if time.monotonic() >= until:
                return

            async def send(text: str = text) -> Outcome:
                async with self._session.post(self._webhook, json={"sender": sender, "message": text}) as response:
                    body = await response.read()
                    if response.status != 200:
                        return f"http {response.status}", None
                    return (None if body.startswith(b"[") else "not a message list"), None

            record(await _timed_turn(self.channel, script, number, send))

    async def say_once(self, sender: str, text: str) -> float:
        """Send one message outside any script; return its latency, raise if it failed."""
        started = time.monotonic()
        async with self._session.post(self._webhook, json={"sender": sender, "message": text}) as response:
            body = await response.read()
        if response.status != 200 or not body.startswith(b"["):
            raise RuntimeError(f"stock Rasa answered the probe with HTTP {response.status}")
        return time.monotonic() - started

    async def close(self) -> None:
        """Nothing to close: the session is shared."""


class TelegramUser:
    """A Telegram user in a private chat, through the fake Bot API."""

    channel = "telegram"

    def __init__(self, hub: TelegramHub, trouble: TroubleTexts, calibration: Calibration, learn: bool = False) -> None:
        """Talk through ``hub``; with ``learn``, count each turn's messages into ``calibration``."""
        self._hub = hub
        self._trouble = trouble
        self._calibration = calibration
        self._learn = learn

    async def converse(self, script: Script, record: Callable[[TurnRecord], None], until: float) -> None:
        """Hold the conversation in a new chat."""
        chat = next(_chat_ids)
        inbox = self._hub.inbox(chat)
        counts = self._calibration.telegram_counts.setdefault(script.name, []) if self._learn else []
        expected = self._calibration.telegram_counts.get(script.name, [])
        last: list[ApiCall] = []
        try:
            for number, turn in enumerate(script.turns):
                if time.monotonic() >= until:
                    return

                async def send(number: int = number, turn: Turn = turn) -> Outcome:
                    nonlocal last
                    stale = _drain(inbox)
                    error = self._act(chat, turn, last)
                    if self._learn:
                        last = await _until_quiet(inbox)
                        counts.append(len(last))
                    else:
                        want = expected[number] if number < len(expected) else 1
                        last = [await inbox.get() for _ in range(max(want, 1))]
                    trouble = self._trouble.find([c.text or c.params.get("caption") or "" for c in last])
                    problem = error or ("gateway trouble" if trouble else "reply count" if stale else None)
                    return problem, last[-1].at

                record(await _timed_turn(self.channel, script, number, send))
        finally:
            self._hub.forget(chat)

    def _act(self, chat: int, turn: Turn, last: list[ApiCall]) -> str | None:
        if turn.button:
            for call in reversed(last):
                for row in call.keyboard:
                    for button in row:
                        if str(button.get("text", "")).startswith(turn.text) and "callback_data" in button:
                            self._hub.fake.user_clicks(call, button["callback_data"])
                            return None
            self._hub.fake.user_says(chat, turn.text)
            return "button missing"
        self._hub.fake.user_says(chat, turn.text)
        return None

    async def close(self) -> None:
        """Nothing to close."""


def _resolve(turn: Turn, payload_of: Callable[[str], str | None]) -> tuple[str, bool]:
    """The text to send for a turn, and whether a button was asked for but not offered."""
    if not turn.button:
        return turn.text, False
    payload = payload_of(turn.text)
    return (payload, False) if payload is not None else (turn.text, True)


def _drain(inbox: asyncio.Queue[ApiCall]) -> int:
    """Throw away messages left from an earlier turn; return how many there were."""
    count = 0
    while not inbox.empty():
        inbox.get_nowait()
        count += 1
    return count


async def _until_quiet(inbox: asyncio.Queue[ApiCall]) -> list[ApiCall]:
    """The first message, then every one until the chat is quiet for ``QUIET_SECONDS``."""
    calls = [await inbox.get()]
    while True:
        try:
            calls.append(await asyncio.wait_for(inbox.get(), QUIET_SECONDS))
        except asyncio.TimeoutError:
            return calls
