"""Wording the vacancy actions assemble per ad or per search (data/content/vacancies.yml).

Whole messages are responses in domain.yml. Here are only the pieces that vary: one sentence
per match reason, and button titles whose number depends on the search.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from actions.content import CONTENT_DIR


@cache
def texts() -> dict[str, Any]:
    """The parsed vacancies.yml, read once."""
    with (CONTENT_DIR / "vacancies.yml").open(encoding="utf-8") as handle:
        return dict(yaml.safe_load(handle))


def reason_lines(reasons: tuple[dict[str, Any], ...] | list[dict[str, Any]]) -> list[str]:
    """One sentence per reason, positive ones first; the fallback sentence when none fit."""
    templates = texts()["reasons"]
    ordered = sorted(reasons, key=lambda r: not r.get("positive", True))
    lines = []
    for reason in ordered:
        template = templates.get(reason.get("kind"))
        if template:
            try:
                lines.append(template.format(**reason.get("values", {})))
            except (KeyError, IndexError):
                continue
    return lines or [texts()["no_reasons"]]


def label(path: str, /, **values: str) -> str:
    """A button title, e.g. ``label("broaden.region", region="Skåne län")``."""
    node: Any = texts()
    for part in path.split("."):
        node = node[part]
    return str(node).format(**values)
