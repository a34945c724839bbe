"""Where the actions find their editable content (data/content/)."""

from __future__ import annotations

import csv
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent.parent / "data" / "content"


def read_csv_rows(name: str) -> list[dict[str, str]]:
    """Rows of a CSV file under data/content/, as dicts keyed by its header."""
    with (CONTENT_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
