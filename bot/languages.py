"""Each conversation's language on the gateway's side, and the guess before the user chooses.

Rasa's ``language`` slot decides what the bot says (domain.yml has a variation per language);
the gateway needs the same language for its own texts (gateway_texts.yml) and has the hints
Rasa lacks: Telegram's ``language_code`` and the widget's page language (message metadata
``language``), and the first messages themselves. ``LanguageChoice`` wraps the dialogue:

- the first time it meets a conversation it reads the slot from Rasa's tracker, so a language
  chosen before a restart of the gateway is kept (a language other than the default counts
  as chosen);
- until the user chooses, it guesses: the channel's hint on the first message, then the
  detector (nlu/language.py) on each of the first ``GUESS_MESSAGES`` typed messages. On the
  first message the guess goes with it as metadata ``language_guess``: Rasa's session start
  sets the slot from it before the privacy notice and the answer are said, and says so with
  ``{"type": "language", "guessed": true}`` (removed from the replies). Should Rasa already have
  had a session (the gateway restarted), the slot is appended after the answer instead. A later
  guess is appended to the tracker before the message goes to Rasa. Either way the answer is
  in that language;
- after a guess changed the language, the answer ends with ``language_guessed`` (once per
  conversation) and a button per language, so the user confirms or changes it with one tap;
- ``action_set_language`` tells it of a choice with the custom payload
  ``{"type": "language"}``, which it removes from the replies; after that it never guesses.

The state is in memory, per gateway process, at most ``MAX_CONVERSATIONS`` conversations
(least recently used go first, and are read from the tracker again when they come back).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from bot.dialogue.client import Dialogue, RasaError
from bot.dialogue.messages import BotMessage, Button
from nlu.language import Languages

if TYPE_CHECKING:
    from bot.texts import GatewayTexts

logger = logging.getLogger(__name__)

SLOT = "language"
CHOSEN_TYPE = "language"
#: The metadata that carries a first message's guess to Rasa's session start (actions/privacy/session.py).
GUESS_KEY = "language_guess"
#: How many typed messages the detector looks at before the conversation's language stays.
GUESS_MESSAGES = 3
MAX_CONVERSATIONS = 100_000


class TrackerAccess(Protocol):
    """What the guess needs from Rasa's HTTP API besides messages (``RasaClient`` has both)."""

    async def slots(self, conversation_id: str) -> dict[str, Any]:
        """The conversation's slots."""
        ...

    async def append_events(self, conversation_id: str, events: list[dict[str, Any]]) -> None:
        """Append events to the conversation's tracker."""
        ...


@dataclass
class LanguageState:
    """What the gateway knows of one conversation's language."""

    language: str
    chosen: bool = False
    guessed: int = 0  # typed messages the detector has looked at
    confirmed: bool = False  # the buttons to confirm a guess were offered


class ConversationLanguages:
    """The language of each conversation the gateway has seen (the default for the others)."""

    def __init__(self, default: str, max_conversations: int = MAX_CONVERSATIONS) -> None:
        """Start empty; ``default`` is the language of a conversation not seen yet."""
        self.default = default
        self._max = max_conversations
        self._states: OrderedDict[str, LanguageState] = OrderedDict()

    def of(self, conversation_id: str) -> str:
        """The conversation's language."""
        state = self._states.get(conversation_id)
        return state.language if state else self.default

    def entry(self, conversation_id: str) -> LanguageState | None:
        """What is known of the conversation (None: not seen yet); marks it recently used."""
        state = self._states.get(conversation_id)
        if state is not None:
            self._states.move_to_end(conversation_id)
        return state

    def remember(self, conversation_id: str, state: LanguageState) -> LanguageState:
        """Keep ``state`` for the conversation, dropping the least recently used beyond the limit."""
        self._states[conversation_id] = state
        self._states.move_to_end(conversation_id)
        while len(self._states) > self._max:
            self._states.popitem(last=False)
        return state

    def forget(self, conversation_id: str) -> int:
        """Drop what is known of the conversation (an erasure); 1 if there was something, else 0."""
        return 0 if self._states.pop(conversation_id, None) is None else 1

    def choose(self, conversation_id: str, language: str) -> None:
        """The user chose ``language``: keep it, and guess no more."""
        state = self.entry(conversation_id) or self.remember(conversation_id, LanguageState(language))
        state.language, state.chosen = language, True


class LanguageChoice:
    """A ``Dialogue`` that keeps Rasa's language slot and the gateway's languages in step."""

    def __init__(
        self,
        rasa: Dialogue,
        tracker: TrackerAccess,
        conversations: ConversationLanguages,
        known: Languages,
        texts: GatewayTexts,
        guess_messages: int = GUESS_MESSAGES,
    ) -> None:
        """Wrap ``rasa``; ``tracker`` reads and sets the slot, ``known`` detects languages.

        ``texts`` has the question that follows a guess (``language_guessed``).
        """
        self._rasa = rasa
        self._tracker = tracker
        self._conversations = conversations
        self._known = known
        self._texts = texts
        self._guess_messages = guess_messages

    async def send_message(
        self, conversation_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[BotMessage]:
        """Guess the language if the user has not chosen, then relay; note a choice in the answer."""
        metadata = dict(metadata or {})
        first_sight = self._conversations.entry(conversation_id) is None
        guess = await self._guess(conversation_id, text, metadata)
        if guess and first_sight:
            # Rasa's session start sets the slot from it, before the notice and the answer.
            metadata[GUESS_KEY] = guess
        elif guess and not await self._set_slot(conversation_id, guess):
            guess = None
        replies, applied = [], None
        for message in await self._rasa.send_message(conversation_id, text, metadata):
            custom = message.custom or {}
            if custom.get("type") != CHOSEN_TYPE:
                replies.append(message)
            elif (code := self._known.supported(custom.get("language"))) and custom.get("guessed"):
                applied = code
            elif code:
                self._conversations.choose(conversation_id, code)
        state = self._conversations.entry(conversation_id)
        if state is None or state.chosen:
            return replies
        if guess and first_sight and applied != guess and not await self._set_slot(conversation_id, guess):
            # Rasa already had a session (the gateway restarted): set for the next message.
            guess = None
        if guess:
            state.language = guess
            logger.info("language of %s guessed: %s", conversation_id, guess)
            if not state.confirmed:
                state.confirmed = True
                replies.append(self._confirmation(guess))
        return replies

    def _confirmation(self, language: str) -> BotMessage:
        """The guessed language's question, with a button per language."""
        buttons = tuple(
            Button(title=known.label, payload=f'/choose_language{{"language":"{known.code}"}}')
            for known in self._known.known
        )
        return BotMessage(text=self._texts.in_language(language).get("language_guessed"), buttons=buttons)

    async def _guess(self, conversation_id: str, text: str, metadata: dict[str, Any]) -> str | None:
        """The language guessed when it differs from the conversation's; None otherwise."""
        conversations = self._conversations
        state = conversations.entry(conversation_id)
        guess = None
        if state is None:
            read = await self._read_slot(conversation_id)
            if read is None:
                return None  # Rasa cannot say (it is probably down): try again next message
            state = conversations.remember(conversation_id, read)
            guess = self._known.supported(metadata.get(SLOT))
        if state.chosen:
            return None
        if not text.startswith("/") and state.guessed < self._guess_messages:
            state.guessed += 1
            guess = self._known.detect(text) or guess
        return guess if guess and guess != state.language else None

    async def _set_slot(self, conversation_id: str, language: str) -> bool:
        """Append the slot to a conversation Rasa has a session for; False when Rasa refused."""
        try:
            await self._tracker.append_events(conversation_id, [{"event": "slot", "name": SLOT, "value": language}])
        except RasaError as error:
            logger.warning("could not set the language of %s: %s", conversation_id, error)
            return False
        return True

    async def _read_slot(self, conversation_id: str) -> LanguageState | None:
        """The slot as Rasa has it (a language other than the default was chosen before); None if unknown."""
        try:
            slots = await self._tracker.slots(conversation_id)
        except RasaError as error:
            logger.warning("could not read the language of %s: %s", conversation_id, error)
            return None
        code = self._known.supported(slots.get(SLOT))
        if code is None:
            return LanguageState(self._known.default)
        return LanguageState(code, chosen=code != self._known.default)
