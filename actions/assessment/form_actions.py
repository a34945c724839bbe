"""The self-assessment conversation: start or continue a module, ask, understand answers.

Rasa side: one form, ``assessment_form``, with one slot, ``assessment_answer``, filled from any
text the user sends while it is active (except "why do you ask?" and the other digressions,
whose rules answer and return to the form). Every answer goes through ``progress.answer``; the
slot is emptied again until the module is finished or paused, so the form keeps asking, one
question at a time. The state lives in the ``assessment`` slot (tracker store), which is why
"continue my assessment" picks up exactly where the user stopped, also after a restart.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.assessment.answers import ReaskStep, map_answer, reask_text
from actions.assessment.files import ASSESSMENT_DIR, read_yaml
from actions.assessment.progress import AssessmentState, Outcome, answer, question, start
from actions.assessment.questionnaire import Module, default_modules

STATE_SLOT = "assessment"
ANSWER_SLOT = "assessment_answer"
#: True when a module is ready to be asked: the rules then run the form (data/rules/assessment.yml).
READY_SLOT = "assessment_ready"
NOT_READY = SlotSet(READY_SLOT, False)
#: Filled into the answer slot when the module is finished or paused, so the form completes.
DONE, PAUSED = "done", "paused"


@cache
def dialogue_texts() -> dict[str, Any]:
    """data/assessment/dialogue.yml, read once."""
    return read_yaml(ASSESSMENT_DIR / "dialogue.yml")


def module_buttons(modules: dict[str, Module], state: AssessmentState) -> list[dict[str, str]]:
    """One button per module, with its number of questions and minutes."""
    template = dialogue_texts()["module_button"]
    return [
        {
            "title": template.format(title=m.title, questions=m.question_count, minutes=m.estimated_minutes),
            "payload": f'/start_assessment{{"assessment_module":"{m.id}"}}',
        }
        for m in modules.values()
    ]


def question_buttons(module: Module) -> list[dict[str, str]]:
    """The answer options in words (payload: the number), then skip, why and later."""
    labels = dialogue_texts()["buttons"]
    options = [{"title": label, "payload": str(value)} for value, label in module.answer_scale.labels]
    extras = [
        {"title": labels["skip"], "payload": "skip"},
        {"title": labels["why"], "payload": "/explain_question"},
        {"title": labels["stop"], "payload": "later"},
    ]
    return options + extras


def _module_entity(tracker: Tracker) -> str | None:
    entities = tracker.latest_message.get("entities") or []
    return next((str(e.get("value")) for e in entities if e.get("entity") == "assessment_module"), None)


def begin(dispatcher: CollectingDispatcher, state: AssessmentState, module: Module) -> list[dict[str, Any]]:
    """Introduce (or welcome back to) ``module``; ``assessment_ready`` makes the rules run the form."""
    resuming = state.in_progress(module.id)
    new = start(state, module.id)
    progress = new.progress[module.id]
    if resuming:
        dispatcher.utter_message(
            response="utter_assessment_resume", title=module.title, done=progress.position, total=module.question_count
        )
    else:
        dispatcher.utter_message(
            response="utter_assessment_intro",
            title=module.title,
            intro=module.intro,
            questions=module.question_count,
            minutes=module.estimated_minutes,
        )
    return [SlotSet(STATE_SLOT, new.to_slot()), SlotSet(ANSWER_SLOT, None), SlotSet(READY_SLOT, True)]


class ActionStartAssessment(Action):
    """Start a module, continue the one in progress, or offer the modules."""

    def name(self) -> str:
        """Called for start_assessment and continue_assessment."""
        return "action_start_assessment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Answers are kept only with consent; without it, ask first and start afterwards."""
        modules = default_modules()
        state = AssessmentState.from_slot(tracker.get_slot(STATE_SLOT))
        wanted = _module_entity(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if wanted not in modules and intent == "continue_assessment":
            wanted = state.module if state.module in modules else None
            if wanted is None:
                dispatcher.utter_message(
                    response="utter_no_assessment_in_progress", buttons=module_buttons(modules, state)
                )
                return []
        if wanted not in modules:
            dispatcher.utter_message(response="utter_assessment_choose", buttons=module_buttons(modules, state))
            return [NOT_READY]
        if tracker.get_slot("consent_given") is not True:
            dispatcher.utter_message(response="utter_assessment_needs_consent")
            return [SlotSet(STATE_SLOT, start(state, wanted).to_slot() | {"pending": wanted}), NOT_READY]
        return begin(dispatcher, state, modules[wanted])


class ActionAfterConsent(Action):
    """After "I agree": start the module the user was about to begin, else show the help."""

    def name(self) -> str:
        """Called for consent_given."""
        return "action_after_consent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Pick up a pending module once, or fall back to the help text."""
        raw = tracker.get_slot(STATE_SLOT)
        pending = raw.get("pending") if isinstance(raw, dict) else None
        modules = default_modules()
        if pending in modules:
            return begin(dispatcher, AssessmentState.from_slot(raw), modules[pending])
        dispatcher.utter_message(response="utter_help")
        return [NOT_READY]


class ActionAskAssessmentAnswer(Action):
    """Ask the current question, with its number, the answer options and the extra buttons."""

    def name(self) -> str:
        """Rasa's name for the form's question about ``assessment_answer``."""
        return "action_ask_assessment_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """One message per question."""
        modules = default_modules()
        current = AssessmentState.from_slot(tracker.get_slot(STATE_SLOT)).current(modules)
        if current is None:
            return []
        module, progress = current
        item = question(module, progress)
        dispatcher.utter_message(
            response="utter_assessment_question",
            number=progress.position + 1,
            total=module.question_count,
            prompt=module.answer_scale.prompt,
            question=item.text,
            buttons=question_buttons(module),
        )
        return []


class ValidateAssessmentForm(FormValidationAction):
    """Turn each message into progress: record, re-ask, skip, go back, start over, pause or finish."""

    def name(self) -> str:
        """Rasa finds the form's validation by this name."""
        return "validate_assessment_form"

    def validate_assessment_answer(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Apply the answer; say what happened when it is not a plain answer."""
        modules = default_modules()
        state = AssessmentState.from_slot(tracker.get_slot(STATE_SLOT))
        current = state.current(modules)
        if current is None:
            return {ANSWER_SLOT: DONE}
        module, _ = current
        new, outcome = answer(state, module, str(slot_value or ""))
        if outcome is Outcome.PAUSED:
            return {ANSWER_SLOT: PAUSED, STATE_SLOT: new.to_slot()}
        if outcome is Outcome.FINISHED:
            return {ANSWER_SLOT: DONE, STATE_SLOT: new.to_slot()}
        if outcome in (Outcome.REASK, Outcome.OFFER_SKIP):
            # The re-ask names what was wrong (empty, out of range, too long, not understood).
            mapped = map_answer(str(slot_value or ""), module.answer_scale)
            step = ReaskStep.REASK if outcome is Outcome.REASK else ReaskStep.OFFER_SKIP
            dispatcher.utter_message(text=reask_text(mapped, module.answer_scale, step))
        elif outcome is Outcome.SKIPPED_AFTER_REASKS:
            dispatcher.utter_message(response="utter_assessment_skipped_unclear")
        elif outcome is Outcome.BACK:
            dispatcher.utter_message(response="utter_assessment_back")
        elif outcome is Outcome.RESTARTED:
            dispatcher.utter_message(response="utter_assessment_restarted")
        return {ANSWER_SLOT: None, STATE_SLOT: new.to_slot()}


class ActionExplainQuestion(Action):
    """Answer "why do you ask?" with the purpose of the current question, from the data."""

    def name(self) -> str:
        """Called for explain_question, inside or outside the form."""
        return "action_explain_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Name the scale the question belongs to and why it matters."""
        modules = default_modules()
        current = AssessmentState.from_slot(tracker.get_slot(STATE_SLOT)).current(modules)
        if current is None:
            dispatcher.utter_message(
                response="utter_assessment_choose", buttons=module_buttons(modules, AssessmentState())
            )
            return []
        module, progress = current
        scale = module.scale(question(module, progress).scale)
        kind = "interests" if module.id == "interests" else "skills"
        why = dialogue_texts()["why"][kind].format(scale=scale.title, description=scale.description)
        dispatcher.utter_message(text=why)
        return []
