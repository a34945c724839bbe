"""The summary document: built from everything the self-assessment holds, sent as a download.

The PDF is written to the media folder under an unguessable name (``media.save_pdf``), and the
channels get a ``document`` custom payload with the gateway-relative URL; the gateway serves it
as a download and deletes it after ``ORIENTA_MEDIA_RETENTION_DAYS`` (README "Images (charts)").
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.assessment.charts import interest_chart, skills_chart
from actions.assessment.form_actions import STATE_SLOT, assessment_parts, module_buttons
from actions.assessment.media import save_pdf
from actions.assessment.profile import PROFILE, default_profile
from actions.assessment.progress import AssessmentState
from actions.assessment.questionnaire import default_modules
from actions.assessment.result_actions import profile_summary, summary
from actions.assessment.results import load_result_texts
from actions.assessment.scoring import ModuleResult
from actions.assessment.summary_pdf import Section, build_summary, summary_texts


@cache
def attribution() -> str:
    """The ESCO and O*NET credit, printed once in the footer instead of under the interests (read once)."""
    return " ".join(str(load_result_texts()["interests"]["attribution"]).split())


def summary_sections(state: AssessmentState) -> list[Section]:
    """Profile first, then each scored part in the order offered; parts not taken say so."""
    profile = (state.results.get(PROFILE) or {}).get("latest")
    sections = [
        Section(PROFILE, tuple(profile_summary(default_profile(), profile)) if isinstance(profile, dict) else ())
    ]
    for module in default_modules().values():
        latest = (state.results.get(module.id) or {}).get("latest")
        if not isinstance(latest, dict):
            sections.append(Section(module.id, ()))
            continue
        result = ModuleResult.from_slot(latest)
        chart = interest_chart(module, result) if module.id == "interests" else skills_chart(module, result)
        lines = tuple(line for line in summary(module, result) if " ".join(line.split()) != attribution())
        sections.append(Section(module.id, lines, chart.png, chart.alt_text))
    return sections


class ActionSendSummary(Action):
    """Answer "download my summary" with the PDF, or offer the parts when nothing is there yet."""

    def name(self) -> str:
        """Called for get_summary and the button after each part's results."""
        return "action_send_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Build, store and send the document."""
        state = AssessmentState.from_slot(tracker.get_slot(STATE_SLOT))
        if not state.results:
            dispatcher.utter_message(response="utter_no_results", buttons=module_buttons(assessment_parts(), state))
            return []
        url = save_pdf(build_summary(summary_sections(state), date.today(), attribution()))
        texts = summary_texts()
        dispatcher.utter_message(response="utter_summary_ready")
        dispatcher.utter_message(
            json_message={"type": "document", "url": url, "filename": texts["filename"], "caption": texts["caption"]}
        )
        return []
