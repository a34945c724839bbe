"""Build Orienta's compact ESCO subset under data/esco/ from the full ESCO CSV export.

Why a script: the subset is derived data, and a PES that updates to a newer ESCO release must be
able to rebuild it the same way. It is run by hand (never at run time) with the folder of the
ESCO CSV files as its argument, e.g. ``python scripts/data/esco_subset.py ../shared/data/esco``.

What it keeps, and why:
- occupations: id (the URI's last part), ISCO-08 unit group, preferred and alternative labels
  (English, and Swedish where present): enough to recognise an occupation in a message and map
  it to ISCO, hence to SSYK-2012 concepts of the Swedish taxonomy. Descriptions are dropped.
- ISCO-08 groups: code and label, for "same group" explanations.
- occupation skills: up to MAX_SKILLS essential skills per occupation (skills before knowledge),
  for matching a user's occupations against the skills an ad asks for.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

MAX_SKILLS = 12
TARGET = Path(__file__).resolve().parents[2] / "data" / "esco"


def _id(uri: str) -> str:
    return uri.rsplit("/", 1)[-1]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(name: str, header: list[str], rows: list[list[str]]) -> None:
    with (TARGET / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"{name}: {len(rows)} rows")


def main(source: Path) -> None:
    """Write the four subset files from the ESCO export in `source`."""
    TARGET.mkdir(parents=True, exist_ok=True)
    occupations = _read(source / "occupations_en.csv")
    _write(
        "occupations_en.csv",
        ["occupation_id", "isco_group", "preferred_label", "alt_labels"],
        sorted([_id(o["conceptUri"]), o["iscoGroup"], o["preferredLabel"], o["altLabels"]] for o in occupations),
    )
    swedish = _read(source / "occupations_sv.csv")
    _write(
        "occupations_sv.csv",
        ["occupation_id", "preferred_label", "alt_labels"],
        sorted([_id(o["conceptUri"]), o["preferredLabel"], o["altLabels"]] for o in swedish),
    )
    groups = _read(source / "isco_groups_en.csv")
    _write(
        "isco_groups_en.csv",
        ["isco_code", "label"],
        sorted([g["code"], g["preferredLabel"]] for g in groups),
    )
    skills = {_id(s["conceptUri"]): s for s in _read(source / "skills_en.csv")}
    essential: dict[str, list[dict[str, str]]] = defaultdict(list)
    for relation in _read(source / "occupation_skill_relations.csv"):
        skill = skills.get(relation["skill_id"])
        if relation["relationType"] == "essential" and skill:
            essential[relation["occupation_id"]].append(skill)
    rows = []
    for occupation_id, found in sorted(essential.items()):
        found.sort(key=lambda s: (s["skillType"] != "skill/competence", s["preferredLabel"]))
        labels = [s["preferredLabel"] for s in found[:MAX_SKILLS]]
        rows.append([occupation_id, " | ".join(labels)])
    _write("occupation_skills_en.csv", ["occupation_id", "essential_skills"], rows)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: esco_subset.py <folder with the ESCO CSV export>")
    main(Path(sys.argv[1]))
