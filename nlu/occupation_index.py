"""ESCO occupations by their labels: exact, misspelt, and every occupation a word belongs to.

Why a second index beside the gazetteer's PhraseMatcher: the matcher finds labels written
correctly, one key per phrase. A jobseeker also writes "electrision" or "plumer", and "nurse"
names twenty ESCO occupations, not one. This index answers the two questions behind that:

- :meth:`OccupationIndex.fuzzy`: which labels look like these words, allowing a typo or two
  (edit distance with transpositions: 1 for a phrase of 6-8 letters, 2 from 9; only labels of
  about the same length and the same first letter are compared, so a look-up checks a few
  hundred labels, not 35,000);
- :meth:`OccupationIndex.containing`: which occupations have a label with this word in it,
  preferred labels first, then the shortest ("nurse" → "nurse responsible for general care",
  "veterinary nurse", …).

Labels are folded (lower case, no accents) like everywhere else in ``nlu/``. English and
Swedish labels are both indexed; :meth:`label` gives the English preferred label to show.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

from nlu.phrases import fold

PROJECT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
#: A typed phrase shorter than this is never matched fuzzily: short words are too alike.
MIN_FUZZY_CHARS = 6
#: From this length on, two typos are allowed; below it, one.
TWO_TYPOS_FROM = 9
#: difflib's cheap upper bound, used only to skip labels that cannot be close.
_PREFILTER = 0.7
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class OccupationMatch:
    """An ESCO occupation a phrase may mean, with how sure we are (1.0: written as labelled)."""

    esco_id: str
    score: float


class OccupationIndex:
    """Every ESCO label (English and Swedish) and the occupations behind it."""

    def __init__(self, labels: dict[str, set[str]], preferred: dict[str, str]) -> None:
        """``labels``: folded label → ESCO ids; ``preferred``: ESCO id → the label to show."""
        self._labels = labels
        self._preferred = preferred
        self._by_preferred = {_key(label): esco_id for esco_id, label in sorted(preferred.items(), reverse=True)}
        self._preferred_keys = set(self._by_preferred)
        self._buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        self._by_word: dict[str, set[str]] = defaultdict(set)
        for label in labels:
            self._buckets[(label[0], len(label))].append(label)
            for word in _WORD.findall(label):
                self._by_word[word].add(label)

    @classmethod
    def load(cls, data_dir: Path = PROJECT_DATA_DIR) -> OccupationIndex:
        """Read ``esco/occupations_en.csv`` and ``esco/occupations_sv.csv``."""
        labels: dict[str, set[str]] = defaultdict(set)
        preferred: dict[str, str] = {}
        for language in ("en", "sv"):
            path = data_dir / "esco" / f"occupations_{language}.csv"
            with path.open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    esco_id = row["occupation_id"]
                    if language == "en":
                        preferred[esco_id] = row["preferred_label"].strip()
                    names = [row["preferred_label"], *row.get("alt_labels", "").split("|")]
                    for name in names:
                        folded = " ".join(_WORD.findall(fold(name)))
                        if len(folded) >= 3:
                            labels[folded].add(esco_id)
        return cls(dict(labels), preferred)

    def label(self, esco_id: str) -> str | None:
        """The English preferred label of an occupation, or None for an unknown id."""
        return self._preferred.get(esco_id)

    def preferred_labels(self) -> dict[str, str]:
        """ESCO id → English preferred label, for every occupation."""
        return dict(self._preferred)

    def with_preferred_label(self, phrase: str) -> str | None:
        """The occupation whose English preferred label is ``phrase`` (folded), if any."""
        return self._by_preferred.get(_key(phrase))

    def exact(self, phrase: str) -> list[str]:
        """The occupations with exactly this label (folded), sorted for stable output."""
        return sorted(self._labels.get(_key(phrase), ()))

    def fuzzy(
        self,
        phrase: str,
        limit: int = 3,
        *,
        min_chars: int = MIN_FUZZY_CHARS,
        two_typos_from: int = TWO_TYPOS_FROM,
    ) -> list[OccupationMatch]:
        """Occupations whose label looks like ``phrase`` (a typo or two), best first.

        An exact label scores 1.0. Otherwise labels of about the same length starting with the
        same letter are compared; one within the allowed typos scores ``1 - typos / length``.
        Each occupation appears once, with its best label's score. ``min_chars`` and
        ``two_typos_from`` set how long a phrase must be for one and for two typos: a caller
        that knows the user is naming a job (a profile question) can be more lenient than one
        looking at any message.
        """
        key = _key(phrase)
        if not key:
            return []
        if key in self._labels:
            return [OccupationMatch(esco_id, 1.0) for esco_id in sorted(self._labels[key])][:limit]
        if len(key) < min_chars:
            return []
        allowed = 2 if len(key) >= two_typos_from else 1
        # Per occupation: its best score, and whether that label is its preferred one (which
        # wins a tie: "electrision" means the electrician before those with an alternative label).
        best: dict[str, tuple[float, bool]] = {}
        for length in range(len(key) - allowed, len(key) + allowed + 1):
            for label in self._buckets.get((key[0], length), ()):
                if SequenceMatcher(None, key, label).quick_ratio() < _PREFILTER:
                    continue
                typos = typo_distance(key, label, allowed)
                if typos > allowed:
                    continue
                score = round(1.0 - typos / max(len(key), len(label)), 3)
                for esco_id in self._labels[label]:
                    rank = (score, _key(self._preferred.get(esco_id, "")) == label)
                    best[esco_id] = max(best.get(esco_id, rank), rank)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], not item[1][1], self._preferred.get(item[0], "")))
        return [OccupationMatch(esco_id, score) for esco_id, (score, _) in ranked[:limit]]

    def containing(self, word: str, limit: int = 3) -> list[str]:
        """Occupations with a label that has ``word`` in it (plural "nurses" too), shortest label first."""
        key = _key(word)
        words = [key, key[:-1]] if key.endswith("s") else [key]
        labels = {label for w in words for label in self._by_word.get(w, ())}
        found: dict[str, tuple[bool, int, str]] = {}
        for label in labels:
            for esco_id in self._labels[label]:
                rank = (label not in self._preferred_keys, len(label), label)
                if esco_id not in found or rank < found[esco_id]:
                    found[esco_id] = rank
        ordered = sorted(found, key=lambda esco_id: (found[esco_id], esco_id))
        return ordered[:limit]


def typo_distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from ``a`` to ``b``; ``limit + 1`` once over."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def _key(phrase: str) -> str:
    return " ".join(_WORD.findall(fold(phrase)))


@cache
def default_index() -> OccupationIndex:
    """The index of the repository's ESCO data, built once per process (under a second)."""
    return OccupationIndex.load()
