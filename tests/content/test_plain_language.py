"""Plain language (CEFR B1): every text within a sentence and a message budget, in every language.

The rule (README "Languages"): a sentence has at most ``MAX_SENTENCE_WORDS`` words and a message
at most ``MAX_MESSAGE_CHARS`` characters, as written in the data ({placeholders} count as one
word). Sentences end at ``.``, ``!``, ``?``, ``:`` or a line break, so a list is one item per line.
Texts allowed a longer message are listed with why; there are few on purpose.

The simpler variants ("simpler, please": ``utter_foo_simpler``, actions/plain/simpler.py) keep to
a stricter budget, since they are for the user who found the original too hard: at most
``SIMPLER_SENTENCE_WORDS`` words a sentence and ``SIMPLER_MESSAGE_CHARS`` characters a message
(the privacy notice's may still list its lines, each within the sentence budget).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MAX_SENTENCE_WORDS = 20
MAX_MESSAGE_CHARS = 400
#: Texts allowed to be longer than one message (their sentences still keep to the budget), and why.
LONG_MESSAGES = {
    "utter_privacy_notice": "the privacy notice lists what the law asks (GDPR art. 13), one short line each",
}
SIMPLER_SUFFIX = "_simpler"
SIMPLER_SENTENCE_WORDS = 12
SIMPLER_MESSAGE_CHARS = 250
#: Simpler variants allowed a longer message (their sentences still keep to the simpler budget).
LONG_SIMPLER = {
    "utter_privacy_notice_simpler": "still lists what the law asks, one line each, shorter than the notice",
}
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n+")


def longest_sentence(text: str) -> int:
    """Words in the longest sentence of ``text``."""
    plain = re.sub(r"\{[^}]+\}", "X", text)
    words = (
        [word for word in sentence.split() if any(char.isalnum() for char in word)]
        for sentence in _SENTENCE_END.split(plain)
    )
    return max((len(sentence) for sentence in words), default=0)


def texts() -> list[tuple[str, str]]:
    """(where, text) for every response variation, gateway text and vacancy text."""
    found = []
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    for name, variations in domain["responses"].items():
        for variation in variations:
            if "text" in variation:
                language = (variation.get("condition") or [{}])[0].get("value", "en")
                found.append((f"{name} ({language})", variation["text"]))
    gateway = yaml.safe_load((ROOT / "data/content/gateway_texts.yml").read_text(encoding="utf-8"))
    for language, entries in gateway.items():
        found += [(f"gateway_texts {key} ({language})", text) for key, text in entries.items() if "%" not in text]
    vacancies = yaml.safe_load((ROOT / "data/content/vacancies.yml").read_text(encoding="utf-8"))
    for language, entries in vacancies.items():
        for key, reason in entries["reasons"].items():
            found.append((f"vacancies reasons.{key} ({language})", reason))
        found.append((f"vacancies no_reasons ({language})", entries["no_reasons"]))
    return found


@pytest.mark.parametrize(("where", "text"), texts())
def test_every_text_keeps_to_the_plain_language_budget(where, text):
    assert longest_sentence(text) <= MAX_SENTENCE_WORDS, f"{where}: a sentence over {MAX_SENTENCE_WORDS} words"
    if where.split(" ")[0] not in LONG_MESSAGES:
        assert len(text) <= MAX_MESSAGE_CHARS, f"{where}: over {MAX_MESSAGE_CHARS} characters"


SIMPLER = [(where, text) for where, text in texts() if where.split(" ")[0].endswith(SIMPLER_SUFFIX)]


@pytest.mark.parametrize(("where", "text"), SIMPLER)
def test_every_simpler_variant_keeps_to_the_stricter_budget(where, text):
    assert longest_sentence(text) <= SIMPLER_SENTENCE_WORDS, f"{where}: a sentence over {SIMPLER_SENTENCE_WORDS} words"
    if where.split(" ")[0] not in LONG_SIMPLER:
        assert len(text) <= SIMPLER_MESSAGE_CHARS, f"{where}: over {SIMPLER_MESSAGE_CHARS} characters"


def test_the_simpler_variants_are_shorter_than_their_originals():
    originals = dict(texts())
    for where, text in SIMPLER:
        name, language = where.split(" ")
        original = originals[f"{name.removesuffix(SIMPLER_SUFFIX)} {language}"]
        assert len(text) < len(original) or longest_sentence(text) < longest_sentence(original), where


def test_the_budget_measures_sentences_and_lists_as_meant():
    assert longest_sentence("One two three. Four five!\n- six seven eight nine") == 4
    assert longest_sentence("Your plan ({done} of {total} done):\n{plan}") == 6
