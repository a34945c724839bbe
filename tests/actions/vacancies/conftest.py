"""Shared pieces for the vacancy action tests: ads, a source over a list, trackers."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.vacancies import service
from actions.vacancies.model import Classification, Location, Vacancy
from actions.vacancies.source import SearchResult, SourceUnavailable, VacancyQuery

MALMO = Location(country_code="SE", municipality="Malmö", region="Skåne län", municipality_code="1280")
LUND = Location(country_code="SE", municipality="Lund", region="Skåne län", municipality_code="1281")


def ad(source_id: str, title: str, ssyk: str, location: Location = MALMO, **fields: Any) -> Vacancy:
    """An ad as a source would return it."""
    return Vacancy(
        source="bundled",
        source_id=source_id,
        title=title,
        published_at=datetime(2026, 11, 1, 9, tzinfo=timezone.utc),
        employer_name=f"{title} Employer AB",
        occupations=(Classification("ssyk2012", ssyk, None),),
        location=location,
        attribution="test ads",
        **fields,
    )


class ListSource:
    """A VacancySource over a list: filters on SSYK groups by code prefix and municipality name.

    Test double for the actions' point of view; the real sources are tested against HTTP fakes.
    """

    name = "list"
    site_url = "https://jobs.example.org/"

    def __init__(self, vacancies: list[Vacancy]) -> None:
        self.vacancies = vacancies
        self.queries: list[VacancyQuery] = []
        self.failure: SourceUnavailable | None = None
        self.group_codes: dict[str, str] = {}

    def search(self, query: VacancyQuery) -> SearchResult:
        self.queries.append(query)
        if self.failure:
            raise self.failure
        hits = [v for v in self.vacancies if self._matches(v, query)]
        return SearchResult(tuple(hits[query.offset : query.offset + query.limit]), len(hits), query)

    def _matches(self, vacancy: Vacancy, query: VacancyQuery) -> bool:
        if query.occupation_group_ids:
            codes = {self.group_codes.get(g) for g in query.occupation_group_ids}
            if vacancy.code("ssyk2012") not in codes:
                return False
        if query.place_text and query.place_text not in (vacancy.location.municipality, vacancy.location.region):
            return False
        return not query.working_time or vacancy.working_time == query.working_time

    def get(self, source_id: str) -> Vacancy | None:
        if self.failure:
            raise self.failure
        return next((v for v in self.vacancies if v.source_id == source_id), None)


@pytest.fixture
def source():
    """A ListSource in place of the configured source, removed after the test."""
    from actions.vacancies.vocabulary import vocabulary

    words = vocabulary()
    hours = ("part_time", "full_time")
    welders = [ad(f"w{n}", f"Welder {n}", "7212", working_time=hours[n % 2]) for n in range(1, 13)]
    nurses = [ad("n1", "Nurse in Lund", "2221", LUND, skills_required=("perform health assessment", "Swedish"))]
    listed = ListSource([*welders, *nurses, replace(welders[0], source_id="w-demo", demo=True)])
    for key, code in (("alias:welding", "7212"), ("alias:nurse", "2221")):
        listed.group_codes[words.occupation(key).group_ids[0]] = code
    service.use_source(listed)
    yield listed
    service.use_source(None)


# Users here agreed to the privacy notice; tests/actions/privacy/test_consent.py covers refusals.
def tracker(text: str, intent: str, entities: list[dict[str, Any]] | None = None, **slots: Any) -> Tracker:
    """A tracker whose latest message is ``text`` with ``intent`` and ``entities``."""
    return Tracker(
        sender_id="test",
        slots={"consent_given": True, **slots},
        latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or []},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name=None,
    )
