"""Wording the vacancy actions assemble per ad or per search (data/content/vacancies.yml).

One section per language; every function takes the conversation's (``actions.language``).

Whole messages are responses in domain.yml. Here are only the pieces that vary: one sentence
per match reason, and button titles whose number depends on the search.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from actions.content import CONTENT_DIR
from actions.vacancies.matching import reason_values
from nlu.language import languages

DEFAULT_LANGUAGE = languages().default


@cache
def _document() -> dict[str, Any]:
    with (CONTENT_DIR / "vacancies.yml").open(encoding="utf-8") as handle:
        return dict(yaml.safe_load(handle))


def texts(language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """The texts of vacancies.yml in ``language`` (the default language's when it has none)."""
    document = _document()
    return dict(document.get(language) or document[DEFAULT_LANGUAGE])


def reason_lines(
    reasons: tuple[dict[str, Any], ...] | list[dict[str, Any]], language: str = DEFAULT_LANGUAGE
) -> list[str]:
    """One sentence per reason, positive ones first; the fallback sentence when none fit."""
    words = texts(language)
    templates = words["reasons"]
    ordered = sorted(reasons, key=lambda r: not r.get("positive", True))
    lines = []
    for reason in ordered:
        template = templates.get(reason.get("kind"))
        if template:
            try:
                lines.append(template.format(**reason_values(reason, language)))
            except (KeyError, IndexError):
                continue
    return lines or [words["no_reasons"]]


def label(path: str, /, language: str = DEFAULT_LANGUAGE, **values: str) -> str:
    """A button title, e.g. ``label("broaden.region", "sv", region="Skåne län")``."""
    node: Any = texts(language)
    for part in path.split("."):
        node = node[part]
    return str(node).format(**values)
