"""Where the actions find their editable content (data/content/), and how a file holds its languages."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from nlu.language import languages

CONTENT_DIR = Path(__file__).resolve().parent.parent / "data" / "content"


def read_csv_rows(name: str) -> list[dict[str, str]]:
    """Rows of a CSV file under data/content/, as dicts keyed by its header."""
    with (CONTENT_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def localised(document: dict[str, Any], language: str, source: str) -> dict[str, Any]:
    """The data file ``document`` as one language reads it: the shared part with that language's texts.

    Why this layout (the self-assessment's and the job-search steps' files): numbers, ids,
    payloads and the words Orienta *matches* are the same whatever language the user speaks, so
    they are written once at the top; the texts Orienta *shows* are in one section per language
    code (``en:``, ``sv:``) with the same keys in each, which tests/content/test_translations.py
    checks. Mappings present in both are merged key by key. ``ValueError`` naming ``source`` when
    the language has no section, or when a value is both shared and in the section (one of the
    two would be silently ignored).
    """
    codes = set(languages().codes)
    texts = document.get(language)
    if language not in codes or not isinstance(texts, dict):
        raise ValueError(f"{source}: no section of texts for the language {language!r}")
    shared = {key: value for key, value in document.items() if key not in codes}
    both: list[str] = []
    merged = _merged(shared, texts, "", both)
    if both:
        raise ValueError(f"{source}: {sorted(both)} are both shared and in the {language!r} section")
    return merged


def _merged(base: dict[str, Any], extra: dict[str, Any], path: str, both: list[str]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value, f"{path}{key}.", both)
        elif key in merged:
            both.append(f"{path}{key}")
        else:
            merged[key] = value
    return merged
