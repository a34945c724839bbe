"""First contact on every channel: the privacy notice comes before anything else.

Why at the session start: it is the one moment Rasa gives an action before the first message of
a conversation is handled, whatever that message is and whichever channel it came from (the
widget's hidden greeting, the web chat page, Telegram's /start or a typed "hi"). A user who never
answered the notice sees it again at their next session; one who answered does not.

The first message is then handled as usual: general information (help, vacancy search results)
is answered while the notice waits for its answer, and anything that would keep personal data is
refused until the user agrees (``consent.refused_without_consent``). A greeting or /start right
after the notice adds nothing, since the notice greets already.

The language comes first: the gateway sends its guess for a conversation it has not seen (the
channel's hint, or the detector's reading of the first message; bot/languages.py) as the
message metadata ``language_guess``. Rasa hands the first message's metadata to the session
start, which sets the ``language`` slot from it, so the notice and the answer are already in
that language, and tells the gateway it did (custom payload ``{"type": "language", "guessed":
true}``). A language other than the default carried over from an earlier session stays.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.language import CHOSEN_TYPE, response_in
from actions.language import SLOT as LANGUAGE_SLOT
from actions.privacy.consent import NOTICE_RESPONSE, consent_state, notice_shown_just_before
from actions.privacy.notice import notice_values
from nlu.language import languages

#: Rasa's own slot, set by Rasa from the first message's metadata before this action runs.
SESSION_METADATA_SLOT = "session_started_metadata"
#: The gateway's guess of a new conversation's language, in the first message's metadata.
GUESS_KEY = "language_guess"


def show_notice(dispatcher: CollectingDispatcher) -> None:
    """Say the privacy notice with its accept/decline buttons and the configured placeholders."""
    dispatcher.utter_message(response=NOTICE_RESPONSE, **notice_values())


def guessed_language(metadata: object, current: object) -> str | None:
    """The language the gateway guessed, when it differs from the slot and none was chosen before."""
    known = languages()
    guess = known.supported(metadata.get(GUESS_KEY)) if isinstance(metadata, dict) else None
    if guess is None or guess == current or current not in (None, known.default):
        return None
    return guess


def show_notice_in(dispatcher: CollectingDispatcher, domain: DomainDict, language: str) -> None:
    """The notice in ``language``, which the slot does not hold yet (see ``response_in``).

    The bot event keeps the response's name and values, as Rasa's own rendering would.
    """
    values = notice_values()
    message = response_in(domain["responses"][NOTICE_RESPONSE], language, values)
    dispatcher.utter_message(text=message["text"], buttons=message["buttons"], utter_action=NOTICE_RESPONSE, **values)


def carried_over(tracker: Tracker) -> list[dict[str, Any]]:
    """The slots of the previous session, set again (the domain's carry_over_slots_to_new_session)."""
    return [
        SlotSet(name, value)
        for name, value in tracker.slots.items()
        if value is not None and name != SESSION_METADATA_SLOT
    ]


class ActionSessionStart(Action):
    """Rasa's session start, plus the privacy notice for a user who has not answered it yet."""

    def name(self) -> str:
        """Replaces Rasa's built-in session start."""
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Start the session with the old slots and the guessed language; ask for consent if never given."""
        metadata = tracker.get_slot(SESSION_METADATA_SLOT)
        language = guessed_language(metadata, tracker.get_slot(LANGUAGE_SLOT))
        if consent_state(tracker) is None:
            if language:
                show_notice_in(dispatcher, domain, language)
            else:
                show_notice(dispatcher)
        events: list[dict[str, Any]] = [SessionStarted(), *carried_over(tracker)]
        if metadata:
            events.append(SlotSet(SESSION_METADATA_SLOT, metadata))
        if language:
            events.append(SlotSet(LANGUAGE_SLOT, language))
            dispatcher.utter_message(json_message={"type": CHOSEN_TYPE, "language": language, "guessed": True})
        return [*events, ActionExecuted("action_listen")]


class ActionPrivacyNotice(Action):
    """/start, "show the privacy notice": the notice, unless the session start just said it."""

    def name(self) -> str:
        """Called for start and show_privacy_notice."""
        return "action_privacy_notice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Show the notice once per turn."""
        if not notice_shown_just_before(tracker.events):
            show_notice(dispatcher)
        return []


class ActionGreet(Action):
    """Hello back, unless the privacy notice (which greets) was just shown to a new user."""

    def name(self) -> str:
        """Called for greet."""
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """One welcome, not two."""
        if not notice_shown_just_before(tracker.events):
            dispatcher.utter_message(response="utter_greet")
        return []
