"""Results of the self-assessment: after a module, and whenever the user asks for them.

After each module: the scores in plain words (from data/assessment/results.yml), the change since
the last time when the module is repeated, a chart with its text alternative, and what to do
next. Interest results also set the profile's Holland code, which the vacancy search uses to
explain matches ("fits your strongest interests"). Everything is said in the conversation's
language, including results stored while another language was chosen (they hold only scores).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.assessment.charts import module_chart
from actions.assessment.files import DEFAULT_LANGUAGE
from actions.assessment.form_actions import (
    ANSWER_SLOT,
    PAUSED,
    READY_SLOT,
    STATE_SLOT,
    assessment_parts,
    dialogue_texts,
    module_buttons,
)
from actions.assessment.media import save_png
from actions.assessment.occupations import occupation_label, suggest_occupations
from actions.assessment.profile import PROFILE, ProfileModule, default_profile
from actions.assessment.profile_results import profile_lines, with_profile
from actions.assessment.progress import AssessmentState, ModuleProgress, finish
from actions.assessment.questionnaire import Module, comparison_threshold, default_modules
from actions.assessment.results import change_summary, interest_summary, skills_summary
from actions.assessment.scoring import ModuleResult, compare, holland_code, score_module
from actions.language import language_of

PROFILE_SLOT = "profile"
SUGGESTIONS = 5


def summary(module: Module, result: ModuleResult, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The result lines of a module, in the words of results.yml (``module`` loaded in ``language``)."""
    if module.id == "interests":
        suggestions = suggest_occupations(result.means(), SUGGESTIONS)
        return interest_summary(module, result, suggestions, language=language)
    return skills_summary(module, result, language=language)


def show(
    dispatcher: CollectingDispatcher,
    module: Module,
    result: ModuleResult,
    previous: Any,
    language: str = DEFAULT_LANGUAGE,
) -> None:
    """Summary, change since last time, and the chart (an image the gateway serves, with its alt text)."""
    dispatcher.utter_message(text="\n".join(summary(module, result, language)))
    if isinstance(previous, dict):
        changes = compare(ModuleResult.from_slot(previous), result, comparison_threshold())
        dispatcher.utter_message(text="\n".join(change_summary(module, changes, language=language)))
    chart = module_chart(module, result, language)
    dispatcher.utter_message(
        json_message={"type": "chart", "url": save_png(chart.png), "alt": chart.alt_text, "title": module.title}
    )


def place_label(key: str) -> str | None:
    """The name of a municipality or region key of the gazetteer."""
    from actions.vacancies.vocabulary import vocabulary

    place = vocabulary().place(key)
    return place.label if place else None


def profile_summary(module: ProfileModule, answers: dict[str, Any], language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The profile in words (results.yml of the profile: heading and one line per question).

    Jobs are named by their ESCO label in ``language``; places keep their own (Swedish) names.
    """
    return profile_lines(module, answers, lambda esco_id: occupation_label(esco_id, language), place_label)


def next_buttons(state: AssessmentState, language: str = DEFAULT_LANGUAGE) -> list[dict[str, str]]:
    """The parts not taken yet, the summary once something is there, and the job search."""
    parts = assessment_parts(language)
    buttons = module_buttons({k: m for k, m in parts.items() if k not in state.results}, state, language)
    texts = dialogue_texts(language)["buttons"]
    if state.results:
        buttons.append({"title": texts["summary"], "payload": "/get_summary"})
    buttons.append({"title": texts["find_jobs"], "payload": "/search_jobs"})
    return buttons


def with_holland_code(profile: Any, code: str) -> dict[str, Any]:
    """The profile slot with the new Holland code, everything else kept."""
    return {**(profile if isinstance(profile, dict) else {}), "holland_code": code}


class ActionAssessmentFinished(Action):
    """The form ended: either the user paused, or the module is done and gets its results."""

    def name(self) -> str:
        """Called by the rule that follows the completed form."""
        return "action_assessment_finished"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Results, then the other modules and the job search as buttons."""
        language = language_of(tracker)
        modules = default_modules(language)
        state = AssessmentState.from_slot(tracker.get_slot(STATE_SLOT))
        events: list[dict[str, Any]] = [SlotSet(ANSWER_SLOT, None), SlotSet(READY_SLOT, False)]
        if state.module == PROFILE:
            return events + self.profile_done(dispatcher, tracker, state, language)
        current = state.current(modules)
        if current is None:
            return events
        module, progress = current
        if tracker.get_slot(ANSWER_SLOT) == PAUSED:
            dispatcher.utter_message(
                response="utter_assessment_paused", done=progress.position, total=module.question_count
            )
            return events
        result = score_module(module, progress.answers)
        previous = state.results.get(module.id, {}).get("latest")
        show(dispatcher, module, result, previous, language)
        new = finish(state, module.id, result.to_slot(), now())
        dispatcher.utter_message(response="utter_assessment_next", buttons=next_buttons(new, language))
        events.append(SlotSet(STATE_SLOT, new.to_slot()))
        if module.id == "interests" and (code := holland_code(result.means())):
            events.append(SlotSet(PROFILE_SLOT, with_holland_code(tracker.get_slot(PROFILE_SLOT), code)))
        return events

    @staticmethod
    def profile_done(
        dispatcher: CollectingDispatcher, tracker: Tracker, state: AssessmentState, language: str = DEFAULT_LANGUAGE
    ) -> list[dict[str, Any]]:
        """Paused: how far. Finished: the profile in words, stored in the ``profile`` slot."""
        module = default_profile(language)
        progress = state.progress.get(PROFILE, ModuleProgress())
        if tracker.get_slot(ANSWER_SLOT) == PAUSED:
            dispatcher.utter_message(
                response="utter_assessment_paused", done=progress.position, total=module.question_count
            )
            return []
        dispatcher.utter_message(text="\n".join(profile_summary(module, progress.answers, language)))
        new = finish(state, PROFILE, dict(progress.answers), now())
        dispatcher.utter_message(response="utter_assessment_next", buttons=next_buttons(new, language))
        profile = with_profile(tracker.get_slot(PROFILE_SLOT), progress.answers)
        return [SlotSet(STATE_SLOT, new.to_slot()), SlotSet(PROFILE_SLOT, profile)]


def now() -> str:
    """When a part was finished, in UTC (kept with its result)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class ActionShowResults(Action):
    """Answer "show my results" with the latest results of every module taken so far."""

    def name(self) -> str:
        """Called for show_results."""
        return "action_show_results"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Each module's latest result with its chart; or an offer to start one."""
        language = language_of(tracker)
        modules = default_modules(language)
        state = AssessmentState.from_slot(tracker.get_slot(STATE_SLOT))
        taken = [(modules[m], r) for m, r in state.results.items() if m in modules and r.get("latest")]
        profile = (state.results.get(PROFILE) or {}).get("latest")
        if not taken and not profile:
            buttons = module_buttons(assessment_parts(language), state, language)
            dispatcher.utter_message(response="utter_no_results", buttons=buttons)
            return []
        for module, record in taken:
            show(dispatcher, module, ModuleResult.from_slot(record["latest"]), None, language)
        if isinstance(profile, dict):
            dispatcher.utter_message(text="\n".join(profile_summary(default_profile(language), profile, language)))
        dispatcher.utter_message(response="utter_assessment_next", buttons=next_buttons(state, language))
        return []
