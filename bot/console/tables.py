"""The console's tables, in the tracker's database beside Rasa's ``events``.

Why the same database: the console reads Rasa's events (transcripts, the live list) and the
privacy erasure (bot/privacy/store.py) must reach every row about a conversation in one
transaction. The tables are created on first use, as ``job_alerts`` is
(actions/vacancies/alerts.py); SQLAlchemy Core keeps the SQL portable to PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa

from actions.tables import open_tables

metadata = sa.MetaData()

users = sa.Table(
    "console_users",
    metadata,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("display_name", sa.String(80), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.String(255), nullable=False),
    # A password someone else chose (the first supervisor's, one made with create-user) must be
    # replaced at the first login.
    sa.Column("must_change_password", sa.Boolean, nullable=False, default=True),
    sa.Column("created_at", sa.Float, nullable=False),
)

sessions = sa.Table(
    "console_sessions",
    metadata,
    # SHA-256 of the cookie's token: a copy of the database does not log anyone in.
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("username", sa.String(64), nullable=False, index=True),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
)

audit = sa.Table(
    "console_audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.Float, nullable=False, index=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("conversation_id", sa.String(255), nullable=True, index=True),
    sa.Column("detail", sa.String(255), nullable=False, default=""),
)

takeovers = sa.Table(
    "console_takeovers",
    metadata,
    # The primary key is what makes "one operator at a time" hold across requests and restarts.
    sa.Column("conversation_id", sa.String(255), primary_key=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("display_name", sa.String(80), nullable=False),
    sa.Column("since", sa.Float, nullable=False),
)

presence = sa.Table(
    "console_presence",
    metadata,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("seen_at", sa.Float, nullable=False),
)

handoffs = sa.Table(
    "console_handoffs",
    metadata,
    # One row per time a conversation asked for (or needed) a person: the queue while
    # ``taken_at`` is empty, and the wait times for analytics afterwards.
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
    sa.Column("reason", sa.String(16), nullable=False),
    sa.Column("requested_at", sa.Float, nullable=False, index=True),
    sa.Column("taken_at", sa.Float, nullable=True),
    sa.Column("taken_by", sa.String(64), nullable=True),
)

notes = sa.Table(
    "console_notes",
    metadata,
    # Private to staff, and personal data: erased with the conversation.
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
)

labels = sa.Table(
    "console_labels",
    metadata,
    sa.Column("conversation_id", sa.String(255), primary_key=True),
    sa.Column("label", sa.String(40), primary_key=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
)

ratings = sa.Table(
    "console_ratings",
    metadata,
    # Asked when an operator closes the conversation; ``rating`` 1-5 once the user answers.
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
    sa.Column("asked_at", sa.Float, nullable=False),
    sa.Column("asked_by", sa.String(64), nullable=False),
    sa.Column("rating", sa.Integer, nullable=True),
    sa.Column("rated_at", sa.Float, nullable=True),
)


def open_engine(url: str) -> sa.engine.Engine:
    """An engine on the tracker database with the console's tables created if missing."""
    return open_tables(url, metadata)
