"""Where the self-assessment finds its data, and how it reads it.

One place for the paths, so that tests and a PES deployment can point the loaders at a copy of
``data/`` (every loader takes a ``data_dir``) without patching module globals.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml

#: The repository's ``data/`` folder: instruments, crosswalks, ESCO and our assessment texts.
DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"
#: Our own YAML (module texts, answer words, result templates, chart labels).
ASSESSMENT_DIR = DATA_DIR / "assessment"


def read_yaml(path: Path) -> dict[str, Any]:
    """A YAML mapping; an error names the file, because a PES edits these by hand."""
    with path.open(encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle)
    if not isinstance(loaded, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return loaded


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV file as dicts keyed by its header."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
