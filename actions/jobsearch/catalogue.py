"""The coaching content of data/jobsearch/plan.yml, read once per language into typed values.

Why typed: the rules in ``plan.py`` and ``steps.py`` stay pure and testable with a small
catalogue built in a test, and a PES's editing mistake (a missing title, an unknown
``suggest_when``) fails at the first use with the file's name instead of in a conversation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from actions.assessment.files import DATA_DIR, read_yaml
from actions.content import localised
from nlu.language import languages

PLAN_FILE = DATA_DIR / "jobsearch" / "plan.yml"
#: When an action is offered first (see plan.yml).
CONDITIONS = ("always", "no_assessment", "digital_low", "has_goal", "no_goal")


@dataclass(frozen=True)
class PlanAction:
    """One action a user can put in their plan."""

    id: str
    title: str
    suggest_when: str
    order: int


@dataclass(frozen=True)
class DueChoice:
    """A "when will you do it?" button: days from today."""

    days: int
    label: str


@dataclass(frozen=True)
class Step:
    """One step of the job-search map, and the payload that starts it."""

    id: str
    title: str
    payload: str


@dataclass(frozen=True)
class Choice:
    """A value, its button label, and its words inside a sentence."""

    value: str
    label: str
    words: str


@dataclass(frozen=True)
class Catalogue:
    """Everything the coaching actions need from the data file."""

    actions: dict[str, PlanAction]
    min_actions: int
    max_actions: int
    suggestions: int
    due_choices: tuple[DueChoice, ...]
    buttons: dict[str, str]
    marks: dict[str, str]
    lines: dict[str, str]
    steps: tuple[Step, ...]
    max_goal_occupations: int
    start_choices: tuple[Choice, ...]
    date_format: str
    weekdays: tuple[str, ...]
    months: tuple[str, ...]

    def start_words(self, value: str) -> str | None:
        """The words for a goal's start value in a sentence, or None when unknown."""
        return next((c.words for c in self.start_choices if c.value == value), None)

    def date_words(self, day: date) -> str:
        """A date as the plan writes it ("Monday 7 December"), in the data file's words."""
        return self.date_format.format(
            weekday=self.weekdays[day.weekday()], day=day.day, month=self.months[day.month - 1]
        )


def parse_catalogue(raw: dict[str, Any], language: str, source: str = "plan.yml") -> Catalogue:
    """One language's catalogue from the YAML mapping; ``ValueError`` naming ``source`` when it is wrong."""
    view = localised(raw, language, source)
    try:
        plan, goal = view["plan"], view["goal"]
        titles, step_titles, starts = view["action_titles"], view["step_titles"], view["start_choices"]
        actions = {
            str(key): PlanAction(str(key), str(titles[key]), str(value["suggest_when"]), int(value["order"]))
            for key, value in view["actions"].items()
        }
        catalogue = Catalogue(
            actions=actions,
            min_actions=int(plan["min_actions"]),
            max_actions=int(plan["max_actions"]),
            suggestions=int(plan["suggestions"]),
            due_choices=tuple(DueChoice(int(days), str(view["due_labels"][days])) for days in plan["due_days"]),
            buttons={str(k): str(v) for k, v in view["buttons"].items()},
            marks={str(k): str(v) for k, v in view["marks"].items()},
            lines={str(k): str(v) for k, v in view["lines"].items()},
            steps=tuple(Step(str(s["id"]), str(step_titles[s["id"]]), str(s["payload"])) for s in view["steps"]),
            max_goal_occupations=int(goal["max_occupations"]),
            start_choices=tuple(
                Choice(str(value), str(starts[value]["label"]), str(starts[value]["words"]))
                for value in goal["start_values"]
            ),
            date_format=str(view["dates"]["format"]),
            weekdays=tuple(str(w) for w in view["dates"]["weekdays"]),
            months=tuple(str(m) for m in view["dates"]["months"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ValueError(f"{source} ({language}): missing or wrong entry ({error!r})") from error
    unknown = sorted(a.id for a in actions.values() if a.suggest_when not in CONDITIONS)
    if unknown:
        raise ValueError(f"{source}: suggest_when of {unknown} must be one of {CONDITIONS}")
    if len(catalogue.weekdays) != 7 or len(catalogue.months) != 12:
        raise ValueError(f"{source} ({language}): dates need 7 weekdays and 12 months")
    if not 0 < catalogue.min_actions <= catalogue.max_actions:
        raise ValueError(f"{source}: need 0 < min_actions <= max_actions")
    return catalogue


def default_catalogue(language: str | None = None, path: Path = PLAN_FILE) -> Catalogue:
    """data/jobsearch/plan.yml in ``language`` (the default language when None)."""
    return _catalogue(language or languages().default, path)


@cache
def _catalogue(language: str, path: Path) -> Catalogue:
    """Parsed once per language and process."""
    return parse_catalogue(_plan_file(path), language, str(path))


@cache
def _plan_file(path: Path) -> dict[str, Any]:
    """The file, read once per process."""
    return read_yaml(path)
