"""The self-assessment conversation: start or continue a module, ask, understand answers.

Rasa side: one form, ``assessment_form``, with one slot, ``assessment_answer``, filled from any
text the user sends while it is active (except "why do you ask?" and the other digressions,
whose rules answer and return to the form). Every answer goes through ``progress.answer``; the
slot is emptied again until the module is finished or paused, so the form keeps asking, one
question at a time. The state lives in the ``assessment`` slot (tracker store), which is why
"continue my assessment" picks up exactly where the user stopped, also after a restart.

Every text is in the conversation's language (``actions.language.language_of``), read again for
each message: the state holds ids and values only, so a language change mid-assessment applies
from the next question on.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.assessment.answers import ReaskStep, map_answer, normalise, reask_step, reask_text
from actions.assessment.files import ASSESSMENT_DIR, DEFAULT_LANGUAGE, read_localised
from actions.assessment.occupations import occupation_label
from actions.assessment.profile import (
    DONE as PROFILE_DONE,
)
from actions.assessment.profile import (
    ESCO_PREFIX,
    LANGUAGE_PREFIX,
    NONE_OF_THESE,
    PROFILE,
    ProfileAnswer,
    ProfileModule,
    ProfileQuestion,
    default_profile,
)
from actions.assessment.profile import reask_text as profile_reask_text
from actions.assessment.progress import AssessmentState, Outcome, answer, answer_profile, question, start
from actions.assessment.questionnaire import Module, default_modules
from actions.language import language_of
from actions.privacy.consent import may_keep_personal_data
from nlu.occupation_index import default_index

#: A part of the self-assessment the user can choose: a scored module or the profile.
Part = Module | ProfileModule

STATE_SLOT = "assessment"
ANSWER_SLOT = "assessment_answer"
#: True when a module is ready to be asked: the rules then run the form (data/rules/assessment.yml).
READY_SLOT = "assessment_ready"
NOT_READY = SlotSet(READY_SLOT, False)
#: Filled into the answer slot when the module is finished or paused, so the form completes.
DONE, PAUSED = "done", "paused"


@cache
def dialogue_texts(language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """data/assessment/dialogue.yml in ``language``, read once per process and language."""
    return read_localised(ASSESSMENT_DIR / "dialogue.yml", language)


def assessment_parts(language: str = DEFAULT_LANGUAGE) -> dict[str, Part]:
    """Every part a user can take, in the order they are offered: the scored modules, then the profile."""
    return {**default_modules(language), PROFILE: default_profile(language)}


def module_buttons(
    modules: dict[str, Part], state: AssessmentState, language: str = DEFAULT_LANGUAGE
) -> list[dict[str, str]]:
    """One button per module, with its number of questions and minutes (pass the parts in ``language``)."""
    template = dialogue_texts(language)["module_button"]
    return [
        {
            "title": template.format(title=m.title, questions=m.question_count, minutes=m.estimated_minutes),
            "payload": f'/start_assessment{{"assessment_module":"{m.id}"}}',
        }
        for m in modules.values()
    ]


def question_buttons(module: Module, language: str = DEFAULT_LANGUAGE) -> list[dict[str, str]]:
    """The answer options in words (payload: the number), then skip, why and later."""
    labels = dialogue_texts(language)["buttons"]
    options = [{"title": label, "payload": str(value)} for value, label in module.answer_scale.labels]
    extras = [
        {"title": labels["skip"], "payload": "skip"},
        {"title": labels["why"], "payload": "/explain_question"},
        {"title": labels["stop"], "payload": "later"},
    ]
    return options + extras


def _module_entity(tracker: Tracker) -> str | None:
    """The part named by a button's entity, or by the words of dialogue.yml's ``module_words``."""
    entities = tracker.latest_message.get("entities") or []
    named = next((str(e.get("value")) for e in entities if e.get("entity") == "assessment_module"), None)
    return named or module_from_words(str(tracker.latest_message.get("text") or ""))


def module_from_words(text: str) -> str | None:
    """The one part whose words occur in ``text`` ("check my digital skills" → digital), else None."""
    said = f" {normalise(text)} "
    found = {
        part
        for part, words in dialogue_texts().get("module_words", {}).items()
        if any(f" {normalise(str(w))} " in said for w in words)
    }
    return found.pop() if len(found) == 1 else None


def profile_question_buttons(
    module: ProfileModule, question: ProfileQuestion, answered: Any, language: str = DEFAULT_LANGUAGE
) -> list[dict[str, str]]:
    """Options as buttons (languages: those not chosen yet, and "That's all"), then skip, why, later."""
    labels = dialogue_texts(language)["buttons"]
    if question.kind == "languages":
        chosen = answered if isinstance(answered, list) else []
        options = [
            {"title": o.label, "payload": f"{LANGUAGE_PREFIX}{o.value}"}
            for value in question.buttons
            if (o := question.option(value)) and value not in chosen
        ]
        if chosen:
            options.append({"title": module.done_word, "payload": PROFILE_DONE})
    else:
        options = [{"title": o.label, "payload": o.value} for o in question.options]
    extras = [
        {"title": labels["skip"], "payload": "skip"},
        {"title": labels["why"], "payload": "/explain_question"},
        {"title": labels["stop"], "payload": "later"},
    ]
    return options + extras


def confirm_buttons(
    module: ProfileModule, candidates: tuple[str, ...], language: str = DEFAULT_LANGUAGE
) -> list[dict[str, str]]:
    """One button per occupation that may be meant (its ESCO label in ``language``), then "None of these"."""
    buttons = [{"title": occupation_label(c, language) or c, "payload": f"{ESCO_PREFIX}{c}"} for c in candidates]
    return [*buttons, {"title": module.none_of_these, "payload": NONE_OF_THESE}]


def begin(dispatcher: CollectingDispatcher, state: AssessmentState, module: Part) -> list[dict[str, Any]]:
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
        language = language_of(tracker)
        modules = assessment_parts(language)
        state = AssessmentState.from_slot(tracker.get_slot(STATE_SLOT))
        wanted = _module_entity(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if wanted not in modules and intent == "continue_assessment":
            wanted = state.module if state.module in modules else None
            if wanted is None:
                dispatcher.utter_message(
                    response="utter_no_assessment_in_progress", buttons=module_buttons(modules, state, language)
                )
                return []
        if wanted not in modules:
            dispatcher.utter_message(
                response="utter_assessment_choose", buttons=module_buttons(modules, state, language)
            )
            return [NOT_READY]
        if not may_keep_personal_data(tracker):
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
        modules = assessment_parts(language_of(tracker))
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
        """One message per question; none while the bot waits for the answer to its own question."""
        state = AssessmentState.from_slot(tracker.get_slot(STATE_SLOT))
        language = language_of(tracker)
        if state.module == PROFILE:
            ask_profile_question(dispatcher, state, language)
            return []
        current = state.current(default_modules(language))
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
            buttons=question_buttons(module, language),
        )
        return []


def ask_profile_question(
    dispatcher: CollectingDispatcher, state: AssessmentState, language: str = DEFAULT_LANGUAGE
) -> None:
    """The current profile question, unless a "which of these?" or "anything else?" is open."""
    module = default_profile(language)
    progress = state.progress.get(PROFILE)
    if progress is None or progress.waiting or progress.position >= module.question_count:
        return
    item = module.questions[progress.position]
    dispatcher.utter_message(
        response="utter_profile_question",
        number=progress.position + 1,
        total=module.question_count,
        question=item.text,
        buttons=profile_question_buttons(module, item, progress.answers.get(item.id), language),
    )


def say_profile_outcome(
    dispatcher: CollectingDispatcher,
    state: AssessmentState,
    outcome: Outcome,
    mapped: ProfileAnswer | None,
    language: str = DEFAULT_LANGUAGE,
) -> None:
    """Word what a profile answer did when it was not simply recorded."""
    module = default_profile(language)
    progress = state.progress[PROFILE]
    item = module.questions[min(progress.position, module.question_count - 1)]
    if outcome is Outcome.CONFIRM and mapped is not None:
        text = item.confirm.format(words=mapped.words)
        dispatcher.utter_message(text=text, buttons=confirm_buttons(module, mapped.candidates, language))
    elif outcome is Outcome.MORE:
        text = module.texts["reask"]["more"].format(done=module.done_word)
        dispatcher.utter_message(
            text=text, buttons=profile_question_buttons(module, item, progress.answers.get(item.id), language)
        )
    elif outcome in (Outcome.REASK, Outcome.OFFER_SKIP) and mapped is not None:
        dispatcher.utter_message(text=profile_reask_text(module, item, mapped, reask_step(progress.failed)))
    else:
        say_moved(dispatcher, outcome)


def say_moved(dispatcher: CollectingDispatcher, outcome: Outcome) -> None:
    """Skipped after re-asks, back, or restarted: one short line."""
    if outcome is Outcome.SKIPPED_AFTER_REASKS:
        dispatcher.utter_message(response="utter_assessment_skipped_unclear")
    elif outcome is Outcome.BACK:
        dispatcher.utter_message(response="utter_assessment_back")
    elif outcome is Outcome.RESTARTED:
        dispatcher.utter_message(response="utter_assessment_restarted")


def validate_profile_answer(
    text: str, dispatcher: CollectingDispatcher, tracker: Tracker, state: AssessmentState
) -> dict[str, Any]:
    """The profile's half of the form validation: the NLU's entities help read the answer."""
    entities = tracker.latest_message.get("entities") or []
    language = language_of(tracker)
    new, outcome, mapped = answer_profile(state, default_profile(language), text, entities, default_index())
    if outcome in (Outcome.PAUSED, Outcome.FINISHED):
        return {ANSWER_SLOT: PAUSED if outcome is Outcome.PAUSED else DONE, STATE_SLOT: new.to_slot()}
    say_profile_outcome(dispatcher, new, outcome, mapped, language)
    return {ANSWER_SLOT: None, STATE_SLOT: new.to_slot()}


class ValidateAssessmentForm(FormValidationAction):
    """Turn each message into progress: record, re-ask, skip, go back, start over, pause or finish."""

    def name(self) -> str:
        """Rasa finds the form's validation by this name."""
        return "validate_assessment_form"

    def validate_assessment_answer(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Apply the answer; say what happened when it is not a plain answer."""
        state = AssessmentState.from_slot(tracker.get_slot(STATE_SLOT))
        if state.module == PROFILE:
            return validate_profile_answer(str(slot_value or ""), dispatcher, tracker, state)
        language = language_of(tracker)
        current = state.current(default_modules(language))
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
            likert = map_answer(str(slot_value or ""), module.answer_scale)
            step = ReaskStep.REASK if outcome is Outcome.REASK else ReaskStep.OFFER_SKIP
            dispatcher.utter_message(text=reask_text(likert, module.answer_scale, step, language=language))
        else:
            say_moved(dispatcher, outcome)
        return {ANSWER_SLOT: None, STATE_SLOT: new.to_slot()}


class ActionExplainQuestion(Action):
    """Answer "why do you ask?" with the purpose of the current question, from the data."""

    def name(self) -> str:
        """Called for explain_question, inside or outside the form."""
        return "action_explain_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Name the scale the question belongs to and why it matters."""
        language = language_of(tracker)
        modules = default_modules(language)
        state = AssessmentState.from_slot(tracker.get_slot(STATE_SLOT))
        if state.module == PROFILE and PROFILE in state.progress:
            profile = default_profile(language)
            position = min(state.progress[PROFILE].position, profile.question_count - 1)
            dispatcher.utter_message(text=profile.questions[position].why)
            return []
        current = state.current(modules)
        if current is None:
            dispatcher.utter_message(
                response="utter_assessment_choose",
                buttons=module_buttons(assessment_parts(language), AssessmentState(), language),
            )
            return []
        module, progress = current
        scale = module.scale(question(module, progress).scale)
        kind = "interests" if module.id == "interests" else "skills"
        why = dialogue_texts(language)["why"][kind].format(scale=scale.title, description=scale.description)
        dispatcher.utter_message(text=why)
        return []
