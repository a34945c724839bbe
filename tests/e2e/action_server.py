"""The real action server on its own, and calls to it shaped as Rasa makes them.

Vacancy actions need no dialogue model to be exercised end to end: Rasa only posts the tracker
to ``/webhook``. Starting the action server alone (a second or two) lets tests and the
benchmark point it at a fake vacancy API without a second Rasa server.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import yaml

from bot.config import PROJECT_DIR
from tests.e2e.stack import free_ports

DOMAIN = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text(encoding="utf-8"))
#: The secret these tests' action servers require, as Rasa sends it (rasa_ext/action_server.py).
TOKEN = secrets.token_urlsafe(24)


@contextmanager
def action_server(data_dir: Path, env: dict[str, str]) -> Iterator[str]:
    """Run the action server as the launcher does, on a free loopback port; yields its webhook URL."""
    (port,) = free_ports(1)
    log = (data_dir / "actions.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "rasa_ext.action_server", "--actions", "actions", "--port", str(port)],
        cwd=PROJECT_DIR,
        env={
            **os.environ,
            "SANIC_HOST": "127.0.0.1",
            "ORIENTA_ACTIONS_TOKEN": TOKEN,
            "ORIENTA_DATA_DIR": str(data_dir),
            "ORIENTA_TRACKER_URL": f"sqlite:///{data_dir / 'tracker.db'}",
            **env,
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((data_dir / "actions.log").read_text()[-3000:])
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}/webhook"
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def call(
    webhook: str,
    action: str,
    intent: str,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    sender: str = "web:test",
    timeout: float = 30,
) -> dict[str, Any]:
    """Ask the action server to run ``action`` as Rasa would; returns its JSON answer."""
    tracker = {
        "sender_id": sender,
        "slots": slots or {},
        "latest_message": {"text": "", "intent": {"name": intent, "confidence": 1.0}, "entities": entities or []},
        "events": [],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    }
    body = {"next_action": action, "sender_id": sender, "tracker": tracker, "domain": DOMAIN, "version": "3.6.2"}
    response = httpx.post(webhook, json=body, timeout=timeout, headers={"Authorization": f"Bearer {TOKEN}"})
    response.raise_for_status()
    return response.json()


def slots_after(answer: dict[str, Any], slots: dict[str, Any] | None = None) -> dict[str, Any]:
    """The slots once the answer's SlotSet events are applied."""
    new = dict(slots or {})
    new.update({e["name"]: e["value"] for e in answer["events"] if e["event"] == "slot"})
    return new
