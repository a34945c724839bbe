"""Sizes and training time: the model file, the installed virtualenv, ``rasa train``.

Training is not repeated on every run (it takes minutes of the 15-minute budget): a run reports
the training time recorded by an earlier ``--train`` run for the same training inputs (the hash
``scripts/train.py`` keys its model cache with), and measures ``rasa train`` only when asked.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.config import PROJECT_DIR

RESULTS_DIR = Path(__file__).with_name("results")
TRAIN_TIMEOUT_SECONDS = 900
#: Where Rasa keeps its cache of trained components (``rasa.engine.caching.CACHE_LOCATION_ENV``).
CACHE_DIRECTORY_VARIABLE = "RASA_CACHE_DIRECTORY"
DU_TIMEOUT_SECONDS = 120


def inputs_hash() -> str:
    """The hash of the training inputs, as ``make train`` computes it."""
    spec = importlib.util.spec_from_file_location("orienta_train", PROJECT_DIR / "scripts" / "train.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.inputs_hash())


def disk_usage(path: Path) -> int:
    """Bytes ``path`` takes on disk (``du``, following a symlinked top directory)."""
    output = subprocess.run(
        ["du", "-sk", "--dereference-args", str(path)],
        capture_output=True, text=True, check=True, timeout=DU_TIMEOUT_SECONDS,
    ).stdout  # fmt: skip
    return int(output.split()[0]) * 1024


def training_environment(cache_dir: str | Path) -> dict[str, str]:
    """The environment of a timed ``rasa train``: with an empty cache of Rasa's own.

    Rasa keeps every trained component in ``.rasa/cache`` and reuses it when its inputs have
    not changed, so after a ``make train`` a second training takes seconds, not minutes.
    """
    return {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", CACHE_DIRECTORY_VARIABLE: str(cache_dir)}


def measure_training() -> float:
    """Seconds a whole ``rasa train`` takes on this machine, into a throw-away directory."""
    with tempfile.TemporaryDirectory(prefix="orienta-train-") as out:
        command = [
            sys.executable, "-m", "rasa", "train", "--config", "config.yml", "--domain", "domain.yml",
            "--data", "data/nlu", "data/rules", "data/stories", "--out", out, "--fixed-model-name", "bench",
        ]  # fmt: skip
        started = time.monotonic()
        subprocess.run(
            command, cwd=PROJECT_DIR, env=training_environment(Path(out) / "rasa-cache"),
            check=True, timeout=TRAIN_TIMEOUT_SECONDS, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        return time.monotonic() - started


def recorded_training(key: str, results_dir: Path = RESULTS_DIR) -> dict[str, Any] | None:
    """The latest measured training time for inputs ``key`` among earlier results, if any."""
    for path in sorted(results_dir.glob("*.json"), reverse=True):
        try:
            training = json.loads(path.read_text(encoding="utf-8")).get("sizes", {}).get("training") or {}
        except (OSError, ValueError):
            continue
        if training.get("inputs_hash") == key and training.get("how") == "measured":
            return {**training, "how": f"recorded in {path.name}"}
    return None


def measure(model: Path, *, train: bool) -> dict[str, Any]:
    """Model size, install size and training time (measured, recorded or unknown)."""
    key = inputs_hash()
    if train:
        training: dict[str, Any] = {"seconds": measure_training(), "how": "measured", "inputs_hash": key}
    else:
        training = recorded_training(key) or {
            "seconds": None,
            "how": "not measured (run with --train)",
            "inputs_hash": key,
        }
    return {
        "model_bytes": model.stat().st_size,
        "venv_bytes": disk_usage(PROJECT_DIR / ".venv"),
        "training": training,
        "cores": os.cpu_count(),
    }
