"""The profile part of the self-assessment: its questions, and what one answer to them means.

Why not the Likert machinery of the other parts: a profile answer is a job, a place, a number of
years or a list of languages, not a point on a scale. The questions, options and words are in
``data/assessment/profile.yml``; this module turns one typed or tapped answer into a value, a
skip, a question back ("which of these do you mean?") or a reason to ask again. It is pure: the
NLU's entities (``occupation``, ``place`` from nlu/gazetteer.py) are passed in, and the ESCO
label index (nlu/occupation_index.py) finds jobs written with typos.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from actions.assessment.answers import ReaskStep, default_answer_words, normalise
from actions.assessment.files import DATA_DIR, DEFAULT_LANGUAGE, read_localised
from nlu.occupation_index import OccupationIndex

PROFILE = "profile"
#: Button payloads: a chosen occupation is ``esco:<id>``, a language ``lang:<code>``.
ESCO_PREFIX, LANGUAGE_PREFIX = "esco:", "lang:"
NONE_OF_THESE, DONE = "none_of_these", "profile_done"
#: The most options a "which of these?" question shows.
MAX_CANDIDATES = 3
MAX_ANSWER_CHARS = 200
_YEARS = re.compile(r"\b(\d{1,2})\b")


@dataclass(frozen=True)
class Option:
    """A possible answer: ``value`` is stored, ``label`` shown, ``words`` understood."""

    value: str
    label: str
    words: tuple[str, ...] = ()
    years: tuple[int, int] | None = None


@dataclass(frozen=True)
class ProfileQuestion:
    """One question; ``kind`` is occupations, place, choice or languages (see profile.yml)."""

    id: str
    kind: str
    text: str
    why: str
    options: tuple[Option, ...] = ()
    most: int = 1
    confirm: str = ""
    not_found: str = ""
    buttons: tuple[str, ...] = ()

    def option(self, value: str) -> Option | None:
        """The option stored as ``value``, or None."""
        return next((o for o in self.options if o.value == value), None)


@dataclass(frozen=True)
class ProfileModule:
    """The profile part: its questions, everyday job phrases (→ ESCO ids) and result texts."""

    title: str
    intro: str
    questions: tuple[ProfileQuestion, ...]
    seconds_per_item: int
    done_word: str
    none_of_these: str
    phrases: dict[str, tuple[str, ...]]
    texts: dict[str, Any]
    id: str = PROFILE

    @property
    def question_count(self) -> int:
        """How many questions the user will be asked."""
        return len(self.questions)

    @property
    def estimated_minutes(self) -> int:
        """Whole minutes, rounded up, as promised in the intro."""
        return math.ceil(self.question_count * self.seconds_per_item / 60)


class Kind(Enum):
    """What an answer turned out to be."""

    VALUE = "value"
    MORE = "more"  # a language tapped: keep the question open for the next one
    SKIP = "skip"
    CONFIRM = "confirm"  # several occupations fit: ask which
    UNCLEAR = "unclear"


@dataclass(frozen=True)
class ProfileAnswer:
    """A mapped answer. ``value`` for VALUE/MORE (and what is already certain for CONFIRM)."""

    kind: Kind
    value: Any = None
    candidates: tuple[str, ...] = ()
    words: str = ""
    reason: str = "not_understood"


def load_profile(
    data_dir: Path = DATA_DIR, index: OccupationIndex | None = None, language: str = DEFAULT_LANGUAGE
) -> ProfileModule:
    """Read ``assessment/profile.yml`` in ``language``; an occupation phrase naming no ESCO label fails here.

    The structure and the words understood are shared by every language; questions, why-texts,
    option labels, re-asks and result texts come from the language's block, keyed by id.
    """
    document = read_localised(data_dir / "assessment" / "profile.yml", language)
    spec, texts = document["profile"], document
    questions = tuple(_question(q, texts["questions"][q["id"]]) for q in spec["questions"])
    by_label = _preferred_ids(index or OccupationIndex.load(data_dir))
    phrases: dict[str, tuple[str, ...]] = {}
    for phrase, labels in (spec.get("occupation_phrases") or {}).items():
        missing = [label for label in labels if label not in by_label]
        if missing:
            raise ValueError(f"profile.yml: occupation_phrases[{phrase!r}] names no ESCO occupation: {missing}")
        phrases[normalise(str(phrase))] = tuple(by_label[label] for label in labels)[:MAX_CANDIDATES]
    return ProfileModule(
        title=str(texts["title"]),
        intro=str(texts["intro"]),
        questions=questions,
        seconds_per_item=int(spec["seconds_per_item"]),
        done_word=str(texts["done_word"]),
        none_of_these=str(texts["none_of_these"]),
        phrases=phrases,
        texts={"reask": dict(texts["reask"]), **dict(texts["results"])},
    )


@cache
def default_profile(language: str = DEFAULT_LANGUAGE) -> ProfileModule:
    """The profile part of the repository's data in ``language``, read once per process and language."""
    from nlu.occupation_index import default_index

    return load_profile(index=default_index(), language=language)


def _preferred_ids(index: OccupationIndex) -> dict[str, str]:
    return {label: esco_id for esco_id, label in index.preferred_labels().items()}


def _question(spec: dict[str, Any], texts: dict[str, Any]) -> ProfileQuestion:
    labels = {str(value): str(label) for value, label in (texts.get("options") or {}).items()}
    unlabelled = [str(o["value"]) for o in spec.get("options") or () if str(o["value"]) not in labels]
    if unlabelled:
        raise ValueError(f"profile.yml: question {spec['id']!r} has options without a label: {unlabelled}")
    options = tuple(
        Option(
            str(o["value"]),
            labels[str(o["value"])],
            tuple(normalise(str(w)) for w in o.get("words") or ()),
            (int(o["years"][0]), int(o["years"][1])) if o.get("years") else None,
        )
        for o in spec.get("options") or ()
    )
    if spec["kind"] not in ("occupations", "place", "choice", "languages"):
        raise ValueError(f"profile.yml: question {spec['id']!r} has unknown kind {spec['kind']!r}")
    if spec["kind"] == "choice" and not options:
        raise ValueError(f"profile.yml: choice question {spec['id']!r} has no options")
    return ProfileQuestion(
        id=str(spec["id"]),
        kind=str(spec["kind"]),
        text=str(texts["text"]),
        why=str(texts["why"]),
        options=options,
        most=int(spec.get("max", 1)),
        confirm=str(texts.get("confirm", "")),
        not_found=str(texts.get("not_found", "")),
        buttons=tuple(str(b) for b in spec.get("buttons") or ()),
    )


def map_profile_answer(
    module: ProfileModule, question: ProfileQuestion, text: str, entities: list[dict[str, Any]], index: OccupationIndex
) -> ProfileAnswer:
    """What ``text`` (with the NLU's ``entities``) answers to ``question``."""
    said = normalise(text)
    if not said:
        return ProfileAnswer(Kind.UNCLEAR, reason="empty")
    if len(text) > MAX_ANSWER_CHARS:
        return ProfileAnswer(Kind.UNCLEAR, reason="too_long")
    if said in default_answer_words().skip:
        return ProfileAnswer(Kind.SKIP)
    if question.kind == "occupations":
        return _occupations(module, question, text, entities, index)
    if question.kind == "place":
        return _place(question, said, entities)
    if question.kind == "languages":
        return _languages(question, text, said)
    option = _option(question, text, said)
    return ProfileAnswer(Kind.VALUE, option.value) if option else ProfileAnswer(Kind.UNCLEAR)


def _option(question: ProfileQuestion, text: str, said: str) -> Option | None:
    """A button value, a label, the longest word phrase found, or a number of years."""
    for option in question.options:
        if text.strip() == option.value or said == normalise(option.label):
            return option
    found = [(word, option) for option in question.options for word in option.words if _contains(said, word)]
    # A phrase inside a longer one found too ("no" in "i dont mind") does not count; two
    # separate phrases of different options ("yes and no") leave the answer unclear.
    kept = {
        option.value: option for word, option in found if not any(word != w and _contains(w, word) for w, _ in found)
    }
    if len(kept) == 1:
        return next(iter(kept.values()))
    if kept:
        return None
    numbers = [int(n) for n in _YEARS.findall(said)]
    if len(numbers) == 1:
        return next((o for o in question.options if o.years and o.years[0] <= numbers[0] < o.years[1]), None)
    return None


def reask_text(module: ProfileModule, question: ProfileQuestion, answer: ProfileAnswer, step: ReaskStep) -> str:
    """Ask again, naming what was wrong and the options (or what kind of answer is wanted)."""
    texts = module.texts["reask"]
    if answer.reason == "not_found" and question.not_found:
        lead = question.not_found
    else:
        lead = texts.get(answer.reason) or texts["not_understood"]
    if step is not ReaskStep.REASK:
        lead = f"{lead} {texts['offer_skip']}"
    shown = [o.label for o in question.options]
    return lead if not shown else f"{lead} {texts['options'].format(options=', '.join(shown))}"


def _contains(said: str, phrase: str) -> bool:
    return f" {phrase} " in f" {said} "


def _place(question: ProfileQuestion, said: str, entities: list[dict[str, Any]]) -> ProfileAnswer:
    places = [str(e["value"]) for e in entities if e.get("entity") == "place"]
    if places:
        return ProfileAnswer(Kind.VALUE, places[0])
    option = _option(question, said, said)
    return ProfileAnswer(Kind.VALUE, option.value) if option else ProfileAnswer(Kind.UNCLEAR, reason="not_found")


def _languages(question: ProfileQuestion, text: str, said: str) -> ProfileAnswer:
    if text.strip().startswith(LANGUAGE_PREFIX):
        option = question.option(text.strip().removeprefix(LANGUAGE_PREFIX))
        return ProfileAnswer(Kind.MORE, [option.value]) if option else ProfileAnswer(Kind.UNCLEAR)
    found = [o.value for o in question.options if any(_contains(said, w) for w in (*o.words, normalise(o.label)))]
    return ProfileAnswer(Kind.VALUE, found[: question.most]) if found else ProfileAnswer(Kind.UNCLEAR)


def _occupations(
    module: ProfileModule, question: ProfileQuestion, text: str, entities: list[dict[str, Any]], index: OccupationIndex
) -> ProfileAnswer:
    """Jobs by button, everyday phrase, exact label, or a label with typos (which is confirmed)."""
    typed = text.strip()
    if typed.startswith(ESCO_PREFIX):
        esco_id = typed.removeprefix(ESCO_PREFIX)
        return ProfileAnswer(Kind.VALUE, [esco_id]) if index.label(esco_id) else ProfileAnswer(Kind.UNCLEAR)
    if typed == NONE_OF_THESE:
        return ProfileAnswer(Kind.UNCLEAR, reason="not_found")
    said = normalise(text)
    phrase = max((p for p in module.phrases if _contains(said, p)), key=len, default=None)
    if phrase:
        return ProfileAnswer(Kind.CONFIRM, [], module.phrases[phrase], phrase)
    certain: list[str] = []
    for entity in (e for e in entities if e.get("entity") == "occupation"):
        words = text[int(entity.get("start", 0)) : int(entity.get("end", 0))]
        candidates = _entity_candidates(entity, words, index)
        if len(candidates) == 1 and not entity.get("fuzzy"):
            certain += [c for c in candidates if c not in certain]
        elif candidates:
            return ProfileAnswer(Kind.CONFIRM, certain[: question.most], tuple(candidates[:MAX_CANDIDATES]), words)
    if certain:
        return ProfileAnswer(Kind.VALUE, certain[: question.most])
    # Nothing the NLU knew: the whole answer may be one job's name, or one written with a typo.
    named = index.with_preferred_label(text)
    if named:
        return ProfileAnswer(Kind.VALUE, [named])
    close = index.fuzzy(text, MAX_CANDIDATES)
    if close:
        return ProfileAnswer(Kind.CONFIRM, [], tuple(m.esco_id for m in close), typed)
    return ProfileAnswer(Kind.UNCLEAR, reason="not_found")


def _entity_candidates(entity: dict[str, Any], words: str, index: OccupationIndex) -> list[str]:
    """ESCO ids an occupation entity may mean: its own, its fuzzy candidates, or labels with its words."""
    key = str(entity.get("value") or "")
    if entity.get("candidates"):
        return [str(c).removeprefix(ESCO_PREFIX) for c in entity["candidates"]]
    preferred = index.with_preferred_label(words)
    if preferred:
        return [preferred]
    if key.startswith(ESCO_PREFIX):
        return [key.removeprefix(ESCO_PREFIX)]
    # An everyday word or a Swedish taxonomy name: the ESCO labels with those words.
    exact = index.exact(words)
    return exact if exact else index.containing(words, MAX_CANDIDATES)
