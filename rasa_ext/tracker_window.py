"""A SQL tracker store that hands Rasa only the latest events of a long conversation.

Why: Rasa rebuilds the whole conversation session from the database for every message, then
featurizes every past turn for its policies and sends every event to the action server, so
a message in a 500-turn session took 24 times as long as in a fresh one (``make bench``).
The policies look five turns back (TED's and memoization's ``max_history``; no rule or story
spans more than four user turns) and the actions read slots and the latest events, so nothing
needs the older events to answer. The default window, 100 events, holds about a dozen turns
(``make bench`` conversations average 8 events a turn).

So ``retrieve`` (what Rasa's message handling calls) loads at most ``max_events`` of the
latest events, starting at a turn boundary, plus the state the older events left: slot values,
the active form and whether a person has taken the conversation over, replayed from the older
state events only and handed to Rasa as one ``SlotSet`` per slot (and ``ActiveLoop`` /
``ConversationPaused``). The database keeps every event: ``retrieve_full_tracker`` (Rasa's
tracker API, the web chat history), data export and erasure read them all, and ``save``
stores exactly the events that are new since the window was loaded.

The window is kept between messages (``rasa_ext/window_cache.py``): the next message reads only
the rows stored after the last one the window holds, once the database has confirmed that the
window still matches it (its newest row unchanged, the number of rows grown by exactly those
read). Rows written by another Rasa replica or through the tracker API are read in the same way;
an erased, swept or re-created conversation, or a new session, is read afresh. So a message in
a long conversation costs about what it costs in a short one: two small indexed queries and the
window's events turned into objects. On PostgreSQL the store adds an index on
``events (sender_id, id)`` for those queries (on SQLite, Rasa's index on ``sender_id`` already
holds the row id).

On SQLite the database is switched to write-ahead logging with ``synchronous=NORMAL``: each
message's commit no longer waits for two fsyncs of a rollback journal (9 % of the Rasa server's
time under load), readers (data export, the retention sweep) no longer block the writer, and a
committed message still survives a crash of the process (only a power cut may lose the last
commits, which the user then sends again).
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from rasa_ext.window_cache import STATE_EVENT_TYPES, FoldedState, Row, Window, WindowCache, window_start

logger = logging.getLogger(__name__)

DEFAULT_MAX_EVENTS = 100
#: Conversations whose window is kept between messages (``rasa_ext/window_cache.py``): about
#: 0.1 MB each in a 500-turn conversation, so at most some 50 MB.
DEFAULT_CACHED_CONVERSATIONS = 500
#: The index the cache's queries use where Rasa's index on ``sender_id`` lacks the row id.
HISTORY_INDEX = "ix_events_sender_id_id"
#: Attribute on a tracker this store returned: how many of its events are in the database.
_STORED = "_orienta_events_stored"


class WindowedSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` whose message-handling trackers hold at most ``max_events`` events."""

    def __init__(
        self,
        domain: Domain | None = None,
        max_events: int | str = DEFAULT_MAX_EVENTS,
        cached_conversations: int | str = DEFAULT_CACHED_CONVERSATIONS,
        **kwargs: Any,
    ) -> None:
        """Create the store; ``max_events`` comes from endpoints.yml (a string there)."""
        super().__init__(domain, **kwargs)
        self.max_events = int(max_events)
        self.cache = WindowCache(int(cached_conversations))
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
        else:
            ensure_history_index(engine, self.SQLEvent.__table__)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The latest conversation session, windowed to the last ``max_events`` events."""
        if self.domain is None:
            return await super().retrieve(sender_id)
        with self.session_scope() as session:
            window = self._up_to_date_window(session, sender_id)
        if window is None:
            return None
        events = window.event_dicts()
        state: list[Event] = []
        if window.windowed:
            state = window.older.events()
            first_timestamp = float(events[0].get("timestamp") or 0.0)
            for carried in state:
                carried.timestamp = first_timestamp
        parsed = [e for data in events if (e := Event.from_parameters(data)) is not None]
        if not parsed and not state:
            return None
        tracker = DialogueStateTracker.from_events(sender_id, [*state, *parsed], self.domain.slots)
        setattr(tracker, _STORED, len(tracker.events))
        return tracker

    def _up_to_date_window(self, session: Any, sender_id: str) -> Window | None:
        """The cached window brought up to date from the rows stored since, or one built afresh."""
        assert self.domain is not None
        cached = self.cache.get(sender_id, self.domain)
        if cached is not None:
            if self._bring_up_to_date(session, sender_id, cached):
                return cached
            self.cache.drop(sender_id)
        window = self._load_window(session, sender_id)
        if window is not None:
            self.cache.put(sender_id, window)
        return window

    def _bring_up_to_date(self, session: Any, sender_id: str, window: Window) -> bool:
        """Add the rows stored after ``window.last``; False if the database disagrees with the cache."""
        found = session.execute(self._rows_since, {"sender_id": sender_id, "first_id": window.last.id}).all()
        rows = [Row(*row[:-1]) for row in found]
        count = found[0][-1] if found else None
        if not rows or rows[0] != window.last or count != window.count + len(rows) - 1:
            return False  # erased, swept, re-created, or rows the cache never saw
        if any(row.type_name == "session_started" for row in rows[1:]):
            return False  # a new session: built afresh, as Rasa's query starts there
        window.extend(rows[1:], count, self.max_events)
        return True

    @functools.cached_property
    def _rows_since(self) -> Any:
        """One statement, built once: a conversation's rows from an id on, each with the number of its rows.

        The count and the rows come from one query (and one snapshot of the database), and a
        statement built once skips SQLAlchemy's ORM query building, which cost more than the
        two queries it replaced took in SQLite.
        """
        table = self.SQLEvent.__table__
        sender = sa.bindparam("sender_id")
        count = sa.select(sa.func.count(table.c.id)).where(table.c.sender_id == sender).scalar_subquery()
        columns = (table.c.id, table.c.type_name, table.c.action_name, table.c.timestamp, table.c.data)
        return (
            sa.select(*columns, count)
            .where(table.c.sender_id == sender, table.c.id >= sa.bindparam("first_id"))
            .order_by(table.c.id)
        )

    def _load_window(self, session: Any, sender_id: str) -> Window | None:
        """The session's window read from the database: its latest rows and the older state."""
        assert self.domain is not None
        event = self.SQLEvent
        query = self._event_query(session, sender_id, fetch_events_from_all_sessions=False)
        # Columns only: building ORM objects for thousands of rows cost more than the rest.
        latest = [
            Row(*row)
            for row in query.with_entities(*self._row_columns())
            .order_by(None)
            .order_by(event.id.desc())
            .limit(self.max_events + 1)
            .all()
        ]
        if not latest:
            return None
        mine = session.query(*self._row_columns()).filter(event.sender_id == sender_id)
        last = Row(*mine.order_by(event.id.desc()).first())
        count = session.query(sa.func.count(event.id)).filter(event.sender_id == sender_id).scalar()
        session_start = (
            session.query(sa.func.max(event.timestamp))
            .filter(event.sender_id == sender_id, event.type_name == "session_started")
            .scalar()
        )
        older = FoldedState.empty(self.domain)
        if len(latest) <= self.max_events:
            return Window(latest[::-1], older, False, count, last, session_start)
        rows = window_start(latest[: self.max_events][::-1])
        older.apply_rows(
            [
                Row(0, row.type_name, None, None, row.data)
                for row in query.with_entities(event.type_name, event.data)
                .filter(event.id < rows[0].id, event.type_name.in_(STATE_EVENT_TYPES))
                .order_by(None)
                .order_by(event.id)
                .all()
            ]
        )
        logger.debug("windowed tracker for a session of more than %d events", self.max_events)
        return Window(rows, older, True, count, last, session_start)

    def _row_columns(self) -> tuple[Any, ...]:
        """The columns of a ``Row``, in its order."""
        event = self.SQLEvent
        return (event.id, event.type_name, event.action_name, event.timestamp, event.data)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the events added since the tracker was retrieved (or last saved), in one INSERT.

        A tracker this store returned knows how many of its events are stored, so saving it
        needs no count of the session's rows; any other tracker is counted as Rasa does. The
        rows are the ones Rasa's ``save`` stores, but Rasa adds an ORM object per event and the
        flush sends one INSERT per row (each fetching its new id): with a message's 8 or so
        events that was most of the save's time. One statement for all rows (``executemany``)
        gives them the same ids, in the same order.
        """
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = [event_row(tracker.sender_id, event) for event in self._additional_events(session, tracker)]
            if rows:
                session.execute(sa.insert(self.SQLEvent.__table__), rows)
            session.commit()
        if hasattr(tracker, _STORED):
            setattr(tracker, _STORED, len(tracker.events))

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        """The events not stored yet: those after the stored count, else Rasa's own count."""
        stored = getattr(tracker, _STORED, None)
        if stored is None:
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))


def event_row(sender_id: str, event: Event) -> dict[str, Any]:
    """The ``events`` row Rasa's ``SQLTrackerStore.save`` stores for ``event``, as column values."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


def ensure_history_index(engine: sa.engine.Engine, table: sa.Table) -> None:
    """Index ``events (sender_id, id)``: "this conversation's rows from id N on", every message."""
    index = sa.Index(HISTORY_INDEX, table.c.sender_id, table.c.id)
    try:
        index.create(engine, checkfirst=True)
    except sa.exc.DBAPIError as error:  # another replica created it at the same moment, or no right to
        logger.warning("could not create the index %s on events: %s", HISTORY_INDEX, error.__class__.__name__)


def sqlite_pragmas(connection: Any, _record: Any) -> None:
    """Every new SQLite connection: write-ahead log, fsync at checkpoints only."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def carried_state(older: list[dict[str, Any]], domain: Domain) -> list[Event]:
    """Events that give a fresh tracker the state ``older`` (state events, oldest first) left.

    The events are folded as Rasa's tracker applies them (a slot set, all slots reset, a
    restart, a form activated or ended, a pause and a resume), on their stored dictionaries:
    turning thousands of them into Rasa's event objects first was the slowest part.
    """
    state = FoldedState.empty(domain)
    for event in older:
        state.apply(event)
    return state.events()
