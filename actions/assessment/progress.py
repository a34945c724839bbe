"""Where a user stands in the self-assessment, and what one typed or tapped answer changes.

Why a pure state machine: the form in Rasa only carries text in and questions out; everything
that decides what happens next (record, skip, re-ask, offer to skip, go back, start over,
pause, finish) lives here, so it is tested without a Rasa server and survives restarts as the
``assessment`` slot. Answers are mapped by ``answers.map_answer``; moving words ("go back",
"start over", "later") come from ``data/assessment/dialogue.yml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cache
from typing import Any

from actions.assessment.answers import AnswerKind, ReaskStep, map_answer, normalise, reask_step
from actions.assessment.files import ASSESSMENT_DIR, read_yaml
from actions.assessment.profile import (
    DONE,
    Kind,
    ProfileAnswer,
    ProfileModule,
    ProfileQuestion,
    map_profile_answer,
)
from actions.assessment.questionnaire import Item, Module
from nlu.occupation_index import OccupationIndex


class Outcome(Enum):
    """What the last message did; the form action turns it into words."""

    ANSWERED = "answered"
    SKIPPED = "skipped"
    REASK = "reask"
    OFFER_SKIP = "offer_skip"
    SKIPPED_AFTER_REASKS = "skipped_after_reasks"
    BACK = "back"
    REPEAT = "repeat"
    RESTARTED = "restarted"
    PAUSED = "paused"
    FINISHED = "finished"
    #: Profile only: several occupations fit, the user is asked which (buttons).
    CONFIRM = "confirm"
    #: Profile only: a language was tapped; the question stays open for another.
    MORE = "more"


@dataclass(frozen=True)
class ModuleProgress:
    """Answers so far (item id → value, None for skipped) and the question being asked.

    ``waiting`` is set while the bot waits for the answer to its own question about the answer
    (profile: "which of these do you mean?", "anything else?"); the question is not repeated then.
    A profile answer being built (jobs confirmed so far, languages tapped) is kept in ``answers``.
    """

    position: int = 0
    answers: dict[str, Any] = field(default_factory=dict)
    failed: int = 0
    waiting: str | None = None


@dataclass(frozen=True)
class AssessmentState:
    """The module in progress (if any), progress per module, and results per module.

    ``results[module]`` holds ``latest`` and ``previous`` (``ModuleResult.to_slot()`` dicts), so a
    repeat can show the change since last time.
    """

    module: str | None = None
    progress: dict[str, ModuleProgress] = field(default_factory=dict)
    results: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_slot(self) -> dict[str, Any]:
        """JSON-friendly slot value."""
        return {
            "module": self.module,
            "progress": {
                m: {"position": p.position, "answers": dict(p.answers), "failed": p.failed, "waiting": p.waiting}
                for m, p in self.progress.items()
            },
            "results": self.results,
        }

    @classmethod
    def from_slot(cls, value: Any) -> AssessmentState:
        """Rebuild from the slot; anything unreadable gives a fresh state."""
        if not isinstance(value, dict):
            return cls()
        try:
            progress = {
                str(m): ModuleProgress(
                    int(p["position"]), dict(p.get("answers") or {}), int(p.get("failed") or 0), p.get("waiting")
                )
                for m, p in (value.get("progress") or {}).items()
            }
            results = {str(m): dict(r) for m, r in (value.get("results") or {}).items()}
            return cls(value.get("module"), progress, results)
        except (KeyError, TypeError, ValueError, AttributeError):
            return cls()

    def current(self, modules: dict[str, Module]) -> tuple[Module, ModuleProgress] | None:
        """The module in progress and its progress, or None."""
        if self.module not in modules:
            return None
        return modules[self.module], self.progress.get(self.module, ModuleProgress())

    def in_progress(self, module_id: str) -> bool:
        """Started and not finished."""
        progress = self.progress.get(module_id)
        return progress is not None and progress.position > 0


def start(state: AssessmentState, module_id: str, *, over: bool = False) -> AssessmentState:
    """Make ``module_id`` the current module; keep its progress unless starting ``over``."""
    progress = dict(state.progress)
    if over or module_id not in progress:
        progress[module_id] = ModuleProgress()
    else:
        # Coming back: ask the question itself again, not a "which of these?" from before.
        progress[module_id] = replace(progress[module_id], waiting=None)
    return replace(state, module=module_id, progress=progress)


def question(module: Module, progress: ModuleProgress) -> Item:
    """The item to ask now."""
    return module.items[min(progress.position, len(module.items) - 1)]


@cache
def _navigation() -> dict[str, set[str]]:
    spec = read_yaml(ASSESSMENT_DIR / "dialogue.yml")["navigation"]
    return {key: {normalise(str(word)) for word in words} for key, words in spec.items()}


def navigation(text: str) -> str | None:
    """``back``, ``restart``, ``repeat`` or ``stop`` when the whole message is one of those words, else None."""
    said = normalise(text)
    return next((key for key, words in _navigation().items() if said in words), None)


def _advance(progress: ModuleProgress, item: Item, value: int | None) -> ModuleProgress:
    return ModuleProgress(progress.position + 1, {**progress.answers, item.id: value}, 0)


def answer(state: AssessmentState, module: Module, text: str) -> tuple[AssessmentState, Outcome]:
    """Apply one message to the current question of ``module`` (which must be current)."""
    progress = state.progress.get(module.id, ModuleProgress())
    item = question(module, progress)
    move = navigation(text)
    if move is not None:
        return _navigate(state, module.id, progress, move)
    mapped = map_answer(text, module.answer_scale)
    if mapped.kind is AnswerKind.VALUE:
        new, outcome = _advance(progress, item, mapped.value), Outcome.ANSWERED
    elif mapped.kind is AnswerKind.SKIP:
        new, outcome = _advance(progress, item, None), Outcome.SKIPPED
    else:
        failed = progress.failed + 1
        step = reask_step(failed)
        if step is ReaskStep.SKIP:
            new, outcome = _advance(progress, item, None), Outcome.SKIPPED_AFTER_REASKS
        else:
            new = replace(progress, failed=failed)
            outcome = Outcome.REASK if step is ReaskStep.REASK else Outcome.OFFER_SKIP
    if new.position >= len(module.items):
        return _with(state, module.id, new), Outcome.FINISHED
    return _with(state, module.id, new), outcome


def answer_profile(
    state: AssessmentState, module: ProfileModule, text: str, entities: list[dict[str, Any]], index: OccupationIndex
) -> tuple[AssessmentState, Outcome, ProfileAnswer | None]:
    """Apply one message to the current profile question; the mapped answer comes back for wording."""
    progress = state.progress.get(module.id, ModuleProgress())
    question = module.questions[min(progress.position, module.question_count - 1)]
    so_far = progress.answers.get(question.id) if progress.waiting else None
    move = navigation(text)
    if move in ("stop", "repeat", "restart", "back"):
        new_state, outcome = _navigate(state, module.id, progress, move)
        return new_state, outcome, None
    if text.strip() == DONE and question.kind == "languages":
        return _profile_step(state, module, progress, question, so_far), Outcome.ANSWERED, None
    mapped = map_profile_answer(module, question, text, entities, index)
    if mapped.kind is Kind.VALUE:
        value = _merged(so_far, mapped.value, question.most)
        new_state, outcome = _profile_step(state, module, progress, question, value), Outcome.ANSWERED
    elif mapped.kind is Kind.SKIP:
        new_state, outcome = _profile_step(state, module, progress, question, so_far), Outcome.SKIPPED
    elif mapped.kind in (Kind.CONFIRM, Kind.MORE):
        kept = _merged(so_far, mapped.value, question.most)
        waiting = "confirm" if mapped.kind is Kind.CONFIRM else "more"
        if mapped.kind is Kind.MORE and len(kept) >= question.most:
            return _profile_step(state, module, progress, question, kept), Outcome.ANSWERED, mapped
        waiting_progress = replace(progress, answers={**progress.answers, question.id: kept}, waiting=waiting)
        new_state = _with(state, module.id, waiting_progress)
        outcome = Outcome.CONFIRM if mapped.kind is Kind.CONFIRM else Outcome.MORE
    else:
        step = reask_step(progress.failed + 1)
        if step is ReaskStep.SKIP:
            new_state, outcome = _profile_step(state, module, progress, question, so_far), Outcome.SKIPPED_AFTER_REASKS
        else:
            new_state = _with(state, module.id, replace(progress, failed=progress.failed + 1, waiting=None))
            outcome = Outcome.REASK if step is ReaskStep.REASK else Outcome.OFFER_SKIP
    if new_state.progress[module.id].position >= module.question_count:
        return new_state, Outcome.FINISHED, mapped
    return new_state, outcome, mapped


def _navigate(
    state: AssessmentState, module_id: str, progress: ModuleProgress, move: str
) -> tuple[AssessmentState, Outcome]:
    if move == "stop":
        return state, Outcome.PAUSED
    if move == "repeat":
        return _with(state, module_id, replace(progress, waiting=None)), Outcome.REPEAT
    if move == "restart":
        return _with(state, module_id, ModuleProgress()), Outcome.RESTARTED
    previous = replace(progress, position=max(progress.position - 1, 0), failed=0, waiting=None)
    return _with(state, module_id, previous), Outcome.BACK


def _merged(so_far: Any, new: Any, most: int) -> Any:
    """Lists (jobs, languages) grow without repeats, up to ``most``; other values replace."""
    if not isinstance(new, list):
        return new
    merged = [*(so_far if isinstance(so_far, list) else [])]
    merged += [value for value in new if value not in merged]
    return merged[:most]


def _profile_step(
    state: AssessmentState, module: ProfileModule, progress: ModuleProgress, question: ProfileQuestion, value: Any
) -> AssessmentState:
    answers = {**progress.answers, question.id: value if value not in ([], "") else None}
    return _with(state, module.id, ModuleProgress(progress.position + 1, answers, 0, None))


def _with(state: AssessmentState, module_id: str, progress: ModuleProgress) -> AssessmentState:
    return replace(state, progress={**state.progress, module_id: progress})


def finish(state: AssessmentState, module_id: str, result_slot: dict[str, Any], taken_at: str) -> AssessmentState:
    """Store a finished module's result (the earlier one becomes ``previous``) and clear its progress."""
    earlier = state.results.get(module_id, {}).get("latest")
    results = {**state.results, module_id: {"latest": result_slot, "previous": earlier, "taken_at": taken_at}}
    progress = {m: p for m, p in state.progress.items() if m != module_id}
    return AssessmentState(None, progress, results)
