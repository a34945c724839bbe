"""Scores of a module from the answers: means, bands, Holland code, strengths, next steps, change.

Why means and not sums: a skipped question is left out, and a mean keeps the 1-5 meaning of the
answer scale whatever was skipped, so "3.8 of 5" reads the same for every scale and every user.

- A scale (Holland type, CMS theme, digital block or area) is the mean of its answered items,
  or ``None`` when fewer than the module's ``min_answers`` were answered (4 of 8 for a Holland
  type, 2 for a CMS theme, a digital area or the digital block; ``data/assessment/modules.yml``).
- Bands come from ``data/instruments/self-assessment.yml``: low below 2.5, medium below 3.75,
  high from 3.75, applied to the unrounded mean. They are design choices, not norms.
- The Holland code is the letters of the three highest types, highest first. Equal means are
  ordered R, I, A, S, E, C (the hexagon order), so the same answers always give the same code;
  :func:`ranked_types` keeps ties together for a text that says "S and E equally".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from actions.assessment.questionnaire import RIASEC, Band, Module, NextStep, Scale

#: Means closer than this are equal (floating-point noise, e.g. 10/3 computed two ways).
_EQUAL = 1e-9


@dataclass(frozen=True)
class ScaleScore:
    """The score of one scale: ``mean`` (1-5, unrounded) and its band, or ``None`` for both."""

    scale: str
    mean: float | None
    answered: int
    band: str | None


@dataclass(frozen=True)
class ModuleResult:
    """All scores of one module: its scales in data order, then its areas (digital only)."""

    module: str
    scores: tuple[ScaleScore, ...]

    def score(self, scale_id: str) -> ScaleScore:
        """The score of one scale (KeyError if the module has no such scale)."""
        for score in self.scores:
            if score.scale == scale_id:
                return score
        raise KeyError(scale_id)

    def means(self) -> dict[str, float | None]:
        """Scale id → mean, in order, for the charts and the comparison."""
        return {score.scale: score.mean for score in self.scores}

    def to_slot(self) -> dict[str, Any]:
        """A JSON-safe dict to keep in a slot, so a later retake can show the change."""
        return {"module": self.module, "scores": {s.scale: [s.mean, s.answered, s.band] for s in self.scores}}

    @classmethod
    def from_slot(cls, value: Mapping[str, Any]) -> ModuleResult:
        """Rebuild from :meth:`to_slot`'s dict."""
        scores = tuple(
            ScaleScore(scale, None if mean is None else float(mean), int(answered), band)
            for scale, (mean, answered, band) in value["scores"].items()
        )
        return cls(str(value["module"]), scores)


def band_of(mean: float, bands: tuple[Band, ...]) -> str:
    """The band of a mean: the first whose end it is below; the top band includes its end."""
    for band in bands[:-1]:
        if mean < band.end:
            return band.name
    return bands[-1].name


def score_module(module: Module, answers: Mapping[str, int | None]) -> ModuleResult:
    """Score a module from ``answers`` (item id → value, ``None`` for a skipped item).

    Answers to items the module no longer has (a PES edited the data since) are ignored.

    Raises:
        ValueError: a value outside the module's answer scale (a bug in the caller, not user input).
    """
    scale = module.answer_scale
    for item_id, value in answers.items():
        if value is not None and not scale.minimum <= value <= scale.maximum:
            raise ValueError(f"answer {value!r} to {item_id} is outside {scale.minimum}..{scale.maximum}")
    scores = []
    for group, key in [(s, "scale") for s in module.scales] + [(a, "area") for a in module.areas]:
        values = [
            answer
            for item in module.items
            if getattr(item, key) == group.id and (answer := answers.get(item.id)) is not None
        ]
        if len(values) >= module.min_answers:
            mean = sum(values) / len(values)
            scores.append(ScaleScore(group.id, mean, len(values), band_of(mean, module.bands)))
        else:
            scores.append(ScaleScore(group.id, None, len(values), None))
    return ModuleResult(module.id, tuple(scores))


def ranked_types(scores: Mapping[str, float | None]) -> list[tuple[str, ...]]:
    """Scored Holland types from highest to lowest, equal means grouped in R-I-A-S-E-C order."""
    scored = sorted((letter for letter in RIASEC if scores.get(letter) is not None), key=lambda t: -_mean(scores, t))
    groups: list[tuple[str, ...]] = []
    for letter in scored:
        if groups and abs(_mean(scores, groups[-1][0]) - _mean(scores, letter)) < _EQUAL:
            groups[-1] = (*groups[-1], letter)
        else:
            groups.append((letter,))
    # Within a group, hexagon order, whichever of two "equal" means was a bit higher.
    return [tuple(sorted(group, key=RIASEC.index)) for group in groups]


def holland_code(scores: Mapping[str, float | None], length: int = 3) -> str:
    """The letters of the ``length`` highest types, highest first; ties in R-I-A-S-E-C order.

    Shorter when fewer types have a score (too many skipped answers).
    """
    return "".join(letter for group in ranked_types(scores) for letter in group)[:length]


def _mean(scores: Mapping[str, float | None], key: str) -> float:
    value = scores[key]
    assert value is not None  # only called for scored types
    return value


def _feedback_scales(module: Module) -> tuple[Scale, ...]:
    """What strengths and "to work on" are about: the digital areas, else the module's scales."""
    return module.areas or module.scales


def strengths(module: Module, result: ModuleResult) -> tuple[ScaleScore, ...]:
    """Scales in the top band, highest first (ties in data order)."""
    return _in_band(module, result, module.bands[-1].name, highest_first=True)


def to_work_on(module: Module, result: ModuleResult) -> tuple[ScaleScore, ...]:
    """Scales in the bottom band, lowest first (ties in data order)."""
    return _in_band(module, result, module.bands[0].name, highest_first=False)


def _in_band(module: Module, result: ModuleResult, band: str, highest_first: bool) -> tuple[ScaleScore, ...]:
    ids = [scale.id for scale in _feedback_scales(module)]
    chosen = [result.score(i) for i in ids if result.score(i).band == band]
    sign = -1 if highest_first else 1
    return tuple(sorted(chosen, key=lambda s: (sign * (s.mean or 0.0), ids.index(s.scale))))


@dataclass(frozen=True)
class Advice:
    """The next steps for one scale, chosen by its band."""

    scale: Scale
    band: str
    steps: tuple[NextStep, ...]


def next_steps(module: Module, result: ModuleResult) -> tuple[Advice, ...]:
    """Next steps of every scored scale that has some, lowest mean first.

    Lowest first because self-assessment.yml's feedback rule says to offer the suggestions of
    the weakest block first.
    """
    advice = [
        (score.mean, index, Advice(scale, score.band, scale.steps_for(score.band)))
        for index, scale in enumerate(module.scales)
        if (score := result.score(scale.id)).band is not None and score.mean is not None and scale.steps_for(score.band)
    ]
    return tuple(item for _, _, item in sorted(advice, key=lambda a: (a[0], a[1])))


@dataclass(frozen=True)
class Change:
    """One scale before and after a retake; ``direction`` is up, down, same or unknown."""

    scale: str
    before: float | None
    after: float | None
    change: float | None
    direction: str


def compare(before: ModuleResult, after: ModuleResult, unchanged_below: float) -> tuple[Change, ...]:
    """Per scale of ``after``: the two means, the difference and its direction.

    A difference smaller than ``unchanged_below`` (from modules.yml, 0.25) is "same", so one
    answer moved by one step does not read as progress. A scale without a score on either side
    is "unknown".

    Raises:
        ValueError: the two results are of different modules.
    """
    if before.module != after.module:
        raise ValueError(f"cannot compare {before.module} with {after.module}")
    old = before.means()
    changes = []
    for scale, new_mean in after.means().items():
        old_mean = old.get(scale)
        if old_mean is None or new_mean is None:
            changes.append(Change(scale, old_mean, new_mean, None, "unknown"))
            continue
        difference = new_mean - old_mean
        direction = "same" if abs(difference) < unchanged_below else "up" if difference > 0 else "down"
        changes.append(Change(scale, old_mean, new_mean, difference, direction))
    return tuple(changes)
