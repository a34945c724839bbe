"""Ask the gateway for a copy of the user's data, or for its erasure once confirmed.

Why the actions only ask: Rasa gives an action the current session's events and cannot delete a
tracker, so the gateway does both (bot/privacy/desk.py) when it sees the custom payload
``{"type": "privacy_export"}`` or ``{"type": "privacy_erase"}`` in the answer. The erasure is
requested only right after the user confirmed it in answer to ``utter_confirm_forget``, so a
stray "yes, delete everything" typed at another moment asks first.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

EXPORT = {"type": "privacy_export"}
ERASE = {"type": "privacy_erase"}
CONFIRMATION = "utter_confirm_forget"


def confirmed_just_now(events: list[dict[str, Any]]) -> bool:
    """True when the last thing the bot did before this message was asking to confirm the erasure."""
    seen_user = False
    for event in reversed(events):
        if event.get("event") == "user":
            if seen_user:
                return False
            seen_user = True
        elif seen_user and event.get("event") == "action" and event.get("name") not in ("action_listen", None):
            return event.get("name") == CONFIRMATION
    return False


class ActionExportData(Action):
    """Answer "what do you know about me?" / "/export" with the copy the gateway makes."""

    def name(self) -> str:
        """Called for export_data."""
        return "action_export_data"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Say it is coming, then ask the gateway for it."""
        dispatcher.utter_message(response="utter_export_started")
        dispatcher.utter_message(json_message=EXPORT)
        return []


class ActionEraseData(Action):
    """Erase after "Yes, delete everything"; anything else asks for the confirmation first."""

    def name(self) -> str:
        """Called for confirm_forget."""
        return "action_erase_data"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Only a confirmation given in answer to the question erases."""
        if confirmed_just_now(tracker.events):
            dispatcher.utter_message(json_message=ERASE)
        else:
            dispatcher.utter_message(response=CONFIRMATION)
        return []
