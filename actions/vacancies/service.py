"""The vacancy source the actions use, created once per action-server process.

Why a module of its own: the actions must not know which API answers (settings decide), and
tests must be able to put a source of their choice in its place (``use_source``). Sources are
blocking (``requests``); ``search`` and ``get`` here run them in a worker thread so the action
server's event loop keeps serving other users meanwhile.
"""

from __future__ import annotations

import asyncio

from actions.vacancies.model import Vacancy
from actions.vacancies.settings import source_from_environment
from actions.vacancies.source import SearchResult, VacancyQuery, VacancySource

_source: VacancySource | None = None


def use_source(source: VacancySource | None) -> None:
    """Use ``source`` from now on (None: create the configured one again on next use)."""
    global _source
    _source = source


def current_source() -> VacancySource:
    """The configured source (``VACANCY_SOURCE``, see .env.example), created on first use.

    The launcher validated these settings at start (bot/config.py) and passed them on in the
    environment, so a problem here means the action server was started by hand with bad ones.
    """
    global _source
    if _source is None:
        _source = source_from_environment()
    return _source


async def search(query: VacancyQuery) -> SearchResult:
    """One batch of results, searched off the event loop. Raises SourceUnavailable."""
    return await asyncio.to_thread(current_source().search, query)


async def get(source_id: str) -> Vacancy | None:
    """One ad by id, fetched off the event loop; None when it is gone. Raises SourceUnavailable."""
    return await asyncio.to_thread(current_source().get, source_id)
