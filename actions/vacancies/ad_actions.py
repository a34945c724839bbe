"""Actions on one ad of the last results: details, "why this job?", save; and the saved list.

Each finds the ad the user means with ``search_state.pick`` (a position like "the second one",
else the ad talked about last) and asks "which one?" when that is unclear.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.language import language_of
from actions.privacy.consent import refused_without_consent
from actions.vacancies import service
from actions.vacancies.cards import CARD_TYPE
from actions.vacancies.search_actions import SEARCH_SLOT
from actions.vacancies.search_state import ListedVacancy, SearchState, pick
from actions.vacancies.source import SourceUnavailable
from actions.vacancies.texts import label, reason_lines

logger = logging.getLogger(__name__)

SAVED_SLOT = "saved_vacancies"
MAX_SAVED = 50
DETAIL_CHARS = 700


def _position(tracker: Tracker) -> str | None:
    return next(
        (str(e.get("value")) for e in tracker.latest_message.get("entities") or [] if e.get("entity") == "position"),
        None,
    )


def chosen(dispatcher: CollectingDispatcher, tracker: Tracker) -> tuple[SearchState, ListedVacancy | None]:
    """The search and the ad the user means; asks "which one?" (with buttons) when unclear."""
    state = SearchState.from_slot(tracker.get_slot(SEARCH_SLOT))
    item = pick(state, _position(tracker))
    if item is None:
        if state.shown:
            buttons = [
                {"title": f"{n}. {shown.card.get('title', '')}"[:60], "payload": f'/{intent}{{"position":"{n}"}}'}
                for n, shown in enumerate(state.shown, 1)
                if (intent := (tracker.latest_message.get("intent") or {}).get("name"))
            ]
            dispatcher.utter_message(response="utter_which_vacancy", buttons=buttons)
        else:
            dispatcher.utter_message(response="utter_no_vacancy_to_act_on")
    return state, item


def position_of(state: SearchState, item: ListedVacancy) -> int:
    """The ad's number in the list as the user saw it (1-based)."""
    return next((n for n, shown in enumerate(state.shown, 1) if shown.uid == item.uid), 1)


def short(text: str, limit: int = DETAIL_CHARS) -> str:
    """``text`` cut at a word boundary near ``limit``, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


class ActionVacancyDetails(Action):
    """Show one ad in full: description and the card with its apply link."""

    def name(self) -> str:
        """Called for the vacancy_details intent."""
        return "action_vacancy_details"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Fetch the full ad; if it is gone or the source is down, say so and show what we have."""
        state, item = chosen(dispatcher, tracker)
        if item is None:
            return []
        card = {**item.card, "position": position_of(state, item)}
        try:
            vacancy = await service.get(item.source_id)
        except SourceUnavailable as error:
            logger.warning("vacancy details unavailable: %s", error.reason)
            vacancy = None
            dispatcher.utter_message(response="utter_vacancy_details_unavailable", title=card["title"])
        else:
            if vacancy is None:
                dispatcher.utter_message(response="utter_vacancy_expired", title=card["title"])
        if vacancy is not None:
            language = language_of(tracker)
            unknown = label("not_stated", language)
            dispatcher.utter_message(
                response="utter_vacancy_details",
                title=vacancy.title,
                description=short(vacancy.description_text or vacancy.summary),
                hours=label(f"work_modes.{vacancy.working_time}", language) if vacancy.working_time else unknown,
                salary=vacancy.salary_text or unknown,
                deadline=card.get("deadline") or unknown,
            )
        dispatcher.utter_message(json_message={"type": CARD_TYPE, "vacancy": card})
        return [SlotSet(SEARCH_SLOT, replace(state, focus=item.uid).to_slot())]


class ActionExplainVacancy(Action):
    """Answer "why this job?" with the reasons kept when the ad was ranked."""

    def name(self) -> str:
        """Called for the explain_match intent."""
        return "action_explain_vacancy"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """One line per reason, overlaps first, then what the ad asks that the user may lack."""
        state, item = chosen(dispatcher, tracker)
        if item is None:
            return []
        lines = "\n".join(f"- {line}" for line in reason_lines(item.reasons, language_of(tracker)))
        dispatcher.utter_message(response="utter_vacancy_explanation", title=item.card.get("title", ""), reasons=lines)
        return [SlotSet(SEARCH_SLOT, replace(state, focus=item.uid).to_slot())]


def saved_items(tracker: Tracker) -> list[dict[str, Any]]:
    """The saved ads' cards, oldest first; anything malformed in the slot is dropped."""
    value = tracker.get_slot(SAVED_SLOT) or []
    return [card for card in value if isinstance(card, dict) and card.get("uid")]


class ActionSaveVacancy(Action):
    """Keep an ad in the user's saved list (at most MAX_SAVED; the oldest go first)."""

    def name(self) -> str:
        """Called for the save_vacancy intent."""
        return "action_save_vacancy"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Add the ad's card to the saved list unless it is there already."""
        if (refusal := refused_without_consent(dispatcher, tracker)) is not None:
            return refusal
        state, item = chosen(dispatcher, tracker)
        if item is None:
            return []
        saved = saved_items(tracker)
        title = item.card.get("title", "")
        events: list[dict[str, Any]] = [SlotSet(SEARCH_SLOT, replace(state, focus=item.uid).to_slot())]
        if any(card["uid"] == item.uid for card in saved):
            dispatcher.utter_message(response="utter_vacancy_already_saved", title=title)
            return events
        saved = [*saved, {**item.card, "position": 0}][-MAX_SAVED:]
        dispatcher.utter_message(response="utter_vacancy_saved", title=title)
        return [*events, SlotSet(SAVED_SLOT, saved)]


class ActionListSavedVacancies(Action):
    """Show the saved ads as cards."""

    def name(self) -> str:
        """Called for the list_saved intent."""
        return "action_list_saved_vacancies"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """The saved cards, numbered, or a hint on how to save one."""
        saved = saved_items(tracker)
        if not saved:
            dispatcher.utter_message(response="utter_no_saved_vacancies")
            return []
        dispatcher.utter_message(response="utter_saved_vacancies", count=len(saved))
        for position, card in enumerate(saved, 1):
            dispatcher.utter_message(json_message={"type": CARD_TYPE, "vacancy": {**card, "position": position}})
        return []
