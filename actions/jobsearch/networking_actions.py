"""Rasa action of networking and support: the tips, or the upcoming events, by the intent asked.

The events file is the one bot/config.py validated at start and passed on as
``ORIENTA_EVENTS_FILE``; without it (tests, an action server started alone) the bundled
data/jobsearch/events.yml is used.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.jobsearch.actions import send, today
from actions.jobsearch.catalogue import default_catalogue
from actions.jobsearch.networking import (
    DEFAULT_EVENTS_FILE,
    EVENTS_VARIABLE,
    default_networking,
    events_or_none,
    events_reply,
    tips_reply,
)
from actions.language import language_of

EVENTS_INTENT = "show_events"


def events_file() -> Path:
    """Where the PES keeps its events."""
    return Path(os.environ.get(EVENTS_VARIABLE) or DEFAULT_EVENTS_FILE)


class ActionNetworking(Action):
    """Networking tips with the counsellor button ("networking tips"), or the events ("events")."""

    def name(self) -> str:
        """Called for networking_tips and show_events."""
        return "action_networking"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Nothing is stored: the tips and events are the same for everyone."""
        language = language_of(tracker)
        content = default_networking(language)
        if (tracker.latest_message.get("intent") or {}).get("name") == EVENTS_INTENT:
            reply = events_reply(content, default_catalogue(language), events_or_none(events_file()), today())
        else:
            reply = tips_reply(content)
        send(dispatcher, [reply])
        return []
