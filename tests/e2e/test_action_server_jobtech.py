"""The vacancy actions in the real action server, searching the JobTech adapter's way over HTTP
against the fake JobSearch API (tests/fakes/jobtech_api.py): results, details, and what the
user gets when the API hangs or keeps failing."""

import time

import httpx
import pytest

from tests.e2e.action_server import action_server, call, slots_after
from tests.fakes.jobtech_api import FakeJobTech

NURSE = [{"entity": "occupation", "value": "alias:nurse"}]
BUDGET_SECONDS = 2.0


@pytest.fixture(scope="module")
def fake():
    with FakeJobTech() as api:
        yield api


@pytest.fixture(scope="module")
def webhook(fake, tmp_path_factory):
    env = {
        "VACANCY_SOURCE": "jobtech",
        "JOBTECH_BASE_URL": fake.url,
        "VACANCY_BUDGET": str(BUDGET_SECONDS),
        "VACANCY_TIMEOUT": "1",
        "VACANCY_CONNECT_TIMEOUT": "1",
        "VACANCY_CACHE_TTL": "0",
        "VACANCY_BREAKER_THRESHOLD": "3",
        "VACANCY_BREAKER_COOLDOWN": "30",
    }
    with action_server(tmp_path_factory.mktemp("actions"), env) as url:
        yield url


@pytest.fixture(autouse=True)
def healthy(fake):
    fake.reset()
    yield


def cards(answer):
    return [
        r["custom"]["vacancy"] for r in answer["responses"] if (r.get("custom") or {}).get("type") == "vacancy_card"
    ]


def test_a_search_queries_jobsearch_by_ssyk_group_and_shows_the_real_ad_as_a_card(webhook, fake):
    answer = call(webhook, "action_search_vacancies", "search_jobs", NURSE)
    (card,) = cards(answer)
    assert card["title"] == "Operationssjuksköterska till Umeå!"
    assert card["demo"] is False and card["source"].startswith("Arbetsförmedlingen")
    (search,) = [r for r in fake.requests if r.path == "/search"]
    assert "cuaN_Rj5_YCc" in search.params["occupation-group"], "SSYK 2231 (operating theatre nurses)"


def test_details_fetch_the_ad_from_jobsearch(webhook, fake):
    slots = slots_after(call(webhook, "action_search_vacancies", "search_jobs", NURSE))
    answer = call(webhook, "action_vacancy_details", "vacancy_details", [{"entity": "position", "value": "1"}], slots)
    assert answer["responses"][0]["response"] == "utter_vacancy_details"
    assert any(r.path == "/ad/23570959" for r in fake.requests)


def test_a_hanging_api_gets_a_clear_answer_within_the_budget(webhook, fake):
    fake.switches.hang = True
    started = time.monotonic()
    answer = call(webhook, "action_search_vacancies", "search_jobs", NURSE)
    elapsed = time.monotonic() - started
    assert answer["responses"][0]["response"] == "utter_vacancy_source_down"
    assert answer["responses"][0]["site"] == "https://arbetsformedlingen.se/platsbanken/"
    assert elapsed < BUDGET_SECONDS + 1.5


def test_an_api_that_keeps_failing_is_not_called_again_for_a_while(webhook, fake):
    fake.switches.fail_next = 100
    for _ in range(3):
        call(webhook, "action_search_vacancies", "search_jobs", NURSE)
    calls = len(fake.requests)
    started = time.monotonic()
    answer = call(webhook, "action_search_vacancies", "search_jobs", NURSE)
    assert answer["responses"][0]["response"] == "utter_vacancy_source_down"
    assert len(fake.requests) == calls, "the circuit is open: no request reached the API"
    assert time.monotonic() - started < 0.5


def test_the_action_server_refuses_calls_without_rasas_secret_but_answers_health_probes(webhook):
    body = {"next_action": "action_search_vacancies", "sender_id": "web:intruder", "tracker": {}, "version": "3.6.2"}
    for headers in ({}, {"Authorization": "Bearer not-the-secret"}):
        refused = httpx.post(webhook, json=body, headers=headers, timeout=10)
        assert refused.status_code == 401, headers
        assert "error" in refused.json()
    assert httpx.get(webhook.removesuffix("/webhook") + "/actions", timeout=10).status_code == 401
    assert httpx.get(webhook.removesuffix("/webhook") + "/health", timeout=10).status_code == 200
