"""Why an ad suits the user: a match score and the concrete reasons behind it.

Why explainable rather than clever: a jobseeker (and their counsellor) must be able to see why
an ad was put first, and what it asks for that they may lack. Every reason here is a fact that
can be checked against the ad: the occupation group, skills named on both sides, the interest
types the user scored highest that also top the occupation group's O*NET profile, the place and
the hours. Scores only order the results; the user sees the reasons, never a number.

The reasons are data (a kind and its values); their wording lives in data/content/vacancies.yml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from actions.assessment.files import DATA_DIR, read_csv
from actions.assessment.occupations import occupation_interests
from actions.assessment.questionnaire import RIASEC
from actions.assessment.scoring import holland_code
from actions.vacancies.model import Vacancy
from actions.vacancies.search_state import SearchState
from actions.vacancies.vocabulary import Vocabulary
from nlu.language import languages

DEFAULT_LANGUAGE = languages().default

#: How much each kind of evidence weighs in the order of results (they sum to 1).
WEIGHTS = {"occupation": 0.3, "experience": 0.2, "skills": 0.2, "interests": 0.1, "place": 0.1, "hours": 0.1}
MAX_LISTED_SKILLS = 4


@dataclass(frozen=True)
class Profile:
    """What the self-assessment knows about the user, as far as matching needs it.

    ``occupations`` are ESCO occupation ids (experience or goals), read from the ``profile``
    slot the self-assessment fills; ``skills`` are the essential ESCO skills of those.
    """

    occupations: tuple[str, ...] = ()
    skills: frozenset[str] = frozenset()
    #: The Holland code of the interests module, e.g. "SIA" (``holland_code`` in the slot).
    interests: str = ""

    @property
    def empty(self) -> bool:
        """No occupations and no interests: nothing to match beyond the search itself."""
        return not self.occupations and not self.interests

    @classmethod
    def from_slot(cls, value: Any, vocabulary: Vocabulary) -> Profile:
        """Build from the ``profile`` slot (a dict with ``occupations``); tolerant of junk."""
        if not isinstance(value, dict):
            return cls()
        occupations = tuple(str(o) for o in value.get("occupations") or () if vocabulary.esco_label(str(o)))
        skills = frozenset(s.lower() for o in occupations for s in vocabulary.essential_skills(o))
        code = str(value.get("holland_code") or "").upper()
        return cls(occupations, skills, "".join(letter for letter in code if letter in RIASEC)[:3])


@dataclass(frozen=True)
class Reason:
    """One piece of evidence: ``kind`` picks the sentence, ``values`` fill it in."""

    kind: str
    values: dict[str, str] = field(default_factory=dict)
    positive: bool = True


@dataclass(frozen=True)
class Match:
    """The score (0 to 1) that orders results and the reasons that explain it."""

    score: float
    reasons: tuple[Reason, ...]


def _join(items: list[str]) -> str:
    return ", ".join(items[:MAX_LISTED_SKILLS]) + (" …" if len(items) > MAX_LISTED_SKILLS else "")


def match(vacancy: Vacancy, state: SearchState, profile: Profile, vocabulary: Vocabulary) -> Match:
    """Score ``vacancy`` against the search and the profile, with the reasons why."""
    reasons: list[Reason] = []
    score = 0.0
    group = vacancy.code("ssyk2012")
    group_label = next((c.label for c in vacancy.occupations if c.scheme == "ssyk2012" and c.label), None) or (
        vocabulary.group_label(group) if group else None
    )
    if group and group in state.group_codes:
        score += WEIGHTS["occupation"]
        reasons.append(Reason("occupation", {"occupation": state.occupation_label or group_label or group}))
    if group:
        for occupation in profile.occupations:
            own = vocabulary.esco_ssyk_codes(occupation)
            label = vocabulary.esco_label(occupation) or occupation
            if group in own:
                score += WEIGHTS["experience"]
                reasons.append(Reason("experience", {"occupation": label}))
                break
            if group[:3] in {code[:3] for code in own}:
                score += WEIGHTS["experience"] / 2
                reasons.append(Reason("related_experience", {"occupation": label, "group": group_label or group}))
                break
    if profile.skills:
        asked = [*vacancy.skills_required, *vacancy.skills_nice]
        have = [s for s in asked if s.lower() in profile.skills]
        missing = [s for s in vacancy.skills_required if s.lower() not in profile.skills]
        if have:
            score += WEIGHTS["skills"] * len(have) / max(len(asked), 1)
            reasons.append(Reason("skills", {"skills": _join(have)}))
        if missing:
            reasons.append(Reason("skill_gaps", {"skills": _join(missing)}, positive=False))
    if profile.interests and group and (shared := shared_interests(group, profile.interests, vocabulary)):
        score += WEIGHTS["interests"] * len(shared) / len(profile.interests)
        # The letters, not the names: the reason is worded later, in the conversation's language then.
        reasons.append(Reason("interests", {"letters": shared}))
    location = vacancy.location
    if state.place_label and state.place_label in (location.municipality, location.region):
        score += WEIGHTS["place"]
        reasons.append(Reason("place", {"place": state.place_label}))
    wanted_time = next((m for m in state.work_modes if m in ("full_time", "part_time")), None)
    if wanted_time is not None and vacancy.working_time == wanted_time:
        score += WEIGHTS["hours"]
        reasons.append(Reason(str(wanted_time)))
    if "remote" in state.work_modes and vacancy.remote:
        reasons.append(Reason("remote"))
    return Match(round(score, 3), tuple(reasons))


@cache
def group_holland_code(ssyk: str, vocabulary: Vocabulary) -> str:
    """The Holland code of an SSYK group: its ESCO occupations' mean O*NET interest ratings.

    Empty when none of them has an interest profile (see actions/assessment/occupations.py).
    """
    profiles = [p for esco_id in vocabulary.esco_for_ssyk(ssyk) if (p := occupation_interests(esco_id))]
    if not profiles:
        return ""
    return holland_code({letter: sum(p[letter] for p in profiles) / len(profiles) for letter in RIASEC})


def shared_interests(ssyk: str, user_code: str, vocabulary: Vocabulary) -> str:
    """The user's top interest types that are also among the group's top three, in the user's order."""
    group_code = group_holland_code(ssyk, vocabulary)
    return "".join(letter for letter in user_code if letter in group_code)


@cache
def type_names(language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Holland letter → type name in ``language``, e.g. "S" → "Social" (data/instruments/riasec_types.csv)."""
    column = "name" if language == DEFAULT_LANGUAGE else f"name_{language}"
    return {row["scale"]: row[column] for row in read_csv(DATA_DIR / "instruments" / "riasec_types.csv")}


def reason_values(reason: dict[str, Any], language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """The words a reason's sentence needs, in ``language``: interest letters become type names."""
    values = dict(reason.get("values", {}))
    if "letters" in values:
        names = type_names(language)
        values["types"] = ", ".join(names[letter] for letter in str(values.pop("letters")) if letter in names)
    return values


def rank(vacancies: list[Vacancy], matches: list[Match]) -> list[int]:
    """Indexes of ``vacancies`` best match first; ties keep the source's order (newest/relevance)."""
    return sorted(range(len(vacancies)), key=lambda i: -matches[i].score)
