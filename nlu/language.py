"""Which language a message is in, or which language it asks for.

Pure and offline, with no model download: the words are in data/content/languages.yml, so a
PES adding a language edits data, not Python. Shared by the action server (``requested``:
"på svenska", "in English please") and the gateway (``detect``: the first messages of a
conversation, before the user has chosen).

The detector counts each language's very common words, plus words with its typical letters
(å, ä, ö for Swedish). It answers only with clear evidence, at least ``MIN_EVIDENCE`` hits and
twice as many as any other language, and otherwise says it is unsure (``None``). A short
message such as "hej" or "ok" is too little to go on: it is answered in the language the
conversation already has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from nlu.phrases import fold

LANGUAGES_PATH = Path(__file__).resolve().parent.parent / "data" / "content" / "languages.yml"
#: Fewer hits than this and the detector is unsure.
MIN_EVIDENCE = 2
#: The winner needs this many times the hits of the runner-up.
MARGIN = 2
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True)
class Language:
    """One language's evidence: how users name it, its common words, its typical letters."""

    code: str
    label: str
    names: tuple[str, ...]
    common_words: frozenset[str]
    letters: str


@dataclass(frozen=True)
class Languages:
    """The languages Orienta speaks, the first of them being the default."""

    default: str
    known: tuple[Language, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """The language codes, e.g. ``("en", "sv")``."""
        return tuple(language.code for language in self.known)

    def supported(self, code: object) -> str | None:
        """``code`` as a known language code (``"sv-SE"`` -> ``"sv"``), or None."""
        if not isinstance(code, str):
            return None
        base = code.strip().lower().replace("_", "-").split("-")[0]
        return base if base in self.codes else None

    def detect(self, text: str) -> str | None:
        """The language ``text`` is written in, or None when unsure."""
        words = _words(text)
        scores = sorted(((self._evidence(language, words), language.code) for language in self.known), reverse=True)
        best, code = scores[0]
        runner_up = scores[1][0] if len(scores) > 1 else 0
        if best >= MIN_EVIDENCE and best >= MARGIN * runner_up:
            return code
        return None

    def requested(self, text: str) -> str | None:
        """The language ``text`` names ("på svenska", "switch to English"); the last one named wins."""
        found: str | None = None
        for word in _words(text):
            folded = fold(word)  # "pa svenska": accents are often left out
            for language in self.known:
                if any(folded.startswith(name) for name in language.names):
                    found = language.code
        return found

    @staticmethod
    def _evidence(language: Language, words: list[str]) -> int:
        hits = sum(1 for word in words if word in language.common_words)
        if language.letters:
            hits += sum(1 for word in words if any(letter in word for letter in language.letters))
        return hits


def _words(text: str) -> list[str]:
    return [word.replace("\u2019", "'") for word in _WORD.findall(text.lower().replace("\u2019", "'"))]


def parse_languages(document: object) -> Languages:
    """Check a parsed languages.yml; ValueError says what is wrong."""
    if not isinstance(document, dict) or not isinstance(document.get("languages"), dict):
        raise ValueError("languages.yml needs a mapping under 'languages'")
    known = []
    for code, spec in document["languages"].items():
        if not isinstance(spec, dict) or not spec.get("names") or not spec.get("common_words"):
            raise ValueError(f"languages.yml: {code!r} needs names and common_words")
        known.append(
            Language(
                code=str(code),
                label=str(spec.get("label") or code),
                names=tuple(fold(str(name)) for name in spec["names"]),
                common_words=frozenset(str(word).lower() for word in spec["common_words"]),
                letters=str(spec.get("letters") or ""),
            )
        )
    default = str(document.get("default") or known[0].code)
    if default not in {language.code for language in known}:
        raise ValueError(f"languages.yml: the default {default!r} is not one of the languages")
    known.sort(key=lambda language: language.code != default)
    return Languages(default=default, known=tuple(known))


@cache
def languages(path: Path = LANGUAGES_PATH) -> Languages:
    """The languages of data/content/languages.yml, read once."""
    with path.open(encoding="utf-8") as handle:
        return parse_languages(yaml.safe_load(handle))
