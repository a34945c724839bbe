"""Turn the gazetteer's entity keys into what a vacancy search needs.

The gazetteer (nlu/gazetteer.py) names an occupation ``alias:nurse``, ``esco:<id>`` or
``jobtech:<concept id>`` and a place ``municipality:<id>`` or ``region:<id>``. Here those keys
become labels to show and the JobTech taxonomy concepts to search with. The bridge between ESCO
and the Swedish taxonomy is ISCO-08: SSYK 2012 follows ISCO-08 at the level of unit groups, so
an ESCO occupation's ISCO group code finds the SSYK group concept with the same code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from actions.vacancies import taxonomy

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True)
class OccupationChoice:
    """An occupation the user asked for, resolved to ISCO groups and taxonomy concepts."""

    key: str
    label: str
    isco_groups: tuple[str, ...]
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


class Vocabulary:
    """Lookups over the bundled ESCO subset, taxonomy and search vocabulary."""

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        """Read the data files once; a few megabytes, well under a second.

        The Swedish taxonomy comes from ``taxonomy`` (shared with the sources); ESCO and the
        search vocabulary are read here.
        """
        with (data_dir / "content" / "search_vocabulary.yml").open(encoding="utf-8") as handle:
            words: dict[str, Any] = yaml.safe_load(handle)
        self._aliases = {str(k).lower(): tuple(str(g) for g in v) for k, v in words["occupation_aliases"].items()}
        self._esco = {r["occupation_id"]: r for r in _csv(data_dir / "esco" / "occupations_en.csv")}
        self._isco_labels = {r["isco_code"]: r["label"] for r in _csv(data_dir / "esco" / "isco_groups_en.csv")}
        skills = _csv(data_dir / "esco" / "occupation_skills_en.csv")
        self._skills = {r["occupation_id"]: tuple(s for s in r["essential_skills"].split(" | ") if s) for r in skills}
        self._group_by_code = {group.ssyk: group.concept_id for group in taxonomy.occupation_groups()}
        self._names = {name.concept_id: name for name in taxonomy.occupation_names()}
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

    def _groups(self, isco_groups: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(self._group_by_code[g] for g in isco_groups if g in self._group_by_code)

    def occupation(self, key: str) -> OccupationChoice | None:
        """The occupation behind a gazetteer key, or None for an unknown key."""
        kind, _, value = key.partition(":")
        if kind == "alias" and value in self._aliases:
            groups = self._aliases[value]
            return OccupationChoice(key, value, groups, self._groups(groups))
        if kind == "esco" and value in self._esco:
            row = self._esco[value]
            groups = (row["isco_group"],)
            return OccupationChoice(key, row["preferred_label"], groups, self._groups(groups))
        if kind == "jobtech" and value in self._names:
            name = self._names[value]
            return OccupationChoice(key, name.label, (name.ssyk,), (name.group_concept_id,), (value,))
        return None

    def related(self, choice: OccupationChoice) -> OccupationChoice:
        """The same kind of work, widened to every unit group in the same ISCO minor group."""
        minors = {g[:3] for g in choice.isco_groups}
        groups = tuple(sorted(code for code in self._group_by_code if code[:3] in minors))
        label = " / ".join(self.isco_label(m) or m for m in sorted(minors))
        return OccupationChoice(f"related:{','.join(sorted(minors))}", label, groups, self._groups(groups))

    def place(self, key: str) -> PlaceChoice | None:
        """The municipality or region behind a gazetteer key, or None."""
        return self._places.get(key)

    def region_of(self, place: PlaceChoice) -> PlaceChoice:
        """The region a municipality lies in (a region is its own region)."""
        return self._places[f"region:{place.region_id}"]

    def isco_label(self, code: str) -> str | None:
        """ISCO-08 group label, e.g. "2221" → "Nursing professionals"."""
        return self._isco_labels.get(code)

    def essential_skills(self, esco_id: str) -> tuple[str, ...]:
        """Up to twelve essential ESCO skills of an occupation (data/esco/LICENSE-NOTE.md)."""
        return self._skills.get(esco_id, ())

    def esco_isco_group(self, esco_id: str) -> str | None:
        """The ISCO unit group of an ESCO occupation."""
        row = self._esco.get(esco_id)
        return row["isco_group"] if row else None

    def esco_label(self, esco_id: str) -> str | None:
        """The English preferred label of an ESCO occupation."""
        row = self._esco.get(esco_id)
        return row["preferred_label"] if row else None


@cache
def vocabulary() -> Vocabulary:
    """The process-wide vocabulary, read on first use."""
    return Vocabulary()
