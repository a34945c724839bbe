"""A user's copy of their data: everything stored about one conversation, as JSON and in words.

Pure functions over the stored events and rows (``store.py``), so the shape of the export is
tested without a database. E-mail addresses and phone numbers in message texts are masked: the
copy may be forwarded or saved on a shared computer, and the user knows their own details.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from bot.privacy.store import StoredEvent

#: Slots that hold what Orienta learned (the rest steer the dialogue and say nothing of the user).
PERSONAL_SLOTS = {
    "consent_given": "consent",
    "profile": "profile",
    "assessment": "self_assessment",
    "saved_vacancies": "saved_vacancies",
    "vacancy_search": "last_vacancy_search",
    "jobsearch": "job_search_goal_and_plan",
}
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\w)\+?\d[\d ()-]{6,}\d(?!\w)")
MEDIA_NAME = re.compile(r"/media/([A-Za-z0-9_-]{20,64}\.(?:png|pdf|json))")


def mask(text: str) -> str:
    """Replace e-mail addresses and phone numbers with a marker."""
    return _PHONE.sub("[phone number]", _EMAIL.sub("[e-mail address]", text))


def _time(timestamp: float | None) -> str | None:
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="seconds")


def _iso(value: Any) -> Any:
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else value


def build_export(
    conversation_id: str, events: list[StoredEvent], alerts: list[dict[str, Any]], exported_at: datetime
) -> dict[str, Any]:
    """The export document: the conversation, the latest value of each personal slot, the alerts."""
    conversation = []
    slots: dict[str, Any] = {}
    for event in events:
        data = event.data
        if event.type_name in ("user", "bot") and isinstance(data.get("text"), str) and data["text"]:
            who = "you" if event.type_name == "user" else "orienta"
            conversation.append({"time": _time(event.timestamp), "from": who, "text": mask(data["text"])})
        elif event.type_name == "slot" and data.get("name") in PERSONAL_SLOTS:
            slots[PERSONAL_SLOTS[data["name"]]] = data.get("value")
    return {
        "exported_at": exported_at.isoformat(timespec="seconds"),
        "conversation_id": conversation_id,
        "conversation": conversation,
        **{key: slots.get(key) for key in PERSONAL_SLOTS.values()},
        "job_alerts": [
            {
                "name": alert.get("name"),
                "created_at": _iso(alert.get("created_at")),
                "paused": bool(alert.get("paused")),
                "search": alert.get("search"),
            }
            for alert in alerts
        ],
    }


def summary_values(export: dict[str, Any]) -> dict[str, Any]:
    """The counts the readable summary states (gateway_texts.yml ``export_summary``)."""
    conversation = export["conversation"]
    assessment = export.get("self_assessment") or {}
    results = assessment.get("results") if isinstance(assessment, dict) else None
    job_search = export.get("job_search_goal_and_plan")
    plan = job_search.get("plan") if isinstance(job_search, dict) else None
    return {
        "messages": len(conversation),
        "first": (conversation[0]["time"] or "")[:10] if conversation else "-",
        "last": (conversation[-1]["time"] or "")[:10] if conversation else "-",
        "parts": len(results) if isinstance(results, dict) else 0,
        "profile": len(export.get("profile") or {}),
        "saved": len(export.get("saved_vacancies") or []),
        "plan": len(plan) if isinstance(plan, list) else 0,
        "alerts": len(export["job_alerts"]),
    }


def media_names(events: Iterable[StoredEvent]) -> set[str]:
    """Names of the media files (charts, summaries, exports) the conversation was sent."""
    names: set[str] = set()
    for event in events:
        names.update(MEDIA_NAME.findall(repr(event.data)))
    return names
