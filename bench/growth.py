"""Tracker growth: is a message in a 500-turn conversation answered as fast as in a fresh one?

Holding 500 real turns would take minutes of the benchmark's budget, so the long conversation
is built the way it would have grown: the events of real conversations the benchmark held
(user messages with their parse data, bot messages, actions, slots, forms) are appended through
Rasa's HTTP API, whole conversations repeated until there are at least 500 user messages (so the
long one ends where a real one ended, not inside a form), all in one session
(their session starts are left out, and they get fresh timestamps, so session expiry does not
cut the conversation short). Then the same probe message goes, in turn, to the long
conversation and to fresh ones (each greeted first), and the medians are compared.
"""

from __future__ import annotations

import statistics
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

TURNS = 500
PROBES = 10
PROBE_TEXT = "what can you do?"
_SESSION_EVENTS = ("session_started",)
_BATCH = 500


@dataclass(frozen=True)
class GrowthResult:
    """Median milliseconds for the probe in a fresh and in a TURNS-turn conversation."""

    turns: int
    events: int
    fresh_median_ms: float
    long_median_ms: float

    @property
    def ratio(self) -> float:
        """How many times slower the long conversation answers."""
        return self.long_median_ms / self.fresh_median_ms


def repeatable_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A conversation's events without its session starts or timestamps, ready to append again."""
    kept = []
    for event in events:
        if event.get("event") in _SESSION_EVENTS:
            continue
        if event.get("event") == "action" and event.get("name") == "action_session_start":
            continue
        kept.append({k: v for k, v in event.items() if k != "timestamp"})
    return kept


def grown(sample: list[dict[str, Any]], turns: int = TURNS) -> list[dict[str, Any]]:
    """Whole copies of ``sample``, as many as it takes to hold at least ``turns`` user messages.

    Whole copies, so the long conversation ends where the sample ends (not in the middle of a
    form, which would make its probe do other work than the fresh one's).
    """
    per_copy = sum(1 for e in sample if e.get("event") == "user")
    if not per_copy:
        raise ValueError("the sample conversation has no user messages")
    return sample * -(-turns // per_copy)


def user_turns(events: list[dict[str, Any]]) -> int:
    """How many user messages ``events`` hold."""
    return sum(1 for e in events if e.get("event") == "user")


async def append_events(
    client: httpx.AsyncClient, rasa_url: str, conversation: str, events: list[dict[str, Any]], token: str | None
) -> None:
    """Append ``events`` to a conversation through Rasa's HTTP API, in batches."""
    url = f"{rasa_url}/conversations/{quote(conversation, safe=':')}/tracker/events"
    params = {"token": token} if token else {}
    for start in range(0, len(events), _BATCH):
        response = await client.post(url, params=params, json=events[start : start + _BATCH], timeout=120)
        response.raise_for_status()


async def tracker_events(
    client: httpx.AsyncClient, rasa_url: str, conversation: str, token: str | None
) -> list[dict[str, Any]]:
    """A conversation's events as Rasa has them."""
    params = {"token": token} if token else {}
    url = f"{rasa_url}/conversations/{quote(conversation, safe=':')}/tracker"
    response = await client.get(url, params=params, timeout=60)
    response.raise_for_status()
    return list(response.json().get("events") or [])


async def compare(
    probe_long: Callable[[], Awaitable[float]], probe_fresh: Callable[[], Awaitable[float]], turns: int, events: int
) -> GrowthResult:
    """Alternate the probe between the long and fresh conversations; compare the medians."""
    long, fresh = [], []
    for _ in range(PROBES):
        long.append(await probe_long())
        fresh.append(await probe_fresh())
    return GrowthResult(turns, events, statistics.median(fresh) * 1000, statistics.median(long) * 1000)
