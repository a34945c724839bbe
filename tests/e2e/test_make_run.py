"""`make run`, as a newcomer types it, on an empty data directory."""

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import httpx

from bot.config import PROJECT_DIR
from tests.e2e.stack import START_TIMEOUT_SECONDS, port_open, stack_environment


def processes_with(marker: str) -> list[int]:
    """PIDs of processes whose environment contains ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_make_run_on_empty_var_prints_the_url_answers_readyz_and_stops_on_ctrl_c(tmp_path):
    data_dir = tmp_path / "fresh-var"  # does not exist yet
    env, ports = stack_environment(data_dir, token="unused")
    del env["ORIENTA_RASA_TOKEN"]  # the launcher makes one per run
    url = f"http://127.0.0.1:{ports['gateway']}/"
    make = subprocess.Popen(
        ["make", "run"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, like a terminal's foreground job
    )
    lines: list[str] = []
    printed_url = threading.Event()

    def read_output() -> None:
        assert make.stdout
        for line in make.stdout:
            lines.append(line)
            if f"Open {url}" in line:
                printed_url.set()

    reader = threading.Thread(target=read_output, daemon=True)
    reader.start()
    try:
        assert printed_url.wait(START_TIMEOUT_SECONDS), "".join(lines[-60:])
        assert httpx.get(f"{url}readyz", timeout=10).status_code == 200
        assert (data_dir / "tracker.db").is_file()
        marker = f"ORIENTA_DATA_DIR={data_dir}"
        assert len(processes_with(marker)) >= 4  # make's shell/launcher and the three processes
    finally:
        os.killpg(make.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        make.wait(timeout=60)
        reader.join(timeout=10)

    output = "".join(lines)
    assert "Stopping Orienta" in output
    assert not any(port_open(port) for port in ports.values())
    deadline = time.monotonic() + 5
    while processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_with(marker) == [], output[-3000:]
