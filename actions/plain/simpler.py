"""The "simpler, please" request: the last answer again, in shorter words, where a simpler variant exists.

Why a response beside the original (``utter_foo_simpler`` for ``utter_foo`` in domain.yml): the
simpler text is content, so it lives with the original in every language, and the translation
test covers it like any response. Rasa records the name of a response it said in the bot
event's metadata (``utter_action``), together with the values the action filled in
(``{what}``, ``{site}``, ...), so the variant is said with the same values and its
language is the slot's, like any response.

"The last answer" is what Orienta said since the user's previous message (a turn may say
several things: each with a variant is said again). Buttons the action added to the original
(the assessment's parts, for example) are kept when the variant has none of its own. Where no
answer has a variant (or it was already the simpler one), ``utter_no_simpler_variant`` says so kindly,
offers a person and repeats the last answer's buttons.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

SUFFIX = "_simpler"
NO_SIMPLER = "utter_no_simpler_variant"
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class Reply:
    """One message to say: a response of domain.yml, the values to fill in, extra buttons."""

    response: str
    values: dict[str, Any] = field(default_factory=dict)
    buttons: list[dict[str, Any]] = field(default_factory=list)


def last_answer(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The bot events between the user's previous message and the latest one.

    Before a first message that is the session start's privacy notice.
    """
    users = [i for i, event in enumerate(events) if event.get("event") == "user"]
    if not users:
        return []
    previous = users[-2] if len(users) > 1 else -1
    return [event for event in events[previous + 1 : users[-1]] if event.get("event") == "bot"]


def _buttons(event: dict[str, Any]) -> list[dict[str, Any]]:
    return list((event.get("data") or {}).get("buttons") or [])


def _placeholders(variations: list[dict[str, Any]]) -> set[str]:
    """The ``{names}`` the variations' texts use (the metadata also holds Rasa's own keys)."""
    return {name for variation in variations for name in _PLACEHOLDER.findall(variation.get("text") or "")}


def simpler_replies(answer: list[dict[str, Any]], responses: Mapping[str, list[dict[str, Any]]]) -> list[Reply]:
    """What to say for "simpler, please" after ``answer`` (bot events), given the domain's responses."""
    replies = []
    for event in answer:
        metadata = event.get("metadata") or {}
        simpler = f"{metadata.get('utter_action')}{SUFFIX}"
        variations = responses.get(simpler)
        if not variations:
            continue
        values = {name: metadata[name] for name in _placeholders(variations) if name in metadata}
        has_own_buttons = any(variation.get("buttons") for variation in variations)
        replies.append(Reply(simpler, values, [] if has_own_buttons else _buttons(event)))
    if replies:
        return replies
    variations = responses.get(NO_SIMPLER, [])
    own = {button.get("payload") for variation in variations for button in variation.get("buttons") or []}
    last_buttons = next((_buttons(event) for event in reversed(answer) if _buttons(event)), [])
    return [Reply(NO_SIMPLER, buttons=[button for button in last_buttons if button.get("payload") not in own])]


class ActionSaySimpler(Action):
    """The last answer's simpler variant, or a kind "I can't say it more simply"."""

    def name(self) -> str:
        """Called for say_simpler (data/rules/plain.yml)."""
        return "action_say_simpler"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Say each reply; Rasa picks the variation of the conversation's language."""
        for reply in simpler_replies(last_answer(tracker.events), domain.get("responses") or {}):
            dispatcher.utter_message(response=reply.response, buttons=reply.buttons or None, **reply.values)
        return []
