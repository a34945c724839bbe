import time

import pytest

from actions.vacancies.jobtech import JobTechSource
from actions.vacancies.resilience import CircuitBreaker, ResilientSource, TTLCache
from actions.vacancies.source import SourceUnavailable, VacancyQuery
from actions.vacancies.transport import HttpPolicy
from tests.fakes.jobtech_api import FakeJobTech

FAST = HttpPolicy(connect_timeout=1.0, read_timeout=1.0, budget=2.0, backoff_factor=0.01, retries=0)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def fake():
    with FakeJobTech() as server:
        yield server


def resilient(fake, clock, threshold=3, cooldown=60.0, ttl=60.0):
    return ResilientSource(
        JobTechSource(fake.url, policy=FAST),
        TTLCache(ttl=ttl, clock=clock),
        CircuitBreaker(threshold=threshold, cooldown=cooldown, clock=clock),
    )


def test_identical_query_is_answered_from_the_cache(fake):
    clock = FakeClock()
    source = resilient(fake, clock)
    first = source.search(VacancyQuery(text="sjuksköterska"))
    second = source.search(VacancyQuery(text="sjuksköterska"))
    assert first == second and fake.paths().count("/search") == 1
    source.search(VacancyQuery(text="svetsare"))
    assert fake.paths().count("/search") == 2


def test_cache_entries_expire_after_the_ttl(fake):
    clock = FakeClock()
    source = resilient(fake, clock, ttl=60)
    source.search(VacancyQuery())
    clock.now += 61
    source.search(VacancyQuery())
    assert fake.paths().count("/search") == 2


def test_details_are_cached_but_404_is_not(fake):
    source = resilient(fake, FakeClock())
    assert source.get("8417710") is not None and source.get("8417710") is not None
    assert source.get("404") is None and source.get("404") is None
    assert fake.paths() == ["/ad/8417710", "/ad/404", "/ad/404"]


def test_cache_is_bounded():
    cache: TTLCache[int] = TTLCache(ttl=60, max_size=2)
    for key in range(3):
        cache.put(key, key)
    assert len(cache) == 2 and cache.get(0) is None and cache.get(2) == 2


def test_circuit_opens_after_n_failures_and_answers_instantly(fake):
    clock = FakeClock()
    source = resilient(fake, clock, threshold=3, cooldown=60)
    fake.switches.fail_next = 100
    for _ in range(3):
        with pytest.raises(SourceUnavailable) as info:
            source.search(VacancyQuery())
        assert info.value.reason == "down"
    calls = len(fake.requests)
    started = time.monotonic()
    with pytest.raises(SourceUnavailable) as info:
        source.search(VacancyQuery())
    assert info.value.reason == "circuit_open" and info.value.retry_after == 60
    assert len(fake.requests) == calls and time.monotonic() - started < 0.05
    clock.now += 20
    with pytest.raises(SourceUnavailable) as info:
        source.get("8417710")
    assert info.value.retry_after == 40


def test_circuit_half_opens_after_the_cooldown_and_closes_on_success(fake):
    clock = FakeClock()
    source = resilient(fake, clock, threshold=2, cooldown=30)
    fake.switches.fail_next = 2
    for _ in range(2):
        with pytest.raises(SourceUnavailable):
            source.search(VacancyQuery())
    clock.now += 30
    assert source.breaker.state == "half_open"
    assert source.search(VacancyQuery()).total == 5
    assert source.breaker.state == "closed"


def test_failed_trial_call_reopens_the_circuit(fake):
    clock = FakeClock()
    source = resilient(fake, clock, threshold=1, cooldown=30)
    fake.switches.fail_next = 2
    with pytest.raises(SourceUnavailable):
        source.search(VacancyQuery())
    clock.now += 31
    with pytest.raises(SourceUnavailable) as info:
        source.search(VacancyQuery())
    assert info.value.reason == "down" and source.breaker.state == "open"


def test_half_open_admits_only_one_trial_call():
    clock = FakeClock()
    breaker = CircuitBreaker(threshold=1, cooldown=10, clock=clock)
    breaker.record_failure()
    clock.now += 10
    breaker.before_call()
    with pytest.raises(SourceUnavailable) as info:
        breaker.before_call()
    assert info.value.reason == "circuit_open"


def test_success_resets_the_failure_count():
    breaker = CircuitBreaker(threshold=2, cooldown=10, clock=FakeClock())
    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()
    assert breaker.state == "closed"


def test_unexpected_adapter_errors_become_source_unavailable():
    class Broken:
        name = "broken"
        site_url = "https://example.org/"

        def search(self, query):
            raise KeyError("bug")

        def get(self, source_id):
            raise KeyError("bug")

    source = ResilientSource(Broken())
    with pytest.raises(SourceUnavailable) as info:
        source.search(VacancyQuery())
    assert info.value.reason == "malformed"
