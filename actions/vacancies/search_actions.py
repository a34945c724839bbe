"""``action_search_vacancies``: search, refine, broaden and page through vacancies.

One action for four intents (search_jobs, refine_search, broaden_search, more_results) because
they share one path: work out the new search (pure, ``plan``), fetch a batch when needed, rank
it, show five cards. The slot ``vacancy_search`` carries the search between turns.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.language import language_of
from actions.vacancies import service
from actions.vacancies.cards import listed, payload
from actions.vacancies.matching import Profile, match, rank
from actions.vacancies.search_state import (
    PAGE_SIZE,
    SearchState,
    apply_entities,
    broadened,
    next_page,
    ways_to_broaden,
    with_batch,
    with_occupation,
)
from actions.vacancies.source import SearchResult, SourceUnavailable
from actions.vacancies.texts import DEFAULT_LANGUAGE, label, texts
from actions.vacancies.vocabulary import Vocabulary, vocabulary

logger = logging.getLogger(__name__)

SEARCH_SLOT = "vacancy_search"


@dataclass(frozen=True)
class Plan:
    """What to do for this message: ask (``ask`` names a response), show a page, or fetch."""

    state: SearchState
    fetch_offset: int | None = None
    ask: str | None = None


def plan(
    state: SearchState,
    intent: str,
    entities: list[dict[str, Any]],
    profile: Profile,
    words: Vocabulary,
    language: str = DEFAULT_LANGUAGE,
) -> Plan:
    """Decide the next search from the last one and what the user just said (in ``language``)."""
    if intent == "more_results":
        if not state.has_criteria:
            return Plan(state, ask="utter_ask_vacancy_criteria")
        if not state.batch:
            return Plan(state, fetch_offset=0)  # the last try failed: try again
        if (page := next_page(state)) is not None:
            return Plan(page)
        if state.next_offset is None:
            return Plan(state, ask="utter_no_more_vacancies")
        return Plan(state, fetch_offset=state.next_offset)
    if intent == "broaden_search":
        how = next((str(e.get("value")) for e in entities if e.get("entity") == "broaden"), "")
        wider = broadened(state, how, words, texts(language)["related_occupations"])
        return Plan(wider, fetch_offset=0) if wider else Plan(state, ask="utter_cannot_broaden")
    criteria = [e for e in entities if e.get("entity") in ("occupation", "place", "work_mode")]
    if intent == "refine_search" and not criteria:
        # "closer to Berlin", "something else": nothing Orienta can change the search by.
        return Plan(state, ask="utter_refine_how" if state.has_criteria else "utter_ask_vacancy_criteria")
    fresh = intent == "search_jobs" and any(e.get("entity") in ("occupation", "place") for e in criteria)
    new = apply_entities(state, entities, words, fresh=fresh)
    if intent == "search_jobs" and not fresh and not new.occupation_key and profile.occupations:
        # "jobs for me": the first occupation of the profile stands in for the search words.
        choice = words.occupation(f"esco:{profile.occupations[0]}")
        if choice:
            new = with_occupation(new, choice)
    if not new.has_criteria:
        return Plan(new, ask="utter_ask_vacancy_criteria")
    return Plan(new, fetch_offset=0)


def ranked_batch(result: SearchResult, state: SearchState, profile: Profile, words: Vocabulary) -> SearchState:
    """The fetched ads as the new batch, best match first."""
    vacancies = list(result.vacancies)
    matches = [match(v, state, profile, words) for v in vacancies]
    order = rank(vacancies, matches) if not profile.empty else list(range(len(vacancies)))
    batch = [listed(vacancies[i], matches[i]) for i in order]
    return with_batch(state, result.query.offset, result.total, batch)


def broaden_buttons(state: SearchState, words: Vocabulary, language: str = DEFAULT_LANGUAGE) -> list[dict[str, str]]:
    """One button per way the empty search could be widened."""
    buttons = []
    for how in ways_to_broaden(state, words):
        region = ""
        if how == "region" and state.place_key and (place := words.place(state.place_key)):
            region = place.region_label
        title = label(f"broaden.{how}", language, region=region)
        buttons.append({"title": title, "payload": f'/broaden_search{{"broaden":"{how}"}}'})
    return buttons


def show_page(
    dispatcher: CollectingDispatcher, state: SearchState, *, first: bool, language: str = DEFAULT_LANGUAGE
) -> None:
    """The page's cards, framed by a count before and the next steps after."""
    start = state.batch_offset + state.page + 1
    shown = state.shown
    if first:
        what = state.describe(texts(language)["work_modes"])
        dispatcher.utter_message(response="utter_vacancies_found", count=state.total, what=what)
    else:
        dispatcher.utter_message(
            response="utter_more_vacancies", start=start, end=start + len(shown) - 1, count=state.total
        )
    for position, item in enumerate(shown, 1):
        dispatcher.utter_message(json_message=payload(item, position))
    buttons = []
    if state.page + PAGE_SIZE < len(state.batch) or state.next_offset is not None:
        buttons.append({"title": label("more", language), "payload": "/more_results"})
    buttons.append({"title": label("alert", language), "payload": "/create_alert"})
    dispatcher.utter_message(response="utter_vacancy_next_steps", buttons=buttons)


def say_unavailable(dispatcher: CollectingDispatcher, error: SourceUnavailable) -> None:
    """The user-facing words for a source that did not answer; never the technical detail."""
    logger.warning("vacancy source unavailable: %s", error.reason)
    site = getattr(service.current_source(), "site_url", "")
    response = "utter_vacancy_source_busy" if error.reason == "rate_limited" else "utter_vacancy_source_down"
    dispatcher.utter_message(response=response, site=site)


class ActionSearchVacancies(Action):
    """Search, refine ("only full-time"), broaden and page ("more") through vacancies."""

    def name(self) -> str:
        """The action the search rules call."""
        return "action_search_vacancies"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Plan, fetch if needed, rank and show; the new search goes back into the slot."""
        words = vocabulary()
        state = SearchState.from_slot(tracker.get_slot(SEARCH_SLOT))
        profile = Profile.from_slot(tracker.get_slot("profile"), words)
        intent = (tracker.latest_message.get("intent") or {}).get("name", "")
        language = language_of(tracker)
        step = plan(state, intent, tracker.latest_message.get("entities") or [], profile, words, language)
        if step.ask:
            dispatcher.utter_message(response=step.ask)
            return [SlotSet(SEARCH_SLOT, step.state.to_slot())]
        new = step.state
        if step.fetch_offset is not None:
            try:
                result = await service.search(new.query(offset=step.fetch_offset))
            except SourceUnavailable as error:
                say_unavailable(dispatcher, error)
                # Keep the criteria without results, so "more" or "try again" retries them.
                return [SlotSet(SEARCH_SLOT, with_batch(new, 0, 0, []).to_slot())]
            new = ranked_batch(result, new, profile, words)
            if not new.batch:
                buttons = broaden_buttons(new, words, language)
                what = new.describe(texts(language)["work_modes"])
                dispatcher.utter_message(response="utter_no_vacancies", what=what, buttons=buttons)
                return [SlotSet(SEARCH_SLOT, new.to_slot())]
        show_page(dispatcher, new, first=step.fetch_offset == 0, language=language)
        return [SlotSet(SEARCH_SLOT, new.to_slot())]
