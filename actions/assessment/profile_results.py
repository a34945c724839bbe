"""The finished profile: in words for the chat and the summary, and as the ``profile`` slot.

Why a slot contract and not the raw answers: the vacancy search reads ``profile`` (README
"Finding vacancies in the chat"): ``occupations`` (ESCO ids) rank ads and stand in for "jobs
for me", ``holland_code`` comes from the interests part. The profile part adds ``place`` (a
gazetteer key such as ``municipality:<id>``, or ``anywhere``/``remote``), ``hours``,
``experience``, ``education``, ``languages`` and ``driving_licence``, each the option value
stored in ``data/assessment/profile.yml``. A skipped question leaves its key out, and an
earlier value of it is removed, so the profile never claims what the user took back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from actions.assessment.profile import ProfileModule, ProfileQuestion

#: The profile slot keys the profile part owns (the rest, e.g. holland_code, is kept).
PROFILE_KEYS = ("occupations", "place", "hours", "experience", "education", "languages", "driving_licence")


def answer_words(
    question: ProfileQuestion,
    value: Any,
    occupation_label: Callable[[str], str | None],
    place_label: Callable[[str], str | None],
    joiner: str = ", ",
) -> str | None:
    """A stored answer in words ("warehouse worker, cook", "Malmö", "Full-time"), None if skipped."""
    if value in (None, [], ""):
        return None
    if question.kind == "occupations":
        return joiner.join(label for esco_id in value if (label := occupation_label(str(esco_id)))) or None
    if question.kind == "languages":
        return joiner.join(o.label for code in value if (o := question.option(str(code)))) or None
    option = question.option(str(value))
    if option:
        return option.label
    return place_label(str(value)) if question.kind == "place" else None


def profile_lines(
    module: ProfileModule,
    answers: dict[str, Any],
    occupation_label: Callable[[str], str | None],
    place_label: Callable[[str], str | None],
) -> list[str]:
    """The heading and one line per question; "not answered" for a skipped one."""
    texts = module.texts
    words = {
        q.id: answer_words(q, answers.get(q.id), occupation_label, place_label, texts["answer_join"])
        for q in module.questions
    }
    if not any(words.values()):
        return [texts["nothing"]]
    lines = [texts["heading"]]
    for q in module.questions:
        lines.append(texts["line"].format(question=texts["labels"][q.id], answer=words[q.id] or texts["skipped"]))
    return lines


def with_profile(slot: Any, answers: dict[str, Any]) -> dict[str, Any]:
    """The ``profile`` slot with the answered keys set and the skipped ones removed."""
    profile = {k: v for k, v in (slot if isinstance(slot, dict) else {}).items() if k not in PROFILE_KEYS}
    for key in PROFILE_KEYS:
        value = answers.get(key)
        if value not in (None, [], ""):
            profile[key] = value
    return profile
