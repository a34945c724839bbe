"""Networking and support: short tips, the way to a counsellor, and upcoming events.

The tips and texts are data/jobsearch/networking.yml; the events are a separate file that a PES
keeps current (``ORIENTA_EVENTS_FILE``, checked by bot/config.py at start). The events file is
read at each request, so an edited list shows at once without a restart; past events are hidden.
An event is shown as the PES wrote it (like a vacancy, in its own language); the words around
it are in the conversation's language.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from actions.assessment.files import DATA_DIR, read_yaml
from actions.content import localised
from actions.jobsearch.catalogue import Catalogue
from actions.jobsearch.replies import Reply, button
from nlu.language import languages

NETWORKING_FILE = DATA_DIR / "jobsearch" / "networking.yml"
EVENTS_VARIABLE = "ORIENTA_EVENTS_FILE"
DEFAULT_EVENTS_FILE = DATA_DIR / "jobsearch" / "events.yml"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Networking:
    """The tips, the buttons' titles and how an event is written."""

    tips: tuple[str, ...]
    buttons: dict[str, str]
    max_events: int
    event_line: str


@dataclass(frozen=True)
class Event:
    """One event of the PES's list."""

    day: date
    title: str
    place: str
    url: str


def parse_networking(raw: dict[str, Any], language: str, source: str = "networking.yml") -> Networking:
    """One language's content from the YAML mapping; ``ValueError`` naming ``source`` when it is wrong."""
    view = localised(raw, language, source)
    try:
        content = Networking(
            tips=tuple(str(t) for t in view["tips"]),
            buttons={k: str(view["buttons"][k]) for k in ("events", "counsellor", "tips")},
            max_events=int(view["events"]["max_shown"]),
            event_line=str(view["event_line"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ValueError(f"{source} ({language}): missing or wrong entry ({error!r})") from error
    if not content.tips or content.max_events < 1:
        raise ValueError(f"{source}: need at least one tip and max_shown >= 1")
    return content


def default_networking(language: str | None = None, path: Path = NETWORKING_FILE) -> Networking:
    """data/jobsearch/networking.yml in ``language`` (the default language when None)."""
    return _networking(language or languages().default, path)


@cache
def _networking(language: str, path: Path) -> Networking:
    """Read and parsed once per language and process."""
    return parse_networking(read_yaml(path), language, str(path))


def parse_events(raw: dict[str, Any], source: str = "events.yml") -> tuple[Event, ...]:
    """The events of the YAML mapping, by date; ``ValueError`` naming ``source`` and the entry."""
    items = raw.get("events")
    if not isinstance(items, list):
        raise ValueError(f"{source}: expected 'events:' with a list (it may be empty: events: [])")
    events = []
    for number, item in enumerate(items, start=1):
        try:
            when = item["date"]
            day = when if isinstance(when, date) else date.fromisoformat(str(when))
            events.append(Event(day, str(item["title"]), str(item["place"]), str(item["url"])))
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(
                f"{source}: event {number} needs date (YYYY-MM-DD), title, place and url ({error!r})"
            ) from error
    return tuple(sorted(events, key=lambda e: e.day))


def read_events(path: Path) -> tuple[Event, ...]:
    """The events file; ``ValueError`` (or ``OSError``) when it cannot be read."""
    try:
        raw = read_yaml(path)
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: not valid YAML ({error})") from error
    return parse_events(raw, str(path))


def upcoming(events: tuple[Event, ...], today: date, limit: int) -> tuple[Event, ...]:
    """Events from today on, soonest first, at most ``limit``."""
    return tuple(e for e in events if e.day >= today)[:limit]


def counsellor_button(content: Networking) -> dict[str, str]:
    """The handoff to a person (the same /request_human as everywhere in Orienta)."""
    return button(content.buttons["counsellor"], "request_human")


def tips_reply(content: Networking) -> Reply:
    """The tips, with buttons for events and the counsellor."""
    tips = "\n".join(f"• {tip}" for tip in content.tips)
    buttons = (button(content.buttons["events"], "show_events"), counsellor_button(content))
    return Reply("utter_networking_tips", {"tips": tips}, buttons)


def events_reply(content: Networking, catalogue: Catalogue, events: tuple[Event, ...], today: date) -> Reply:
    """The upcoming events, or that there are none; the counsellor knows more in both cases."""
    shown = upcoming(events, today, content.max_events)
    buttons = (button(content.buttons["tips"], "networking_tips"), counsellor_button(content))
    if not shown:
        return Reply("utter_no_events", {}, buttons)
    lines = "\n".join(
        content.event_line.format(date=catalogue.date_words(e.day), title=e.title, place=e.place, url=e.url)
        for e in shown
    )
    return Reply("utter_events", {"events": lines}, buttons)


def events_or_none(path: Path) -> tuple[Event, ...]:
    """The events file at request time; a file broken after the start shows no events and is logged."""
    try:
        return read_events(path)
    except (OSError, ValueError) as error:
        log.warning("The events file cannot be read, so no events are shown: %s", error)
        return ()
