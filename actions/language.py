"""The conversation's language: read by every action that picks text from data, set by one.

Responses in domain.yml choose their variation by the ``language`` slot themselves (README
"Languages"); actions that assemble text from data files (vacancies.yml, intent labels, ...)
ask :func:`language_of` and pick that language's entry.

``action_set_language`` sets the slot from the language the buttons send (the ``language``
entity) or the one the user names ("på svenska"); the rule then says ``utter_language_set``
as a step of its own, so it is said in the new language. It also tells the gateway (custom
payload ``{"type": "language"}``), which speaks the same language in its own texts and stops
guessing from the user's messages (bot/languages.py).
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from nlu.language import languages

SLOT = "language"
#: The custom payload that tells the gateway the user chose a language.
CHOSEN_TYPE = "language"
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def language_of(tracker: Tracker) -> str:
    """The conversation's language code; the default when the slot holds nothing known."""
    known = languages()
    return known.supported(tracker.get_slot(SLOT)) or known.default


def chosen_language(entities: list[dict[str, Any]], text: str) -> str | None:
    """The language a choose_language message asks for: the entity first, then the words."""
    known = languages()
    for entity in entities:
        if entity.get("entity") == SLOT and (code := known.supported(entity.get("value"))):
            return code
    return known.requested(text or "")


def response_in(variations: list[dict[str, Any]], language: str, values: dict[str, Any]) -> dict[str, Any]:
    """A response's text and buttons in ``language``, its ``{placeholders}`` filled from ``values``.

    Why not let Rasa pick the variation: a response an action utters is rendered with the slots
    as they were before the action's events apply, so an action that sets the language (the
    session start, from the gateway's guess) must pick the new language's variation itself.
    The rule is Rasa's: the variation whose slot condition names the language, else the one
    without a condition.
    """

    def speaks(variation: dict[str, Any]) -> bool:
        conditions = variation.get("condition") or []
        return any(c.get("type") == "slot" and c.get("name") == SLOT and c.get("value") == language for c in conditions)

    chosen = next((v for v in variations if speaks(v)), None) or next(v for v in variations if not v.get("condition"))
    text = _PLACEHOLDER.sub(lambda match: str(values.get(match.group(1), match.group(0))), chosen.get("text") or "")
    return {"text": text, "buttons": [dict(button) for button in chosen.get("buttons") or []]}


class ActionSetLanguage(Action):
    """Switch to the language the user chose; keep the current one when none is named."""

    def name(self) -> str:
        """Called for choose_language (data/rules/language.yml)."""
        return "action_set_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Set the slot and tell the gateway; the rule says the confirmation next."""
        message = tracker.latest_message or {}
        code = chosen_language(message.get("entities") or [], message.get("text") or "") or language_of(tracker)
        dispatcher.utter_message(json_message={"type": CHOSEN_TYPE, "language": code})
        return [SlotSet(SLOT, code)]
