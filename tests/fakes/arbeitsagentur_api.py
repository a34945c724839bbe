"""A fake Bundesagentur für Arbeit Jobsuche backend (``/pc/v4/jobs``, ``/pc/v4/jobdetails/{b64}``).

The ads below are FICTIONAL, written for these tests in BA's shape (spec §3.5, §3.6); no real
employer or person. Search answers use the v4 names by default and the v6 names
(``ergebnisliste``, ``referenznummer``, …) when ``switches.extra["v6"]`` is set; counts are sent
as strings when ``switches.extra["strings"]`` is set. Details always use the new names, as the
live API reportedly does. ``fail_next`` answers with a SOAP/XML fault and HTTP 500, as BA's
gateway did. Run on its own::

    python -m tests.fakes.arbeitsagentur_api --port 8766
"""

from __future__ import annotations

import argparse
import base64
import binascii
from typing import Any

from tests.fakes.http_fake import FakeHttpApi, Reply, json_reply, serve_forever

SOAP_FAULT = (
    b'<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
    b"<soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>Internal Error</faultstring>"
    b"</soapenv:Fault></soapenv:Body></soapenv:Envelope>"
)

FICTIONAL_JOBS: list[dict[str, Any]] = [
    {
        "refnr": "10000-1000000001-S",
        "titel": "Pflegefachkraft (m/w/d) - FIKTIV",
        "beruf": "Pflegefachmann/-frau",
        "arbeitgeber": "Beispiel Klinikum GmbH (fiktiv)",
        "arbeitsort": {
            "plz": "10115",
            "ort": "Berlin",
            "region": "Berlin",
            "land": "Deutschland",
            "koordinaten": {"lat": 52.532, "lon": 13.384},
        },
        "aktuelleVeroeffentlichungsdatum": "2026-03-01",
        "eintrittsdatum": "2026-04-01",
        "modifikationsTimestamp": "2026-03-01T10:00:00.000",
        "details": {
            "stellenangebotsBeschreibung": (
                "**Ihre Aufgaben**\n- Pflege\n- Dokumentation\n\nKontakt: max.muster@example.de"
            ),
            "arbeitszeitVollzeit": True,
            "arbeitszeitTeilzeitFlexibel": True,
            "vertragsdauer": "unbefristet",
            "verguetungsangabe": "Nach Tarif",
            "stellenangebotsart": "ARBEIT",
            "stellenlokationen": [
                {
                    "adresse": {"plz": "10115", "ort": "Berlin", "region": "Berlin", "land": "Deutschland"},
                    "breite": 52.532,
                    "laenge": 13.384,
                }
            ],
            "datumErsteVeroeffentlichung": "2026-03-01",
            "eintrittszeitraum": {"von": "2026-04-01"},
        },
        "arbeitszeit": ["vz", "tz"],
    },
    {
        "refnr": "10000-1000000002-S",
        "titel": "Schweißer (m/w/d) - FIKTIV",
        "beruf": "Schweißer/in",
        "arbeitgeber": "Muster Metallbau AG (fiktiv)",
        "arbeitsort": {
            "plz": "80331",
            "ort": "München",
            "region": "Bayern",
            "land": "Deutschland",
            "koordinaten": {"lat": 48.137, "lon": 11.575},
        },
        "aktuelleVeroeffentlichungsdatum": "2026-02-20",
        "modifikationsTimestamp": "2026-02-21T08:00:00.000",
        "details": {
            "stellenangebotsBeschreibung": "Schweißen nach Zeichnung.",
            "arbeitszeitVollzeit": True,
            "vertragsdauer": "befristet",
            "istArbeitnehmerUeberlassung": True,
        },
        "arbeitszeit": ["vz"],
    },
    {
        "refnr": "10000-1000000003-S",
        "titel": "Softwareentwickler (m/w/d) remote - FIKTIV",
        "beruf": "Softwareentwickler/in",
        "arbeitgeber": "Testfirma Software GmbH (fiktiv)",
        "arbeitsort": {"ort": "Hamburg", "region": "Hamburg", "land": "Deutschland"},
        "aktuelleVeroeffentlichungsdatum": "2026-03-05",
        "externeUrl": "https://example.org/jobs/fiktiv-3",
        "details": {"stellenangebotsBeschreibung": "Python, APIs.", "arbeitszeitTeilzeitVormittag": True},
        "arbeitszeit": ["tz", "ho"],
    },
]

_V6_NAMES = {
    "refnr": "referenznummer",
    "titel": "stellenangebotsTitel",
    "arbeitgeber": "firma",
    "aktuelleVeroeffentlichungsdatum": "datumErsteVeroeffentlichung",
    "modifikationsTimestamp": "aenderungsdatum",
}


def _v6(job: dict[str, Any]) -> dict[str, Any]:
    out = {_V6_NAMES.get(k, k): v for k, v in job.items() if k != "arbeitsort"}
    place = job.get("arbeitsort") or {}
    coords = place.get("koordinaten") or {}
    out["stellenlokationen"] = [
        {
            "adresse": {k: v for k, v in place.items() if k != "koordinaten"},
            "breite": coords.get("lat"),
            "laenge": coords.get("lon"),
        }
    ]
    return out


class FakeArbeitsagentur(FakeHttpApi):
    """The fake BA Jobsuche. ``jobs`` holds search items plus private ``details`` and ``arbeitszeit``."""

    error_body: Reply = (500, {"Content-Type": "text/xml;charset=UTF-8"}, SOAP_FAULT)

    def __init__(self, jobs: list[dict[str, Any]] | None = None, port: int = 0) -> None:
        super().__init__(port)
        self.jobs = [dict(j) for j in (FICTIONAL_JOBS if jobs is None else jobs)]

    def route(self, path: str, params: dict[str, list[str]], headers: dict[str, str]) -> Reply:
        if headers.get("x-api-key") != "jobboerse-jobsuche":
            return json_reply(403, {"message": "Forbidden"})
        if path in ("/pc/v4/jobs", "/pc/v4/app/jobs"):
            return self._search(params)
        if path.startswith("/pc/v4/jobdetails/"):
            return self._details(path.rsplit("/", 1)[-1])
        return json_reply(404, {"message": "not found"})

    def _search(self, params: dict[str, list[str]]) -> Reply:
        one = {k: v[-1] for k, v in params.items()}
        try:
            page, size = int(one.get("page", "1")), int(one.get("size", "25"))
        except ValueError:
            return json_reply(400, {"code": "EINGABEPARAMETER_FEHLERHAFT"})
        if page < 1 or not 1 <= size <= 100 or page * size > 10_000:
            return json_reply(400, {"code": "EINGABEPARAMETER_FEHLERHAFT", "message": "page*size > 10000"})
        was, wo = one.get("was", "").lower(), one.get("wo", "").lower()
        hours = [h for h in one.get("arbeitszeit", "").split(";") if h]
        hits = [
            j
            for j in ([] if self.switches.empty else self.jobs)
            if (not was or was in (j["titel"] + " " + j.get("beruf", "")).lower())
            and (not wo or wo in str(j.get("arbeitsort", {}).get("ort", "")).lower())
            and all(h in j.get("arbeitszeit", []) for h in hours)
        ]
        window = hits[(page - 1) * size : page * size]
        public = [{k: v for k, v in j.items() if k not in ("details", "arbeitszeit")} for j in window]
        strings = bool(self.switches.extra.get("strings"))
        count: Any = str(len(hits)) if strings else len(hits)
        if self.switches.extra.get("v6"):
            return json_reply(200, {"ergebnisliste": [_v6(j) for j in public], "maxErgebnisse": count})
        body: dict[str, Any] = {
            "maxErgebnisse": count,
            "page": str(page) if strings else page,
            "size": str(size) if strings else size,
            "facetten": [] if strings else {},
        }
        if public:  # BA omits the list when there are no hits
            body["stellenangebote"] = public
        return json_reply(200, body)

    def _details(self, encoded: str) -> Reply:
        try:
            refnr = base64.b64decode(encoded, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return json_reply(400, {"code": "EINGABEPARAMETER_FEHLERHAFT"})
        for job in self.jobs:
            if job["refnr"] == refnr:
                public = _v6({k: v for k, v in job.items() if k not in ("details", "arbeitszeit")})
                return json_reply(200, {**public, **job.get("details", {})})
        return json_reply(404, {"code": "STELLENANGEBOT_NICHT_GEFUNDEN"})


def main() -> None:
    parser = argparse.ArgumentParser(description="Fake BA Jobsuche API")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    serve_forever(FakeArbeitsagentur(port=args.port), "fake BA Jobsuche")


if __name__ == "__main__":
    main()
