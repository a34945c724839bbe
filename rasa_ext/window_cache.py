"""A conversation's tracker window, kept between messages and brought up to date from new rows.

Why: rebuilding the window from SQL for every message read the whole session twice (the latest
rows, then the older state events) and parsed hundreds of older slot events, so a message in a
500-turn conversation still took about twice as long as in a fresh one (``make bench``). The
window of the previous message is nearly the window of this one: a message adds a handful of
rows. So the tracker store keeps, per conversation and in its own process, the rows of the window
as stored (JSON text) and the state the rows before it left, and on the next message reads only
the rows stored after the last one it knows.

Trust nothing: the database decides. Each message first asks it how many rows the conversation
has and reads the rows from the last known one on. The cached window is used only if that last
row is still there, unchanged (same id, same timestamp), and the count grew by exactly the rows
read after it. Anything else (rows written by another Rasa replica are fine; rows erased, a
retention sweep, a re-created conversation, a new session) makes the store rebuild the window
from the database as it did without the cache. Sliding the window along follows the same rule as
building it afresh: the latest ``max_events`` rows from the first ``action_listen``, and the
older rows' state folded into slot values, the active form and a pause.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActiveLoop, ConversationPaused, Event, SlotSet

#: The event types whose effect outlives their turn (in the tracker's state, not its history).
STATE_EVENT_TYPES = ("slot", "reset_slots", "restart", "active_loop", "pause", "resume")


@dataclass(frozen=True)
class Row:
    """One stored event, as the tracker store reads it."""

    id: int
    type_name: str
    action_name: str | None
    timestamp: float | None
    data: str


@dataclass
class FoldedState:
    """The state older events left: slot values, the active form, a person's takeover."""

    initial: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    loop: str | None = None
    paused: bool = False

    @classmethod
    def empty(cls, domain: Domain) -> FoldedState:
        """The state of a conversation with no events: every slot at its initial value."""
        initial = {slot.name: slot.initial_value for slot in domain.slots}
        return cls(initial, dict(initial))

    def apply(self, event: dict[str, Any]) -> None:
        """Fold one stored event in, as Rasa's tracker applies it (on the dictionary: cheaper)."""
        kind = event.get("event")
        if kind == "slot" and event.get("name") in self.values:
            self.values[event["name"]] = event.get("value")
        elif kind == "reset_slots":
            self.values = dict(self.initial)
        elif kind == "restart":
            self.values, self.loop, self.paused = dict(self.initial), None, False
        elif kind == "active_loop":
            self.loop = event.get("name") or None
        elif kind in ("pause", "resume"):
            self.paused = kind == "pause"

    def apply_rows(self, rows: list[Row]) -> None:
        """Fold in the state events among ``rows`` (oldest first)."""
        for row in rows:
            if row.type_name in STATE_EVENT_TYPES:
                self.apply(json.loads(row.data))

    def events(self) -> list[Event]:
        """Events that give a fresh tracker this state: one per changed slot, a form, a pause."""
        carried: list[Event] = [
            SlotSet(name, value) for name, value in self.values.items() if value != self.initial[name]
        ]
        if self.loop:
            carried.append(ActiveLoop(self.loop))
        if self.paused:
            carried.append(ConversationPaused())
        return carried


def window_start(rows: list[Row]) -> list[Row]:
    """``rows`` (oldest first) from the first ``action_listen``, so the window starts with a turn."""
    for index, row in enumerate(rows):
        if row.type_name == "action" and row.action_name == "action_listen":
            return rows[index:]
    return rows


@dataclass
class Window:
    """What a message needs of a session: its latest rows and, if it is longer, the older state.

    ``windowed``: the session is longer than the window, so ``older`` (the state the rows before
    it left) is handed to Rasa too. ``count`` is the number of the conversation's rows in the
    database (all sessions), ``last`` its newest row: the two facts checked against the database
    before the window is trusted. ``session_start`` is the timestamp of the session's
    ``session_started`` (None: no session start), which rows must reach to belong to the
    session, as in Rasa's own query.
    """

    rows: list[Row]
    older: FoldedState
    windowed: bool
    count: int
    last: Row
    session_start: float | None

    def extend(self, new: list[Row], count: int, max_events: int) -> None:
        """Add the rows stored since (oldest first, none a session start) and slide the window."""
        self.count = count
        if not new:
            return
        self.last = new[-1]
        start = self.session_start
        self.rows += [r for r in new if start is None or (r.timestamp is not None and r.timestamp >= start)]
        if len(self.rows) <= max_events:
            return
        window = window_start(self.rows[-max_events:])
        self.older.apply_rows(self.rows[: len(self.rows) - len(window)])
        self.rows, self.windowed = window, True

    def event_dicts(self) -> list[dict[str, Any]]:
        """The window's events as stored (fresh dictionaries, which Rasa may change at will)."""
        return [json.loads(row.data) for row in self.rows]


class WindowCache:
    """The latest windows of at most ``size`` conversations, least recently used dropped first."""

    def __init__(self, size: int) -> None:
        """An empty cache; ``size`` 0 keeps nothing."""
        self.size = size
        self._windows: OrderedDict[str, Window] = OrderedDict()
        self._domain: Domain | None = None

    def get(self, sender_id: str, domain: Domain) -> Window | None:
        """The cached window, if any (to be checked against the database before use)."""
        if domain is not self._domain:
            # A new model can bring other slots: the folded state no longer fits it.
            self._windows.clear()
            self._domain = domain
        window = self._windows.get(sender_id)
        if window is not None:
            self._windows.move_to_end(sender_id)
        return window

    def put(self, sender_id: str, window: Window) -> None:
        """Keep ``window`` for the next message of ``sender_id``."""
        if self.size <= 0:
            return
        self._windows[sender_id] = window
        self._windows.move_to_end(sender_id)
        while len(self._windows) > self.size:
            self._windows.popitem(last=False)

    def drop(self, sender_id: str) -> None:
        """Forget a conversation's window."""
        self._windows.pop(sender_id, None)

    def __len__(self) -> int:
        """How many conversations have a window here."""
        return len(self._windows)
