"""The CV step's rules: the checklist, the skills the user has used, and the draft's content.

Skills are offered from ESCO's essential skills of the goal's first occupation, a few at a time,
as buttons; each tap adds one ("which of these have you used?"). "That's all" makes the draft.
A skill is named in a button by its position in the occupation's list, so the payload stays
short whatever the language of the label.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from actions.assessment.files import DATA_DIR, read_localised
from actions.jobsearch.replies import Reply, button
from actions.jobsearch.state import JobSearch
from nlu.language import languages

CV_FILE = DATA_DIR / "jobsearch" / "cv.yml"
INTENT = "start_cv"
SKILL, DONE = "skill", "done"


def cv_texts(language: str | None = None) -> dict[str, Any]:
    """data/jobsearch/cv.yml in ``language`` (the default language when None): settings and texts."""
    return _cv_texts(language or languages().default)


@cache
def _cv_texts(language: str) -> dict[str, Any]:
    """Read and checked once per language and process."""
    return read_localised(CV_FILE, language)


@dataclass(frozen=True)
class CvDraft:
    """What the draft PDF says, in words: built from the goal, the chosen skills and the profile."""

    occupations: str
    skills: tuple[str, ...]
    experience: str | None
    education: str | None
    languages: str | None
    licence: str | None


def _short(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def skill_buttons(
    skills: tuple[str, ...], chosen: tuple[str, ...], texts: dict[str, Any]
) -> tuple[dict[str, str], ...]:
    """Buttons for the next skills not chosen yet, then "That's all" (or "None of these")."""
    settings = texts["skills"]
    open_skills = [(i, s) for i, s in enumerate(skills) if s not in chosen][: int(settings["offered"])]
    buttons = [
        button(_short(s, int(settings["button_chars"])), INTENT, cv_op=SKILL, cv_skill=i) for i, s in open_skills
    ]
    finish = texts["skill_buttons"]["done" if chosen else "none"]
    return (*buttons, button(finish, INTENT, cv_op=DONE))


def cv_turn(
    search: JobSearch,
    occupation: str | None,
    skills: tuple[str, ...],
    op: str | None,
    skill_index: int | None,
    texts: dict[str, Any],
) -> tuple[JobSearch, list[Reply], bool]:
    """One step of the CV: the new state, what to say, and whether to make the draft now.

    ``occupation``: the goal's first occupation in words (None without a goal); ``skills``: its
    ESCO essential skills; ``texts``: :func:`cv_texts` in the conversation's language.
    """
    if occupation is None:
        return search, [Reply("utter_cv_needs_goal")], False
    if op == DONE:
        return search, [], True
    if op == SKILL and skill_index is not None and 0 <= skill_index < len(skills):
        chosen = tuple(dict.fromkeys((*search.cv_skills, skills[skill_index])))
        search = replace(search, cv_skills=chosen)
        values = {"skill": skills[skill_index], "count": len(chosen)}
        return search, [Reply("utter_cv_skill_added", values, skill_buttons(skills, chosen, texts))], False
    checklist = "\n".join(f"- {line}" for line in texts["checklist"])
    replies = [Reply("utter_cv_checklist", {"checklist": checklist})]
    if skills:
        replies.append(
            Reply("utter_cv_ask_skills", {"occupation": occupation}, skill_buttons(skills, search.cv_skills, texts))
        )
        return search, replies, False
    return search, replies, True


def drafted(search: JobSearch, today: date) -> JobSearch:
    """The state once the draft was made: the step map shows the CV as done."""
    return replace(search, cv_drafted=today)
