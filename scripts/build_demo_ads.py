"""Generate the fictional demo vacancy corpus ``data/vacancies/demo_ads.jsonl``.

Why: offline, Orienta must still show plausible ads for common occupations in real Swedish
places, and the 5 real sample ads are too few and too old. Every ad is JobTech-shaped (so the
same parser reads it), marked demo twice (``"demo": true`` and the label ``demo``), has an id
starting ``demo-`` and an employer name saying "(fictional)". The output is deterministic: the
same inputs and seed give the same bytes (``--check`` verifies the committed file).

Inputs: ``data/vacancies/demo_ads.yml`` (texts, weights, seed), the JobTech taxonomy
(occupation names/groups, municipalities) and ESCO (English titles, essential skills).

    python scripts/build_demo_ads.py [--seed N] [--count N] [--out FILE] [--check]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import sys
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from actions.vacancies import taxonomy  # noqa: E402

CONFIG = PROJECT_DIR / "data" / "vacancies" / "demo_ads.yml"
OUTPUT = PROJECT_DIR / "data" / "vacancies" / "demo_ads.jsonl"
ESCO_DIR = PROJECT_DIR / "data" / "esco"
WORKTIME = {
    "full_time": {"concept_id": taxonomy.WORKTIME_FULL, "label": "Heltid", "legacy_ams_taxonomy_id": "1"},
    "part_time": {"concept_id": taxonomy.WORKTIME_PART, "label": "Deltid", "legacy_ams_taxonomy_id": "2"},
}
EMPLOYMENT = {"concept_id": "PFZr_Syz_cUq", "label": "Vanlig anställning", "legacy_ams_taxonomy_id": "1"}
DURATION = {"concept_id": "a7uU_j21_mkL", "label": "Tills vidare", "legacy_ams_taxonomy_id": "1"}


def _esco() -> tuple[dict[str, list[dict[str, str]]], dict[str, list[str]]]:
    """ESCO occupations by ISCO unit group, and essential skills by occupation id."""
    by_isco: dict[str, list[dict[str, str]]] = defaultdict(list)
    with (ESCO_DIR / "occupations_en.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            by_isco[row["isco_group"]].append(row)
    skills: dict[str, list[str]] = {}
    with (ESCO_DIR / "occupation_skills_en.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            skills[row["occupation_id"]] = [s.strip() for s in row["essential_skills"].split(" | ") if s.strip()]
    for rows in by_isco.values():
        rows.sort(key=lambda r: r["occupation_id"])
    return by_isco, skills


def _esco_for(ssyk: str, by_isco: dict[str, list[dict[str, str]]], hint: dict[str, Any]) -> list[dict[str, str]]:
    """ESCO occupations for an SSYK group, preferred titles first (``hint`` from demo_ads.yml).

    The ISCO group of the same code is used unless ``hint["isco"]`` names another; failing both,
    the 3-digit minor group.
    """
    isco = str(hint.get("isco", ssyk))
    rows = by_isco.get(isco) or sorted(
        (row for code, rows in by_isco.items() if len(code) == 4 and code[:3] == isco[:3] for row in rows),
        key=lambda r: r["occupation_id"],
    )
    titles = hint.get("titles", [])
    by_label = {row["preferred_label"]: row for rows_ in by_isco.values() for row in rows_}
    missing = [t for t in titles if t not in by_label]
    if missing:
        raise SystemExit(f"demo_ads.yml: unknown ESCO titles {missing}")
    return [by_label[t] for t in titles] + [row for row in rows if row["preferred_label"] not in titles]


def _weighted_places(config: dict[str, Any]) -> tuple[list[taxonomy.Municipality], list[float]]:
    by_label = {m.label: m for m in taxonomy.municipalities()}
    named: dict[str, float] = config["municipalities"]
    unknown = [label for label in named if label not in by_label]
    if unknown:
        raise SystemExit(f"demo_ads.yml: unknown municipalities {unknown}")
    others = [m for m in taxonomy.municipalities() if m.label not in named]
    places = [by_label[label] for label in named] + others
    weights = [float(w) for w in named.values()] + [config["other_weight"] / len(others)] * len(others)
    return places, weights


def _skill(label: str, weight: int) -> dict[str, Any]:
    # A stable local key derived from the ESCO skill label (not an ESCO URI; see LICENSE-NOTE.md).
    key = hashlib.sha1(label.encode("utf-8")).hexdigest()[:16]
    return {"weight": weight, "concept_id": f"esco:{key}", "label": label, "legacy_ams_taxonomy_id": None}


def build(config: dict[str, Any], seed: int | None = None, count: int | None = None) -> list[dict[str, Any]]:
    """The demo ads, deterministic for a given config and seed."""
    rng = random.Random(config["seed"] if seed is None else seed)
    count = config["count"] if count is None else count
    by_isco, skills_of = _esco()
    names_by_group: dict[str, list[taxonomy.OccupationName]] = defaultdict(list)
    for name in taxonomy.occupation_names():
        names_by_group[name.ssyk].append(name)
    groups = []
    for code in config["occupation_groups"]:
        group = taxonomy.occupation_group(str(code))
        hint = config.get("esco", {}).get(code, {})
        esco = _esco_for(str(code), by_isco, hint)
        if group is None or not esco or not names_by_group[str(code)]:
            raise SystemExit(f"demo_ads.yml: group {code} lacks taxonomy names or ESCO occupations")
        groups.append((group, esco, len(hint.get("titles", []))))
    places, weights = _weighted_places(config)
    reference = datetime.combine(date.fromisoformat(config["reference_date"]), datetime.min.time())
    texts = config["description"]
    ads = []
    for number in range(1, count + 1):
        group, esco_rows, preferred = (
            groups[(number - 1) % len(groups)] if number <= len(groups) else rng.choice(groups)
        )
        name = rng.choice(names_by_group[group.ssyk])
        esco = rng.choice(esco_rows[:preferred] if preferred and rng.random() < 0.8 else esco_rows)
        place = rng.choices(places, weights)[0]
        employers = config["employers"].get(group.field_label) or config["employers"]["default"]
        employer = rng.choice(employers).format(place=place.label)
        essential = skills_of.get(esco["occupation_id"], [])
        picked = rng.sample(essential, min(len(essential), 5))
        must, nice = picked[:3], picked[3:]
        hours = "part_time" if rng.random() < config["part_time_share"] else "full_time"
        scope = {"min": 100, "max": 100} if hours == "full_time" else {"min": rng.choice([50, 60, 75]), "max": 80}
        remote = group.field_label in config["remote_fields"] and rng.random() < config["remote_share"]
        published = reference - timedelta(days=rng.uniform(0, config["spread_days"]))
        published = published.replace(microsecond=0)
        weeks = rng.randint(*config["deadline_weeks"])
        deadline = datetime.combine((published + timedelta(weeks=weeks)).date(), datetime.max.time()).replace(
            microsecond=0
        )
        title = esco["preferred_label"][:1].upper() + esco["preferred_label"][1:]
        values = {
            "employer": employer,
            "place": place.label,
            "title": title,
            "title_lc": esco["preferred_label"],
            "occupation_sv": name.label,
            "group_sv": group.label,
            "field_sv": group.field_label,
            "skills": ", ".join(must) or "the usual tasks of the occupation",
            "hours": config["hours"][hours],
            "scope": f"{scope['min']}-{scope['max']} %" if scope["min"] != scope["max"] else "100 %",
            "deadline_weeks": weeks,
        }
        paragraphs = [rng.choice(texts[part]).format(**values) for part in ("intro", "role", "requirements", "offer")]
        if remote:
            paragraphs.append(texts["remote"])
        ad_id = f"demo-{number:04d}"
        ads.append(
            {
                "id": ad_id,
                "demo": True,
                "label": ["demo"],
                "headline": rng.choice(config["headlines"]).format(**values),
                "description": {"text": "\n\n".join(paragraphs), "text_formatted": None},
                "employer": {"name": employer, "workplace": employer, "organization_number": None, "url": None},
                "application_details": {"url": None, "via_af": False, "reference": ad_id},
                "webpage_url": None,
                "number_of_vacancies": rng.choice([1, 1, 1, 2, 3]),
                "employment_type": EMPLOYMENT,
                "duration": DURATION,
                "working_hours_type": WORKTIME[hours],
                "scope_of_work": scope,
                "salary_description": None,
                "remote": remote,
                "experience_required": rng.random() < 0.6,
                "driving_license_required": group.ssyk in {"8332", "8331", "8321"},
                "occupation": {
                    "concept_id": name.concept_id,
                    "label": name.label,
                    "legacy_ams_taxonomy_id": name.legacy_id,
                },
                "occupation_group": {
                    "concept_id": group.concept_id,
                    "label": group.label,
                    "legacy_ams_taxonomy_id": group.ssyk,
                },
                "occupation_field": {"concept_id": group.field_concept_id, "label": group.field_label},
                "workplace_address": {
                    "municipality": place.label,
                    "municipality_code": place.code,
                    "municipality_concept_id": place.concept_id,
                    "region": place.region_label,
                    "region_code": place.region_code,
                    "region_concept_id": place.region_concept_id,
                    "country": "Sverige",
                    "country_code": "199",
                    "coordinates": [None, None],
                },
                "must_have": {"skills": [_skill(s, 10) for s in must], "languages": [], "work_experiences": []},
                "nice_to_have": {"skills": [_skill(s, 5) for s in nice], "languages": [], "work_experiences": []},
                "publication_date": published.isoformat(),
                "application_deadline": deadline.isoformat(),
                "last_publication_date": deadline.isoformat(),
                "esco_occupation_id": esco["occupation_id"],
                "removed": False,
            }
        )
    return ads


def render(ads: list[dict[str, Any]]) -> str:
    """One ad per line, keys sorted, UTF-8 text: byte-stable across runs."""
    return "".join(json.dumps(ad, ensure_ascii=False, sort_keys=True) + "\n" for ad in ads)


def main(argv: list[str] | None = None) -> int:
    """Write (or ``--check``) the demo corpus; returns the exit status."""
    parser = argparse.ArgumentParser(description="Generate Orienta's fictional demo vacancies.")
    parser.add_argument("--seed", type=int, default=None, help="override the seed in demo_ads.yml")
    parser.add_argument("--count", type=int, default=None, help="override the number of ads")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="fail if the output file is not up to date")
    args = parser.parse_args(argv)
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    text = render(build(config, args.seed, args.count))
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date: run python scripts/build_demo_ads.py")
            return 1
        print(f"{args.out} is up to date")
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10))} demo ads to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
