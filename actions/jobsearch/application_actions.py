"""The Rasa actions of the applications diary: log one, list them, update a status.

``applications.log_turn`` and ``list_turn`` decide; these actions read the slots (the diary in
``jobsearch``, the saved ads) and send the replies.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.jobsearch.actions import entity, keep_reminders, send, today
from actions.jobsearch.applications import SavedAd, application_texts, list_turn, log_turn
from actions.jobsearch.catalogue import default_catalogue
from actions.jobsearch.state import SLOT, JobSearch
from actions.language import language_of
from actions.privacy.consent import refused_without_consent


def saved_ads(slot: Any) -> list[SavedAd]:
    """The saved ads' cards (``saved_vacancies`` slot) as diary candidates; malformed ones are dropped."""
    cards = slot if isinstance(slot, list) else []
    return [
        SavedAd(str(c["uid"]), str(c["title"]), c.get("employer"))
        for c in cards
        if isinstance(c, dict) and c.get("uid") and c.get("title")
    ]


class ActionLogApplication(Action):
    """Log an application ("I applied for the cook job at Hotel Nord", or a saved ad's button)."""

    def name(self) -> str:
        """Called for log_application."""
        return "action_log_application"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Add it to the diary, or ask which job."""
        if (refusal := refused_without_consent(dispatcher, tracker)) is not None:
            return refusal
        search = JobSearch.from_slot(tracker.get_slot(SLOT))
        words = (
            ""
            if str(tracker.latest_message.get("text") or "").startswith("/")
            else str(tracker.latest_message.get("text") or "")
        )
        new, replies = log_turn(
            search,
            words,
            saved_ads(tracker.get_slot("saved_vacancies")),
            entity(tracker, "app_saved"),
            today(),
            application_texts(language_of(tracker)),
        )
        send(dispatcher, replies)
        if new.reminders:
            keep_reminders(tracker.sender_id, new)
        return [SlotSet(SLOT, new.to_slot())]


class ActionListApplications(Action):
    """The diary ("my applications") and its status buttons."""

    def name(self) -> str:
        """Called for list_applications (typed, or a button with its app_op)."""
        return "action_list_applications"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Show the diary, or change one application's status."""
        search = JobSearch.from_slot(tracker.get_slot(SLOT))
        language = language_of(tracker)
        new, replies = list_turn(
            search,
            default_catalogue(language),
            entity(tracker, "app_op"),
            entity(tracker, "app_id"),
            entity(tracker, "app_status"),
            today(),
            application_texts(language),
        )
        send(dispatcher, replies)
        if new == search:
            return []
        if new.reminders:
            keep_reminders(tracker.sender_id, new)
        return [SlotSet(SLOT, new.to_slot())]
