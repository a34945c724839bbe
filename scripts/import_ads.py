"""Load JobTech ads into the offline vacancy store (``make import-ads FILE=...``).

Accepts a JobStream ``/snapshot`` answer (one JSON array of ads), a JobStream ``/stream`` answer
(ads and removal stubs), or a historical-ads JSONL file (one ad per line). Ads with
``"removed": true`` delete the stored ad of that id. Personal data (contacts, e-mails, phone
numbers) is stripped before anything is stored. The store lives in ``ORIENTA_DATA_DIR``
(default ``var/``) and keeps imported ads when the bundled corpus is rebuilt.

    python scripts/import_ads.py FILE [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from actions.vacancies.bundled import BundledSource, ImportCounts  # noqa: E402
from actions.vacancies.settings import parse_vacancy_settings  # noqa: E402


def read_ads(path: Path) -> Iterator[dict[str, Any]]:
    """Ads from a JSON array (snapshot), a JSON object with ``hits`` or a JSONL file.

    Raises:
        ValueError: the file is none of these, with the line number when it is JSONL.
    """
    with path.open(encoding="utf-8") as handle:
        head = handle.read(1 << 16).lstrip()
        handle.seek(0)
        if head.startswith("["):
            data = json.load(handle)
            yield from (ad for ad in data if isinstance(ad, dict))
            return
        if head.startswith("{") and not _is_jsonl(head):
            data = json.load(handle)
            hits = data.get("hits", [data]) if isinstance(data, dict) else []
            yield from (ad for ad in hits if isinstance(ad, dict))
            return
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    ad = json.loads(line)
                except ValueError as exc:
                    raise ValueError(f"{path.name} line {number}: not JSON ({exc.msg})") from None
                if isinstance(ad, dict):
                    yield ad


def _is_jsonl(head: str) -> bool:
    first = head.split("\n", 1)[0]
    try:
        json.loads(first)
    except ValueError:
        return False
    return "\n" in head.strip()


def import_file(path: Path, data_dir: Path) -> ImportCounts:
    """Import ``path`` into the store under ``data_dir``."""
    return BundledSource(data_dir).import_ads(read_ads(path))


def main(argv: list[str] | None = None) -> int:
    """Run the import and print the counts; returns the exit status."""
    parser = argparse.ArgumentParser(description="Import JobTech ads into Orienta's offline vacancy store.")
    parser.add_argument("file", type=Path, help="JobStream snapshot (JSON array) or historical ads (JSONL)")
    parser.add_argument("--data-dir", type=Path, default=None, help="default: ORIENTA_DATA_DIR or var/")
    args = parser.parse_args(argv)
    if not args.file.is_file():
        print(f"import-ads: no such file: {args.file}", file=sys.stderr)
        return 2
    try:
        data_dir = args.data_dir or parse_vacancy_settings(os.environ).data_dir
        counts = import_file(args.file, data_dir)
    except ValueError as exc:
        print(f"import-ads: {exc}", file=sys.stderr)
        return 1
    store = BundledSource(data_dir)
    print(
        f"imported {counts.stored} ads, removed {counts.removed}, skipped {counts.skipped}; "
        f"the store now holds {store.count()} ads ({store.count(origin='imported')} imported) in {store.db_path}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
