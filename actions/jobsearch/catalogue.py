"""The coaching content of data/jobsearch/plan.yml, read once into typed values.

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


def parse_catalogue(raw: dict[str, Any], source: str = "plan.yml") -> Catalogue:
    """The catalogue from the YAML mapping; ``ValueError`` naming ``source`` when it is wrong."""
    try:
        plan, goal = raw["plan"], raw["goal"]
        actions = {
            str(key): PlanAction(str(key), str(value["title"]), str(value["suggest_when"]), int(value["order"]))
            for key, value in raw["actions"].items()
        }
        catalogue = Catalogue(
            actions=actions,
            min_actions=int(plan["min_actions"]),
            max_actions=int(plan["max_actions"]),
            suggestions=int(plan["suggestions"]),
            due_choices=tuple(DueChoice(int(c["days"]), str(c["label"])) for c in plan["due_choices"]),
            buttons={str(k): str(v) for k, v in plan["buttons"].items()},
            marks={str(k): str(v) for k, v in plan["marks"].items()},
            lines={str(k): str(v) for k, v in plan["lines"].items()},
            steps=tuple(Step(str(s["id"]), str(s["title"]), str(s["payload"])) for s in raw["steps"]),
            max_goal_occupations=int(goal["max_occupations"]),
            start_choices=tuple(
                Choice(str(c["value"]), str(c["label"]), str(c["words"])) for c in goal["start_choices"]
            ),
            date_format=str(raw["dates"]["format"]),
            weekdays=tuple(str(w) for w in raw["dates"]["weekdays"]),
            months=tuple(str(m) for m in raw["dates"]["months"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ValueError(f"{source}: missing or wrong entry ({error!r})") from error
    unknown = sorted(a.id for a in actions.values() if a.suggest_when not in CONDITIONS)
    if unknown:
        raise ValueError(f"{source}: suggest_when of {unknown} must be one of {CONDITIONS}")
    if len(catalogue.weekdays) != 7 or len(catalogue.months) != 12:
        raise ValueError(f"{source}: dates need 7 weekdays and 12 months")
    if not 0 < catalogue.min_actions <= catalogue.max_actions:
        raise ValueError(f"{source}: need 0 < min_actions <= max_actions")
    return catalogue


@cache
def default_catalogue(path: Path = PLAN_FILE) -> Catalogue:
    """data/jobsearch/plan.yml, read once per process."""
    return parse_catalogue(read_yaml(path), str(path))
