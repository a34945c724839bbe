"""JobTech JobSearch (Arbetsförmedlingen's open API): ``/search`` and ``/ad/{id}``.

Why this shape: the API takes taxonomy concept ids, which ``VacancyQuery`` already carries, so the
mapping is direct (spec §1.4). Paging is capped at offset 2000 + limit 100; we never ask beyond it
and cut pages to fit. The JSON → ``Vacancy`` parsing lives in ``jobtech_ad`` because the bundled
store reads the same ad shape.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from actions.vacancies import taxonomy
from actions.vacancies.jobtech_ad import parse_ad
from actions.vacancies.model import Vacancy
from actions.vacancies.source import SearchResult, SourceUnavailable, VacancyQuery
from actions.vacancies.text import format_stockholm
from actions.vacancies.transport import HttpPolicy, JsonClient

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://jobsearch.api.jobtechdev.se"
SITE_URL = "https://arbetsformedlingen.se/platsbanken/"
MAX_OFFSET = 2000
MAX_LIMIT = 100
MAX_REACHABLE = MAX_OFFSET + MAX_LIMIT
MAX_Q_CHARS = 255
_WORKTIME = {"full_time": taxonomy.WORKTIME_FULL, "part_time": taxonomy.WORKTIME_PART}


def page_window(offset: int, limit: int) -> tuple[int, int, int]:
    """``(api_offset, api_limit, skip)`` for a wanted page, within JobSearch's caps.

    Offsets past 2000 are reached by asking from 2000 and skipping the first hits, so page N is
    always page N and never silently another; beyond 2100 there is nothing to fetch (limit 0 still
    gives the total).
    """
    offset = max(0, offset)
    limit = max(0, min(limit, MAX_LIMIT))
    if offset >= MAX_REACHABLE:
        return MAX_OFFSET, 0, 0
    api_offset = min(offset, MAX_OFFSET)
    skip = offset - api_offset
    api_limit = min(MAX_LIMIT, limit + skip, MAX_REACHABLE - api_offset)
    return api_offset, api_limit, skip


def query_params(query: VacancyQuery) -> list[tuple[str, str]]:
    """The ``/search`` parameters for ``query`` (repeatable ones appear once per value)."""
    params: list[tuple[str, str]] = []
    text = (query.text or "").strip()
    if text:
        params.append(("q", text[:MAX_Q_CHARS]))
    params += [("occupation-group", cid) for cid in query.occupation_group_ids]
    params += [("occupation-name", cid) for cid in query.occupation_name_ids]
    params += [("municipality", cid) for cid in query.municipality_ids]
    params += [("region", cid) for cid in query.region_ids]
    if query.remote:
        params.append(("remote", "true"))
    if query.working_time in _WORKTIME:
        params.append(("worktime-extent", _WORKTIME[query.working_time]))
    if query.published_after is not None:
        params.append(("published-after", format_stockholm(query.published_after)))
    api_offset, api_limit, _ = page_window(query.offset, query.limit)
    params += [("offset", str(api_offset)), ("limit", str(api_limit))]
    params.append(("sort", "relevance" if text else "pubdate-desc"))
    return params


def _total(body: Mapping[str, Any]) -> int:
    total = body.get("total")
    value = total.get("value") if isinstance(total, dict) else total
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise SourceUnavailable("malformed", "no total.value")
    try:
        return max(0, int(value))
    except ValueError:
        raise SourceUnavailable("malformed", "total.value is not a number") from None


def parse_search(body: Any, query: VacancyQuery) -> SearchResult:
    """A ``/search`` body as a ``SearchResult``; unusable hits are skipped, a wrong shape raises.

    Raises:
        SourceUnavailable: ``malformed`` when the body is not a search result.
    """
    if not isinstance(body, dict) or not isinstance(body.get("hits", []), list):
        raise SourceUnavailable("malformed", "search body is not an object with hits[]")
    total = _total(body)
    _, _, skip = page_window(query.offset, query.limit)
    vacancies: list[Vacancy] = []
    skipped = 0
    for hit in body.get("hits", [])[skip:]:
        if not isinstance(hit, dict):
            skipped += 1
            continue
        try:
            vacancy = parse_ad(hit)
        except ValueError:
            skipped += 1
            continue
        if query.remote and vacancy.remote is None:
            # JobSearch's remote filter is a phrase match: a hint worth keeping, not a promise.
            vacancy = dataclasses.replace(vacancy, remote=True)
        vacancies.append(vacancy)
    if skipped:
        logger.warning("jobtech: skipped %d unusable hits (keys of the first: %s)", skipped, _keys(body))
    return SearchResult(tuple(vacancies[: query.limit]), total, query)


def _keys(body: Mapping[str, Any]) -> str:
    hits = body.get("hits") or [{}]
    first = hits[0] if isinstance(hits[0], dict) else {}
    return ",".join(sorted(first)[:12])


class JobTechSource:
    """Open ads in Sweden from JobTech JobSearch.

    Args:
        base_url: API root (settings: ``JOBTECH_BASE_URL``).
        api_key: sent as ``api-key`` when set; harmless since the key era ended (spec §1.2).
        policy: timeouts and budget.
        client: inject a ``JsonClient`` in tests.
    """

    name = "jobtech"
    site_url = SITE_URL

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        api_key: str | None = None,
        policy: HttpPolicy | None = None,
        client: JsonClient | None = None,
    ) -> None:
        headers = {"api-key": api_key} if api_key else None
        self.client = client or JsonClient(base_url, source_name=self.name, policy=policy, headers=headers)

    def search(self, query: VacancyQuery) -> SearchResult:
        """One page of open ads matching ``query``."""
        _, api_limit, _ = page_window(query.offset, query.limit)
        body = self.client.get_json("/search", query_params(query))
        result = parse_search(body, query)
        if api_limit == 0:
            return SearchResult((), result.total, query)
        return result

    def get(self, source_id: str) -> Vacancy | None:
        """One ad; ``None`` when JobTech says 404 (the ad expired or was removed)."""
        if not source_id or not source_id.strip():
            return None
        body = self.client.get_json(f"/ad/{quote(source_id.strip(), safe='')}", allow_404=True)
        if body is None:
            return None
        if not isinstance(body, dict):
            raise SourceUnavailable("malformed", "ad body is not an object")
        if body.get("removed") is True:
            return None
        try:
            return parse_ad(body)
        except ValueError as exc:
            raise SourceUnavailable("malformed", "ad without id") from exc
