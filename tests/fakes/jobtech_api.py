"""A fake JobTech JobSearch API (``/search``, ``/ad/{id}``) following the published schema.

It serves the 5 real sample ads from ``data/vacancies/`` (plus any a test adds) with the filters
Orienta uses, flask-restx 400 bodies for out-of-range paging, and the switches of
``FakeHttpApi`` (latency, hang, 500s, 429 with or without Retry-After, malformed JSON, HTML page,
truncated body, empty results). Run on its own for manual or e2e use::

    python -m tests.fakes.jobtech_api --port 8765
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from tests.fakes.http_fake import FakeHttpApi, Reply, json_reply, serve_forever

SAMPLE_ADS = Path(__file__).resolve().parents[2] / "data" / "vacancies" / "jobtech_jobsearch_ads_sample.jsonl"
_REMOTE_PHRASES = ("distans", "remote", "hemifrån", "hemma")
_SORTS = ("relevance", "pubdate-desc", "pubdate-asc", "applydate-desc", "applydate-asc", "updated", "id")


def sample_ads() -> list[dict[str, Any]]:
    """The 5 real JobTech ads bundled with Orienta."""
    return [json.loads(line) for line in SAMPLE_ADS.read_text(encoding="utf-8").splitlines() if line.strip()]


def _bad_request(name: str, message: str) -> Reply:
    return json_reply(400, {"errors": {name: message}, "message": "Input payload validation failed"})


def _int_param(params: dict[str, list[str]], name: str, default: int, high: int) -> int | Reply:
    raw = params.get(name, [str(default)])[-1]
    try:
        value = int(raw)
    except ValueError:
        return _bad_request(name, f"Invalid argument: {raw}. argument must be within the range 0 - {high}")
    if not 0 <= value <= high:
        return _bad_request(name, f"Invalid argument: {value}. argument must be within the range 0 - {high}")
    return value


def _text(ad: dict[str, Any]) -> str:
    desc = ad.get("description") or {}
    employer = ad.get("employer") or {}
    return " ".join(str(x or "") for x in (ad.get("headline"), desc.get("text"), employer.get("name"))).lower()


def _relevance(ad: dict[str, Any], terms: list[str], excluded: list[str]) -> float:
    text = _text(ad)
    if any(word in text for word in excluded):
        return 0.0
    if not terms:
        return 1.0
    return sum(1 for term in terms if term.rstrip("*") in text) / len(terms)


def _any_in(values: Iterable[Any], wanted: list[str]) -> bool:
    return not wanted or any(v in wanted for v in values if v)


class FakeJobTech(FakeHttpApi):
    """The fake JobSearch API. ``ads`` maps id → ad; tests add ads with ``add_ad``."""

    def __init__(self, ads: list[dict[str, Any]] | None = None, port: int = 0) -> None:
        super().__init__(port)
        self.ads: dict[str, dict[str, Any]] = {str(ad["id"]): ad for ad in (sample_ads() if ads is None else ads)}

    def add_ad(self, ad: dict[str, Any]) -> None:
        with self._lock:
            self.ads[str(ad["id"])] = ad

    def remove_ad(self, ad_id: str) -> None:
        with self._lock:
            self.ads.pop(ad_id, None)

    def route(self, path: str, params: dict[str, list[str]], headers: dict[str, str]) -> Reply:
        if path == "/search":
            return self._search(params)
        if path.startswith("/ad/") and path.count("/") == 2:
            return self._ad(unquote(path.removeprefix("/ad/")))
        return json_reply(404, {"message": "The requested URL was not found on the server."})

    def _ad(self, ad_id: str) -> Reply:
        with self._lock:
            ads = list(self.ads.values())
        for ad in ads:
            if ad_id in (str(ad.get("id")), str(ad.get("external_id"))):
                return json_reply(200, ad)
        return json_reply(404, {"message": "Ad not found"})

    def _matches(self, ad: dict[str, Any], params: dict[str, list[str]]) -> bool:
        address = ad.get("workplace_address") or {}
        occupation_group = ad.get("occupation_group") or {}
        occupation = ad.get("occupation") or {}
        hours = ad.get("working_hours_type") or {}
        if not _any_in([occupation_group.get("concept_id")], params.get("occupation-group", [])):
            return False
        if not _any_in([occupation.get("concept_id")], params.get("occupation-name", [])):
            return False
        places = params.get("municipality", []) + params.get("region", [])
        place_values = [address.get(k) for k in ("municipality_concept_id", "municipality_code")]
        place_values += [address.get(k) for k in ("region_concept_id", "region_code")]
        if not _any_in(place_values, places):
            return False
        if not _any_in([hours.get("concept_id")], params.get("worktime-extent", [])):
            return False
        remote_wanted = params.get("remote", [""])[-1] == "true"
        if remote_wanted and not (ad.get("remote") is True or any(p in _text(ad) for p in _REMOTE_PHRASES)):
            return False
        after = params.get("published-after", [""])[-1]
        if after:
            if after.isdigit():
                after = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(time.time() - int(after) * 60))
            if str(ad.get("publication_date") or "") < after:
                return False
        return True

    def _search(self, params: dict[str, list[str]]) -> Reply:
        started = time.monotonic()
        offset = _int_param(params, "offset", 0, 2000)
        if not isinstance(offset, int):
            return offset
        limit = _int_param(params, "limit", 10, 100)
        if not isinstance(limit, int):
            return limit
        q = params.get("q", [""])[-1]
        if len(q) > 255:
            return _bad_request("q", "Invalid argument: q. must be at most 255 characters")
        sort = params.get("sort", ["relevance"])[-1]
        if sort not in _SORTS:
            return _bad_request("sort", f"Invalid argument: {sort}. The value '{sort}' is not a valid choice")
        words = q.lower().split()
        terms = [w for w in words if not w.startswith("-")]
        excluded = [w[1:] for w in words if w.startswith("-") and len(w) > 1]
        with self._lock:
            ads = [] if self.switches.empty else list(self.ads.values())
        scored = []
        for ad in ads:
            if ad.get("removed") is True or not self._matches(ad, params):
                continue
            score = _relevance(ad, terms, excluded)
            if score > 0:
                scored.append((score, ad))
        if sort.startswith("pubdate"):
            scored.sort(key=lambda pair: str(pair[1].get("publication_date") or ""), reverse=sort.endswith("desc"))
        else:
            scored.sort(key=lambda pair: (-pair[0], str(pair[1].get("publication_date") or "")), reverse=False)
        top = max((s for s, _ in scored), default=1.0) or 1.0
        page = [{**ad, "relevance": round(score / top, 4)} for score, ad in scored[offset : offset + limit]]
        body = {
            "total": {"value": len(scored)},
            "positions": sum(int(ad.get("number_of_vacancies") or 1) for _, ad in scored),
            "query_time_in_millis": 1,
            "result_time_in_millis": int((time.monotonic() - started) * 1000),
            "stats": [],
            "freetext_concepts": {},
            "hits": page,
        }
        return json_reply(200, body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds each answer waits")
    parser.add_argument("--jitter", type=float, default=0.0, help="± seconds around --latency")
    args = parser.parse_args()
    fake = FakeJobTech(port=args.port)
    fake.switches.latency, fake.switches.jitter = args.latency, args.jitter
    serve_forever(fake, "fake JobTech JobSearch")


if __name__ == "__main__":
    main()
