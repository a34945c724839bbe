"""The action server's settings: the launcher's values, the single-node defaults, clear refusals."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from actions.settings import DEFAULT_TRACKER_URL, action_settings, parse_action_settings


def test_without_variables_the_action_server_uses_the_single_node_defaults(tmp_path):
    settings = parse_action_settings({}, tmp_path)
    assert settings.tracker_url == DEFAULT_TRACKER_URL
    assert settings.timezone.key == "Europe/Stockholm"
    assert settings.alert_interval == timedelta(days=1)
    assert settings.data_dir == tmp_path / "var"


def test_the_values_the_launcher_passes_are_used(tmp_path):
    settings = parse_action_settings(
        {
            "ORIENTA_TRACKER_URL": "postgresql://orienta@db/orienta",
            "ORIENTA_TIMEZONE": "Europe/Berlin",
            "ORIENTA_ALERT_INTERVAL_MINUTES": "90",
            "ORIENTA_DATA_DIR": "/srv/orienta",
        },
        tmp_path,
    )
    assert settings.tracker_url == "postgresql://orienta@db/orienta"
    assert settings.timezone.key == "Europe/Berlin"
    assert settings.alert_interval == timedelta(minutes=90)
    assert settings.data_dir == Path("/srv/orienta")


def test_a_relative_data_dir_is_under_the_project(tmp_path):
    assert parse_action_settings({"ORIENTA_DATA_DIR": "data-here"}, tmp_path).data_dir == tmp_path / "data-here"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("ORIENTA_TIMEZONE", "Mars/Olympus"),
        ("ORIENTA_ALERT_INTERVAL_MINUTES", "often"),
        ("ORIENTA_ALERT_INTERVAL_MINUTES", "0"),
        ("ORIENTA_ALERT_INTERVAL_MINUTES", "nan"),
    ],
)
def test_a_value_that_cannot_be_used_is_refused_naming_the_variable(variable, value):
    with pytest.raises(ValueError, match=f"^{variable}="):
        parse_action_settings({variable: value})


def test_the_process_reads_its_environment_once(monkeypatch):
    monkeypatch.setenv("ORIENTA_TIMEZONE", "Europe/Warsaw")
    first = action_settings()
    monkeypatch.setenv("ORIENTA_TIMEZONE", "Europe/Berlin")
    assert action_settings() is first and first.timezone.key == "Europe/Warsaw"
