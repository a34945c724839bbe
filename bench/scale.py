"""``python -m bench.scale`` (``make bench-scale``): throughput of the scaled set-up against one node.

The same simulated web chat users (bench/users.py, the conversations of bench/conversations.yml)
drive, one after the other so both see the same machine:

- **one node**: one Rasa server, one action server and one gateway on SQLite, Rasa's locks and
  the web chat's state in memory (what ``make run`` starts);
- **scaled**: PostgreSQL and Redis, two Rasa servers, two action servers and two gateways
  (tests/scale/stack.py), each user on one gateway in turn, as behind a load balancer.

It prints answered messages per second and latency per level and writes
``bench/results/scale-<date>.json``. On a machine with few cores the replicas share them, so
the figure says what PostgreSQL, Redis and the routing cost there; the gain of replicas comes
from giving each its own cores (README "Deploying at scale").
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aiohttp

from bench.measure import LatencySummary
from bench.scripts import load_scripts
from bench.sizes import RESULTS_DIR
from bench.users import TroubleTexts, WebUser, run_users
from tests.e2e.stack import SplitStack, wait_ready
from tests.fakes.server import serve
from tests.fakes.telegram import FakeTelegram
from tests.scale.stack import ScaleStack
from tests.servers import running_servers

#: Every simulated user comes from 127.0.0.1: the web chat's per-IP limit would measure itself
#: (as bench/stack.py, which sets the same). Per gateway, so two gateways would allow twice as much.
LIMITS = {"ORIENTA_WEB_MESSAGES_PER_MINUTE": "1000", "ORIENTA_WEB_MESSAGES_PER_MINUTE_PER_IP": "100000"}


async def drive(urls: Sequence[str], levels: Sequence[int], seconds: float) -> list[dict[str, Any]]:
    """Each level's figures with its users spread over ``urls`` (user i on gateway i mod n)."""
    scripts = load_scripts()
    trouble = TroubleTexts()
    figures = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        # One quiet pass per gateway first: the first messages load TensorFlow's graphs.
        for url in urls:
            warm = await WebUser.open(session, url, trouble)
            for script in scripts:
                await warm.converse(script, lambda record: None, float("inf"))
            await warm.close()
        for level in levels:
            users = [await WebUser.open(session, urls[i % len(urls)], trouble) for i in range(level)]
            records, elapsed = await run_users(users, scripts, seconds)
            await asyncio.gather(*(user.close() for user in users))
            ok = [r.latency for r in records if r.error is None]
            latency = LatencySummary.of(ok)
            figures.append(
                {
                    "users": level,
                    "seconds": round(elapsed, 1),
                    "answered": len(ok),
                    "errors": dict(Counter(r.error for r in records if r.error is not None)),
                    "throughput": round(len(ok) / elapsed, 2) if elapsed else 0.0,
                    "p50_ms": round(latency.p50_ms) if latency else None,
                    "p95_ms": round(latency.p95_ms) if latency else None,
                }
            )
    return figures


def one_node(work: Path) -> tuple[SplitStack, str]:
    """``make run``'s set-up on SQLite: Rasa, the action server, one gateway."""
    stack = SplitStack.start(work / "single")
    process, url = stack.start_gateway("gateway", {})
    wait_ready(url, process, stack.log("gateway"))
    return stack, url


async def measure(levels: Sequence[int], seconds: float) -> dict[str, Any]:
    """Both set-ups, one after the other."""
    results: dict[str, Any] = {"levels": list(levels), "seconds_per_level": seconds}
    with tempfile.TemporaryDirectory(prefix="orienta-bench-scale-") as tmp:
        work = Path(tmp)
        single, url = await asyncio.to_thread(one_node, work)
        try:
            results["single"] = await drive([url], levels, seconds)
        finally:
            await asyncio.to_thread(single.stop)
        fake = FakeTelegram()
        with contextlib.ExitStack() as stops:
            api = stops.enter_context(serve(fake.app()))
            postgres, redis = stops.enter_context(running_servers())
            scaled = await asyncio.to_thread(ScaleStack.start, work / "scaled", postgres, redis, fake, api)
            stops.callback(scaled.stop)
            results["scaled"] = await drive(list(scaled.gateway_urls.values()), levels, seconds)
    return results


def table(results: dict[str, Any]) -> str:
    """The figures side by side, with the scaled throughput as a share of one node's."""
    lines = ["users | one node: msg/s (p50, p95 ms) | scaled: msg/s (p50, p95 ms) | scaled / one node"]
    for single, scaled in zip(results["single"], results["scaled"], strict=True):
        share = scaled["throughput"] / single["throughput"] if single["throughput"] else float("nan")
        lines.append(
            f"{single['users']:>5} | {single['throughput']:>6.2f} ({single['p50_ms']}, {single['p95_ms']})"
            f" errors {sum(single['errors'].values())} | {scaled['throughput']:>6.2f} ({scaled['p50_ms']},"
            f" {scaled['p95_ms']}) errors {sum(scaled['errors'].values())} | {share:.2f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse the options, measure, print and write the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="10,40", help="concurrent web users per level (default 10,40)")
    parser.add_argument("--seconds", type=float, default=20.0, help="seconds per level and set-up (default 20)")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="where the JSON goes")
    args = parser.parse_args(argv)
    levels = [int(level) for level in args.levels.split(",")]
    # Both set-ups start their processes with this process's environment (tests/e2e/stack.py).
    os.environ.update(LIMITS)
    results = asyncio.run(measure(levels, args.seconds))
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"scale-{time.strftime('%Y-%m-%d')}.json"
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nWrote {path}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
