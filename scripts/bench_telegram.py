"""Time from a Telegram update to the bot's sendMessage, for a greeting.

The gateway (with PTB, long polling) runs in this process against the fake
Bot API (tests/fakes/telegram.py); each run queues one "hello" update in the
fake and measures until the fake receives the sendMessage that answers it.

    .venv/bin/python scripts/bench_telegram.py             # fake Rasa: the gateway's own overhead
    .venv/bin/python scripts/bench_telegram.py --real-rasa # real Rasa + actions (needs a trained model)

``bench()`` is importable for a later ``make bench``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from bot.app import create_gateway  # noqa: E402
from bot.config import load_settings  # noqa: E402
from tests.fakes.rasa import FakeRasa  # noqa: E402
from tests.fakes.server import serve  # noqa: E402
from tests.fakes.telegram import TOKEN, FakeTelegram  # noqa: E402

WARMUP_RUNS = 2


def bench(runs: int = 20, real_rasa: bool = False) -> dict[str, float]:
    """Median (and spread) in milliseconds from update queued to sendMessage received."""
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copy(PROJECT_DIR / "endpoints.yml", project / "endpoints.yml")
        (project / "var").mkdir()  # the data folder the launcher's pre-flight would create
        shutil.copy(PROJECT_DIR / "domain.yml", project / "domain.yml")
        if real_rasa:
            from tests.e2e.stack import SplitStack

            backend = SplitStack.start(project / "var")
            stack.callback(backend.stop)
            rasa_port, token = backend.settings.rasa_port, str(backend.settings.rasa_token)
        else:
            fake_rasa = FakeRasa()
            rasa_port, token = urlsplit(stack.enter_context(serve(fake_rasa.app()))).port or 0, fake_rasa.token
        telegram = FakeTelegram()
        api = stack.enter_context(serve(telegram.app()))
        env = {
            "ORIENTA_RASA_PORT": str(rasa_port),
            "ORIENTA_RASA_TOKEN": token,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": api,
        }
        stack.enter_context(serve(create_gateway(load_settings(env, project)).app))
        telegram.wait_for("getUpdates", timeout=30)
        timings = []
        for run in range(WARMUP_RUNS + runs):
            chat = 9000 + run
            queued = time.monotonic()
            telegram.user_says(chat, "hello")
            (sent,) = telegram.wait_for("sendMessage", lambda c, chat=chat: c.chat_id == chat, timeout=60)
            if run >= WARMUP_RUNS:
                timings.append((sent.at - queued) * 1000)
    return {
        "runs": runs,
        "median_ms": statistics.median(timings),
        "p90_ms": sorted(timings)[int(0.9 * (len(timings) - 1))],
        "min_ms": min(timings),
        "max_ms": max(timings),
    }


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--real-rasa", action="store_true", help="start Rasa and the action server (slow start)")
    args = parser.parse_args()
    result = bench(args.runs, args.real_rasa)
    rasa = "real Rasa" if args.real_rasa else "fake Rasa"
    print(
        f"greeting, update -> sendMessage via the fake Bot API ({rasa}, {result['runs']} runs): "
        f"median {result['median_ms']:.1f} ms, p90 {result['p90_ms']:.1f} ms, "
        f"min {result['min_ms']:.1f} ms, max {result['max_ms']:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
