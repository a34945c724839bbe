"""Turn what a user typed or tapped into a value on the answer scale, or say why it could not.

Why a table and not the NLU model: answers to a questionnaire are a small, closed vocabulary
("4", "mostly like me", "not really", "I love that"), and a PES must be able to read and extend
exactly what is understood. The phrases live in ``data/assessment/answer_words.yml``; the scale's
own labels are always understood too, so a translated scale works before its table is done.

The result is typed: a value, a skip, or "unclear" with a reason the re-ask can name. The re-ask
policy (:func:`reask_step`) guarantees the questionnaire never loops: after two failed re-asks
the user is offered a skip, and one more unclear answer skips the question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path

from actions.assessment.files import ASSESSMENT_DIR, DEFAULT_LANGUAGE, read_localised
from actions.assessment.questionnaire import AnswerScale
from nlu.phrases import fold

_NUMBER = re.compile(r"(?<![\w.,])[-+]?\d+(?:[.,]\d+)?(?![\w])")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_SKIP = "skip"


class AnswerKind(Enum):
    """What an answer turned out to be."""

    VALUE = "value"
    SKIP = "skip"
    UNCLEAR = "unclear"


class Unclear(Enum):
    """Why an answer could not be used; each reason has its own re-ask text."""

    EMPTY = "empty"
    OUT_OF_RANGE = "out_of_range"
    TOO_LONG = "too_long"
    NOT_UNDERSTOOD = "not_understood"


@dataclass(frozen=True)
class Answer:
    """A mapped answer: ``value`` for VALUE, ``reason`` for UNCLEAR, neither for SKIP."""

    kind: AnswerKind
    value: int | None = None
    reason: Unclear | None = None

    @classmethod
    def of(cls, value: int) -> Answer:
        """A value on the scale."""
        return cls(AnswerKind.VALUE, value=value)

    @classmethod
    def unclear(cls, reason: Unclear) -> Answer:
        """An answer to ask again, with the reason."""
        return cls(AnswerKind.UNCLEAR, reason=reason)


SKIP = Answer(AnswerKind.SKIP)


@dataclass(frozen=True)
class AnswerWords:
    """The free-text table: normalised phrase → value, skip phrases, emoji, limits, re-ask texts."""

    phrases: tuple[tuple[str, int], ...]
    skip: frozenset[str]
    emoji: tuple[tuple[str, int], ...]
    max_chars: int
    max_extra_words: int
    max_failed_reasks: int
    reask: tuple[tuple[str, str], ...]

    def reask_text(self, key: str) -> str:
        """The re-ask template named ``key`` (a reason value, ``offer_skip``, ``option``…)."""
        return dict(self.reask)[key]


def load_answer_words(
    path: Path = ASSESSMENT_DIR / "answer_words.yml", language: str = DEFAULT_LANGUAGE
) -> AnswerWords:
    """Read the table; phrases are normalised the same way as answers are.

    The phrases are understood in every language at once; only the re-ask texts are ``language``'s.
    """
    spec = read_localised(path, language)
    phrases = [(normalise(str(p)), int(value)) for value, group in spec["values"].items() for p in group]
    clashes = {p for p, v in phrases for q, w in phrases if p == q and v != w}
    if clashes:
        raise ValueError(f"{path}: phrases with two values: {sorted(clashes)}")
    return AnswerWords(
        phrases=tuple(dict(phrases).items()),
        skip=frozenset(normalise(str(p)) for p in spec["skip"]),
        emoji=tuple((_strip_variation(str(e)), int(v)) for e, v in (spec.get("emoji") or {}).items()),
        max_chars=int(spec["max_chars"]),
        max_extra_words=int(spec["max_extra_words"]),
        max_failed_reasks=int(spec["max_failed_reasks"]),
        reask=tuple((str(k), str(v)) for k, v in spec["reask"].items()),
    )


@cache
def default_answer_words(language: str = DEFAULT_LANGUAGE) -> AnswerWords:
    """The repository's table with ``language``'s re-ask texts, read once per process and language."""
    return load_answer_words(language=language)


def normalise(text: str) -> str:
    """Lower case, no accents, apostrophes dropped ("don't" → "dont"), other symbols as spaces."""
    folded = fold(text).replace("'", "").replace("\u2019", "")
    return " ".join(_NOT_WORD.sub(" ", folded).split())


def map_answer(text: str | None, scale: AnswerScale, words: AnswerWords | None = None) -> Answer:
    """Map a typed answer or a button payload to the scale.

    Args:
        text: what the user sent (a button sends the bare value, e.g. "4").
        scale: the question's answer scale; its labels are understood as well as the table.
        words: the free-text table; the repository's by default.

    Returns:
        The value, SKIP, or UNCLEAR with the reason (empty, out of range, too long, not understood).
    """
    words = words or default_answer_words()
    stripped = (text or "").strip()
    if not stripped:
        return Answer.unclear(Unclear.EMPTY)
    if len(stripped) > words.max_chars:
        return Answer.unclear(Unclear.TOO_LONG)
    emoji = dict(words.emoji).get(_strip_variation(stripped))
    if emoji is not None and scale.minimum <= emoji <= scale.maximum:
        return Answer.of(emoji)
    normalised = normalise(stripped)
    # "4/5" and "4 out of 5" name one value, not two
    without_maximum = re.sub(rf"(\d)\s*(?:/|out of|of)\s*{scale.maximum}\b", r"\1", stripped, flags=re.IGNORECASE)
    numbers = set(_NUMBER.findall(without_maximum.replace("\u2212", "-")))
    phrase_value = _phrase_value(normalised, scale, words)
    if phrase_value == _SKIP and not numbers:
        return SKIP
    if numbers:
        return _number_answer(numbers, phrase_value if isinstance(phrase_value, int) else None, scale)
    if isinstance(phrase_value, int):
        return Answer.of(phrase_value)
    return Answer.unclear(Unclear.NOT_UNDERSTOOD)  # no known words, only emoji or punctuation, or mixed


def _number_answer(numbers: set[str], phrase_value: int | None, scale: AnswerScale) -> Answer:
    """One number is the answer, if it is a whole number on the scale and the words agree."""
    if len(numbers) > 1:
        return Answer.unclear(Unclear.NOT_UNDERSTOOD)
    (number,) = numbers
    try:
        value = int(number)
    except ValueError:  # 3.5, 4,5: not one of the buttons
        return Answer.unclear(Unclear.OUT_OF_RANGE)
    if not scale.minimum <= value <= scale.maximum:
        return Answer.unclear(Unclear.OUT_OF_RANGE)
    if phrase_value is not None and phrase_value != value:
        return Answer.unclear(Unclear.NOT_UNDERSTOOD)
    return Answer.of(value)


def _phrase_value(normalised: str, scale: AnswerScale, words: AnswerWords) -> int | str | None:
    """The value (or ``_SKIP``) of the longest phrase found as whole words, if unambiguous.

    Scale labels come first, then skip phrases, then the table, so a PES's label always wins.
    """
    tokens = normalised.split()
    if not tokens:
        return None
    table: dict[str, int | str] = {normalise(label): value for value, label in scale.labels}
    for phrase in words.skip:
        table.setdefault(phrase, _SKIP)
    for phrase, value in words.phrases:
        table.setdefault(phrase, value)
    padded = f" {normalised} "
    found = [(len(p.split()), v) for p, v in table.items() if p and f" {p} " in padded]
    if not found:
        return None
    longest = max(length for length, _ in found)
    values = {v for length, v in found if length == longest}
    if len(values) != 1 or len(tokens) - longest > words.max_extra_words:
        return None
    found_value = values.pop()
    if isinstance(found_value, int) and not scale.minimum <= found_value <= scale.maximum:
        return None
    return found_value


def _strip_variation(text: str) -> str:
    """Emoji with and without the variation selector (❤ and ❤️) are the same answer."""
    return text.replace("\ufe0f", "").strip()


class ReaskStep(Enum):
    """What the dialogue does after an unclear answer."""

    REASK = "reask"
    OFFER_SKIP = "offer_skip"
    SKIP = "skip"


def reask_step(failed_answers: int, max_failed_reasks: int | None = None) -> ReaskStep:
    """Decide how to go on after the ``failed_answers``-th unclear answer to the same question.

    The first unclear answer and the next ``max_failed_reasks - 1`` get a plain re-ask showing the
    options; after ``max_failed_reasks`` failed re-asks the options come with the offer to skip;
    one more unclear answer skips the question, so the form can never loop forever.

    Args:
        failed_answers: unclear answers so far to this question, counting the current one (>= 1).
        max_failed_reasks: from ``answer_words.yml`` (2) unless given.
    """
    limit = default_answer_words().max_failed_reasks if max_failed_reasks is None else max_failed_reasks
    if failed_answers <= limit:
        return ReaskStep.REASK
    if failed_answers == limit + 1:
        return ReaskStep.OFFER_SKIP
    return ReaskStep.SKIP


def reask_text(
    answer: Answer,
    scale: AnswerScale,
    step: ReaskStep,
    words: AnswerWords | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> str:
    """The re-ask message for an unclear answer, listing the scale's options in words.

    ``scale`` should be the module in ``language`` too, so the options are in the same words.
    """
    words = words or default_answer_words(language)
    option = words.reask_text("option")
    options = words.reask_text("separator").join(option.format(value=v, label=label) for v, label in scale.labels)
    key = "offer_skip" if step is not ReaskStep.REASK else (answer.reason or Unclear.NOT_UNDERSTOOD).value
    return words.reask_text(key).format(options=options, min=scale.minimum, max=scale.maximum)
