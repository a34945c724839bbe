"""The bundled JobTech taxonomy (2019 snapshot): occupations and places with their concept ids.

Why: queries carry JobTech concept ids, old ads carry only legacy codes (SSYK, SCB kommunkod),
and users type place names. These lookups join the three offline, from ``data/taxonomy/*.csv``
(Apache-2.0, see its LICENSE-NOTE.md). Everything is read once and cached.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
TAXONOMY_DIR = PROJECT_DIR / "data" / "taxonomy"

#: ``worktime-extent`` concept ids (misc_value_sets_sv.csv), the JobSearch working-time filter.
WORKTIME_FULL = "6YE1_gAC_R2G"
WORKTIME_PART = "947z_JGS_Uk2"


@dataclass(frozen=True)
class Municipality:
    """A Swedish municipality (kommun) and its region (län)."""

    concept_id: str
    code: str
    label: str
    region_concept_id: str
    region_code: str
    region_label: str


@dataclass(frozen=True)
class Region:
    """A Swedish region (län)."""

    concept_id: str
    code: str
    label: str


@dataclass(frozen=True)
class OccupationGroup:
    """An SSYK-2012 level-4 group, the ``occupation-group`` concept of JobSearch."""

    concept_id: str
    ssyk: str
    label: str
    field_concept_id: str
    field_label: str


@dataclass(frozen=True)
class OccupationName:
    """An occupation name (``occupation-name`` concept) and the group it belongs to."""

    concept_id: str
    label: str
    legacy_id: str
    group_concept_id: str
    ssyk: str


def _rows(name: str) -> list[dict[str, str]]:
    with (TAXONOMY_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def fold(text: str) -> str:
    """Lower-case without diacritics, for forgiving place-name matching ("Goteborg" = "Göteborg")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


@lru_cache(maxsize=1)
def municipalities() -> tuple[Municipality, ...]:
    """All 290 municipalities."""
    return tuple(
        Municipality(
            r["municipality_concept_id"],
            r["municipality_code"],
            r["municipality_label_sv"],
            r["region_concept_id"],
            r["region_code"],
            r["region_label_sv"],
        )
        for r in _rows("municipalities_sv.csv")
    )


@lru_cache(maxsize=1)
def regions() -> tuple[Region, ...]:
    """All 21 regions."""
    return tuple(
        Region(r["region_concept_id"], r["region_code"], r["region_label_sv"]) for r in _rows("regions_sv.csv")
    )


@lru_cache(maxsize=1)
def occupation_groups() -> tuple[OccupationGroup, ...]:
    """All SSYK-4 groups."""
    return tuple(
        OccupationGroup(
            r["occupation_group_concept_id"],
            r["ssyk2012_code"],
            r["occupation_group_label_sv"],
            r["occupation_field_concept_id"],
            r["occupation_field_label_sv"],
        )
        for r in _rows("occupation_groups_ssyk4_sv.csv")
    )


@lru_cache(maxsize=1)
def occupation_names() -> tuple[OccupationName, ...]:
    """All occupation names."""
    return tuple(
        OccupationName(
            r["occupation_name_concept_id"],
            r["occupation_name_label_sv"],
            r["occupation_name_legacy_ams_id"],
            r["occupation_group_concept_id"],
            r["ssyk2012_code"],
        )
        for r in _rows("occupation_names_sv.csv")
    )


@lru_cache(maxsize=1)
def _municipality_index() -> dict[str, Municipality]:
    index: dict[str, Municipality] = {}
    for m in municipalities():
        index[m.concept_id] = m
        index[m.code] = m
    return index


@lru_cache(maxsize=1)
def _group_index() -> dict[str, OccupationGroup]:
    index: dict[str, OccupationGroup] = {}
    for g in occupation_groups():
        index[g.concept_id] = g
        index[g.ssyk] = g
    return index


def municipality(key: str | None) -> Municipality | None:
    """A municipality by concept id or SCB code (``0180``)."""
    return _municipality_index().get(key or "")


def region_by_code(code: str | None) -> Region | None:
    """A region by its län code (``01``) or concept id."""
    return next((r for r in regions() if code in (r.code, r.concept_id)), None)


def occupation_group(key: str | None) -> OccupationGroup | None:
    """An SSYK-4 group by concept id or SSYK code (``2221``)."""
    return _group_index().get(key or "")


def occupation_name(concept_id: str | None) -> OccupationName | None:
    """An occupation name by concept id."""
    return next((n for n in occupation_names() if n.concept_id == concept_id), None)


def match_place(text: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Municipality and region concept ids whose label matches free text.

    "Göteborg" matches the municipality; "Skåne" or "Skåne län" the region. Exact (folded)
    names win; otherwise names starting with the text. Returns ``((), ())`` when nothing fits.
    """
    wanted = fold(text or "")
    if not wanted:
        return (), ()
    exact_m = tuple(m.concept_id for m in municipalities() if fold(m.label) == wanted)
    if exact_m:
        return exact_m, ()
    stem = _region_stem(wanted)
    exact_r = tuple(r.concept_id for r in regions() if _region_stem(r.label) == stem)
    if exact_r:
        return (), exact_r
    prefix_m = tuple(m.concept_id for m in municipalities() if fold(m.label).startswith(wanted))
    prefix_r = tuple(r.concept_id for r in regions() if fold(r.label).startswith(wanted))
    return prefix_m, prefix_r


def _region_stem(label: str) -> str:
    """Folded region name without "län" or genitive s: "Skåne län" → "skane", "Stockholms län" → "stockholm"."""
    return fold(label).removesuffix(" lan").removesuffix("s")
