"""The first supervisor at the first start, and ``python -m bot.console create-user``."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from bot.config import PROJECT_DIR
from bot.console.first_user import FIRST_USERNAME, ensure_first_supervisor
from bot.console.tables import open_engine
from bot.console.users import SUPERVISOR, UserStore


def test_the_first_supervisor_is_created_once_with_a_password_that_works_and_must_be_changed(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    created = ensure_first_supervisor(url)
    assert created is not None
    user, password = created
    assert (user.username, user.role, user.must_change_password) == (FIRST_USERNAME, SUPERVISOR, True)
    assert UserStore(open_engine(url)).authenticate(FIRST_USERNAME, password) is not None
    assert ensure_first_supervisor(url) is None


def test_create_user_prints_a_one_time_password_that_logs_in(tmp_path):
    shutil.copy(PROJECT_DIR / "endpoints.yml", tmp_path)
    env = {"PATH": "/usr/bin:/bin", "ORIENTA_DATA_DIR": str(tmp_path)}
    command = [sys.executable, "-m", "bot.console", "create-user", "Eva", "--role", "operator", "--name", "Eva"]
    done = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    password = re.search(r"One-time password \(shown only now\): (\S+)", done.stdout).group(1)
    user = UserStore(open_engine(f"sqlite:///{tmp_path / 'tracker.db'}")).authenticate("eva", password)
    assert user is not None and user.display_name == "Eva" and user.must_change_password
    again = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert again.returncode == 2 and "already a user called eva" in again.stderr


def test_two_gateways_starting_together_create_one_first_supervisor(postgres):
    url = postgres.new_database()
    barrier = threading.Barrier(4)

    def start():
        barrier.wait()
        return ensure_first_supervisor(url)

    with ThreadPoolExecutor(4) as pool:
        created = [outcome.result() for outcome in [pool.submit(start) for _ in range(4)]]
    assert sum(1 for c in created if c is not None) == 1
    assert UserStore(open_engine(url)).count() == 1
