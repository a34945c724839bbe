"""The handoff brief: what a counsellor should know before writing to the user.

Read from the latest values of the slots the actions keep (the goal and plan in ``jobsearch``,
``profile``, ``assessment``, the last ``vacancy_search``, ``saved_vacancies``) and from the
queue (why a person is needed, since when). Pure over the tracker's events, so it is tested
without Rasa, and forgiving: a slot in a shape it does not know is shown as "-" rather than
breaking the page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.console.queue import ASKED, Handoff
from bot.console.texts import Phrase

BRIEF_SLOTS = ("jobsearch", "profile", "assessment", "vacancy_search", "saved_vacancies")
MAX_ITEMS = 8
MAX_CHARS = 80
REASONS = {ASKED: Phrase.of("brief.user_asked"), "bot_failed": Phrase.of("brief.bot_failed")}


@dataclass
class Brief:
    """The side panel's facts; empty lists mean "nothing known yet"."""

    goal: list[str | Phrase] = field(default_factory=list)
    plan: list[str | Phrase] = field(default_factory=list)
    profile: list[str | Phrase] = field(default_factory=list)
    assessment: list[str | Phrase] = field(default_factory=list)
    search: list[str | Phrase] = field(default_factory=list)
    saved: list[str | Phrase] = field(default_factory=list)
    why: str | Phrase = ""
    waiting_since: float | None = None
    waited_seconds: float | None = None
    fallbacks: int = 0


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def latest_slots(events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The last value of each brief slot (a reset slot is None)."""
    slots: dict[str, Any] = {}
    for event in events:
        if event.get("event") == "slot" and event.get("name") in BRIEF_SLOTS:
            slots[event["name"]] = event.get("value")
    return slots


def build_brief(
    events: list[dict[str, Any]], handoff: Handoff | None, now: float, fallback_actions: frozenset[str]
) -> Brief:
    """The brief for a conversation's events and its latest request for a person."""
    slots = latest_slots(events)
    brief = Brief()
    jobsearch = _dict(slots.get("jobsearch"))
    goal = _dict(jobsearch.get("goal"))
    occupations = [str(_dict(o).get("label")) for o in goal.get("occupations") or [] if _dict(o).get("label")]
    if occupations:
        brief.goal.append(", ".join(occupations))
        brief.goal += [
            Phrase.of(f"brief.{name}", value=_short(goal[name])) for name in ("place", "start") if goal.get(name)
        ]
    for item in (jobsearch.get("plan") or [])[:MAX_ITEMS]:
        item = _dict(item)
        if item.get("action"):
            if item.get("done"):
                brief.plan.append(Phrase.of("brief.step_done", action=item["action"]))
            else:
                brief.plan.append(Phrase.of("brief.step_due", action=item["action"], due=item.get("due") or "-"))
    profile = _dict(slots.get("profile"))
    brief.profile = [f"{_short(k)}: {_short(v)}" for k, v in list(profile.items())[:MAX_ITEMS]]
    results = _dict(_dict(slots.get("assessment")).get("results"))
    for module, result in list(results.items())[:MAX_ITEMS]:
        scores = _dict(_dict(result).get("scores"))
        bands = [f"{scale} {entry[2]}" for scale, entry in scores.items() if isinstance(entry, list) and len(entry) > 2]
        if bands:
            brief.assessment.append(f"{module}: {_short(', '.join(bands))}")
        else:
            brief.assessment.append(Phrase.of("brief.module_done", module=module))
    search = _dict(slots.get("vacancy_search"))
    what = [str(search[k]) for k in ("occupation_label", "place_label") if search.get(k)]
    total = int(search.get("total") or 0)
    if len(what) == 2:
        brief.search.append(Phrase.of("brief.searched_in", occupation=what[0], place=what[1], total=total))
    elif what:
        brief.search.append(Phrase.of("brief.searched", what=what[0], total=total))
    saved = slots.get("saved_vacancies")
    for card in (saved if isinstance(saved, list) else [])[-MAX_ITEMS:]:
        card = _dict(card)
        title = card.get("title") or card.get("headline")
        if title:
            employer = card.get("employer")
            brief.saved.append(_short(f"{title} ({employer})" if employer else title))
    brief.fallbacks = sum(1 for e in events if e.get("event") == "action" and e.get("name") in fallback_actions)
    if handoff is not None:
        brief.why = REASONS.get(handoff.reason, handoff.reason)
        brief.waiting_since = handoff.requested_at
        end = handoff.taken_at if handoff.taken_at is not None else now
        brief.waited_seconds = max(0.0, end - handoff.requested_at)
    elif brief.fallbacks:
        brief.why = Phrase.of("brief.hit_fallback")
    return brief
