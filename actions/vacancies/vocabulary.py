"""Turn the gazetteer's entity keys into what a vacancy search needs.

The gazetteer (nlu/gazetteer.py) names an occupation ``alias:nurse``, ``esco:<id>`` or
``jobtech:<concept id>`` and a place ``municipality:<id>`` or ``region:<id>``. Here those keys
become labels to show and the Swedish taxonomy's SSYK 2012 groups and occupation names that the
vacancy sources search by.

Bridging ESCO to SSYK: SSYK 2012 is built on ISCO-08, but its unit-group codes often differ
(ISCO 2634 psychologists is SSYK 2241). No official SSYK-to-ISCO key is bundled, so an ESCO
occupation is mapped two ways and the results joined: (1) the SSYK group with the same code as
its ISCO group, when that exists, and (2) every JobTech occupation name equal to one of its
Swedish ESCO labels, with that name's group. Everyday words use hand-checked SSYK codes
(data/content/search_vocabulary.yml). README "Finding vacancies in the chat" says more.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from actions.vacancies import taxonomy
from nlu.phrases import fold

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True)
class OccupationChoice:
    """An occupation the user asked for: SSYK codes and the taxonomy concepts to search."""

    key: str
    label: str
    group_codes: tuple[str, ...]
    group_ids: tuple[str, ...]
    name_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlaceChoice:
    """A municipality or region; ``region_id``/``region_label`` say where a town lies."""

    key: str
    label: str
    kind: str
    concept_id: str
    region_id: str
    region_label: str


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _labels(row: dict[str, str]) -> list[str]:
    return [row["preferred_label"], *[a.strip() for a in row.get("alt_labels", "").split("|") if a.strip()]]


class Vocabulary:
    """Lookups over the bundled ESCO subset, the taxonomy and the search vocabulary."""

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        """Read the data files once (well under a second)."""
        with (data_dir / "content" / "search_vocabulary.yml").open(encoding="utf-8") as handle:
            words: dict[str, Any] = yaml.safe_load(handle)
        self._aliases = {fold(str(k)): tuple(str(g) for g in v) for k, v in words["occupation_aliases"].items()}
        self._esco = {r["occupation_id"]: r for r in _csv(data_dir / "esco" / "occupations_en.csv")}
        skills = _csv(data_dir / "esco" / "occupation_skills_en.csv")
        self._skills = {r["occupation_id"]: tuple(s for s in r["essential_skills"].split(" | ") if s) for r in skills}
        self._groups = {group.ssyk: group for group in taxonomy.occupation_groups()}
        self._names = {name.concept_id: name for name in taxonomy.occupation_names()}
        names_by_label: dict[str, list[str]] = defaultdict(list)
        for name in self._names.values():
            names_by_label[fold(name.label)].append(name.concept_id)
        self._esco_names: dict[str, tuple[str, ...]] = {}
        for row in _csv(data_dir / "esco" / "occupations_sv.csv"):
            found = {cid for label in _labels(row) for cid in names_by_label.get(fold(label), [])}
            if found:
                self._esco_names[row["occupation_id"]] = tuple(sorted(found))
        self._esco_by_ssyk: dict[str, list[str]] = defaultdict(list)
        for esco_id in self._esco:
            for code in self.esco_ssyk_codes(esco_id):
                self._esco_by_ssyk[code].append(esco_id)
        self._places: dict[str, PlaceChoice] = {}
        for town in taxonomy.municipalities():
            key = f"municipality:{town.concept_id}"
            self._places[key] = PlaceChoice(
                key, town.label, "municipality", town.concept_id, town.region_concept_id, town.region_label
            )
        for region in taxonomy.regions():
            key = f"region:{region.concept_id}"
            self._places[key] = PlaceChoice(
                key, region.label, "region", region.concept_id, region.concept_id, region.label
            )

    def _choice(self, key: str, label: str, codes: list[str], name_ids: tuple[str, ...] = ()) -> OccupationChoice:
        known = tuple(dict.fromkeys(code for code in codes if code in self._groups))
        return OccupationChoice(key, label, known, tuple(self._groups[c].concept_id for c in known), name_ids)

    def occupation(self, key: str) -> OccupationChoice | None:
        """The occupation behind a gazetteer key, or None for an unknown key."""
        kind, _, value = key.partition(":")
        if kind == "alias" and value in self._aliases:
            return self._choice(key, value, list(self._aliases[value]))
        if kind == "esco" and value in self._esco:
            return self._choice(key, self._esco[value]["preferred_label"], self.esco_ssyk_codes(value), ())
        if kind == "jobtech" and value in self._names:
            name = self._names[value]
            return self._choice(key, name.label, [name.ssyk], (value,))
        return None

    def esco_ssyk_codes(self, esco_id: str) -> list[str]:
        """SSYK groups of an ESCO occupation: same code as its ISCO group, and via Swedish labels."""
        row = self._esco.get(esco_id)
        if row is None:
            return []
        by_label = [self._names[cid].ssyk for cid in self._esco_names.get(esco_id, ())]
        return list(dict.fromkeys([row["isco_group"], *by_label]))

    def related(self, choice: OccupationChoice, label: str) -> OccupationChoice:
        """The same kind of work, widened to every SSYK unit group of the same minor group."""
        minors = {code[:3] for code in choice.group_codes}
        codes = sorted(code for code in self._groups if code[:3] in minors)
        return self._choice(f"related:{','.join(sorted(minors))}", label, codes)

    def esco_for_ssyk(self, ssyk: str) -> tuple[str, ...]:
        """The ESCO occupations that map to an SSYK group (the reverse of ``esco_ssyk_codes``)."""
        return tuple(self._esco_by_ssyk.get(ssyk, ()))

    def place(self, key: str) -> PlaceChoice | None:
        """The municipality or region behind a gazetteer key, or None."""
        return self._places.get(key)

    def region_of(self, place: PlaceChoice) -> PlaceChoice:
        """The region a municipality lies in (a region is its own region)."""
        return self._places[f"region:{place.region_id}"]

    def group_label(self, ssyk: str) -> str | None:
        """The Swedish label of an SSYK 2012 unit group, e.g. "7212" → "Svetsare och gasskärare"."""
        group = self._groups.get(ssyk)
        return group.label if group else None

    def essential_skills(self, esco_id: str) -> tuple[str, ...]:
        """Up to twelve essential ESCO skills of an occupation (data/esco/LICENSE-NOTE.md)."""
        return self._skills.get(esco_id, ())

    def esco_label(self, esco_id: str) -> str | None:
        """The English preferred label of an ESCO occupation."""
        row = self._esco.get(esco_id)
        return row["preferred_label"] if row else None


@cache
def vocabulary() -> Vocabulary:
    """The process-wide vocabulary, read on first use."""
    return Vocabulary()
