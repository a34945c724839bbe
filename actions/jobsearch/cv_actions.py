"""The Rasa action of the CV step: checklist, skills from ESCO, and the draft as a download.

``cv.cv_turn`` decides; this module only reads the slots (goal, profile), looks up the goal's
ESCO skills and stores the PDF like the assessment summary (a ``document`` payload the gateway
serves as a private, expiring download).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.assessment.media import save_pdf
from actions.assessment.profile import default_profile
from actions.assessment.profile_results import answer_words
from actions.jobsearch.actions import entity, send, today, whole_number
from actions.jobsearch.cv import CvDraft, cv_texts, cv_turn, drafted
from actions.jobsearch.cv_pdf import build_cv
from actions.jobsearch.state import SLOT, JobSearch
from actions.language import language_of
from actions.privacy.consent import refused_without_consent
from actions.vacancies.vocabulary import Vocabulary, vocabulary

#: The profile answers the draft prints, by the CvDraft field they fill.
PROFILE_FIELDS = {
    "experience": "experience",
    "education": "education",
    "languages": "languages",
    "licence": "driving_licence",
}


def esco_id_of(key: str, words: Vocabulary) -> str | None:
    """The ESCO occupation behind a goal's gazetteer key (``esco:``, or the same label among its group)."""
    kind, _, value = key.partition(":")
    if kind == "esco":
        return value
    choice = words.occupation(key)
    if choice is None:
        return None
    candidates = [e for code in choice.group_codes for e in words.esco_for_ssyk(code)]
    same = [e for e in candidates if (words.esco_label(e) or "").lower() == choice.label.lower()]
    found = same or candidates
    return found[0] if found else None


def profile_words(profile: Any, language: str) -> dict[str, str | None]:
    """The profile's answers the draft uses, in words of ``language`` (None when not answered)."""
    answers = profile if isinstance(profile, dict) else {}
    questions = {q.id: q for q in default_profile(language).questions}
    return {
        field: answer_words(questions[key], answers.get(key), lambda _: None, lambda _: None)
        for field, key in PROFILE_FIELDS.items()
        if key in questions
    }


class ActionCv(Action):
    """The CV step ("help me with my CV"): the checklist, "which of these have you used?", the draft."""

    def name(self) -> str:
        """Called for start_cv (typed, or a button with its cv_op)."""
        return "action_cv"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """One step; the draft is made when the user says that's all."""
        if (refusal := refused_without_consent(dispatcher, tracker)) is not None:
            return refusal
        search = JobSearch.from_slot(tracker.get_slot(SLOT))
        language = language_of(tracker)
        texts = cv_texts(language)
        words = vocabulary()
        first = search.goal.occupations[0] if search.goal.occupations else None
        esco_id = esco_id_of(first[0], words) if first else None
        skills = words.essential_skills(esco_id) if esco_id else ()
        new, replies, make_draft = cv_turn(
            search,
            first[1] if first else None,
            skills,
            entity(tracker, "cv_op"),
            whole_number(entity(tracker, "cv_skill")),
            texts,
        )
        send(dispatcher, replies)
        if make_draft:
            occupations = ", ".join(label for _, label in search.goal.occupations)
            draft = CvDraft(occupations, new.cv_skills, **profile_words(tracker.get_slot("profile"), language))
            url = save_pdf(build_cv(draft, texts))
            dispatcher.utter_message(response="utter_cv_ready")
            dispatcher.utter_message(
                json_message={
                    "type": "document",
                    "url": url,
                    "filename": texts["draft"]["filename"],
                    "caption": texts["draft"]["caption"],
                }
            )
            new = drafted(new, today())
        return [SlotSet(SLOT, new.to_slot())]
