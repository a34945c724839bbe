import subprocess
import sys

import pytest

from bot.config import PROJECT_DIR, ConfigError, load_settings, read_env_file


def test_defaults_run_everything_on_loopback_with_sqlite_under_var(project):
    settings = load_settings({}, project)

    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.rasa_url == "http://127.0.0.1:5005"
    assert settings.actions_url == "http://127.0.0.1:5055/webhook"
    assert settings.tracker_url == f"sqlite:///{project / 'var' / 'tracker.db'}?timeout=25"
    assert settings.model_dir == project / "models"
    assert settings.public_url == "http://127.0.0.1:8000/"
    assert settings.rasa_token is None
    assert settings.allowed_origins == ()


def test_the_real_endpoints_file_is_satisfied_by_the_defaults():
    settings = load_settings({})
    assert settings.project_dir == PROJECT_DIR


def test_every_problem_is_reported_at_once_naming_its_variable(config_problems):
    problems = config_problems(ORIENTA_PORT="eighty", ORIENTA_RASA_PORT="70000", ORIENTA_LOG_LEVEL="LOUD")

    assert len(problems) == 3
    assert "ORIENTA_PORT='eighty' is not a port number" in problems[0]
    assert "ORIENTA_RASA_PORT='70000'" in problems[1]
    assert "ORIENTA_LOG_LEVEL='LOUD' must be one of DEBUG, INFO, WARNING, ERROR" in problems[2]


def test_error_text_reads_as_an_instruction_not_a_traceback(project):
    with pytest.raises(ConfigError) as caught:
        load_settings({"ORIENTA_PORT": "0"}, project)
    assert str(caught.value).startswith("Orienta cannot start, the configuration has problems:\n  - ORIENTA_PORT")


def test_ports_must_differ(config_problems):
    (problem,) = config_problems(ORIENTA_PORT="5005")
    assert "the ports must differ" in problem and "ORIENTA_RASA_PORT=5005" in problem


def test_gateway_alone_requires_the_rasa_token(project):
    with pytest.raises(ConfigError) as caught:
        load_settings({}, project, require_token=True)
    assert "ORIENTA_RASA_TOKEN is not set" in caught.value.problems[0]


def test_rasa_and_the_action_server_started_apart_require_their_shared_secret(project, config_problems):
    with pytest.raises(ConfigError) as caught:
        load_settings({}, project, require_actions_token=True)
    assert "ORIENTA_ACTIONS_TOKEN is not set" in caught.value.problems[0]
    (problem,) = config_problems(ORIENTA_ACTIONS_TOKEN="secret")
    assert "ORIENTA_ACTIONS_TOKEN is too short" in problem and "secret" not in problem


def test_an_unset_action_server_secret_is_made_once_per_start_and_reaches_both_processes(project):
    first, second = load_settings({}, project), load_settings({}, project)
    assert len(first.actions_token) >= 32 and first.actions_token != second.actions_token
    assert first.child_environment()["ORIENTA_ACTIONS_TOKEN"] == first.actions_token
    given = load_settings({"ORIENTA_ACTIONS_TOKEN": "t" * 20}, project)
    assert given.actions_token == "t" * 20


def test_short_token_is_refused(config_problems):
    (problem,) = config_problems(ORIENTA_RASA_TOKEN="secret")
    assert "ORIENTA_RASA_TOKEN is too short" in problem
    assert "secret" not in problem


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://db/orienta", "must start with one of sqlite://"),
        ("sqlite:///relative.db", "needs an absolute path"),
        ("no-scheme", "got no scheme"),
    ],
)
def test_unusable_tracker_urls_are_refused(project, url, expected, config_problems):
    (problem,) = config_problems(ORIENTA_TRACKER_URL=url)
    assert problem.startswith("ORIENTA_TRACKER_URL") and expected in problem


def test_postgresql_tracker_url_is_accepted(project):
    url = "postgresql://orienta:pw@db.internal:5432/orienta"
    assert load_settings({"ORIENTA_TRACKER_URL": url}, project).tracker_url == url


def test_allowed_origins_are_parsed_and_checked(project, config_problems):
    settings = load_settings({"ORIENTA_ALLOWED_ORIGINS": "https://pes.example.org/, https://jobs.example.org"}, project)
    assert settings.allowed_origins == ("https://pes.example.org", "https://jobs.example.org")

    (problem,) = config_problems(ORIENTA_ALLOWED_ORIGINS="pes.example.org")
    assert "'pes.example.org' is not an origin" in problem


def test_public_url_defaults_to_a_reachable_address_when_listening_on_all_interfaces(project, config_problems):
    assert load_settings({"ORIENTA_HOST": "0.0.0.0"}, project).public_url == "http://127.0.0.1:8000/"
    assert load_settings({"ORIENTA_PUBLIC_URL": "https://chat.example.org"}, project).public_url == (
        "https://chat.example.org/"
    )
    (problem,) = config_problems(ORIENTA_PUBLIC_URL="chat.example.org")
    assert problem.startswith("ORIENTA_PUBLIC_URL")


@pytest.mark.parametrize("raw", ["0", "10001", "lots"])
def test_message_limit_must_be_in_range(project, raw, config_problems):
    (problem,) = config_problems(ORIENTA_MAX_MESSAGE_CHARS=raw)
    assert "from 1 to 10000" in problem


def test_rasa_timeout_must_be_a_sensible_number_of_seconds(project, config_problems):
    assert load_settings({"ORIENTA_RASA_TIMEOUT": "2.5"}, project).rasa_timeout == 2.5
    (problem,) = config_problems(ORIENTA_RASA_TIMEOUT="nan")
    assert "ORIENTA_RASA_TIMEOUT" in problem


def test_media_is_kept_a_week_under_the_data_dir_unless_configured(project):
    settings = load_settings({}, project)
    assert (settings.media_dir, settings.media_retention_days) == (project / "var" / "media", 7.0)
    assert load_settings({"ORIENTA_MEDIA_RETENTION_DAYS": "0.5"}, project).media_retention_days == 0.5


@pytest.mark.parametrize("raw", ["0", "366", "forever"])
def test_media_retention_must_be_a_sensible_number_of_days(project, raw, config_problems):
    (problem,) = config_problems(ORIENTA_MEDIA_RETENTION_DAYS=raw)
    assert "ORIENTA_MEDIA_RETENTION_DAYS" in problem and "days" in problem


def test_dotenv_file_is_read_and_the_environment_wins(project):
    (project / ".env").write_text("# local settings\nORIENTA_PORT=8100\nexport ORIENTA_RASA_PORT='5100'\n")

    assert load_settings({}, project).port == 8100
    assert load_settings({}, project).rasa_port == 5100
    assert load_settings({"ORIENTA_PORT": "8200"}, project).port == 8200


def test_malformed_dotenv_line_is_named(project, config_problems):
    (project / ".env").write_text("ORIENTA_PORT=8100\nthis is not a setting\n")
    (problem,) = config_problems()
    assert problem == ".env line 2: expected KEY=value"


def test_read_env_file_of_missing_file_is_empty(tmp_path):
    assert read_env_file(tmp_path / ".env") == {}


def test_endpoints_file_variables_must_be_set(project, config_problems):
    (project / "endpoints.yml").write_text("action_endpoint:\n  url: ${ORIENTA_SOMETHING_NEW}\n")
    (problem,) = config_problems()
    assert problem == "endpoints.yml uses ${ORIENTA_SOMETHING_NEW}, which is not set."


def test_endpoints_file_must_be_valid_yaml(project, config_problems):
    (project / "endpoints.yml").write_text("tracker_store: [unclosed\n")
    (problem,) = config_problems()
    assert problem.startswith("endpoints.yml is not valid YAML")


def test_missing_endpoints_file_is_reported(project, config_problems):
    (project / "endpoints.yml").unlink()
    (problem,) = config_problems()
    assert problem.startswith("endpoints.yml is missing")


def test_child_environment_carries_what_endpoints_yml_reads(project):
    settings = load_settings({"ORIENTA_RASA_TOKEN": "x" * 20}, project)
    env = settings.child_environment()
    assert env["ORIENTA_ACTIONS_URL"] == settings.actions_url
    assert env["ORIENTA_TRACKER_URL"] == settings.tracker_url
    assert env["ORIENTA_RASA_TOKEN"] == "x" * 20


def test_gateway_started_with_bad_config_prints_the_problems_and_exits_2():
    env = {"PATH": "/usr/bin:/bin", "ORIENTA_PORT": "not-a-port", "ORIENTA_RASA_TOKEN": "t" * 20}
    result = subprocess.run(
        [sys.executable, "-m", "bot"], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "ORIENTA_PORT='not-a-port' is not a port number" in result.stderr
    assert "Traceback" not in result.stderr


def test_vacancy_source_problems_stop_the_start_naming_the_variable(project):
    with pytest.raises(ConfigError) as error:
        load_settings({"VACANCY_SOURCE": "monster", "JOBTECH_BASE_URL": "ftp://x"}, project)
    text = str(error.value)
    assert "VACANCY_SOURCE='monster'" in text and "JOBTECH_BASE_URL" in text


def test_vacancy_variables_from_dotenv_reach_the_action_server(project):
    (project / ".env").write_text("VACANCY_SOURCE=jobtech\nJOBTECH_BASE_URL=http://127.0.0.1:9\n")
    env = load_settings({}, project).child_environment()
    assert env["VACANCY_SOURCE"] == "jobtech" and env["JOBTECH_BASE_URL"] == "http://127.0.0.1:9"


def test_the_time_zone_from_dotenv_reaches_the_action_server(project):
    (project / ".env").write_text("ORIENTA_TIMEZONE=Europe/Berlin\n")
    assert load_settings({}, project).child_environment()["ORIENTA_TIMEZONE"] == "Europe/Berlin"


def test_alert_timing_defaults_to_daily_with_quiet_nights(project):
    settings = load_settings({}, project)
    assert (settings.alerts.interval_minutes, settings.alerts.quiet_hours) == (1440, "21-8")
    assert settings.child_environment()["ORIENTA_ALERT_INTERVAL_MINUTES"] == "1440"
    assert load_settings({"ORIENTA_ALERT_QUIET_HOURS": "none"}, project).alerts.quiet_hours == ""


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ORIENTA_ALERT_INTERVAL_MINUTES", "0"),
        ("ORIENTA_ALERT_CHECK_SECONDS", "often"),
        ("ORIENTA_ALERT_QUIET_HOURS", "late"),
        ("ORIENTA_TIMEZONE", "Mars/Olympus"),
    ],
)
def test_bad_alert_settings_are_refused(project, name, value):
    with pytest.raises(ConfigError, match=name):
        load_settings({name: value}, project)


def test_retention_days_default_to_180_and_a_bad_value_is_named():
    assert load_settings({}, PROJECT_DIR).retention_days == 180
    assert load_settings({"ORIENTA_RETENTION_DAYS": "30"}, PROJECT_DIR).retention_days == 30
    with pytest.raises(ConfigError, match="ORIENTA_RETENTION_DAYS"):
        load_settings({"ORIENTA_RETENTION_DAYS": "0"}, PROJECT_DIR)


def test_widget_origins_are_parsed_checked_and_joined_to_the_socketio_origins(project, config_problems):
    from bot.app import socketio_origins

    settings = load_settings(
        {"WIDGET_ALLOWED_ORIGINS": "https://www.pes.example/, https://jobs.pes.example:8443"}, project
    )
    assert settings.widget_origins == ("https://www.pes.example", "https://jobs.pes.example:8443")
    assert socketio_origins(settings) == [
        "http://127.0.0.1:8000",
        "https://www.pes.example",
        "https://jobs.pes.example:8443",
    ]
    assert socketio_origins(load_settings({}, project)) is None

    problems = config_problems(WIDGET_ALLOWED_ORIGINS="www.pes.example, https://pes.example/chat?x=1")
    assert problems == [
        "WIDGET_ALLOWED_ORIGINS: 'www.pes.example' is not an origin like https://www.example.org (or *).",
        "WIDGET_ALLOWED_ORIGINS: 'https://pes.example/chat?x=1' is not an origin like https://www.example.org (or *).",
    ]


@pytest.mark.parametrize("name", ["ORIENTA_WEB_MESSAGES_PER_MINUTE", "ORIENTA_WEB_MESSAGES_PER_MINUTE_PER_IP"])
def test_web_rate_limits_must_be_positive_whole_numbers(project, name, config_problems):
    (problem,) = config_problems(**{name: "0"})
    assert problem.startswith(name)
    assert load_settings({}, project).web_limits.per_session == 60


def test_sqlite_tracker_connections_wait_for_another_writers_lock_unless_the_url_says(project):
    # SQLite's own 5 s wait made Rasa fall back to an empty in-memory tracker under a lock.
    url = f"sqlite:///{project / 'db.sqlite'}"
    assert load_settings({"ORIENTA_TRACKER_URL": url}, project).tracker_url == f"{url}?timeout=25"
    given = f"{url}?timeout=2"
    assert load_settings({"ORIENTA_TRACKER_URL": given}, project).tracker_url == given


def test_an_events_file_is_checked_at_start_and_passed_to_the_action_server(project):
    (project / "events.yml").write_text(
        "events:\n  - {date: 2027-01-10, title: Fair, place: Lund, url: https://e.org}\n"
    )
    settings = load_settings({"ORIENTA_EVENTS_FILE": "events.yml"}, project)
    assert settings.child_environment()["ORIENTA_EVENTS_FILE"] == str(project / "events.yml")
    assert "ORIENTA_EVENTS_FILE" not in load_settings({}, project).child_environment()


@pytest.mark.parametrize(
    ("content", "expected"),
    [(None, "cannot read"), ("events: [unclosed\n", "not valid YAML"), ("events:\n  - {title: x}\n", "event 1 needs")],
)
def test_a_missing_or_broken_events_file_stops_the_start_with_its_name(project, content, expected, config_problems):
    if content is not None:
        (project / "events.yml").write_text(content)
    (problem,) = config_problems(ORIENTA_EVENTS_FILE="events.yml")
    assert problem.startswith("ORIENTA_EVENTS_FILE") and expected in problem
