"""How big the embeddable widget is on the wire: /widget.js as the gateway serves it.

The issue's budget is 50 KB gzipped for the widget with its socket.io client. The figure is
for the built bundle (``make widget``) with the texts of data/content/widget.yml put in, as
``GET /widget.js`` sends it, gzipped at level 6 (what a reverse proxy typically uses) and 9.
A figure, not a test: it prints and never fails on size.

    .venv/bin/python scripts/bench_widget.py
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from bot.telegram.commands import domain_intents  # noqa: E402
from bot.webchat.widget import BUNDLE_PATH, WidgetScript, WidgetTexts  # noqa: E402

BUDGET_KB = 50


def main() -> int:
    """Print the raw and gzipped sizes of the served widget.js."""
    built = WidgetScript(WidgetTexts.load(intents=domain_intents()).as_config(2000)).body()
    if built is None:
        print(f"{BUNDLE_PATH} is not built: run `make widget`", file=sys.stderr)
        return 1
    script, _ = built
    kb = {level: len(gzip.compress(script, compresslevel=level)) / 1024 for level in (6, 9)}
    print(
        f"widget.js as served: {len(script) / 1024:.1f} KB, {kb[6]:.1f} KB gzipped (level 6), "
        f"{kb[9]:.1f} KB (level 9); budget {BUDGET_KB} KB gzipped"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
