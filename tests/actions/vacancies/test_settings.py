from pathlib import Path

import pytest

from actions.vacancies.arbeitsagentur import ArbeitsagenturSource
from actions.vacancies.bundled import BundledSource
from actions.vacancies.jobtech import JobTechSource
from actions.vacancies.resilience import ResilientSource
from actions.vacancies.settings import VacancySettings, create_source, parse_vacancy_settings


def test_defaults_use_the_bundled_source(tmp_path):
    settings = parse_vacancy_settings({}, project_dir=tmp_path)
    assert settings.source == "bundled" and settings.data_dir == tmp_path / "var"
    assert (settings.connect_timeout, settings.read_timeout, settings.budget) == (3.05, 10.0, 8.0)
    assert (settings.cache_ttl, settings.breaker_threshold, settings.breaker_cooldown) == (60.0, 3, 60.0)


def test_values_are_read_and_trailing_slashes_dropped(tmp_path):
    settings = parse_vacancy_settings(
        {
            "VACANCY_SOURCE": "JobTech",
            "JOBTECH_BASE_URL": "http://127.0.0.1:8765/",
            "JOBTECH_API_KEY": "secret-key",
            "VACANCY_TIMEOUT": "4",
            "VACANCY_BUDGET": "6",
            "VACANCY_BREAKER_THRESHOLD": "5",
            "ORIENTA_DATA_DIR": str(tmp_path / "data"),
        }
    )
    assert settings.source == "jobtech" and settings.jobtech_base_url == "http://127.0.0.1:8765"
    assert settings.read_timeout == 4 and settings.budget == 6 and settings.breaker_threshold == 5
    assert settings.data_dir == tmp_path / "data"
    assert "secret-key" not in repr(settings)


def test_every_problem_is_reported_naming_its_variable():
    with pytest.raises(ValueError) as info:
        parse_vacancy_settings(
            {
                "VACANCY_SOURCE": "monster",
                "JOBTECH_BASE_URL": "ftp://example.org",
                "ARBEITSAGENTUR_BASE_URL": "https://example.org/api?x=1",
                "JOBTECH_API_KEY": "has space",
                "VACANCY_TIMEOUT": "soon",
                "VACANCY_CACHE_TTL": "-1",
                "VACANCY_BREAKER_THRESHOLD": "0",
            }
        )
    message = str(info.value)
    for name in (
        "VACANCY_SOURCE",
        "JOBTECH_BASE_URL",
        "ARBEITSAGENTUR_BASE_URL",
        "JOBTECH_API_KEY",
        "VACANCY_TIMEOUT",
        "VACANCY_CACHE_TTL",
        "VACANCY_BREAKER_THRESHOLD",
    ):
        assert name in message
    assert "has space" not in message


def test_data_dir_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(ValueError, match="ORIENTA_DATA_DIR"):
        parse_vacancy_settings({"ORIENTA_DATA_DIR": str(tmp_path / "file")})


@pytest.mark.parametrize(
    ("source", "kind"),
    [("bundled", BundledSource), ("jobtech", JobTechSource), ("arbeitsagentur", ArbeitsagenturSource)],
)
def test_create_source_wraps_the_chosen_adapter(tmp_path, source, kind):
    created = create_source(VacancySettings(source=source, data_dir=Path(tmp_path), cache_ttl=5, breaker_threshold=2))
    assert isinstance(created, ResilientSource) and isinstance(created.inner, kind)
    assert created.cache.ttl == 5 and created.breaker.threshold == 2 and created.site_url.startswith("https://")
