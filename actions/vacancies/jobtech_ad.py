"""JobTech ad JSON → ``Vacancy``, and PII stripping of the ad JSON itself.

Why separate from the HTTP adapter: the same JobTech-shaped ads come from the live API, from
JobStream snapshots and historical dumps we import, and from the bundled demo corpus. One
tolerant parser serves all of them (spec §1.6, §7): every field may be null or missing, ``label``
is a list or the string ``"[]"``, coordinates come as ``[lon, lat]``.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone
from typing import Any

from actions.vacancies import payload, taxonomy
from actions.vacancies.model import Classification, EmploymentType, Location, SourceName, Vacancy, WorkingTime
from actions.vacancies.text import clean_description, from_epoch_ms, parse_jobtech_datetime, scrub_contacts, summary

JOBTECH_ATTRIBUTION = "Arbetsförmedlingen / JobTech (open data)"
DEMO_ATTRIBUTION = "Orienta demo data (fictional)"
DEMO_LABEL = "demo"

_EMPLOYMENT_TYPES: dict[str, EmploymentType] = {
    "tillsvidareanställning": "permanent",
    "tidsbegränsad anställning": "fixed_term",
    "vikariat": "fixed_term",
    "behovsanställning": "on_call",
    "sommarjobb / feriejobb": "seasonal",
    "säsongsanställning": "seasonal",
    "arbete utomlands": "other",
    "praktik": "internship",
    "lärling": "apprenticeship",
    "frilans": "self_employed",
}
_PERMANENT_DURATIONS = ("tillsvidare", "tills vidare")
_WORKING_TIME: dict[str, WorkingTime] = {"heltid": "full_time", "deltid": "part_time", "heltid/deltid": "mixed"}
#: Keys that hold personal data (spec §7 PII policy): dropped before anything is stored.
_PII_EMPLOYER_KEYS = ("email", "phone_number")
_PII_APPLICATION_KEYS = ("email",)


def labels(ad: dict[str, Any]) -> tuple[str, ...]:
    """The ad's ``label`` as a tuple: a list (2026), the string ``"[]"`` (2024), or missing."""
    value = ad.get("label")
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = [part for part in value.split(",")]
    if not isinstance(value, list):
        return ()
    return tuple(s for s in (payload.text(item) for item in value) if s)


def is_demo(ad: dict[str, Any]) -> bool:
    """Demo ads carry ``"demo": true`` or the ``demo`` label; either marks them."""
    return ad.get("demo") is True or DEMO_LABEL in labels(ad)


def parse_location(address: Any) -> Location:
    """``workplace_address`` → ``Location``; ``coordinates`` are ``[lon, lat]`` and range-checked."""
    addr = payload.obj(address)
    coords = addr.get("coordinates")
    lat = lon = None
    if isinstance(coords, list | tuple) and len(coords) == 2:
        lon = payload.coordinate(coords[0], -180.0, 180.0)
        lat = payload.coordinate(coords[1], -90.0, 90.0)
        if lat is None or lon is None or (lat == 0 and lon == 0):
            lat = lon = None
    country_code = payload.text(addr.get("country_code"))
    country = payload.text(addr.get("country"))
    iso = "SE" if country_code == "199" or country == "Sverige" else None
    if iso is None and country_code and len(country_code) == 2 and country_code.isalpha():
        iso = country_code.upper()
    return Location(
        country_code=iso,
        region=payload.text(addr.get("region")),
        region_code=payload.text(addr.get("region_code")),
        municipality=payload.text(addr.get("municipality")),
        municipality_code=payload.text(addr.get("municipality_code")),
        city=payload.text(addr.get("city")),
        postcode=payload.text(addr.get("postcode")),
        lat=lat,
        lon=lon,
    )


def _workplace(ad: dict[str, Any]) -> Any:
    """``workplace_address``, or the first of the 2026 ``workplace_addresses`` when that is all there is."""
    address = ad.get("workplace_address")
    if isinstance(address, dict) and any(v not in (None, [None, None]) for v in address.values()):
        return address
    many = ad.get("workplace_addresses")
    return many[0] if isinstance(many, list) and many and isinstance(many[0], dict) else address


def _occupations(ad: dict[str, Any]) -> tuple[Classification, ...]:
    found: list[Classification] = []
    name = payload.obj(ad.get("occupation"))
    if payload.text(name.get("concept_id")) or payload.text(name.get("label")):
        code = payload.text(name.get("legacy_ams_taxonomy_id")) or payload.text(name.get("concept_id")) or ""
        found.append(
            Classification(
                "jobtech-occupation-name", code, payload.text(name.get("label")), payload.text(name.get("concept_id"))
            )
        )
    group = payload.obj(ad.get("occupation_group"))
    group_id = payload.text(group.get("concept_id"))
    ssyk = payload.text(group.get("legacy_ams_taxonomy_id"))
    if ssyk is None and group_id:
        known = taxonomy.occupation_group(group_id)
        ssyk = known.ssyk if known else None
    if ssyk or group_id:
        found.append(Classification("ssyk2012", ssyk or "", payload.text(group.get("label")), group_id))
    field = payload.obj(ad.get("occupation_field"))
    if payload.text(field.get("concept_id")) or payload.text(field.get("label")):
        code = payload.text(field.get("legacy_ams_taxonomy_id")) or payload.text(field.get("concept_id")) or ""
        found.append(
            Classification(
                "jobtech-occupation-field",
                code,
                payload.text(field.get("label")),
                payload.text(field.get("concept_id")),
            )
        )
    return tuple(found)


def employment_type(ad: dict[str, Any]) -> tuple[EmploymentType | None, str | None]:
    """The normalized employment type and the label it came from."""
    raw = payload.text(payload.obj(ad.get("employment_type")).get("label"))
    duration = (payload.text(payload.obj(ad.get("duration")).get("label")) or "").casefold()
    if raw is None:
        return None, None
    folded = raw.casefold()
    for prefix, kind in _EMPLOYMENT_TYPES.items():
        if folded.startswith(prefix):
            return kind, raw
    if folded == "vanlig anställning":
        if not duration:
            return None, raw
        return ("permanent" if duration.startswith(_PERMANENT_DURATIONS) else "fixed_term"), raw
    return "other", raw


def working_time(ad: dict[str, Any]) -> WorkingTime | None:
    """Full or part time, from ``working_hours_type`` or else ``scope_of_work``."""
    label = (payload.text(payload.obj(ad.get("working_hours_type")).get("label")) or "").casefold()
    if label in _WORKING_TIME:
        return _WORKING_TIME[label]
    scope = payload.obj(ad.get("scope_of_work"))
    low, high = payload.whole_number(scope.get("min")), payload.whole_number(scope.get("max"))
    if high is None:
        return None
    if high < 100:
        return "part_time"
    return "full_time" if (low is None or low >= 100) else "mixed"


def _skill_labels(block: Any, key: str) -> tuple[str, ...]:
    items = payload.obj(block).get(key)
    if not isinstance(items, list):
        return ()
    return tuple(s for s in (payload.text(payload.obj(item).get("label")) for item in items) if s)


def _salary(ad: dict[str, Any]) -> str | None:
    text = payload.text(ad.get("salary_description"))
    if text and text.casefold() not in ("undefined", "null"):
        return scrub_contacts(text)
    return payload.text(payload.obj(ad.get("salary_type")).get("label"))


def published_at(ad: dict[str, Any]) -> datetime:
    """``publication_date``, else the update ``timestamp``, else the epoch (never "now": that would look new)."""
    return (
        parse_jobtech_datetime(ad.get("publication_date"))
        or from_epoch_ms(ad.get("timestamp"))
        or datetime(1970, 1, 1, tzinfo=timezone.utc)
    )


def parse_ad(ad: dict[str, Any], source: SourceName = "jobtech") -> Vacancy:
    """One JobTech-shaped ad as a ``Vacancy`` (contacts are never copied).

    Raises:
        ValueError: the ad has no id, so it could never be fetched or deduplicated.
    """
    source_id = payload.text(ad.get("id"))
    if source_id is None:
        raise ValueError("ad without id")
    description = payload.obj(ad.get("description"))
    text = clean_description(payload.text(description.get("text")))
    if not text:
        text = clean_description(payload.text(description.get("text_formatted")), markup="html")
    kind, kind_raw = employment_type(ad)
    scope = payload.obj(ad.get("scope_of_work"))
    details = payload.obj(ad.get("application_details"))
    employer = payload.obj(ad.get("employer"))
    demo = is_demo(ad)
    url = payload.text(ad.get("webpage_url"))
    remote = payload.flag(ad.get("remote"))
    return Vacancy(
        source=source,
        source_id=source_id,
        title=payload.text(ad.get("headline")) or "",
        published_at=published_at(ad),
        url=url,
        apply_url=payload.text(details.get("url")) or url,
        employer_name=payload.text(employer.get("name")) or payload.text(employer.get("workplace")),
        description_text=text,
        summary=summary(text),
        occupations=_occupations(ad),
        location=parse_location(_workplace(ad)),
        remote=remote,
        employment_type=kind,
        employment_type_raw=kind_raw,
        working_time=working_time(ad),
        scope_pct_min=payload.whole_number(scope.get("min")),
        scope_pct_max=payload.whole_number(scope.get("max")),
        salary_text=_salary(ad),
        vacancies=payload.whole_number(ad.get("number_of_vacancies")),
        deadline=parse_jobtech_datetime(ad.get("application_deadline"))
        or parse_jobtech_datetime(ad.get("last_publication_date")),
        start=payload.text(ad.get("access")),
        experience_required=payload.flag(ad.get("experience_required")),
        driving_licence_required=payload.flag(ad.get("driving_license_required")),
        skills_required=_skill_labels(ad.get("must_have"), "skills"),
        skills_nice=_skill_labels(ad.get("nice_to_have"), "skills"),
        languages_required=_skill_labels(ad.get("must_have"), "languages"),
        demo=demo,
        attribution=DEMO_ATTRIBUTION if demo else JOBTECH_ATTRIBUTION,
    )


def strip_pii(ad: dict[str, Any]) -> dict[str, Any]:
    """A copy of the ad without personal data, fit to store (spec §7 PII policy).

    Drops ``application_contacts`` (and the index-era ``application_contact``), the employer's
    e-mail and phone, the application e-mail, and scrubs e-mails and phone numbers from every
    free-text field.
    """
    clean = copy.deepcopy(ad)
    clean.pop("application_contacts", None)
    clean.pop("application_contact", None)
    employer = clean.get("employer")
    if isinstance(employer, dict):
        for key in _PII_EMPLOYER_KEYS:
            employer.pop(key, None)
    details = clean.get("application_details")
    if isinstance(details, dict):
        for key in _PII_APPLICATION_KEYS:
            details.pop(key, None)
        for key in ("information", "other"):
            if isinstance(details.get(key), str):
                details[key] = scrub_contacts(details[key])
    description = clean.get("description")
    if isinstance(description, dict):
        for key, value in description.items():
            if isinstance(value, str):
                description[key] = scrub_contacts(value)
    return clean
