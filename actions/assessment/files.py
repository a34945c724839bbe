"""Where the self-assessment finds its data, and how it reads it.

One place for the paths, so that tests and a PES deployment can point the loaders at a copy of
``data/`` (every loader takes a ``data_dir``) without patching module globals.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml

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


def localised(document: dict[str, Any], language: str) -> dict[str, Any]:
    """The document as one language reads it: the shared part with that language's texts merged in.

    Why this shape: the assessment files keep what is the same in every language (numbers,
    colours, words matched in any language) at the top, and the texts under one key per
    language (``en:``, ``sv:``), so a translator edits one block and the structure cannot drift.
    A language the file lacks is an error, not a silent fallback (tests/content/test_translations.py
    checks that every language is complete).
    """
    codes = languages().codes
    if language not in document:
        raise KeyError(f"no {language!r} texts in this file (it has {[c for c in codes if c in document]})")
    shared = {key: value for key, value in document.items() if key not in codes}
    return _merged(shared, document[language])


def _merged(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged
