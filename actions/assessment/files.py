"""Where the self-assessment finds its data, and how it reads it.

One place for the paths, so that tests and a PES deployment can point the loaders at a copy of
``data/`` (every loader takes a ``data_dir``) without patching module globals.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml

from actions.content import localised
from nlu.language import languages

#: The repository's ``data/`` folder: instruments, crosswalks, ESCO and our assessment texts.
DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"
#: Our own YAML (module texts, answer words, result templates, chart labels).
ASSESSMENT_DIR = DATA_DIR / "assessment"
#: The language of the texts when none is asked for (the first of data/content/languages.yml).
DEFAULT_LANGUAGE = languages().default


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


def read_localised(path: Path, language: str) -> dict[str, Any]:
    """A data file with shared values and one section per language, as ``language`` reads it."""
    return localised(read_yaml(path), language, str(path))
