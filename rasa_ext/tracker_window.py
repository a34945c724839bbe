"""A SQL tracker store that hands Rasa only the latest events of a long conversation.

Why: Rasa rebuilds the whole conversation session from the database for every message, then
featurizes every past turn for its policies and sends every event to the action server, so
a message in a 500-turn session took 24 times as long as in a fresh one (``make bench``).
The policies look five turns back and the actions read slots and the latest events, so
nothing needs the older events to answer.

So ``retrieve`` (what Rasa's message handling calls) loads at most ``max_events`` of the
latest events, starting at a turn boundary, plus the state the older events left: slot values,
the active form and whether a person has taken the conversation over, replayed from the older
state events only and handed to Rasa as one ``SlotSet`` per slot (and ``ActiveLoop`` /
``ConversationPaused``). The database keeps every event: ``retrieve_full_tracker`` (Rasa's
tracker API, the web chat history), data export and erasure read them all, and ``save``
stores exactly the events that are new since the window was loaded.

On SQLite the database is switched to write-ahead logging with ``synchronous=NORMAL``: each
message's commit no longer waits for two fsyncs of a rollback journal (9 % of the Rasa server's
time under load), readers (data export, the retention sweep) no longer block the writer, and a
committed message still survives a crash of the process (only a power cut may lose the last
commits, which the user then sends again).
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActiveLoop, ConversationPaused, Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

DEFAULT_MAX_EVENTS = 200
#: The event types whose effect outlives their turn (in the tracker's state, not its history).
STATE_EVENT_TYPES = ("slot", "reset_slots", "restart", "active_loop", "pause", "resume")
#: Attribute on a tracker this store returned: how many of its events are in the database.
_STORED = "_orienta_events_stored"


class WindowedSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` whose message-handling trackers hold at most ``max_events`` events."""

    def __init__(self, domain: Domain | None = None, max_events: int | str = DEFAULT_MAX_EVENTS, **kwargs: Any) -> None:
        """Create the store; ``max_events`` comes from endpoints.yml (a string there)."""
        super().__init__(domain, **kwargs)
        self.max_events = int(max_events)
        if self.max_events < 20:
            raise ValueError(f"tracker_store max_events must be at least 20, got {self.max_events}")
        engine: sa.engine.Engine = self.engine  # type: ignore[has-type]  # set by Rasa, untyped
        if engine.dialect.name == "sqlite":
            # SQLAlchemy 1.4 opens and closes a file database's connection for every session
            # (NullPool); closing the last one also checkpoints the write-ahead log. Rasa is
            # one asyncio thread, so a small pool of kept connections serves it.
            url = engine.url
            engine.dispose()
            engine = sa.create_engine(
                url, poolclass=sa.pool.QueuePool, pool_size=1, max_overflow=4,
                connect_args={"check_same_thread": False},
            )  # fmt: skip
            sa.event.listen(engine, "connect", sqlite_pragmas)
            self.engine = engine
            self.sessionmaker = sa.orm.session.sessionmaker(bind=engine)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The latest conversation session, windowed to the last ``max_events`` events."""
        if self.domain is None:
            return await super().retrieve(sender_id)
        event = self.SQLEvent
        with self.session_scope() as session:
            query = self._event_query(session, sender_id, fetch_events_from_all_sessions=False)
            # Columns only: building ORM objects for thousands of rows cost more than the rest.
            latest = (
                query.with_entities(event.id, event.type_name, event.action_name, event.data)
                .order_by(None)
                .order_by(event.id.desc())
                .limit(self.max_events + 1)
                .all()
            )
            if len(latest) <= self.max_events:
                events = [json.loads(row.data) for row in reversed(latest)]
                if not events:
                    return None
                whole = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
                setattr(whole, _STORED, len(whole.events))
                return whole
            window = window_start(list(reversed(latest[: self.max_events])))
            older = (
                query.with_entities(event.data)
                .filter(event.id < window[0].id, event.type_name.in_(STATE_EVENT_TYPES))
                .order_by(None)
                .order_by(event.id)
                .all()
            )
        state = carried_state([json.loads(row.data) for row in older], self.domain)
        events = [json.loads(row.data) for row in window]
        first_timestamp = float(events[0].get("timestamp") or 0.0)
        for carried in state:
            carried.timestamp = first_timestamp
        parsed = [e for data in events if (e := Event.from_parameters(data)) is not None]
        tracker = DialogueStateTracker.from_events(sender_id, [*state, *parsed], self.domain.slots)
        setattr(tracker, _STORED, len(tracker.events))
        logger.debug("windowed tracker for a session of more than %d events", self.max_events)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the events added since the tracker was retrieved (or last saved).

        A tracker this store returned knows how many of its events are stored, so saving it
        needs no count of the session's rows; any other tracker is counted as Rasa does.
        """
        await super().save(tracker)
        if hasattr(tracker, _STORED):
            setattr(tracker, _STORED, len(tracker.events))

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        """The events not stored yet: those after the stored count, else Rasa's own count."""
        stored = getattr(tracker, _STORED, None)
        if stored is None:
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))


def sqlite_pragmas(connection: Any, _record: Any) -> None:
    """Every new SQLite connection: write-ahead log, fsync at checkpoints only."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def window_start(rows: list[Any]) -> list[Any]:
    """``rows`` (oldest first) from the first ``action_listen``, so the window starts with a turn."""
    for index, row in enumerate(rows):
        if row.type_name == "action" and row.action_name == "action_listen":
            return rows[index:]
    return rows


def carried_state(older: list[dict[str, Any]], domain: Domain) -> list[Event]:
    """Events that give a fresh tracker the state ``older`` (state events, oldest first) left.

    The events are folded as Rasa's tracker applies them (a slot set, all slots reset, a
    restart, a form activated or ended, a pause and a resume), on their stored dictionaries:
    turning thousands of them into Rasa's event objects first was the slowest part.
    """
    initial = {slot.name: slot.initial_value for slot in domain.slots}
    values = dict(initial)
    loop: str | None = None
    paused = False
    for event in older:
        kind = event.get("event")
        if kind == "slot" and event.get("name") in values:
            values[event["name"]] = event.get("value")
        elif kind == "reset_slots":
            values = dict(initial)
        elif kind == "restart":
            values, loop, paused = dict(initial), None, False
        elif kind == "active_loop":
            loop = event.get("name") or None
        elif kind in ("pause", "resume"):
            paused = kind == "pause"
    carried: list[Event] = [SlotSet(name, value) for name, value in values.items() if value != initial[name]]
    if loop:
        carried.append(ActiveLoop(loop))
    if paused:
        carried.append(ConversationPaused())
    return carried
