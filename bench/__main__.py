"""``make bench`` / ``python -m bench``: Orienta's whole path against stock Rasa, in one run.

Prints the table (with ratios to stock Rasa and the issue's targets) and writes
``bench/results/<date>.json`` and ``<date>.png``. See README, "Performance".
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from bench.report import write
from bench.run import Options, run
from bench.sizes import RESULTS_DIR


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run, report."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--levels",
        default="1,10,50,100",
        help='concurrent users per level (default 1,10,50,100); "" for none: '
        "cold start, calibration, tracker growth and sizes only (about 3 minutes)",
    )
    parser.add_argument("--seconds", type=float, default=25.0, help="seconds per level and system (default 25)")
    parser.add_argument("--train", action="store_true", help="also time `rasa train` (minutes); else a record is used")
    parser.add_argument("--gateway-url", help="benchmark a running Orienta instead of starting one")
    parser.add_argument("--rasa-url", help="its Rasa server (for tracker growth), with --gateway-url")
    parser.add_argument("--rasa-token", help="its Rasa token, with --rasa-url")
    parser.add_argument("--model", type=Path, default=Options.model, help="the trained model stock Rasa serves")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="where the JSON and PNG go")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    options = Options(
        levels=tuple(int(level) for level in args.levels.split(",") if level.strip()),
        seconds=args.seconds,
        train=args.train,
        gateway_url=args.gateway_url,
        rasa_url=args.rasa_url,
        rasa_token=args.rasa_token,
        model=args.model,
    )
    results = asyncio.run(run(options))
    text, data, png = write(results, args.out)
    print(text)
    print(f"\nWrote {data} and {png}." if png else f"\nWrote {data} (no levels, so no chart).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
