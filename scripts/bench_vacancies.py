"""Vacancy search latency through the real action server, and what a dead API costs.

Starts the action server alone (tests/e2e/action_server.py) against the fake JobTech API
(tests/fakes/jobtech_api.py, real HTTP on loopback) and times ``action_search_vacancies`` the way
Rasa calls it, with the query cache off so every search reaches the API:

- healthy API: p50/p95 over ``--runs`` searches, then the same search answered from the cache
  (a second action server with ``VACANCY_CACHE_TTL`` on);
- dead API (every answer a 500): the first calls (retries, then the circuit opens) and the calls
  answered by the open circuit without touching the API.

    .venv/bin/python scripts/bench_vacancies.py [--runs 50]

``bench()`` is importable for ``make bench``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from tests.e2e.action_server import action_server, call  # noqa: E402
from tests.fakes.jobtech_api import FakeJobTech  # noqa: E402

NURSE = [{"entity": "occupation", "value": "alias:nurse"}]


def _timed(webhook: str) -> float:
    started = time.perf_counter()
    call(webhook, "action_search_vacancies", "search_jobs", NURSE)
    return (time.perf_counter() - started) * 1000


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def bench(runs: int = 50) -> dict[str, float]:
    """Milliseconds: healthy p50/p95, cached p50, dead-API first call and open-circuit median."""
    env = {"VACANCY_SOURCE": "jobtech", "VACANCY_CACHE_TTL": "0", "VACANCY_BREAKER_THRESHOLD": "3"}
    with FakeJobTech() as fake, tempfile.TemporaryDirectory() as tmp:
        stack = action_server(Path(tmp), {**env, "JOBTECH_BASE_URL": fake.url})
        with stack as webhook:
            for _ in range(3):
                _timed(webhook)  # warm-up: imports, connection pool
            healthy = [_timed(webhook) for _ in range(runs)]
            fake.switches.fail_next = 10_000
            failing = [_timed(webhook) for _ in range(3)]
            requests_before = len(fake.requests)
            open_circuit = [_timed(webhook) for _ in range(10)]
            assert len(fake.requests) == requests_before, "the open circuit must not call the API"
        cache_dir = Path(tmp) / "cached"
        cache_dir.mkdir()
        with action_server(cache_dir, {"VACANCY_SOURCE": "jobtech", "JOBTECH_BASE_URL": fake.url}) as cached:
            fake.switches.fail_next = 0
            _timed(cached)
            before = len(fake.requests)
            from_cache = [_timed(cached) for _ in range(runs)]
            assert len(fake.requests) == before, "identical searches must come from the cache"
    return {
        "healthy_p50_ms": statistics.median(healthy),
        "cached_p50_ms": statistics.median(from_cache),
        "healthy_p95_ms": _percentile(healthy, 0.95),
        "dead_api_first_call_ms": failing[0],
        "dead_api_open_circuit_median_ms": statistics.median(open_circuit),
    }


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    for name, value in bench(args.runs).items():
        print(f"vacancy search  {name:32} {value:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
