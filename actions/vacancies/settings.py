"""Which vacancy source to use and how patiently: settings from the environment, and the factory.

Why a pure parser: the action server reads the environment once; tests and the launcher can
validate any mapping and get one ``ValueError`` listing every problem, each naming its variable,
instead of a traceback at the first search. The API key is kept out of ``repr`` so it can never
reach a log line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from actions.vacancies import arbeitsagentur, jobtech, taxonomy
from actions.vacancies.bundled import BundledSource
from actions.vacancies.resilience import CircuitBreaker, ResilientSource, TTLCache
from actions.vacancies.source import VacancySource
from actions.vacancies.transport import HttpPolicy

SOURCES = ("bundled", "jobtech", "arbeitsagentur")


@dataclass(frozen=True)
class VacancySettings:
    """Validated vacancy settings (see ``.env.example`` for each variable)."""

    source: str = "bundled"
    jobtech_base_url: str = jobtech.DEFAULT_BASE_URL
    jobtech_api_key: str | None = field(default=None, repr=False)
    ba_base_url: str = arbeitsagentur.DEFAULT_BASE_URL
    connect_timeout: float = 3.05
    read_timeout: float = 10.0
    budget: float = 8.0
    cache_ttl: float = 60.0
    breaker_threshold: int = 3
    breaker_cooldown: float = 60.0
    data_dir: Path = taxonomy.PROJECT_DIR / "var"

    @property
    def policy(self) -> HttpPolicy:
        """The HTTP timeouts and budget for the API adapters."""
        return HttpPolicy(connect_timeout=self.connect_timeout, read_timeout=self.read_timeout, budget=self.budget)


class _Reader:
    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self.problems: list[str] = []

    def text(self, name: str, default: str) -> str:
        return self.env.get(name, "").strip() or default

    def number(self, name: str, default: float, low: float, high: float) -> float:
        raw = self.text(name, str(default))
        try:
            value = float(raw)
        except ValueError:
            value = float("nan")
        if low <= value <= high:
            return value
        self.problems.append(f"{name}={raw!r} must be a number from {low:g} to {high:g}.")
        return default

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        raw = self.text(name, str(default))
        if raw.isdigit() and low <= int(raw) <= high:
            return int(raw)
        self.problems.append(f"{name}={raw!r} must be a whole number from {low} to {high}.")
        return default

    def base_url(self, name: str, default: str) -> str:
        raw = self.text(name, default)
        parts = urlsplit(raw)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            self.problems.append(f"{name}={raw!r} must be an http(s) URL such as {default}.")
            return default
        if parts.query or parts.fragment or parts.username or parts.password:
            self.problems.append(f"{name}={raw!r} must be the API root only: no query, fragment or credentials.")
            return default
        return raw.rstrip("/")


def parse_vacancy_settings(env: Mapping[str, str], project_dir: Path = taxonomy.PROJECT_DIR) -> VacancySettings:
    """Read the vacancy settings from ``env`` (no defaults are taken from anywhere else).

    Raises:
        ValueError: one line per problem, each naming the variable.
    """
    read = _Reader(env)
    source = read.text("VACANCY_SOURCE", "bundled").lower()
    if source not in SOURCES:
        read.problems.append(f"VACANCY_SOURCE={source!r} must be one of {', '.join(SOURCES)}.")
        source = "bundled"
    jobtech_url = read.base_url("JOBTECH_BASE_URL", jobtech.DEFAULT_BASE_URL)
    ba_url = read.base_url("ARBEITSAGENTUR_BASE_URL", arbeitsagentur.DEFAULT_BASE_URL)
    api_key = read.text("JOBTECH_API_KEY", "") or None
    if api_key is not None and (len(api_key) > 200 or any(ch.isspace() or not ch.isprintable() for ch in api_key)):
        read.problems.append("JOBTECH_API_KEY must be one printable word without spaces (at most 200 characters).")
        api_key = None
    connect = read.number("VACANCY_CONNECT_TIMEOUT", 3.05, 0.1, 30)
    read_timeout = read.number("VACANCY_TIMEOUT", 10.0, 0.5, 60)
    budget = read.number("VACANCY_BUDGET", 8.0, 0.5, 60)
    if budget < connect:
        read.problems.append(f"VACANCY_BUDGET={budget:g} must be at least VACANCY_CONNECT_TIMEOUT={connect:g}.")
    ttl = read.number("VACANCY_CACHE_TTL", 60.0, 0, 3600)
    threshold = read.integer("VACANCY_BREAKER_THRESHOLD", 3, 1, 100)
    cooldown = read.number("VACANCY_BREAKER_COOLDOWN", 60.0, 1, 3600)
    data_dir = Path(read.text("ORIENTA_DATA_DIR", "var")).expanduser()
    if not data_dir.is_absolute():
        data_dir = project_dir / data_dir
    if data_dir.exists() and not data_dir.is_dir():
        read.problems.append(f"ORIENTA_DATA_DIR={str(data_dir)!r} exists but is not a directory.")
    if read.problems:
        raise ValueError("\n".join(read.problems))
    return VacancySettings(
        source=source,
        jobtech_base_url=jobtech_url,
        jobtech_api_key=api_key,
        ba_base_url=ba_url,
        connect_timeout=connect,
        read_timeout=read_timeout,
        budget=budget,
        cache_ttl=ttl,
        breaker_threshold=threshold,
        breaker_cooldown=cooldown,
        data_dir=data_dir,
    )


def create_source(settings: VacancySettings) -> VacancySource:
    """The configured source, wrapped in the query cache and the circuit breaker."""
    inner: VacancySource
    if settings.source == "jobtech":
        inner = jobtech.JobTechSource(
            settings.jobtech_base_url, api_key=settings.jobtech_api_key, policy=settings.policy
        )
    elif settings.source == "arbeitsagentur":
        inner = arbeitsagentur.ArbeitsagenturSource(settings.ba_base_url, policy=settings.policy)
    else:
        inner = BundledSource(settings.data_dir)
    return ResilientSource(
        inner,
        TTLCache(ttl=settings.cache_ttl),
        CircuitBreaker(threshold=settings.breaker_threshold, cooldown=settings.breaker_cooldown),
    )


def source_from_environment() -> VacancySource:
    """``create_source(parse_vacancy_settings(os.environ))``: what the action server calls once."""
    return create_source(parse_vacancy_settings(os.environ))
