import subprocess
import sys

import pytest

from bot.config import PROJECT_DIR, load_settings
from bot.launcher import announce_first_supervisor, process_specs


def test_rasa_and_actions_are_bound_to_loopback_and_rasa_needs_the_token():
    settings = load_settings({"ORIENTA_HOST": "0.0.0.0", "ORIENTA_RASA_TOKEN": "k" * 24})
    actions, rasa, gateway = process_specs(settings)

    assert rasa.argv[rasa.argv.index("--interface") + 1] == "127.0.0.1"
    assert "--auth-token=" + "k" * 24 in rasa.argv  # one argument, so a token may start with "-"
    assert rasa.argv[rasa.argv.index("--port") + 1] == str(settings.rasa_port)
    assert actions.env["SANIC_HOST"] == "127.0.0.1"
    assert actions.argv[actions.argv.index("--port") + 1] == str(settings.actions_port)
    assert gateway.argv[-2:] == ["-m", "bot"]
    assert actions.argv[1:3] == ["-m", "rasa_ext.action_server"], "the action server that checks Rasa's secret"
    assert actions.env["ORIENTA_ACTIONS_TOKEN"] == rasa.env["ORIENTA_ACTIONS_TOKEN"] == settings.actions_token
    for spec in (actions, rasa, gateway):
        assert spec.env["ORIENTA_ACTIONS_URL"] == settings.actions_url
        assert spec.env["ORIENTA_TRACKER_URL"] == settings.tracker_url


def test_rasa_starts_without_its_usage_telemetry():
    rasa = process_specs(load_settings({"ORIENTA_RASA_TOKEN": "k" * 24}))[1]
    assert rasa.env["RASA_TELEMETRY_ENABLED"] == "false"


def test_launcher_with_a_bad_setting_prints_it_and_exits_2():
    env = {"PATH": "/usr/bin:/bin", "ORIENTA_PORT": "0"}
    result = subprocess.run(
        [sys.executable, "-m", "bot.launcher"], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "ORIENTA_PORT='0' is not a port number" in result.stderr
    assert "Traceback" not in result.stderr


def test_launcher_refuses_to_start_without_model_or_usable_database_and_says_why(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    env = {
        "PATH": "/usr/bin:/bin",
        "ORIENTA_TRACKER_URL": f"sqlite:///{blocker}/tracker.db",
        "ORIENTA_MODEL_DIR": str(tmp_path / "no-models"),
        "ORIENTA_PORT": "18931",
        "ORIENTA_RASA_PORT": "18932",
        "ORIENTA_ACTIONS_PORT": "18933",
    }
    result = subprocess.run(
        [sys.executable, "-m", "bot.launcher"], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "ORIENTA_MODEL_DIR: no trained model" in result.stderr
    assert "ORIENTA_TRACKER_URL: cannot write the SQLite tracker database" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_first_start_prints_the_console_login_and_a_one_time_password_and_later_starts_do_not(tmp_path, capsys):
    settings = load_settings({"ORIENTA_DATA_DIR": str(tmp_path), "ORIENTA_RASA_TOKEN": "k" * 24})
    announce_first_supervisor(settings)
    first = capsys.readouterr().out
    assert f"{settings.public_url}console/login" in first and "user supervisor, one-time password " in first
    announce_first_supervisor(settings)
    assert capsys.readouterr().out == ""


def test_only_names_the_processes_a_container_runs_and_refuses_unknown_ones(capsys):
    from bot.launcher import parse_only

    assert parse_only([]) == ("actions", "rasa", "gateway")
    assert parse_only(["--only", "rasa, actions"]) == ("rasa", "actions")
    with pytest.raises(SystemExit) as exited:
        parse_only(["--only", "rasa,nginx"])
    assert exited.value.code == 2 and "nginx" in capsys.readouterr().err


def test_a_rasa_replica_listens_where_orienta_rasa_interface_says_so_other_hosts_gateways_reach_it():
    settings = load_settings({"ORIENTA_RASA_INTERFACE": "0.0.0.0", "ORIENTA_RASA_TOKEN": "k" * 24})
    _, rasa, _ = process_specs(settings)
    assert rasa.argv[rasa.argv.index("--interface") + 1] == "0.0.0.0"


def test_a_role_started_on_its_own_needs_the_shared_rasa_token_and_says_so():
    env = {"PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "bot.launcher", "--only", "rasa,actions"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "ORIENTA_RASA_TOKEN is not set" in result.stderr
