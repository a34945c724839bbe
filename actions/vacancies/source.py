"""The interface every vacancy source implements, and the query and result types it uses.

Why an interface: the dialogue asks one question ("ads like this, page N") and must get the same
answer shape from JobTech, the Bundesagentur or the bundled offline store; adding a country means
adding one module, not touching actions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from actions.vacancies.model import Vacancy, WorkingTime


@dataclass(frozen=True)
class VacancyQuery:
    """What the user is looking for, in source-neutral terms.

    ``occupation_group_ids`` / ``municipality_ids`` / ``region_ids`` are JobTech taxonomy concept
    ids (the bundled store uses the same taxonomy); sources that cannot use them fall back to
    ``text`` and ``place_text``.
    """

    text: str | None = None
    occupation_group_ids: tuple[str, ...] = ()
    occupation_name_ids: tuple[str, ...] = ()
    place_text: str | None = None
    municipality_ids: tuple[str, ...] = ()
    region_ids: tuple[str, ...] = ()
    remote: bool | None = None
    working_time: WorkingTime | None = None
    published_after: datetime | None = None
    offset: int = 0
    limit: int = 5


@dataclass(frozen=True)
class SearchResult:
    """One page of hits and the total the source reports for the whole query."""

    vacancies: tuple[Vacancy, ...]
    total: int
    query: VacancyQuery = field(default_factory=VacancyQuery)


class SourceUnavailable(Exception):
    """The source could not answer: down, timed out, rate-limited, or sent something unreadable.

    ``reason`` is one of ``"down"``, ``"timeout"``, ``"rate_limited"``, ``"malformed"``,
    ``"circuit_open"`` so the dialogue can pick its words; ``retry_after`` is in seconds when the
    source told us.
    """

    def __init__(self, reason: str, detail: str = "", retry_after: float | None = None) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.retry_after = retry_after


class VacancySource(Protocol):
    """A place ads come from. Implementations are blocking; callers run them in a thread."""

    name: str
    #: A human page where users can search themselves when the source is down.
    site_url: str

    def search(self, query: VacancyQuery) -> SearchResult:
        """One page of ads for ``query``. Raises ``SourceUnavailable``, never anything else."""
        ...

    def get(self, source_id: str) -> Vacancy | None:
        """One ad by its source id; ``None`` when it is gone. Raises ``SourceUnavailable``."""
        ...
