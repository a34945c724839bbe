"""Vacancy cards: the custom payload every channel renders the same way.

The shape is a contract with the channels (bot/webchat, bot/telegram), documented in README.md:
``{"type": "vacancy_card", "vacancy": {uid, position, title, employer, place, published,
deadline, url, apply_url, demo, source}}``. Channels add their own labels ("Apply", "Demo ad");
this module only carries facts, so no wording lives here.
"""

from __future__ import annotations

from typing import Any

from actions.vacancies.matching import Match
from actions.vacancies.model import Vacancy
from actions.vacancies.search_state import ListedVacancy

CARD_TYPE = "vacancy_card"


def card(vacancy: Vacancy, position: int) -> dict[str, Any]:
    """The card of ``vacancy`` as item ``position`` (1-based) of a list."""
    return {
        "uid": vacancy.uid,
        "position": position,
        "title": vacancy.title,
        "employer": vacancy.employer_name,
        "place": vacancy.location.display(),
        "published": vacancy.published_at.date().isoformat(),
        "deadline": vacancy.deadline.date().isoformat() if vacancy.deadline else None,
        "url": vacancy.url,
        "apply_url": vacancy.apply_url or vacancy.url,
        "demo": vacancy.demo,
        "source": vacancy.attribution,
    }


def listed(vacancy: Vacancy, found: Match) -> ListedVacancy:
    """The ad as kept in the search state: its card (position set when shown) and reasons."""
    reasons = tuple({"kind": r.kind, "values": dict(r.values), "positive": r.positive} for r in found.reasons)
    return ListedVacancy(vacancy.uid, vacancy.source_id, card(vacancy, 0), reasons)


def payload(item: ListedVacancy, position: int) -> dict[str, Any]:
    """The message payload for ``item`` shown at ``position``."""
    return {"type": CARD_TYPE, "vacancy": {**item.card, "position": position}}
