"""What Orienta remembers of a user's job search: goal, plan, interview practice (the ``jobsearch`` slot).

The state is a plain JSON-friendly dict in the tracker store, so it survives restarts and is part
of the user's data export and erasure like every other slot. ``from_slot`` forgives anything it
cannot read (an old or hand-edited value) by starting fresh rather than failing the turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

SLOT = "jobsearch"


@dataclass(frozen=True)
class Goal:
    """One to three target occupations (gazetteer keys and labels), where, and when to start."""

    occupations: tuple[tuple[str, str], ...] = ()
    place: str | None = None
    start: str | None = None

    @property
    def is_set(self) -> bool:
        """A goal exists once it names an occupation."""
        return bool(self.occupations)


@dataclass(frozen=True)
class PlanItem:
    """One action of the plan: which catalogue action, by when, and whether it is done."""

    action: str
    due: date | None = None
    done: bool = False


@dataclass(frozen=True)
class Application:
    """One application of the diary: which job, its status, and when it was logged and last changed."""

    id: str
    title: str
    employer: str | None
    status: str
    applied_on: date
    updated_on: date


@dataclass(frozen=True)
class Interview:
    """The interview practice: this session's questions (ids), how far it got, and past sessions.

    Only ids and counts are kept, never the user's answers: the feedback is given at once and
    nothing of an answer needs to be remembered.
    """

    questions: tuple[str, ...] = ()
    position: int = 0
    answered: int = 0
    sessions: int = 0

    @property
    def in_progress(self) -> bool:
        """A session has questions left."""
        return self.position < len(self.questions)

    def to_slot(self) -> dict[str, Any]:
        """JSON-friendly part of the slot."""
        return {
            "questions": list(self.questions),
            "position": self.position,
            "answered": self.answered,
            "sessions": self.sessions,
        }

    @classmethod
    def from_slot(cls, value: Any) -> Interview:
        """Rebuild; absent (a slot from before interview practice) or unreadable gives a fresh one."""
        if not isinstance(value, dict):
            return cls()
        try:
            questions = tuple(str(q) for q in value.get("questions") or [])
            position = min(max(int(value.get("position") or 0), 0), len(questions))
            return cls(questions, position, int(value.get("answered") or 0), int(value.get("sessions") or 0))
        except (TypeError, ValueError):
            return cls()


@dataclass(frozen=True)
class JobSearch:
    """The goal, the plan (in the order the user added the actions) and the reminders' choice.

    ``reminders`` is None until the user has answered "Shall I remind you?"; ``reminded_on`` is
    the last day a reminder was sent, so that no day gets two.
    """

    goal: Goal = field(default_factory=Goal)
    plan: tuple[PlanItem, ...] = ()
    reminders: bool | None = None
    reminded_on: date | None = None
    cv_skills: tuple[str, ...] = ()
    cv_drafted: date | None = None
    applications: tuple[Application, ...] = ()
    interview: Interview = field(default_factory=Interview)

    def item(self, action: str) -> PlanItem | None:
        """The plan's item for a catalogue action, or None."""
        return next((i for i in self.plan if i.action == action), None)

    def with_item(self, new: PlanItem) -> JobSearch:
        """The plan with ``new`` replacing the item of the same action, or appended."""
        if self.item(new.action) is None:
            return replace(self, plan=(*self.plan, new))
        return replace(self, plan=tuple(new if i.action == new.action else i for i in self.plan))

    def to_slot(self) -> dict[str, Any]:
        """JSON-friendly slot value."""
        return {
            "goal": {
                "occupations": [{"key": k, "label": label} for k, label in self.goal.occupations],
                "place": self.goal.place,
                "start": self.goal.start,
            },
            "plan": [
                {"action": i.action, "due": i.due.isoformat() if i.due else None, "done": i.done} for i in self.plan
            ],
            "reminders": self.reminders,
            "reminded_on": self.reminded_on.isoformat() if self.reminded_on else None,
            "cv_skills": list(self.cv_skills),
            "cv_drafted": self.cv_drafted.isoformat() if self.cv_drafted else None,
            "applications": [
                {
                    "id": a.id,
                    "title": a.title,
                    "employer": a.employer,
                    "status": a.status,
                    "applied_on": a.applied_on.isoformat(),
                    "updated_on": a.updated_on.isoformat(),
                }
                for a in self.applications
            ],
            "interview": self.interview.to_slot(),
        }

    @classmethod
    def from_slot(cls, value: Any) -> JobSearch:
        """Rebuild from the slot; anything unreadable gives a fresh state."""
        if not isinstance(value, dict):
            return cls()
        try:
            raw_goal = value.get("goal") or {}
            goal = Goal(
                tuple((str(o["key"]), str(o["label"])) for o in raw_goal.get("occupations") or []),
                raw_goal.get("place"),
                raw_goal.get("start"),
            )
            plan = tuple(
                PlanItem(str(i["action"]), date.fromisoformat(i["due"]) if i.get("due") else None, bool(i.get("done")))
                for i in value.get("plan") or []
            )
            reminders = value.get("reminders")
            reminded_on = date.fromisoformat(value["reminded_on"]) if value.get("reminded_on") else None
            cv_skills = tuple(str(skill) for skill in value.get("cv_skills") or [])
            cv_drafted = date.fromisoformat(value["cv_drafted"]) if value.get("cv_drafted") else None
            applications = tuple(
                Application(
                    str(a["id"]),
                    str(a["title"]),
                    a.get("employer"),
                    str(a["status"]),
                    date.fromisoformat(a["applied_on"]),
                    date.fromisoformat(a["updated_on"]),
                )
                for a in value.get("applications") or []
            )
            return cls(
                goal,
                plan,
                reminders if isinstance(reminders, bool) else None,
                reminded_on,
                cv_skills,
                cv_drafted,
                applications,
                Interview.from_slot(value.get("interview")),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            return cls()
