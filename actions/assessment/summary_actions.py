"""The summary document: built from everything the self-assessment holds, sent as a download.

The PDF is written to the media folder under an unguessable name (``media.save_pdf``), and the
channels get a ``document`` custom payload with the gateway-relative URL; the gateway serves it
as a download and deletes it after ``ORIENTA_MEDIA_RETENTION_DAYS`` (README "Images (charts)").
The document is in the conversation's language: headings, result lines, charts and file name.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.assessment.charts import module_chart
from actions.assessment.files import DEFAULT_LANGUAGE
from actions.assessment.form_actions import STATE_SLOT, assessment_parts, module_buttons
from actions.assessment.media import save_pdf
from actions.assessment.profile import PROFILE, default_profile
from actions.assessment.progress import AssessmentState
from actions.assessment.questionnaire import default_modules
from actions.assessment.result_actions import profile_summary, summary
from actions.assessment.results import result_texts
from actions.assessment.scoring import ModuleResult
from actions.assessment.summary_pdf import Section, build_summary, summary_texts
from actions.jobsearch.applications import application_lines, application_texts
from actions.jobsearch.catalogue import Catalogue, default_catalogue
from actions.jobsearch.goal import goal_words
from actions.jobsearch.plan import plan_lines
from actions.jobsearch.state import SLOT as JOBSEARCH_SLOT
from actions.jobsearch.state import JobSearch
from actions.language import language_of

#: The section of the job goal and plan (summary.yml ``sections``), shown once either exists.
PLAN_SECTION = "plan"


@cache
def attribution(language: str = DEFAULT_LANGUAGE) -> str:
    """The ESCO and O*NET credit, printed once in the footer instead of under the interests (read once)."""
    return " ".join(str(result_texts(language)["interests"]["attribution"]).split())


def summary_sections(state: AssessmentState, language: str = DEFAULT_LANGUAGE) -> list[Section]:
    """Profile first, then each scored part in the order offered; parts not taken say so."""
    profile = (state.results.get(PROFILE) or {}).get("latest")
    lines = profile_summary(default_profile(language), profile, language) if isinstance(profile, dict) else []
    sections = [Section(PROFILE, tuple(lines))]
    for module in default_modules(language).values():
        latest = (state.results.get(module.id) or {}).get("latest")
        if not isinstance(latest, dict):
            sections.append(Section(module.id, ()))
            continue
        result = ModuleResult.from_slot(latest)
        chart = module_chart(module, result, language)
        credit = attribution(language)
        kept = tuple(line for line in summary(module, result, language) if " ".join(line.split()) != credit)
        sections.append(Section(module.id, kept, chart.png, chart.alt_text))
    return sections


def plan_section(
    search: JobSearch, today: date, catalogue: Catalogue | None = None, language: str = DEFAULT_LANGUAGE
) -> Section | None:
    """The goal in one line, the plan's and the diary's lines as in the chat; None when all are empty.

    Every line is in ``language``: the goal line from summary.yml, the plan's and the diary's as
    the job-search helpers word them in the chat (actions/jobsearch/).
    """
    catalogue = catalogue or default_catalogue(language)
    lines = []
    if search.goal.is_set:
        words = goal_words(search.goal, catalogue)
        key = "goal_line" + ("_place" if words["place"] else "") + ("" if words["start"] else "_no_start")
        lines.append(summary_texts(language)[key].format(**words))
    lines += plan_lines(catalogue, search, today)
    lines += application_lines(search, catalogue, today, application_texts(language))
    return Section(PLAN_SECTION, tuple(lines)) if lines else None


class ActionSendSummary(Action):
    """Answer "download my summary" with the PDF, or offer the parts when nothing is there yet."""

    def name(self) -> str:
        """Called for get_summary and the button after each part's results."""
        return "action_send_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Build, store and send the document."""
        language = language_of(tracker)
        state = AssessmentState.from_slot(tracker.get_slot(STATE_SLOT))
        if not state.results:
            buttons = module_buttons(assessment_parts(language), state, language)
            dispatcher.utter_message(response="utter_no_results", buttons=buttons)
            return []
        sections = summary_sections(state, language)
        search = JobSearch.from_slot(tracker.get_slot(JOBSEARCH_SLOT))
        if plan := plan_section(search, date.today(), language=language):
            sections.insert(1, plan)
        url = save_pdf(build_summary(sections, date.today(), attribution(language), language=language))
        texts = summary_texts(language)
        dispatcher.utter_message(response="utter_summary_ready")
        dispatcher.utter_message(
            json_message={"type": "document", "url": url, "filename": texts["filename"], "caption": texts["caption"]}
        )
        return []
