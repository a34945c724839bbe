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

import csv
import re
from pathlib import Path

import pytest
import yaml

from nlu.language import languages
from tests.content.test_translations import leaves

ROOT = Path(__file__).resolve().parents[2]
MAX_SENTENCE_WORDS = 20
MAX_MESSAGE_CHARS = 400
#: Texts allowed to be longer than one message (their sentences still keep to the budget), and why.
LONG_MESSAGES = {
    "utter_privacy_notice": "the privacy notice lists what the law asks (GDPR art. 13), one short line each",
}
#: Texts exempt from the sentence budget too, and why: wording that others prescribe.
PRESCRIBED = {
    "interests.attribution": "the ESCO and O*NET credit their licences require (CC BY 4.0), in the PDF's footer",
}
#: The self-assessment's own files: every text of each language block (README "Self-assessment").
ASSESSMENT_YAML = (
    "data/assessment/answer_words.yml",
    "data/assessment/charts.yml",
    "data/assessment/dialogue.yml",
    "data/assessment/modules.yml",
    "data/assessment/profile.yml",
    "data/assessment/results.yml",
    "data/assessment/summary.yml",
    "data/instruments/self-assessment.yml",
)
#: The instruments' CSV texts, with the column of each language.
ASSESSMENT_CSV = {
    "data/instruments/riasec.csv": ("text",),
    "data/instruments/riasec_types.csv": ("name", "description"),
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
    """(where, text) for every response variation, gateway, console, vacancy and job-search text."""
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
    # The console's texts are for staff, but short sentences help them too; most are labels.
    console = yaml.safe_load((ROOT / "data/content/console.yml").read_text(encoding="utf-8"))
    for language, entries in console.items():
        found += [(f"console {key} ({language})", text) for key, text in leaves(entries).items()]
    vacancies = yaml.safe_load((ROOT / "data/content/vacancies.yml").read_text(encoding="utf-8"))
    for language, entries in vacancies.items():
        for key, reason in entries["reasons"].items():
            found.append((f"vacancies reasons.{key} ({language})", reason))
        found.append((f"vacancies no_reasons ({language})", entries["no_reasons"]))
    found += jobsearch_texts()
    return found


def jobsearch_texts() -> list[tuple[str, str]]:
    """Every text of the language sections of data/jobsearch/*.yml: plan, CV, diary, interview, tips.

    A list (CV checklist, tips) is checked item by item, as each is one line of its message.
    """
    found = []
    for path in sorted((ROOT / "data/jobsearch").glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for language in languages().codes:
            for key, text in leaves(document.get(language) or {}).items():
                found.append((f"jobsearch/{path.name} {key} ({language})", text))
    return found


def assessment_texts() -> list[tuple[str, str]]:
    """(where, text) for every self-assessment and instrument text, in every language."""
    codes = list(languages().codes)
    found = []
    for name in ASSESSMENT_YAML:
        document = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
        for language in codes:
            for path, text in leaves(document[language]).items():
                if path not in PRESCRIBED:
                    found.append((f"{Path(name).name} {path} ({language})", text))
    for name, columns in ASSESSMENT_CSV.items():
        with (ROOT / name).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            for column in columns:
                for language in codes:
                    key = column if language == codes[0] else f"{column}_{language}"
                    found.append((f"{Path(name).name} {row[next(iter(row))]} {key}", row[key]))
    return found


def test_the_assessment_texts_are_checked_in_every_language():
    """The list below is not empty by accident: both languages of every file are in it."""
    found = assessment_texts()
    for name in (*ASSESSMENT_YAML, *ASSESSMENT_CSV):
        swedish = [
            where for where, _ in found if where.startswith(Path(name).name) and ("(sv)" in where or "_sv" in where)
        ]
        assert swedish, f"{name}: no Swedish texts checked"
    assert sum("riasec.csv" in where for where, _ in found) == 2 * 48


@pytest.mark.parametrize(("where", "text"), texts() + assessment_texts())
def test_every_text_keeps_to_the_plain_language_budget(where, text):
    assert longest_sentence(text) <= MAX_SENTENCE_WORDS, f"{where}: a sentence over {MAX_SENTENCE_WORDS} words"
    if where.split(" ")[0] not in LONG_MESSAGES:
        assert len(text) <= MAX_MESSAGE_CHARS, f"{where}: over {MAX_MESSAGE_CHARS} characters"


@pytest.mark.parametrize("language", languages().codes)
def test_the_job_search_texts_are_checked_in_every_language(language):
    checked = {where.split(" ")[0] for where, _ in jobsearch_texts() if where.endswith(f"({language})")}
    expected = {f"jobsearch/{name}.yml" for name in ("applications", "cv", "interview", "networking", "plan")}
    assert checked == expected


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


@pytest.mark.parametrize("language", languages().codes)
def test_the_networking_tips_fit_one_message_as_they_are_shown(language):
    """The tips are checked one by one above; here the whole message, response and list together."""
    from actions.jobsearch.networking import default_networking, tips_reply
    from actions.language import response_in

    reply = tips_reply(default_networking(language))
    variations = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"][reply.response]
    shown = response_in(variations, language, reply.values)["text"]
    assert len(shown) <= MAX_MESSAGE_CHARS, f"{len(shown)} characters: {shown}"
