"""One path for everything the bot says: ``deliver(conversation_id, messages)``.

Replies to a user's message, kept messages answered once Rasa is back, job
alerts and operators' messages all reach users the same way: by conversation
id, ``"<channel>:<id>"`` (``web:<session id>``, ``telegram:<chat id>``). Each
channel registers a deliverer for its prefix when it starts; nobody outside
a channel needs to know how it talks to its users.

A channel may also register a typing indicator, shown while Rasa works on a
message of that conversation.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass

from bot.dialogue.messages import BotMessage

logger = logging.getLogger(__name__)

Deliverer = Callable[[str, Sequence[BotMessage]], Awaitable[None]]
Typer = Callable[[str], Awaitable[None]]

# Telegram shows "typing..." for 5 s after each chat action.
TYPING_REPEAT_SECONDS = 4.0


class UnknownChannel(LookupError):
    """No channel is registered for a conversation id's prefix."""


class DeliveryFailed(RuntimeError):
    """The channel could not reach the user, after its own retries; later messages were not sent.

    A message the channel refuses for good (Telegram's "Bad Request") is not this: it is logged
    and the rest go on. A caller that can try again later (job alerts) keeps the messages.
    """


def split_conversation_id(conversation_id: str) -> tuple[str, str]:
    """``"telegram:42"`` -> ``("telegram", "42")``; UnknownChannel if malformed."""
    channel, sep, target = conversation_id.partition(":")
    if not sep or not channel or not target:
        raise UnknownChannel(f"not a conversation id: {conversation_id[:80]!r}")
    return channel, target


@dataclass(frozen=True)
class _Channel:
    deliver: Deliverer
    typing: Typer | None


class Delivery:
    """The registry of channels, and the one ``deliver`` every sender calls."""

    def __init__(self) -> None:
        """Start with no channels; each registers itself."""
        self._channels: dict[str, _Channel] = {}
        self._typing_tasks: set[asyncio.Task[None]] = set()

    def register(self, channel: str, deliver: Deliverer, typing: Typer | None = None) -> None:
        """Route conversation ids ``"<channel>:..."`` to ``deliver``.

        Args:
            channel: the prefix, e.g. ``"telegram"``.
            deliver: sends messages to one target of the channel, in order.
            typing: shows a typing indicator to one target, once (optional).
        """
        self._channels[channel] = _Channel(deliver, typing)

    def channels(self) -> tuple[str, ...]:
        """The registered channel prefixes."""
        return tuple(self._channels)

    async def deliver(self, conversation_id: str, messages: Sequence[BotMessage]) -> None:
        """Send ``messages`` to the conversation's user, whatever the channel.

        Raises:
            UnknownChannel: the id's channel is not registered (or malformed).
        """
        channel, target = split_conversation_id(conversation_id)
        registered = self._channels.get(channel)
        if registered is None:
            raise UnknownChannel(f"no channel {channel[:40]!r} is running")
        if messages:
            await registered.deliver(target, messages)

    @contextlib.asynccontextmanager
    async def typing(self, conversation_id: str) -> AsyncIterator[None]:
        """Show the channel's typing indicator for as long as the block runs."""
        channel, target = split_conversation_id(conversation_id)
        registered = self._channels.get(channel)
        if registered is None or registered.typing is None:
            yield
            return
        stop = asyncio.Event()
        # Not cancelled: an indicator request in flight just finishes on its
        # own, and the reply never waits for it.
        task = asyncio.create_task(_keep_typing(registered.typing, target, stop))
        self._typing_tasks.add(task)
        task.add_done_callback(self._typing_tasks.discard)
        try:
            yield
        finally:
            stop.set()


async def _keep_typing(typing: Typer, target: str, stop: asyncio.Event) -> None:
    """Repeat the indicator until ``stop``; a failed one is not worth an error."""
    while not stop.is_set():
        try:
            await typing(target)
        except Exception as error:  # cosmetic: it must never stop the reply
            logger.debug("typing indicator failed: %r", error)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), TYPING_REPEAT_SECONDS)
