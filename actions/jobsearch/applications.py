"""The applications diary's rules: log an application, update its status, list them, follow up.

An application is logged from a saved ad (a button) or from the user's words ("I applied for the
cook job at Hotel Nord": the words after "applied for" name it, as typed). Statuses: applied,
invited to an interview, offer, not this time. "My applications" lists them and suggests a
follow-up for those with no news after ``follow_up_days``; with reminders on, the plan's
reminder says so once (actions/jobsearch/reminders.py).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from typing import Any

from actions.assessment.files import DATA_DIR, read_localised
from actions.jobsearch.catalogue import Catalogue
from actions.jobsearch.replies import Reply, button
from actions.jobsearch.state import Application, JobSearch
from nlu.language import languages

APPLICATIONS_FILE = DATA_DIR / "jobsearch" / "applications.yml"
LOG_INTENT, LIST_INTENT = "log_application", "list_applications"
STATUS, SET = "status", "set"
APPLIED = "applied"


def application_texts(language: str | None = None) -> dict[str, Any]:
    """data/jobsearch/applications.yml in ``language`` (the default when None): settings and texts.

    The settings (``after_words``, ``follow_up_days``, ...) are the same in every language, so
    callers that need only them may leave the language out.
    """
    return _application_texts(language or languages().default)


@cache
def _application_texts(language: str) -> dict[str, Any]:
    """Read and checked once per language and process."""
    return read_localised(APPLICATIONS_FILE, language)


def job_from_words(text: str, texts: dict[str, Any]) -> str | None:
    """The job named after "I applied for …", as the user wrote it; None when none is named."""
    lowered = text.lower()
    for words in sorted(texts["after_words"], key=len, reverse=True):
        at = lowered.find(str(words))
        if at >= 0:
            rest = text[at + len(str(words)) :].strip(" .!?,;:")
            return rest[: int(texts["max_title_chars"])].strip() or None
    return None


@dataclass(frozen=True)
class SavedAd:
    """A saved ad the user may have applied to: its id, title and employer."""

    uid: str
    title: str
    employer: str | None


def needs_follow_up(application: Application, today: date, days: int) -> bool:
    """Still "applied", with no news for ``days`` days or more."""
    return application.status == APPLIED and (today - application.updated_on).days >= days


def log_application(
    search: JobSearch, title: str, employer: str | None, today: date, texts: dict[str, Any]
) -> tuple[JobSearch, Application]:
    """Add an application; the same job again is not added twice, the oldest finished ones go first."""
    for known in search.applications:
        if known.title.lower() == title.lower() and (known.employer or "") == (employer or ""):
            return search, known
    new = Application(secrets.token_hex(4), title, employer, APPLIED, today, today)
    kept = list(search.applications)
    while len(kept) >= int(texts["max_applications"]):
        finished = [a for a in kept if a.status in ("offer", "rejected")]
        kept.remove(finished[0] if finished else kept[0])
    return replace(search, applications=(*kept, new)), new


def application_lines(search: JobSearch, catalogue: Catalogue, today: date, texts: dict[str, Any]) -> list[str]:
    """One line per application, newest first, with a follow-up hint where it is due."""
    days = int(texts["follow_up_days"])
    lines = []
    for app in reversed(search.applications):
        status = texts["status_texts"].get(app.status, {}).get("label", app.status)
        waited = (today - app.updated_on).days
        late = texts["lines"]["follow_up"].format(days=waited) if needs_follow_up(app, today, days) else ""
        title = f"{app.title}, {app.employer}" if app.employer else app.title
        lines.append(
            texts["lines"]["entry"].format(
                title=title, status=status, date=catalogue.date_words(app.applied_on), late=late
            )
        )
    return lines


def _update_buttons(search: JobSearch, texts: dict[str, Any]) -> tuple[dict[str, str], ...]:
    open_apps = [a for a in reversed(search.applications) if a.status in (APPLIED, "interview")]
    return tuple(
        button(texts["buttons"]["update"].format(title=a.title[:30]), LIST_INTENT, app_op=STATUS, app_id=a.id)
        for a in open_apps[:5]
    )


def diary_view(search: JobSearch, catalogue: Catalogue, today: date, texts: dict[str, Any]) -> Reply:
    """The diary ("my applications"): the list and a button to update each open one."""
    if not search.applications:
        return Reply("utter_app_none")
    lines = "\n".join(application_lines(search, catalogue, today, texts))
    return Reply(
        "utter_app_list", {"applications": lines, "count": len(search.applications)}, _update_buttons(search, texts)
    )


def log_turn(
    search: JobSearch, words: str, saved: list[SavedAd], chosen: str | None, today: date, texts: dict[str, Any]
) -> tuple[JobSearch, list[Reply]]:
    """Log an application ("I applied …"): from a tapped saved ad, from the words, or ask which job."""
    ad = next((s for s in saved if s.uid == chosen), None) if chosen else None
    title, employer = (ad.title, ad.employer) if ad else (job_from_words(words, texts), None)
    if title is None:
        logged = {(a.title, a.employer or "") for a in search.applications}
        options = tuple(
            button(f"{s.title[:40]}", LOG_INTENT, app_saved=s.uid)
            for s in saved
            if (s.title, s.employer or "") not in logged
        )[:5]
        return search, [Reply("utter_app_which_saved" if options else "utter_app_which", {}, options)]
    search, new = log_application(search, title, employer, today, texts)
    labels = texts["status_texts"]
    status_buttons = tuple(
        button(labels[s]["button"], LIST_INTENT, app_op=SET, app_id=new.id, app_status=s)
        for s in ("interview", "offer", "rejected")
    )
    return search, [Reply("utter_app_logged", {"title": new.title, "days": texts["follow_up_days"]}, status_buttons)]


def list_turn(
    search: JobSearch,
    catalogue: Catalogue,
    op: str | None,
    app_id: str | None,
    status: str | None,
    today: date,
    texts: dict[str, Any],
) -> tuple[JobSearch, list[Reply]]:
    """The diary and its status buttons: show it, ask which status, then set it."""
    statuses, labels = texts["statuses"], texts["status_texts"]
    app = next((a for a in search.applications if a.id == app_id), None)
    if op == STATUS and app is not None:
        options = tuple(
            button(labels[s]["button"], LIST_INTENT, app_op=SET, app_id=app.id, app_status=s)
            for s in statuses
            if s != app.status
        )
        return search, [Reply("utter_app_ask_status", {"title": app.title}, options)]
    if op == SET and app is not None and status is not None and status in statuses:
        changed = replace(app, status=status, updated_on=today)
        search = replace(search, applications=tuple(changed if a.id == app.id else a for a in search.applications))
        return search, [Reply(statuses[status]["response"], {"title": app.title})]
    return search, [diary_view(search, catalogue, today, texts)]


def follow_up_day(application: Application, texts: dict[str, Any]) -> date:
    """The day a still-open application gets its follow-up reminder."""
    return application.updated_on + timedelta(days=int(texts["follow_up_days"]))
