"""The bundled ads as the e2e tests need to know them, read from the data files themselves."""

from __future__ import annotations

import json
import re
from functools import cache

from bot.config import PROJECT_DIR


@cache
def demo_headlines() -> frozenset[str]:
    """Titles of the fictional demo ads (data/vacancies/demo_ads.jsonl).

    Which ads come first for a search depends on the day: demo dates are rebased to today while
    the real sample ads keep theirs. Tests therefore check a card's demo badge against this.
    """
    with (PROJECT_DIR / "data" / "vacancies" / "demo_ads.jsonl").open(encoding="utf-8") as lines:
        return frozenset(json.loads(line)["headline"] for line in lines if line.strip())


def is_demo_title(card_title: str) -> bool:
    """A card title such as "3. Cook wanted" names a demo ad."""
    return re.sub(r"^\d+\. ", "", card_title.strip()) in demo_headlines()
