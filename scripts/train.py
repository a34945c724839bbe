"""Train the Rasa model only when its inputs changed (``make train``).

Three levels, cheapest first:
1. the model in ORIENTA_MODEL_DIR was trained from exactly these inputs
   (a hash of config.yml, domain.yml, the training data and rasa's version,
   kept beside the model): nothing to do, in milliseconds;
2. a model for this hash is in the cache outside the clone
   (~/.cache/orienta/models): copy it;
3. otherwise ``rasa train``, which itself skips training when Rasa's own
   fingerprint says nothing that matters changed; the result is cached.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from bot.config import ConfigError, load_settings  # noqa: E402

TRAINING_DATA = ("data/nlu", "data/rules", "data/stories")
INPUTS = ("config.yml", "domain.yml", *TRAINING_DATA)
MODEL_NAME = "orienta"


def inputs_hash() -> str:
    """Hash of everything the model is trained from, plus rasa's pinned version."""
    digest = hashlib.sha256()
    files = sorted(
        path
        for name in INPUTS
        for path in ([PROJECT_DIR / name] if (PROJECT_DIR / name).is_file() else (PROJECT_DIR / name).rglob("*"))
        if path.is_file()
    )
    for path in files:
        digest.update(str(path.relative_to(PROJECT_DIR)).encode())
        digest.update(path.read_bytes())
    lock = (PROJECT_DIR / "requirements.lock").read_text(encoding="utf-8")
    digest.update("".join(line for line in lock.splitlines() if line.startswith("rasa")).encode())
    return digest.hexdigest()[:16]


def main() -> int:
    """Make ORIENTA_MODEL_DIR hold a model trained from the current inputs."""
    try:
        model_dir = load_settings().model_dir
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    cache_root = Path(os.environ.get("ORIENTA_CACHE_DIR") or Path.home() / ".cache" / "orienta")
    key = inputs_hash()
    model = model_dir / f"{MODEL_NAME}.tar.gz"
    stamp = model_dir / ".inputs-hash"
    cached = cache_root / "models" / f"{key}.tar.gz"

    if model.is_file() and stamp.is_file() and stamp.read_text().strip() == key:
        print(f"The model is up to date ({model}).")
        return 0
    model_dir.mkdir(parents=True, exist_ok=True)
    if cached.is_file():
        shutil.copyfile(cached, model)
        print(f"Reused the cached model for these inputs ({cached}).")
    else:
        started = time.monotonic()
        command = [
            str(Path(sys.executable).parent / "rasa"), "train",
            "--config", "config.yml", "--domain", "domain.yml",
            "--data", *TRAINING_DATA,
            "--out", str(model_dir), "--fixed-model-name", MODEL_NAME,
        ]  # fmt: skip
        env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
        result = subprocess.run(command, cwd=PROJECT_DIR, env=env, check=False)
        if result.returncode != 0 or not model.is_file():
            print("Training failed; see Rasa's messages above.", file=sys.stderr)
            return 1
        print(f"Training took {time.monotonic() - started:.0f} s.")
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".partial")
        shutil.copyfile(model, partial)
        partial.replace(cached)
    stamp.write_text(key + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
