"""Creating tables that several processes may create at the same moment.

Every process that uses a table creates it if it is missing (the gateways, the action servers,
the console's command line). On SQLite the database's write lock orders them. On PostgreSQL two
replicas starting together can both see the table missing and both ``CREATE TABLE``: the
second fails on a duplicate type name. So on PostgreSQL the check and the creation run in one
transaction holding a transaction-scoped advisory lock; the second process waits for the first
to commit and then finds the tables there.
"""

from __future__ import annotations

import sqlalchemy as sa

#: Any fixed number: every Orienta process takes the same lock to create tables.
ADVISORY_LOCK_KEY = 0x0E1E7A


def create_tables(metadata: sa.MetaData, engine: sa.engine.Engine) -> None:
    """``metadata.create_all`` that other processes may run at the same time."""
    if engine.dialect.name != "postgresql":
        metadata.create_all(engine)
        return
    with engine.begin() as connection:
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
        metadata.create_all(connection)


def open_tables(url: str, metadata: sa.MetaData) -> sa.engine.Engine:
    """An engine on ``url`` with ``metadata``'s tables created if missing.

    Every store opens its database this way: ``pool_pre_ping`` so that a connection the database
    closed while idle (a PostgreSQL restart, a proxy's timeout) is replaced instead of failing
    the next query.
    """
    engine = sa.create_engine(url, future=True, pool_pre_ping=True)
    create_tables(metadata, engine)
    return engine
