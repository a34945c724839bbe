"""Results in plain words: the lines a chat shows after each module, and after a retake.

Why lines from templates: the wording is the part a PES most wants to change or translate, so
every sentence comes from ``data/assessment/results.yml`` (and the type names and descriptions
from ``data/instruments/riasec_types.csv``); this module only decides which sentences apply and
fills in the names and numbers. No Rasa here: the actions will send the lines as messages.
Every helper takes the conversation's ``language``; pass the module loaded in the same language,
so names and sentences agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from actions.assessment.files import ASSESSMENT_DIR, DEFAULT_LANGUAGE, read_localised
from actions.assessment.occupations import Suggestion, occupation_label
from actions.assessment.questionnaire import RIASEC, Module
from actions.assessment.scoring import (
    Change,
    ModuleResult,
    holland_code,
    next_steps,
    ranked_types,
    strengths,
    to_work_on,
)


def load_result_texts(path: Path = ASSESSMENT_DIR / "results.yml", language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """The result templates in ``language`` (see data/assessment/results.yml)."""
    return read_localised(path, language)


@cache
def result_texts(language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """The repository's result templates in ``language``, read once per process and language."""
    return load_result_texts(language=language)


def join_names(names: Sequence[str], texts: dict[str, Any]) -> str:
    """Join names as "A", "A and B" or "A, B and C", with the separators of the templates."""
    if len(names) <= 1:
        return "".join(names)
    return str(texts["list_separator"]).join(names[:-1]) + str(texts["list_last"]) + names[-1]


def interest_summary(
    module: Module,
    result: ModuleResult,
    suggestions: Sequence[Suggestion] = (),
    texts: dict[str, Any] | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> list[str]:
    """The interest results: the liked types of the code described, the code, caveats, occupations.

    Args:
        module: the interests module (for the type names and descriptions).
        result: its scores.
        suggestions: occupations from :func:`actions.assessment.occupations.suggest_occupations`.
        texts: the templates; the repository's ``results.yml`` in ``language`` by default.
        language: the conversation's; occupations get their ESCO label in it.
    """
    texts = texts or result_texts(language)
    spec = texts["interests"]
    means = result.means()
    name = {letter: module.scale(letter).title for letter in RIASEC}
    lines = [spec["heading"]]
    code = holland_code(means)
    if code:
        lines.append(spec["top_intro"])
        # Only types the user actually likes are described as strong, even if they are in the code.
        for letter in (c for c in code if (means[c] or 0.0) >= float(spec["low_interest_below"])):
            scale = module.scale(letter)
            lines.append(spec["type_line"].format(name=scale.title, score=means[letter], description=scale.description))
        lines.append(spec["holland_code"].format(code=code))
        lines.extend(_tie_lines(means, code, name, texts))
        scored = [value for value in means.values() if value is not None]
        if max(scored) < float(spec["low_interest_below"]):
            lines.append(spec["low_interest"].format(score=max(scored)))
        elif len(scored) > 1 and max(scored) - min(scored) < float(spec["broad_spread_below"]):
            lines.append(spec["broad"])
    missing = [name[letter] for letter in RIASEC if means.get(letter) is None]
    if missing:
        lines.append(spec["missing"].format(names=join_names(missing, texts)))
    if suggestions:
        lines.append(spec["occupations_intro"])
        for suggestion in suggestions:
            shared = [name[letter] for letter in suggestion.shared_interests]
            template = spec["occupation"] if shared else spec["occupation_plain"]
            label = occupation_label(suggestion.esco_id, language) or suggestion.label
            lines.append(template.format(label=label, shared=join_names(shared, texts)))
        lines.append(" ".join(str(spec["attribution"]).split()))
    else:
        lines.append(spec["no_occupations"])
    return lines


def _tie_lines(means: dict[str, float | None], code: str, name: dict[str, str], texts: dict[str, Any]) -> list[str]:
    """One line per group of equal scores that decides a letter of the code (tie-break shown)."""
    lines = []
    position = 0
    for group in ranked_types(means):
        if position >= len(code):
            break
        if len(group) > 1:
            lines.append(texts["interests"]["tie"].format(names=join_names([name[g] for g in group], texts)))
        position += len(group)
    return lines


def skills_summary(
    module: Module, result: ModuleResult, texts: dict[str, Any] | None = None, language: str = DEFAULT_LANGUAGE
) -> list[str]:
    """A skills module's results: each score in words (highest first), strengths, weak points, steps.

    The order follows self-assessment.yml's feedback rule: report the highest block first and
    offer the next steps of the lowest block first.
    """
    texts = texts or result_texts(language)
    spec = texts["skills"]
    lines = [spec["heading"][module.id]]
    scales = (*module.scales, *module.areas)
    scored = sorted(
        (result.score(scale.id) for scale in scales if result.score(scale.id).mean is not None),
        key=lambda score: -(score.mean or 0.0),
    )
    for score in scored:
        band = spec["bands"][score.band]
        lines.append(spec["score_line"].format(name=module.scale(score.scale).title, score=score.mean, band=band))
    for scale in scales:
        if result.score(scale.id).mean is None:
            lines.append(spec["missing_line"].format(name=scale.title))
    strong = [module.scale(s.scale).title for s in strengths(module, result)]
    weak = [module.scale(s.scale).title for s in to_work_on(module, result)]
    lines.append(spec["strengths"].format(names=join_names(strong, texts)) if strong else spec["no_strengths"])
    lines.append(spec["to_work_on"].format(names=join_names(weak, texts)) if weak else spec["no_work"])
    # The weakest blocks only: a long list of advice is read by nobody.
    for advice in next_steps(module, result)[: int(spec["next_steps_blocks"])]:
        lines.append(spec["next_steps_intro"].format(name=advice.scale.title))
        lines.extend(spec["step"].format(text=step.text) for step in advice.steps)
    return lines


def change_summary(
    module: Module, changes: Sequence[Change], texts: dict[str, Any] | None = None, language: str = DEFAULT_LANGUAGE
) -> list[str]:
    """Before and after, one line per scale, for a module taken again."""
    texts = texts or result_texts(language)
    spec = texts["change"]
    lines = [spec["intro"]]
    for change in changes:
        lines.append(
            spec[change.direction].format(
                name=module.scale(change.scale).title,
                before=change.before,
                after=change.after,
                change=abs(change.change or 0.0),
            )
        )
    return lines
