"""ArbeitsagenturSource against the real fake BA server."""

from datetime import datetime, timedelta, timezone

import pytest

from actions.vacancies.arbeitsagentur import ArbeitsagenturSource, encode_refnr, page_window, parse_search, query_params
from actions.vacancies.source import SourceUnavailable, VacancyQuery
from actions.vacancies.transport import HttpPolicy
from tests.fakes.arbeitsagentur_api import FakeArbeitsagentur

FAST = HttpPolicy(connect_timeout=1.0, read_timeout=1.0, budget=2.0, backoff_factor=0.01)
NURSE = "10000-1000000001-S"


@pytest.fixture
def fake():
    with FakeArbeitsagentur() as server:
        yield server


@pytest.fixture
def source(fake):
    return ArbeitsagenturSource(fake.url, policy=FAST)


def test_refnr_is_base64_encoded_for_details():
    assert encode_refnr("10001-1002716922-S") == "MTAwMDEtMTAwMjcxNjkyMi1T"


def test_query_uses_text_place_and_flags():
    now = datetime(2026, 3, 10, tzinfo=timezone.utc)
    query = VacancyQuery(
        text="Pflege",
        place_text="Berlin",
        working_time="part_time",
        remote=True,
        published_after=now - timedelta(days=6, hours=1),
        offset=20,
        limit=10,
        occupation_group_ids=("ignored",),
    )
    params = query_params(query, now)
    assert params == {
        "was": "Pflege",
        "wo": "Berlin",
        "umkreis": "25",
        "arbeitszeit": "tz;ho",
        "veroeffentlichtseit": "7",
        "page": "3",
        "size": "10",
    }


@pytest.mark.parametrize(
    ("offset", "limit", "expected"),
    [
        (0, 5, (1, 5, 0)),
        (10, 5, (3, 5, 0)),
        (3, 5, (1, 8, 3)),
        (9995, 5, (2000, 5, 0)),
        (10_000, 5, (1, 0, 0)),
        (0, 500, (1, 100, 0)),
    ],
)
def test_paging_stays_within_page_times_size_10000(offset, limit, expected):
    page, size, skip = page_window(offset, limit)
    assert (page, size, skip) == expected and page * size <= 10_000


def test_search_parses_v4_hits_and_sends_the_api_key(source, fake):
    result = source.search(VacancyQuery(text="pflege", place_text="Berlin"))
    assert result.total == 1 and len(result.vacancies) == 1
    vacancy = result.vacancies[0]
    assert vacancy.source == "ba" and vacancy.source_id == NURSE and vacancy.employer_name.endswith("(fiktiv)")
    assert (vacancy.location.lat, vacancy.location.lon, vacancy.location.city) == (52.532, 13.384, "Berlin")
    assert vacancy.published_at == datetime(2026, 2, 28, 23, 0, tzinfo=timezone.utc)
    assert vacancy.url.endswith(NURSE) and vacancy.attribution == "Bundesagentur für Arbeit"
    assert fake.requests[-1].headers["x-api-key"] == "jobboerse-jobsuche"


def test_search_accepts_v6_names_and_numbers_as_strings(source, fake):
    fake.switches.extra.update(v6=True, strings=True)
    result = source.search(VacancyQuery(text="schweißer"))
    assert result.total == 1 and result.vacancies[0].title.startswith("Schweißer")
    assert result.vacancies[0].employer_name == "Muster Metallbau AG (fiktiv)"
    assert result.vacancies[0].location.city == "München"


def test_remote_filter_is_sent_as_ho(source, fake):
    result = source.search(VacancyQuery(remote=True))
    assert [v.source_id for v in result.vacancies] == ["10000-1000000003-S"]
    assert fake.requests[-1].params["arbeitszeit"] == ["ho"]


def test_missing_stellenangebote_is_empty(source, fake):
    fake.switches.empty = True
    result = source.search(VacancyQuery(text="x"))
    assert result.total == 0 and result.vacancies == ()


def test_details_use_new_names_markdown_and_scrub_contacts(source):
    vacancy = source.get(NURSE)
    assert vacancy is not None and vacancy.title.startswith("Pflegefachkraft")
    assert (
        vacancy.description_text.startswith("Ihre Aufgaben\n- Pflege") and "max.muster" not in vacancy.description_text
    )
    assert vacancy.working_time == "mixed" and vacancy.employment_type == "permanent"
    assert vacancy.start == "2026-04-01" and vacancy.salary_text == "Nach Tarif"


def test_details_of_agency_work(source):
    vacancy = source.get("10000-1000000002-S")
    assert vacancy.employment_type == "temporary_agency" and vacancy.working_time == "full_time"


def test_expired_details_are_none(source):
    assert source.get("10000-9999999999-S") is None


def test_soap_fault_500_is_down(source, fake):
    fake.switches.fail_next = 5
    with pytest.raises(SourceUnavailable) as info:
        source.search(VacancyQuery(text="x"))
    assert info.value.reason == "down" and len(fake.requests) == 3


def test_html_page_is_malformed(source, fake):
    fake.switches.html_next = 1
    with pytest.raises(SourceUnavailable) as info:
        source.get(NURSE)
    assert info.value.reason == "malformed"


def test_slow_answer_is_a_timeout(source, fake):
    fake.switches.latency = 1.5
    with pytest.raises(SourceUnavailable) as info:
        source.search(VacancyQuery())
    assert info.value.reason == "timeout"


def test_429_without_retry_after_is_rate_limited(source, fake):
    fake.switches.rate_limit_next = 3
    with pytest.raises(SourceUnavailable) as info:
        source.search(VacancyQuery())
    assert info.value.reason == "rate_limited"


def test_wrong_shape_is_malformed():
    with pytest.raises(SourceUnavailable):
        parse_search({"stellenangebote": "nope"}, VacancyQuery())
    with pytest.raises(SourceUnavailable):
        parse_search([], VacancyQuery())
