import shutil
import socket
from pathlib import Path

import pytest

from bot.config import PROJECT_DIR, ConfigError, load_settings
from bot.preflight import check_model, check_port_free, check_privacy_notice, check_tracker_database, run_preflight


def test_busy_port_is_reported_with_its_variable():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        problem = check_port_free("127.0.0.1", port, "ORIENTA_PORT")
    assert problem is not None
    assert problem.startswith(f"ORIENTA_PORT: cannot listen on 127.0.0.1:{port}")


def test_free_port_passes():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert check_port_free("127.0.0.1", port, "ORIENTA_PORT") is None


def test_sqlite_database_is_created_with_its_directory(tmp_path):
    path = tmp_path / "new" / "dir" / "tracker.db"
    assert check_tracker_database(f"sqlite:///{path}") is None
    assert path.parent.is_dir()


def test_sqlite_database_in_an_unwritable_place_is_reported(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a directory")
    problem = check_tracker_database(f"sqlite:///{blocker / 'tracker.db'}")
    assert problem is not None
    assert problem.startswith("ORIENTA_TRACKER_URL: cannot write the SQLite tracker database")


def test_unreachable_postgresql_is_reported_without_the_password():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the block ends: nothing listens there
    problem = check_tracker_database(f"postgresql://orienta:s3cret-pw@127.0.0.1:{port}/orienta")
    assert problem is not None
    assert "cannot connect to the tracker database" in problem
    assert "s3cret-pw" not in problem


def test_missing_model_says_how_to_train(tmp_path):
    problem = check_model(tmp_path / "models")
    assert problem is not None and "run `make train`" in problem
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "orienta.tar.gz").write_bytes(b"")
    assert check_model(tmp_path / "models") is None


def test_run_preflight_collects_every_problem(tmp_path: Path):
    shutil.copy(PROJECT_DIR / "endpoints.yml", tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        settings = load_settings({"ORIENTA_PORT": str(busy.getsockname()[1])}, tmp_path)
        with pytest.raises(ConfigError) as caught:
            run_preflight(settings)
    problems = caught.value.problems
    assert [p.split(":")[0] for p in problems] == ["ORIENTA_PORT", "ORIENTA_MODEL_DIR"]


def test_the_bundled_privacy_notice_settings_pass_and_a_broken_file_is_reported(tmp_path: Path):
    assert check_privacy_notice() is None
    broken = tmp_path / "notice.yml"
    broken.write_text('controller: ""\ncontact: dpo@example.org\n', encoding="utf-8")
    assert check_privacy_notice(broken) == (
        "notice.yml: the privacy notice's settings are unusable (notice.yml: 'controller' must be a non-empty text)."
    )
    assert "unusable" in (check_privacy_notice(tmp_path / "missing.yml") or "")


def test_a_role_started_on_its_own_is_checked_for_its_own_port_and_needs_no_model_without_rasa(tmp_path: Path):
    shutil.copy(PROJECT_DIR / "endpoints.yml", tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        settings = load_settings({"ORIENTA_RASA_PORT": str(busy.getsockname()[1])}, tmp_path)
        run_preflight(settings, ("gateway",))  # the busy Rasa port and the missing model are not its business
        with pytest.raises(ConfigError) as caught:
            run_preflight(settings, ("rasa",))
    assert [p.split(":")[0] for p in caught.value.problems] == ["ORIENTA_RASA_PORT", "ORIENTA_MODEL_DIR"]
