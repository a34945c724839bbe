"""The self-assessment modules, loaded from data into typed, immutable records.

Why records and not the raw YAML: the dialogue, the scoring and the charts all need the same
facts (which items belong to which scale, the answer scale, the bands), and a typo in a data file
should fail once, at load time, with the file named, rather than in the middle of a chat.

Three modules exist so far:

- ``interests``: the 48 public-domain RIASEC activities (``data/instruments/riasec.csv``), one
  scale per Holland type, named and described from ``riasec_types.csv``;
- ``cms``: the four career management skills themes (Self, Strengths, Horizons, Networks) of
  ``data/instruments/self-assessment.yml``;
- ``digital``: the digital-skills block of the same file, with its five DigComp areas.

Titles, intros, the interest answer scale and the time estimates are in
``data/assessment/modules.yml``. Every text exists in every language (README "Self-assessment"):
a module is loaded once per language, with the same ids, items and scoring in each, so a result
scored in one language reads the same in another.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from actions.assessment.files import DATA_DIR, DEFAULT_LANGUAGE, read_csv, read_localised, read_yaml

#: The Holland types in the order of Holland's hexagon; also the tie-break order of scores.
RIASEC = ("R", "I", "A", "S", "E", "C")
#: The bands every module uses, from low to high.
BANDS = ("low", "medium", "high")


@dataclass(frozen=True)
class Item:
    """One question: ``scale`` is the RIASEC letter, CMS theme or digital block it counts for.

    ``area`` is the DigComp area of a digital item (scored on its own too), else ``None``.
    """

    id: str
    scale: str
    text: str
    area: str | None = None


@dataclass(frozen=True)
class AnswerScale:
    """The answers a question accepts: whole numbers ``minimum``..``maximum``, each with words."""

    minimum: int
    maximum: int
    labels: tuple[tuple[int, str], ...]
    prompt: str

    def label(self, value: int) -> str:
        """The words for a value, e.g. 4 → "Mostly like me"."""
        return dict(self.labels)[value]

    @property
    def values(self) -> tuple[int, ...]:
        """Every accepted value, lowest first (the buttons, in order)."""
        return tuple(range(self.minimum, self.maximum + 1))


@dataclass(frozen=True)
class Band:
    """A score band: ``start`` <= mean < ``end`` (the top band includes its ``end``)."""

    name: str
    start: float
    end: float


@dataclass(frozen=True)
class NextStep:
    """A suggestion the bot can make; ``action`` names the feature a button could start."""

    text: str
    action: str | None = None


@dataclass(frozen=True)
class Scale:
    """Something that gets a score: a Holland type, a CMS theme, a digital block or area.

    ``next_steps`` maps a band name to its suggestions (empty for the interest types, where the
    next step is the occupation suggestions instead).
    """

    id: str
    title: str
    description: str
    next_steps: tuple[tuple[str, tuple[NextStep, ...]], ...] = ()

    def steps_for(self, band: str) -> tuple[NextStep, ...]:
        """The suggestions for a band, or none."""
        return dict(self.next_steps).get(band, ())


@dataclass(frozen=True)
class Module:
    """One questionnaire the user can take, and what is needed to score it.

    ``scales`` are scored from the items whose ``scale`` is their id; ``areas`` (digital only)
    from the items whose ``area`` is their id. ``min_answers`` is the number of answered items
    a scale or area needs to get a score.
    """

    id: str
    title: str
    intro: str
    items: tuple[Item, ...]
    answer_scale: AnswerScale
    scales: tuple[Scale, ...]
    bands: tuple[Band, ...]
    min_answers: int
    seconds_per_item: int
    areas: tuple[Scale, ...] = ()

    @property
    def question_count(self) -> int:
        """How many questions the user will be asked."""
        return len(self.items)

    @property
    def estimated_minutes(self) -> int:
        """Whole minutes, rounded up, so the promise made in the intro is kept."""
        return math.ceil(self.question_count * self.seconds_per_item / 60)

    def item(self, item_id: str) -> Item:
        """The item with that id (KeyError if there is none)."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def scale(self, scale_id: str) -> Scale:
        """The scale or area with that id (KeyError if there is none)."""
        for scale in (*self.scales, *self.areas):
            if scale.id == scale_id:
                return scale
        raise KeyError(scale_id)


def load_modules(data_dir: Path = DATA_DIR, language: str = DEFAULT_LANGUAGE) -> dict[str, Module]:
    """Every module, keyed by id, read from ``data_dir`` (the repository's ``data/``), in ``language``."""
    config = read_localised(data_dir / "assessment" / "modules.yml", language)
    modules: dict[str, Module] = {}
    for module_id, spec in config["modules"].items():
        if "items_csv" in spec:
            modules[module_id] = _interest_module(module_id, spec, data_dir, language)
        else:
            modules[module_id] = _questionnaire_module(module_id, spec, data_dir, language)
    return modules


@cache
def default_modules(language: str = DEFAULT_LANGUAGE) -> dict[str, Module]:
    """The modules of the repository's data in ``language``, read once per process and language."""
    return load_modules(language=language)


def column(row: dict[str, str], name: str, language: str) -> str:
    """A CSV text in ``language``: ``name`` in the default language, ``name_<code>`` in another.

    A missing or empty translation is an error here, not an English word in a Swedish chat.
    """
    key = name if language == DEFAULT_LANGUAGE else f"{name}_{language}"
    text = (row.get(key) or "").strip()
    if not text:
        raise ValueError(f"no {key!r} text in the row {row}")
    return text


def comparison_threshold(data_dir: Path = DATA_DIR) -> float:
    """Changes smaller than this (1-5 scale) count as "about the same" in a before/after."""
    return float(read_yaml(data_dir / "assessment" / "modules.yml")["comparison"]["unchanged_below"])


def _answer_scale(spec: dict[str, Any], prompt: str) -> AnswerScale:
    minimum, maximum = int(spec["min"]), int(spec["max"])
    labels = {int(value): str(label) for value, label in spec["labels"].items()}
    if sorted(labels) != list(range(minimum, maximum + 1)):
        raise ValueError(f"answer scale labels {sorted(labels)} do not cover {minimum}..{maximum}")
    return AnswerScale(minimum, maximum, tuple(sorted(labels.items())), prompt)


def _interest_module(module_id: str, spec: dict[str, Any], data_dir: Path, language: str) -> Module:
    rows = read_csv(data_dir / spec["items_csv"])
    items = [Item(row["id"], row["scale"], column(row, "text", language)) for row in rows]
    unknown = {item.scale for item in items} - set(RIASEC)
    if unknown:
        raise ValueError(f"{spec['items_csv']}: unknown RIASEC scales {sorted(unknown)}")
    if spec.get("order") == "interleaved":
        items = _interleave(items)
    types = {row["scale"]: row for row in read_csv(data_dir / spec["types_csv"])}
    scales = tuple(
        Scale(letter, column(types[letter], "name", language), column(types[letter], "description", language))
        for letter in RIASEC
    )
    # The interest module reuses the questionnaire's bands: a type scored "high" is a clear like.
    bands = _bands(read_yaml(data_dir / "instruments" / "self-assessment.yml")["scoring"]["bands"])
    return Module(
        id=module_id,
        title=str(spec["title"]),
        intro=str(spec["intro"]),
        items=tuple(items),
        answer_scale=_answer_scale(spec["scale"], str(spec["prompt"])),
        scales=scales,
        bands=bands,
        min_answers=int(spec["min_answers"]),
        seconds_per_item=int(spec["seconds_per_item"]),
    )


def _interleave(items: list[Item]) -> list[Item]:
    """R1, I1, A1, S1, E1, C1, R2, …: every type keeps its own item order."""
    per_scale = {letter: [item for item in items if item.scale == letter] for letter in RIASEC}
    rounds = max(len(group) for group in per_scale.values())
    return [per_scale[letter][i] for i in range(rounds) for letter in RIASEC if i < len(per_scale[letter])]


def _bands(spec: list[dict[str, Any]]) -> tuple[Band, ...]:
    bands = tuple(
        Band(str(b["band"]), float(b["from"]), float(b["below"] if "below" in b else b["upto"])) for b in spec
    )
    if tuple(b.name for b in bands) != BANDS:
        raise ValueError(f"bands must be {BANDS}, low to high")
    return bands


def _next_steps(
    block_id: str, texts: dict[str, Any], actions: dict[str, Any]
) -> tuple[tuple[str, tuple[NextStep, ...]], ...]:
    """Each band's step texts (one language) with the features they could start (shared)."""
    steps = []
    for band in BANDS:
        words, starts = list(texts.get(band) or ()), list(actions.get(band) or ())
        if len(words) != len(starts):
            raise ValueError(f"block {block_id!r}, band {band}: {len(words)} next-step texts, {len(starts)} actions")
        steps.append((band, tuple(NextStep(str(text), action) for text, action in zip(words, starts, strict=True))))
    return tuple(steps)


def _questionnaire_module(module_id: str, spec: dict[str, Any], data_dir: Path, language: str) -> Module:
    source = read_localised(data_dir / spec["questionnaire"], language)
    blocks = [block for block in source["blocks"] if block["kind"] == spec["kind"]]
    if not blocks:
        raise ValueError(f"{spec['questionnaire']}: no blocks of kind {spec['kind']!r}")
    items: list[Item] = []
    scales: list[Scale] = []
    areas: list[Scale] = []
    texts, item_texts, area_titles = source["block_texts"], source["items"], source["areas"]
    for block in blocks:
        words = texts[block["id"]]
        steps = _next_steps(block["id"], words.get("next_steps") or {}, block.get("next_step_actions") or {})
        scales.append(Scale(block["id"], str(words["title"]), str(words["intro"]), steps))
        for item_id in block.get("items", ()):
            items.append(Item(item_id, block["id"], str(item_texts[item_id])))
        for area in block.get("areas", ()):
            areas.append(Scale(area["id"], str(area_titles[area["id"]]), ""))
            items.extend(Item(item_id, block["id"], str(item_texts[item_id]), area["id"]) for item_id in area["items"])
    return Module(
        id=module_id,
        title=str(spec["title"]),
        intro=str(spec["intro"]),
        items=tuple(items),
        answer_scale=_answer_scale(source["scale"], str(source["scale"]["prompt"])),
        scales=tuple(scales),
        bands=_bands(source["scoring"]["bands"]),
        min_answers=int(spec["min_answers"]),
        seconds_per_item=int(spec["seconds_per_item"]),
        areas=tuple(areas),
    )
