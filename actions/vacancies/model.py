"""The normalized vacancy model every adapter returns.

Why one model: dialogue, ranking, cards and alerts must not care which API an ad came from. The
fields follow the normalized model of the adapter specification; ``None`` always means
"unknown", never "no". Datetimes are timezone-aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

SourceName = Literal["jobtech", "ba", "bundled"]
WorkingTime = Literal["full_time", "part_time", "mixed"]
EmploymentType = Literal[
    "permanent",
    "fixed_term",
    "temporary_agency",
    "seasonal",
    "on_call",
    "internship",
    "apprenticeship",
    "self_employed",
    "other",
]
ClassificationScheme = Literal[
    "jobtech-occupation-name",
    "ssyk2012",
    "jobtech-occupation-field",
    "isco08",
    "esco",
    "ba-beruf",
]


@dataclass(frozen=True)
class Classification:
    """An occupation code in one scheme, e.g. ``ssyk2012`` ``2221``."""

    scheme: ClassificationScheme
    code: str
    label: str | None = None
    concept_id: str | None = None


@dataclass(frozen=True)
class Location:
    """Where the work is. Coordinates are always (lat, lon), whatever the API's order."""

    country_code: str | None = None
    region: str | None = None
    region_code: str | None = None
    municipality: str | None = None
    municipality_code: str | None = None
    city: str | None = None
    postcode: str | None = None
    lat: float | None = None
    lon: float | None = None

    def display(self) -> str | None:
        """The most useful short place name for a chat card."""
        parts = [p for p in (self.city or self.municipality, self.region) if p]
        if len(parts) == 2 and parts[1].startswith(parts[0]):
            parts = parts[1:]
        return ", ".join(parts) or None


@dataclass(frozen=True)
class Vacancy:
    """One job ad, normalized. ``raw`` never holds personal data (contacts are stripped)."""

    source: SourceName
    source_id: str
    title: str
    published_at: datetime
    url: str | None = None
    apply_url: str | None = None
    employer_name: str | None = None
    description_text: str = ""
    summary: str = ""
    occupations: tuple[Classification, ...] = ()
    location: Location = field(default_factory=Location)
    remote: bool | None = None
    employment_type: EmploymentType | None = None
    employment_type_raw: str | None = None
    working_time: WorkingTime | None = None
    scope_pct_min: int | None = None
    scope_pct_max: int | None = None
    salary_text: str | None = None
    vacancies: int | None = None
    deadline: datetime | None = None
    start: str | None = None
    experience_required: bool | None = None
    driving_licence_required: bool | None = None
    skills_required: tuple[str, ...] = ()
    skills_nice: tuple[str, ...] = ()
    languages_required: tuple[str, ...] = ()
    demo: bool = False
    attribution: str = ""

    @property
    def uid(self) -> str:
        """Stable key across pages and sources: ``"<source>:<source_id>"``."""
        return f"{self.source}:{self.source_id}"

    def code(self, scheme: ClassificationScheme) -> str | None:
        """The first occupation code of ``scheme``, e.g. the ad's SSYK-2012 group."""
        return next((c.code for c in self.occupations if c.scheme == scheme), None)
