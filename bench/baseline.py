"""The baseline: the same trained model served by stock ``rasa run`` with its REST channel.

Stock means what ``rasa run`` does out of the box: the REST channel only, the in-memory tracker
store and no action server (Rasa logs each custom action it cannot run and carries on), so the
figures show what Orienta's gateway, actions and SQL tracker store add to Rasa itself. It runs
in an empty working directory so that none of Orienta's ``endpoints.yml`` is picked up; the
model's two custom NLU components are imported from the project (``PYTHONPATH``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.stack import stop_group, wait_for_http
from bot.config import PROJECT_DIR
from tests.e2e.stack import free_ports


@dataclass
class StockRasa:
    """A running stock Rasa server."""

    process: subprocess.Popen[bytes]
    url: str
    cold_start_seconds: float
    log: Path

    @classmethod
    def start(cls, model: Path, work_dir: Path) -> StockRasa:
        """Start ``rasa run --enable-api`` on a free port; time process start → model loaded."""
        work_dir.mkdir(parents=True, exist_ok=True)
        (work_dir / "credentials.yml").write_text("rest:\n", encoding="utf-8")
        (port,) = free_ports(1)
        env = {
            **os.environ,
            "PYTHONPATH": str(PROJECT_DIR),
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        }
        log = work_dir / "stock-rasa.log"
        started = time.monotonic()
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "rasa", "run", "--enable-api", "--interface", "127.0.0.1",
                 "--port", str(port), "--model", str(model), "--credentials", "credentials.yml"],
                cwd=work_dir, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            wait_for_http(f"{url}/status", process, log, ready=lambda response: bool(response.json().get("model_file")))
        except RuntimeError:
            stop_group(process)
            raise
        return cls(process, url, time.monotonic() - started, log)

    def stop(self) -> None:
        """Stop the server."""
        stop_group(self.process)
