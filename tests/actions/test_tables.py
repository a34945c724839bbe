"""Processes starting together on one PostgreSQL each create the tables they need, without failing."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from actions.tables import create_tables, open_tables
from bot.console import tables as console_tables


def test_replicas_creating_the_same_tables_at_the_same_moment_all_succeed(postgres):
    url = postgres.new_database()
    engines = [sa.create_engine(url, future=True) for _ in range(6)]
    barrier = threading.Barrier(len(engines))

    def start(engine: sa.engine.Engine) -> None:
        barrier.wait()
        create_tables(console_tables.metadata, engine)

    with ThreadPoolExecutor(len(engines)) as pool:
        for outcome in [pool.submit(start, engine) for engine in engines]:
            outcome.result()  # raises if any replica failed
    assert set(console_tables.metadata.tables) <= set(sa.inspect(engines[0]).get_table_names())
    for engine in engines:
        engine.dispose()


def test_opening_a_store_twice_creates_its_tables_once_and_keeps_their_rows(tmp_path):
    url = f"sqlite:///{tmp_path / 'orienta.db'}"
    metadata = sa.MetaData()
    notes = sa.Table("notes", metadata, sa.Column("id", sa.Integer, primary_key=True))
    first = open_tables(url, metadata)
    with first.begin() as connection:
        connection.execute(notes.insert().values(id=1))
    second = open_tables(url, metadata)
    with second.connect() as connection:
        assert connection.execute(sa.select(notes.c.id)).scalars().all() == [1]
    assert second.pool._pre_ping  # a connection the database dropped while idle is replaced
    first.dispose()
    second.dispose()
