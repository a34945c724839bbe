"""JobTechSource against the real fake JobSearch server: mapping, parsing and every failure mode."""

import time
from datetime import datetime, timezone

import pytest

from actions.vacancies.jobtech import JobTechSource, page_window, parse_search, query_params
from actions.vacancies.source import SourceUnavailable, VacancyQuery
from actions.vacancies.taxonomy import WORKTIME_FULL
from actions.vacancies.transport import HttpPolicy, parse_retry_after
from tests.fakes.jobtech_api import FakeJobTech

FAST = HttpPolicy(connect_timeout=1.0, read_timeout=1.0, budget=2.0, max_retry_after=1.5, backoff_factor=0.05)


@pytest.fixture
def fake():
    with FakeJobTech() as server:
        yield server


@pytest.fixture
def source(fake):
    return JobTechSource(fake.url, policy=FAST)


def test_query_maps_to_the_documented_parameters():
    query = VacancyQuery(
        text="sjuksköterska " * 40,
        occupation_group_ids=("a", "b"),
        occupation_name_ids=("n",),
        municipality_ids=("m1",),
        region_ids=("r1", "r2"),
        remote=True,
        working_time="full_time",
        published_after=datetime(2024, 5, 1, 10, 0, tzinfo=timezone.utc),
        offset=10,
        limit=5,
    )
    params = query_params(query)
    assert len(dict(params)["q"]) == 255
    assert [v for k, v in params if k == "occupation-group"] == ["a", "b"]
    assert [v for k, v in params if k == "region"] == ["r1", "r2"]
    assert ("occupation-name", "n") in params and ("municipality", "m1") in params
    assert ("remote", "true") in params and ("worktime-extent", WORKTIME_FULL) in params
    assert ("published-after", "2024-05-01T12:00:00") in params
    assert ("offset", "10") in params and ("limit", "5") in params and ("sort", "relevance") in params


def test_without_text_the_newest_come_first_and_no_empty_filters_are_sent():
    params = dict(query_params(VacancyQuery()))
    assert params == {"offset": "0", "limit": "5", "sort": "pubdate-desc"}


@pytest.mark.parametrize(
    ("offset", "limit", "expected"),
    [
        (0, 5, (0, 5, 0)),
        (1995, 10, (1995, 10, 0)),
        (2050, 10, (2000, 60, 50)),
        (2095, 10, (2000, 100, 95)),
        (2100, 5, (2000, 0, 0)),
        (0, 500, (0, 100, 0)),
        (-3, 5, (0, 5, 0)),
    ],
)
def test_paging_never_exceeds_the_caps(offset, limit, expected):
    api_offset, api_limit, skip = page_window(offset, limit)
    assert (api_offset, api_limit, skip) == expected
    assert api_offset <= 2000 and api_offset + api_limit <= 2100 and api_limit <= 100


def test_search_returns_parsed_hits_and_total(source, fake):
    result = source.search(VacancyQuery(limit=2))
    assert result.total == 5 and len(result.vacancies) == 2
    assert [v.source_id for v in result.vacancies] == ["28746073", "23570959"]  # newest first
    request = fake.requests[-1]
    assert request.path == "/search" and request.headers["accept"] == "application/json"


def test_filters_reach_the_server(source, fake):
    result = source.search(VacancyQuery(occupation_group_ids=("cuaN_Rj5_YCc",)))
    assert [v.source_id for v in result.vacancies] == ["23570959"] and result.total == 1
    result = source.search(VacancyQuery(municipality_ids=("AvNB_uwa_6n6",), text="product"))
    assert [v.source_id for v in result.vacancies] == ["28746073"]
    assert fake.requests[-1].params["municipality"] == ["AvNB_uwa_6n6"]


def test_offset_beyond_2000_is_reached_by_skipping(source, fake):
    result = source.search(VacancyQuery(offset=2003, limit=2))
    assert fake.requests[-1].params["offset"] == ["2000"] and fake.requests[-1].params["limit"] == ["5"]
    assert result.total == 5 and result.vacancies == ()


def test_api_key_is_sent_when_configured(fake):
    JobTechSource(fake.url, api_key="k-123", policy=FAST).search(VacancyQuery())
    assert fake.requests[-1].headers["api-key"] == "k-123"


def test_get_returns_the_ad_and_none_on_404(source):
    vacancy = source.get("8417710")
    assert vacancy is not None and vacancy.title.startswith("Verksamhetsutvecklare")
    assert source.get("999") is None


def test_remote_query_marks_hits_as_probably_remote(source, fake):
    fake.add_ad({"id": "r1", "headline": "Remote dev", "description": {"text": "Arbeta på distans."}})
    result = source.search(VacancyQuery(remote=True))
    assert [v.source_id for v in result.vacancies] == ["r1"] and result.vacancies[0].remote is True


def test_empty_results(source, fake):
    fake.switches.empty = True
    result = source.search(VacancyQuery(text="x"))
    assert result.total == 0 and result.vacancies == ()


def test_500_is_retried_then_succeeds(source, fake):
    fake.switches.fail_next = 2
    assert source.search(VacancyQuery()).total == 5
    assert fake.paths().count("/search") == 3


def test_persistent_500_is_down_after_retries(source, fake):
    fake.switches.fail_next = 10
    with pytest.raises(SourceUnavailable) as info:
        source.search(VacancyQuery())
    assert info.value.reason == "down" and len(fake.requests) == 3


def test_connection_refused_is_down():
    with FakeJobTech() as server:
        url = server.url
    with pytest.raises(SourceUnavailable) as info:
        JobTechSource(url, policy=FAST).search(VacancyQuery())
    assert info.value.reason == "down"


def test_slow_answer_is_a_timeout(source, fake):
    fake.switches.latency = 1.5
    with pytest.raises(SourceUnavailable) as info:
        source.search(VacancyQuery())
    assert info.value.reason == "timeout"


def test_hang_is_a_timeout_within_the_budget(fake):
    fake.switches.hang = True
    slow_reader = HttpPolicy(connect_timeout=1.0, read_timeout=30.0, budget=1.0)
    started = time.monotonic()
    with pytest.raises(SourceUnavailable) as info:
        JobTechSource(fake.url, policy=slow_reader).search(VacancyQuery())
    assert info.value.reason == "timeout" and time.monotonic() - started < 1.5


def test_429_with_retry_after_is_waited_for_and_retried(source, fake):
    fake.switches.rate_limit_next = 1
    fake.switches.retry_after = "1"
    started = time.monotonic()
    assert source.search(VacancyQuery()).total == 5
    assert time.monotonic() - started >= 1.0 and fake.paths().count("/search") == 2


def test_429_beyond_the_cap_is_rate_limited_with_retry_after(source, fake):
    fake.switches.rate_limit_next = 1
    fake.switches.retry_after = "120"
    started = time.monotonic()
    with pytest.raises(SourceUnavailable) as info:
        source.search(VacancyQuery())
    assert info.value.reason == "rate_limited" and info.value.retry_after == 120
    assert time.monotonic() - started < 0.5 and len(fake.requests) == 1


def test_repeated_429_without_retry_after_is_rate_limited(source, fake):
    fake.switches.rate_limit_next = 5
    with pytest.raises(SourceUnavailable) as info:
        source.search(VacancyQuery())
    assert info.value.reason == "rate_limited" and info.value.retry_after is None and len(fake.requests) == 2


def test_retry_after_http_date():
    now = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
    assert parse_retry_after("Wed, 01 May 2024 12:00:30 GMT", now) == 30
    assert parse_retry_after("7") == 7 and parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_malformed_json_is_malformed(source, fake):
    fake.switches.malformed_next = 1
    with pytest.raises(SourceUnavailable) as info:
        source.search(VacancyQuery())
    assert info.value.reason == "malformed"


def test_html_page_with_200_is_malformed(source, fake):
    fake.switches.html_next = 1
    with pytest.raises(SourceUnavailable) as info:
        source.get("8417710")
    assert info.value.reason == "malformed"


def test_html_502_page_is_down(source, fake):
    fake.switches.html_next = 5
    fake.switches.html_status = 502
    with pytest.raises(SourceUnavailable) as info:
        source.search(VacancyQuery())
    assert info.value.reason == "down"


def test_truncated_body_is_malformed(source, fake):
    fake.switches.truncated_next = 1
    with pytest.raises(SourceUnavailable) as info:
        source.search(VacancyQuery())
    assert info.value.reason == "malformed"


@pytest.mark.parametrize("body", [[], {"hits": []}, {"total": {"value": "x"}, "hits": []}, {"total": 1, "hits": "x"}])
def test_wrong_shape_is_malformed(body):
    with pytest.raises(SourceUnavailable) as info:
        parse_search(body, VacancyQuery())
    assert info.value.reason == "malformed"


def test_unusable_hits_are_skipped_not_fatal():
    result = parse_search({"total": {"value": 2}, "hits": [{"headline": "no id"}, {"id": 7}]}, VacancyQuery())
    assert [v.source_id for v in result.vacancies] == ["7"] and result.total == 2


def test_401_is_down(source, fake):
    fake.switches.fail_next = 1
    fake.switches.fail_status = 401
    with pytest.raises(SourceUnavailable) as info:
        source.search(VacancyQuery())
    assert info.value.reason == "down" and len(fake.requests) == 1
