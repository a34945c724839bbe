"""Bundesagentur für Arbeit Jobsuche (Germany): ``/pc/v4/jobs`` and ``/pc/v4/jobdetails/{b64}``.

Why tolerant parsing: BA has no official public API (spec §3.1); field names moved from the v4
search names (``refnr``, ``titel``, ``arbeitgeber``, ``arbeitsort``) to the v6 names
(``referenznummer``, ``stellenangebotsTitel``, ``firma``, ``stellenlokationen``) and the details
endpoint already uses the new ones, numbers come as strings, and a missing ``stellenangebote``
means no hits. BA cannot use JobTech concept ids, so queries use ``text`` and ``place_text``.
"""

from __future__ import annotations

import base64
import math
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote

from actions.vacancies import payload
from actions.vacancies.model import EmploymentType, Location, Vacancy, WorkingTime
from actions.vacancies.source import SearchResult, SourceUnavailable, VacancyQuery
from actions.vacancies.text import clean_description, parse_ba_date, summary
from actions.vacancies.transport import HttpPolicy, JsonClient

DEFAULT_BASE_URL = "https://rest.arbeitsagentur.de/jobboerse/jobsuche-service"
SITE_URL = "https://www.arbeitsagentur.de/jobsuche/"
DETAIL_PAGE = "https://www.arbeitsagentur.de/jobsuche/jobdetail/{refnr}"
ATTRIBUTION = "Bundesagentur für Arbeit"
#: The public client id BA's own web app sends (spec §3.2); not a secret.
API_KEY = "jobboerse-jobsuche"
MAX_SIZE = 100
MAX_WINDOW = 10_000
DEFAULT_RADIUS_KM = 25
_ANGEBOTSART: dict[str, EmploymentType] = {
    "AUSBILDUNG": "apprenticeship",
    "PRAKTIKUM_TRAINEE": "internship",
    "SELBSTAENDIGKEIT": "self_employed",
}


def _first(item: dict[str, Any], *keys: str) -> Any:
    return next((item[key] for key in keys if item.get(key) not in (None, "", [])), None)


def encode_refnr(refnr: str) -> str:
    """The details path id: standard Base64 of the reference number (spec §3.3)."""
    return base64.b64encode(refnr.encode("utf-8")).decode("ascii")


def page_window(offset: int, limit: int) -> tuple[int, int, int]:
    """``(page, size, skip)`` for a wanted slice; ``size`` 0 when past BA's 10 000-hit window.

    Pages are aligned to ``limit``; an offset that is not a multiple of it is served from a
    larger first page when that fits in 100, so a page is never silently another.
    """
    offset, limit = max(0, offset), max(1, min(limit, MAX_SIZE))
    if offset % limit and offset + limit <= MAX_SIZE:
        return 1, offset + limit, offset
    page = offset // limit + 1
    if page * limit > MAX_WINDOW:
        return 1, 0, 0
    return page, limit, offset - (page - 1) * limit


def query_params(query: VacancyQuery, now: datetime | None = None) -> dict[str, str]:
    """The ``/pc/v4/jobs`` parameters for ``query``."""
    params: dict[str, str] = {}
    if (query.text or "").strip():
        params["was"] = query.text.strip()[:200] if query.text else ""
    if (query.place_text or "").strip():
        params["wo"] = query.place_text.strip()[:100] if query.place_text else ""
        params["umkreis"] = str(DEFAULT_RADIUS_KM)
    hours = []
    if query.working_time == "full_time":
        hours.append("vz")
    elif query.working_time == "part_time":
        hours.append("tz")
    if query.remote:
        hours.append("ho")
    if hours:
        params["arbeitszeit"] = ";".join(hours)
    if query.published_after is not None:
        moment = (
            query.published_after
            if query.published_after.tzinfo
            else query.published_after.replace(tzinfo=timezone.utc)
        )
        days = math.ceil(((now or datetime.now(timezone.utc)) - moment).total_seconds() / 86400)
        params["veroeffentlichtseit"] = str(min(100, max(0, days)))
    page, size, _ = page_window(query.offset, query.limit)
    params["page"], params["size"] = str(page), str(max(1, size))
    return params


def _location(place: dict[str, Any]) -> Location:
    address = payload.obj(place.get("adresse")) or place
    coords = payload.obj(place.get("koordinaten"))
    lat = payload.coordinate(_first(coords, "lat") if coords else place.get("breite"), -90, 90)
    lon = payload.coordinate(_first(coords, "lon") if coords else place.get("laenge"), -180, 180)
    land = payload.text(address.get("land"))
    return Location(
        country_code="DE" if land == "Deutschland" else None,
        region=payload.text(address.get("region")),
        city=payload.text(address.get("ort")),
        postcode=payload.text(address.get("plz")),
        lat=lat if lon is not None else None,
        lon=lon if lat is not None else None,
    )


def _working_time(item: dict[str, Any]) -> WorkingTime | None:
    full = item.get("arbeitszeitVollzeit") is True
    part = any(item.get(k) is True for k in item if k.startswith("arbeitszeitTeilzeit"))
    models = [str(m).upper() for m in item.get("arbeitszeitmodelle") or [] if isinstance(m, str)]
    full = full or "VOLLZEIT" in models
    part = part or any(m.startswith("TEILZEIT") for m in models)
    if full and part:
        return "mixed"
    return "full_time" if full else "part_time" if part else None


def _employment(item: dict[str, Any]) -> tuple[EmploymentType | None, str | None]:
    kind = payload.text(_first(item, "stellenangebotsart", "angebotsart"))
    if kind and kind.upper() in _ANGEBOTSART:
        return _ANGEBOTSART[kind.upper()], kind
    if item.get("istArbeitnehmerUeberlassung") is True:
        return "temporary_agency", "Arbeitnehmerüberlassung"
    term = payload.text(_first(item, "vertragsdauer", "befristung"))
    if term is None:
        return None, kind
    folded = term.casefold()
    if folded in ("2", "unbefristet") or "unbefrist" in folded:
        return "permanent", term
    if folded in ("1", "befristet") or "befrist" in folded:
        return "fixed_term", term
    return "other", term


def parse_job(item: dict[str, Any]) -> Vacancy:
    """A BA search hit or details body (v4 or v6 names) as a ``Vacancy``.

    Raises:
        ValueError: no reference number, so the ad could never be fetched again.
    """
    refnr = payload.text(_first(item, "referenznummer", "refnr"))
    if refnr is None:
        raise ValueError("job without refnr")
    places = item.get("stellenlokationen") or item.get("arbeitsorte") or []
    place = places[0] if isinstance(places, list) and places and isinstance(places[0], dict) else None
    location = _location(place if place is not None else payload.obj(item.get("arbeitsort")))
    text = clean_description(
        payload.text(_first(item, "stellenangebotsBeschreibung", "stellenbeschreibung")), markup="markdown"
    )
    kind, kind_raw = _employment(item)
    page = payload.text(item.get("externeUrl")) or DETAIL_PAGE.format(refnr=quote(refnr, safe=""))
    beruf = payload.text(item.get("beruf"))
    skills = tuple(
        s
        for s in (
            payload.text(payload.obj(f).get("hierarchieName")) or payload.text(f)
            for f in item.get("fertigkeiten") or []
        )
        if s
    )
    published = parse_ba_date(
        _first(item, "datumErsteVeroeffentlichung", "aktuelleVeroeffentlichungsdatum", "veroeffentlichungsdatum")
    ) or parse_ba_date(_first(item, "aenderungsdatum", "modifikationsTimestamp"))
    return Vacancy(
        source="ba",
        source_id=refnr,
        title=payload.text(_first(item, "stellenangebotsTitel", "titel")) or beruf or "",
        published_at=published or datetime(1970, 1, 1, tzinfo=timezone.utc),
        url=page,
        apply_url=payload.text(_first(item, "externeURL", "allianzpartnerUrl")) or page,
        employer_name=payload.text(_first(item, "firma", "arbeitgeber")),
        description_text=text,
        summary=summary(text),
        location=location,
        employment_type=kind,
        employment_type_raw=kind_raw,
        working_time=_working_time(item),
        salary_text=payload.text(_first(item, "verguetungsangabe", "verguetung")),
        vacancies=payload.whole_number(item.get("anzahlOffeneStellen")),
        start=payload.text(_first(payload.obj(item.get("eintrittszeitraum")), "von"))
        or payload.text(item.get("eintrittsdatum")),
        skills_required=skills,
        attribution=ATTRIBUTION,
    )


def parse_search(body: Any, query: VacancyQuery) -> SearchResult:
    """A ``/pc/v4/jobs`` body as a ``SearchResult``; no list at all means no hits."""
    if not isinstance(body, dict):
        raise SourceUnavailable("malformed", "search body is not an object")
    items = body.get("stellenangebote", body.get("ergebnisliste")) or []
    if not isinstance(items, list):
        raise SourceUnavailable("malformed", "stellenangebote is not a list")
    total = payload.whole_number(body.get("maxErgebnisse"))
    vacancies = []
    for item in items:
        try:
            vacancies.append(parse_job(item))
        except (ValueError, AttributeError, TypeError):
            continue
    _, _, skip = page_window(query.offset, query.limit)
    page = vacancies[skip : skip + query.limit]
    return SearchResult(tuple(page), total if total is not None else len(vacancies), query)


class ArbeitsagenturSource:
    """Open ads in Germany from BA's Jobsuche backend (community-documented, no official API)."""

    name = "arbeitsagentur"
    site_url = SITE_URL

    def __init__(
        self, base_url: str = DEFAULT_BASE_URL, *, policy: HttpPolicy | None = None, client: JsonClient | None = None
    ) -> None:
        self.client = client or JsonClient(
            base_url, source_name=self.name, policy=policy, headers={"X-API-Key": API_KEY}
        )

    def search(self, query: VacancyQuery) -> SearchResult:
        """One page of ads for ``query.text`` near ``query.place_text``."""
        _, size, _ = page_window(query.offset, query.limit)
        body = self.client.get_json("/pc/v4/jobs", query_params(query))
        result = parse_search(body, query)
        return result if size else SearchResult((), result.total, query)

    def get(self, source_id: str) -> Vacancy | None:
        """One ad's details; ``None`` on 404 (BA ads expire quickly, spec §3.7)."""
        if not source_id or not source_id.strip():
            return None
        body = self.client.get_json(f"/pc/v4/jobdetails/{encode_refnr(source_id.strip())}", allow_404=True)
        if body is None:
            return None
        if not isinstance(body, dict):
            raise SourceUnavailable("malformed", "details body is not an object")
        try:
            return parse_job({"referenznummer": source_id.strip(), **body})
        except ValueError as exc:
            raise SourceUnavailable("malformed", "details without reference number") from exc
