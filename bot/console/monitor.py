"""The live list's rows: every recent conversation with its channel, times, state and flags.

Read from Rasa's ``events`` table and the console's takeovers, because the tracker store is the
one record every channel writes to (the gateway's memory knows only its own process's
conversations). States follow what an operator needs to know first:

- ``with operator`` while a takeover holds it (takeover.py);
- ``closed`` when nothing happened for the domain's session expiry (Rasa starts a new session
  then);
- ``waiting`` while the conversation is in the queue (queue.py: the user asked for a person,
  or the bot failed twice), or the user asked (``request_human``) since the bot last had it back;
- ``with bot`` otherwise.

Flags: ``fallback`` (a fallback action ran), ``low confidence`` (a user message's intent below
the threshold), ``asked for a person``, ``repeating`` (the user typed the same words twice in a
row, or the same intent came ``REPEATS`` times in a row: the bot is probably not helping) and
``API errors`` (the bot had to say a vacancy source was down or busy).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from bot.console.tables import handoffs, labels, takeovers
from bot.console.transcript import FALLBACK_ACTIONS, FALLBACK_INTENT, HUMAN_INTENT, user_intent

WITH_BOT, WAITING, WITH_OPERATOR, CLOSED = "with bot", "waiting for a person", "with operator", "closed"
STATES = (WITH_BOT, WAITING, WITH_OPERATOR, CLOSED)
FALLBACK, LOW_CONFIDENCE, ASKED_HUMAN = "fallback", "low confidence", "asked for a person"
REPEATING, API_ERRORS = "repeating", "API errors"
FLAGS = (FALLBACK, LOW_CONFIDENCE, ASKED_HUMAN, REPEATING, API_ERRORS)
#: The same typed intent this many times in a row counts as repeating.
REPEATS = 3
#: Responses (domain.yml) that say an outside service failed.
API_ERROR_RESPONSES = frozenset(
    {"utter_vacancy_source_down", "utter_vacancy_source_busy", "utter_vacancy_details_unavailable"}
)
MAX_ROWS = 200


@dataclass(frozen=True)
class ConversationRow:
    """One line of the live list."""

    conversation_id: str
    channel: str
    started: float
    last_message: float | None
    last_activity: float
    state: str
    operator: str | None = None
    flags: tuple[str, ...] = field(default_factory=tuple)
    #: When the user asked for a person, while the conversation waits for one.
    waiting_since: float | None = None
    #: The staff's labels (casework.py), sorted.
    labels: tuple[str, ...] = ()


@dataclass
class _Signals:
    fallback: bool = False
    low_confidence: bool = False
    asked_human_at: float | None = None
    resumed_at: float | None = None
    repeating: bool = False
    api_errors: bool = False
    last_words: str | None = None
    intents: list[str] = field(default_factory=list)

    def heard(self, text: Any, intent: str | None) -> None:
        """Note a user message, to spot the same words or the same intent again and again.

        Button payloads ("/intent{...}") don't count: tapping the same button is not repeating.
        """
        if not isinstance(text, str) or text.startswith("/"):
            return
        words = " ".join(text.lower().split())
        if words and words == self.last_words:
            self.repeating = True
        self.last_words = words
        self.intents = [*self.intents[-(REPEATS - 1) :], intent or ""]
        if len(self.intents) == REPEATS and len(set(self.intents)) == 1 and self.intents[0]:
            self.repeating = True


def list_conversations(
    engine: sa.engine.Engine, *, now: float, low_confidence: float, closed_after_seconds: float, limit: int = MAX_ROWS
) -> list[ConversationRow]:
    """The ``limit`` conversations with the latest activity, newest first."""
    if "events" not in sa.inspect(engine).get_table_names():
        return []
    summary = sa.text(
        "SELECT sender_id, MIN(timestamp), MAX(CASE WHEN type_name IN ('user', 'bot') THEN timestamp END), "
        "MAX(timestamp) FROM events GROUP BY sender_id ORDER BY MAX(timestamp) DESC LIMIT :limit"
    )
    with engine.connect() as connection:
        rows = connection.execute(summary, {"limit": limit}).all()
        ids = [row[0] for row in rows]
        held = {
            r.conversation_id: r.display_name
            for r in connection.execute(sa.select(takeovers).where(takeovers.c.conversation_id.in_(ids)))
        }
        signals = _signals(connection, ids, low_confidence)
        queued = {
            r.conversation_id: r.requested_at
            for r in connection.execute(
                sa.select(handoffs.c.conversation_id, sa.func.min(handoffs.c.requested_at).label("requested_at"))
                .where(
                    handoffs.c.conversation_id.in_(ids),
                    handoffs.c.taken_at.is_(None),
                    handoffs.c.requested_at > now - closed_after_seconds,
                )
                .group_by(handoffs.c.conversation_id)
            )
        }
        tagged: dict[str, list[str]] = {}
        for r in connection.execute(
            sa.select(labels.c.conversation_id, labels.c.label).where(labels.c.conversation_id.in_(ids))
        ):
            tagged.setdefault(r.conversation_id, []).append(r.label)
    result = []
    for sender_id, started, last_message, last_activity in rows:
        found = signals.get(sender_id, _Signals())
        flags = tuple(
            name
            for name, on in (
                (FALLBACK, found.fallback),
                (LOW_CONFIDENCE, found.low_confidence),
                (ASKED_HUMAN, found.asked_human_at is not None),
                (REPEATING, found.repeating),
                (API_ERRORS, found.api_errors),
            )
            if on
        )
        if sender_id in held:
            state = WITH_OPERATOR
        elif last_activity < now - closed_after_seconds:
            state = CLOSED
        elif sender_id in queued:
            state = WAITING
            found.asked_human_at = min(queued[sender_id], found.asked_human_at or queued[sender_id])
        elif found.asked_human_at is not None and (found.resumed_at or 0) < found.asked_human_at:
            state = WAITING
        else:
            state = WITH_BOT
        channel = sender_id.partition(":")[0] if ":" in sender_id else "other"
        result.append(
            ConversationRow(
                conversation_id=sender_id,
                channel=channel,
                started=started,
                last_message=last_message,
                last_activity=last_activity,
                state=state,
                operator=held.get(sender_id),
                flags=flags,
                waiting_since=found.asked_human_at if state == WAITING else None,
                labels=tuple(sorted(tagged.get(sender_id, ()))),
            )
        )
    return result


def _signals(connection: sa.engine.Connection, ids: list[str], low_confidence: float) -> dict[str, _Signals]:
    """Fallbacks, confidences, repeats, API errors and handoff requests of the listed conversations, in one query."""
    if not ids:
        return {}
    query = sa.text(
        "SELECT sender_id, type_name, action_name, timestamp, data FROM events "
        "WHERE sender_id IN :ids AND type_name IN ('user', 'bot', 'action', 'resume') ORDER BY id"
    ).bindparams(sa.bindparam("ids", expanding=True))
    found: dict[str, _Signals] = {}
    for sender_id, type_name, action_name, timestamp, data in connection.execute(query, {"ids": ids}):
        signal = found.setdefault(sender_id, _Signals())
        if type_name == "action":
            signal.fallback = signal.fallback or action_name in FALLBACK_ACTIONS
        elif type_name == "resume":
            signal.resumed_at = timestamp
        elif type_name == "bot":
            said = (_json(data).get("metadata") or {}).get("utter_action")
            signal.api_errors = signal.api_errors or said in API_ERROR_RESPONSES
        else:
            event = _json(data)
            intent, confidence = user_intent(event)
            signal.heard(event.get("text"), intent)
            if intent == FALLBACK_INTENT or (confidence is not None and confidence < low_confidence):
                signal.low_confidence = True
            if intent == HUMAN_INTENT:
                signal.asked_human_at = timestamp
    return found


def _json(raw: Any) -> dict[str, Any]:
    try:
        value = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
