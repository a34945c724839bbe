"""Check the live JobTech JobSearch API against what Orienta's adapter expects (``make contract``).

Calls the REAL API (``/search?q=sjuksköterska&limit=2`` and one ``/ad/{id}``), compares the
shape with the expectations below and with the bundled sample ad, and prints every difference.
Exit status: 0 when the shape fits (differences in optional fields are printed as notes),
1 when something the adapter relies on changed, 0 with a "skipped" line when the API cannot be
reached (offline machines, CI). Not part of ``make test``: it depends on a third party.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from actions.vacancies.jobtech_ad import parse_ad  # noqa: E402
from actions.vacancies.settings import parse_vacancy_settings  # noqa: E402
from actions.vacancies.source import SourceUnavailable  # noqa: E402
from actions.vacancies.transport import HttpPolicy, JsonClient  # noqa: E402

SAMPLE = PROJECT_DIR / "data" / "vacancies" / "jobtech_jobsearch_ads_sample.jsonl"
REQUIRED_TOP = {"total", "hits"}
REQUIRED_AD = {"id", "headline", "publication_date", "description", "workplace_address", "occupation_group"}
TYPES = {
    "id": str,
    "headline": str,
    "publication_date": str,
    "description": dict,
    "workplace_address": dict,
    "occupation_group": dict,
    "employer": dict,
    "application_details": dict,
    "must_have": dict,
}


def compare(ad: dict[str, Any], reference: dict[str, Any]) -> tuple[list[str], list[str]]:
    """``(problems, notes)``: what breaks the adapter, and what merely differs from the sample."""
    problems = [f"ad lacks required field {key!r}" for key in sorted(REQUIRED_AD - ad.keys())]
    for key, kind in TYPES.items():
        if ad.get(key) is not None and not isinstance(ad[key], kind):
            problems.append(f"ad field {key!r} is {type(ad[key]).__name__}, expected {kind.__name__}")
    coords = (ad.get("workplace_address") or {}).get("coordinates")
    if coords is not None and not (isinstance(coords, list) and len(coords) == 2):
        problems.append(f"workplace_address.coordinates is {coords!r}, expected [lon, lat]")
    notes = [f"new field {key!r}" for key in sorted(ad.keys() - reference.keys())]
    notes += [f"field {key!r} of the sample is gone" for key in sorted(reference.keys() - ad.keys())]
    try:
        parse_ad(ad)
    except Exception as exc:  # the point is to report any failure
        problems.append(f"the parser fails on the live ad: {type(exc).__name__}: {exc}")
    return problems, notes


def main() -> int:
    """Run the check; returns the exit status."""
    logging.basicConfig(level=logging.ERROR, format="%(message)s")
    settings = parse_vacancy_settings(os.environ)
    policy = HttpPolicy(budget=20.0, read_timeout=15.0)
    client = JsonClient(settings.jobtech_base_url, source_name="jobtech-contract", policy=policy)
    try:
        body = client.get_json("/search", [("q", "sjuksköterska"), ("limit", "2")])
    except SourceUnavailable as exc:
        if exc.reason == "timeout" or exc.detail == "connection failed":
            print(f"contract: skipped, {settings.jobtech_base_url} cannot be reached ({exc})")
            return 0
        print(f"contract: FAILED, /search answered badly: {exc}")
        return 1
    problems: list[str] = [f"search answer lacks {key!r}" for key in sorted(REQUIRED_TOP - set(body or {}))]
    hits = body.get("hits") if isinstance(body, dict) else None
    if not isinstance(hits, list) or not hits:
        problems.append("search answer has no hits for 'sjuksköterska'")
        hits = []
    reference = json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[-1])
    notes: list[str] = []
    for hit in hits:
        found, noted = compare({k: v for k, v in hit.items() if k != "relevance"}, reference)
        problems += found
        notes += noted
    if hits:
        ad_id = str(hits[0].get("id"))
        try:
            ad = client.get_json(f"/ad/{ad_id}", allow_404=True)
        except SourceUnavailable as exc:
            problems.append(f"/ad/{ad_id} answered badly: {exc}")
        else:
            if ad is None:
                notes.append(f"/ad/{ad_id} was gone already (404)")
            else:
                found, _ = compare(ad, reference)
                problems += [f"/ad: {p}" for p in found]
    for note in sorted(set(notes)):
        print(f"  note: {note}")
    for problem in problems:
        print(f"  PROBLEM: {problem}")
    print(f"contract: {'FAILED' if problems else 'ok'} against {settings.jobtech_base_url} ({len(hits)} hits checked)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
