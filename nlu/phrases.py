"""Which phrases in a message name an occupation, a place, a way of working or a position.

Pure functions over Orienta's data files, used by the gazetteer component (nlu/gazetteer.py) to
build its matcher. Each phrase maps to an entity type and a *key* the actions resolve:

- ``occupation``: ``alias:<phrase>`` (data/content/search_vocabulary.yml), ``esco:<id>`` (ESCO
  label, English or Swedish) or ``jobtech:<concept id>`` (Swedish taxonomy occupation name);
- ``place``: ``municipality:<concept id>`` or ``region:<concept id>``;
- ``work_mode``: ``remote``, ``full_time`` or ``part_time``;
- ``position``: ``1`` … ``5`` or ``last``.

Keys rather than texts, so "Gothenburg", "goteborg" and "Göteborg" all mean one place.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

MIN_LABEL_CHARS = 3


@dataclass(frozen=True)
class Phrase:
    """One phrase to find. ``exact`` phrases must match case and accents as written."""

    text: str
    entity: str
    key: str
    exact: bool = False


def fold(text: str) -> str:
    """Lower-case and drop accents, keeping the length (so character offsets stay valid).

    "Malmö" → "malmo". A character whose accent-free form is not one character (rare outside
    Swedish/German/French letters) is kept as it is.
    """
    return "".join([_fold_char(char) for char in text.lower()])


@cache
def _fold_char(char: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return base if len(base) == 1 else char


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _labels(row: dict[str, str]) -> list[str]:
    alternatives = [label.strip() for label in row.get("alt_labels", "").split("|")]
    return [row["preferred_label"].strip(), *[a for a in alternatives if a]]


def load_vocabulary(path: Path) -> dict[str, Any]:
    """The search vocabulary YAML as a dict (see data/content/search_vocabulary.yml)."""
    with path.open(encoding="utf-8") as handle:
        return dict(yaml.safe_load(handle))


def ignored_occupation_labels(data_dir: Path) -> set[str]:
    """Folded labels never taken as an occupation (ordinary words such as "assistant")."""
    vocabulary = load_vocabulary(data_dir / "content" / "search_vocabulary.yml")
    return {fold(str(label)) for label in vocabulary.get("ignored_occupation_labels", [])}


def occupation_phrases(data_dir: Path, vocabulary: dict[str, Any]) -> list[Phrase]:
    """Aliases first, then ESCO (en, sv) and taxonomy labels; the first key of a phrase wins."""
    ignored = {fold(str(label)) for label in vocabulary.get("ignored_occupation_labels", [])}
    phrases = [Phrase(str(p), "occupation", f"alias:{fold(str(p))}") for p in vocabulary["occupation_aliases"]]
    # Preferred labels before alternatives, so "electrician" means the occupation of that name.
    english = _csv(data_dir / "esco" / "occupations_en.csv")
    esco = english + _csv(data_dir / "esco" / "occupations_sv.csv")
    for rank in (0, 1):
        for row in esco:
            labels = _labels(row)
            for label in labels[:1] if rank == 0 else labels[1:]:
                phrases.append(Phrase(label, "occupation", f"esco:{row['occupation_id']}"))
    # "welders", "electricians": English plurals of the labels, after every singular.
    for row in english:
        for label in _labels(row):
            if label[-1:].isalpha() and not label.endswith("s"):
                phrases.append(Phrase(f"{label}s", "occupation", f"esco:{row['occupation_id']}"))
    for row in _csv(data_dir / "taxonomy" / "occupation_names_sv.csv"):
        phrases.append(
            Phrase(row["occupation_name_label_sv"], "occupation", f"jobtech:{row['occupation_name_concept_id']}")
        )
    return [p for p in phrases if len(p.text) >= MIN_LABEL_CHARS and fold(p.text) not in ignored]


def _region_names(label: str) -> list[str]:
    """Names of a region: "Skåne län" gives "Skåne län" and "Skåne"; "Hallands län" adds "Halland"."""
    names = [label]
    base = label.removesuffix(" län")
    if base != label:
        names.append(base)
        if base.endswith("s"):
            names.append(base[:-1])
    return names


def place_phrases(data_dir: Path, vocabulary: dict[str, Any]) -> list[Phrase]:
    """Municipalities before regions (Stockholm the city, not the county), aliases included."""
    needing_capital = set(vocabulary.get("places_needing_capital", []))
    aliases: dict[str, list[str]] = {k: list(v) for k, v in vocabulary.get("place_aliases", {}).items()}
    phrases: list[Phrase] = []
    taxonomy = data_dir / "taxonomy"
    for row in _csv(taxonomy / "municipalities_sv.csv"):
        label = row["municipality_label_sv"]
        key = f"municipality:{row['municipality_concept_id']}"
        for name in [label, *aliases.get(label, [])]:
            phrases.append(Phrase(name, "place", key, exact=name in needing_capital))
    for row in _csv(taxonomy / "regions_sv.csv"):
        label = row["region_label_sv"]
        key = f"region:{row['region_concept_id']}"
        for name in [*_region_names(label), *aliases.get(label, [])]:
            phrases.append(Phrase(name, "place", key, exact=name in needing_capital))
    return phrases


def simple_phrases(vocabulary: dict[str, Any]) -> list[Phrase]:
    """Ways of working and positions in a list of results."""
    phrases = []
    for key, words in vocabulary.get("work_modes", {}).items():
        phrases += [Phrase(str(word), "work_mode", str(key)) for word in words]
    for key, words in vocabulary.get("positions", {}).items():
        phrases += [Phrase(str(word), "position", str(key)) for word in words]
    return phrases


def all_phrases(data_dir: Path) -> list[Phrase]:
    """Every phrase the gazetteer looks for, in priority order (earlier wins on equal spans)."""
    vocabulary = load_vocabulary(data_dir / "content" / "search_vocabulary.yml")
    return [
        *simple_phrases(vocabulary),
        *place_phrases(data_dir, vocabulary),
        *occupation_phrases(data_dir, vocabulary),
    ]
