"""Supervisors' exports of transcripts, as CSV (one line per message) or JSON (per conversation).

The conversations are the live list's, with its filters applied (filters.py), so what a
supervisor sees is what they get. E-mail addresses and phone numbers in the messages are
masked (``privacy.export.mask``) unless the supervisor asks for the unmasked export; either
way the export is in the audit log, saying which it was and which filters chose it.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa

from bot.console.monitor import ConversationRow
from bot.privacy.export import mask
from bot.webchat.history import is_operator

CSV_HEADER = ["conversation_id", "channel", "time", "from", "text"]


def _iso(timestamp: float | None) -> str:
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="seconds") if timestamp else ""


def messages(engine: sa.engine.Engine, conversation_ids: list[str], *, masked: bool) -> dict[str, list[dict[str, str]]]:
    """Every user, bot and operator message of the conversations, oldest first, by conversation."""
    found: dict[str, list[dict[str, str]]] = {cid: [] for cid in conversation_ids}
    if not conversation_ids:
        return found
    query = sa.text(
        "SELECT sender_id, type_name, timestamp, data FROM events "
        "WHERE sender_id IN :ids AND type_name IN ('user', 'bot') ORDER BY id"
    ).bindparams(sa.bindparam("ids", expanding=True))
    with engine.connect() as connection:
        for sender_id, type_name, timestamp, data in connection.execute(query, {"ids": conversation_ids}):
            try:
                event = json.loads(data) if isinstance(data, str) else data
            except ValueError:
                continue
            text = event.get("text") if isinstance(event, dict) else None
            if not isinstance(text, str) or not text:
                continue
            who = "user" if type_name == "user" else ("operator" if is_operator(event.get("metadata")) else "bot")
            found[sender_id].append({"time": _iso(timestamp), "from": who, "text": mask(text) if masked else text})
    return found


def as_json(rows: list[ConversationRow], engine: sa.engine.Engine, *, masked: bool, filters: dict[str, str]) -> bytes:
    """The JSON export: the filters, then each conversation with its state, labels and messages."""
    texts = messages(engine, [r.conversation_id for r in rows], masked=masked)
    document: dict[str, Any] = {
        "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "masked": masked,
        "filters": filters,
        "conversations": [
            {
                "conversation_id": r.conversation_id,
                "channel": r.channel,
                "started": _iso(r.started),
                "state": r.state,
                "flags": list(r.flags),
                "labels": list(r.labels),
                "messages": texts[r.conversation_id],
            }
            for r in rows
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def as_csv(rows: list[ConversationRow], engine: sa.engine.Engine, *, masked: bool) -> bytes:
    """The CSV export: one line per message."""
    texts = messages(engine, [r.conversation_id for r in rows], masked=masked)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for r in rows:
        for message in texts[r.conversation_id]:
            writer.writerow([r.conversation_id, r.channel, message["time"], message["from"], _inert(message["text"])])
    return out.getvalue().encode("utf-8")


def _inert(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (a user may type ``=HYPERLINK(...)``)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text
