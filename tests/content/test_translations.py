"""Every text Orienta shows exists in every language it speaks, or is listed as not yet translated.

A missing translation is a failure here, not a silent fallback to English at run time. Files
that still hold one language only are named in ``NOT_YET_TRANSLATED`` (issue 13), which the
test prints, so what remains is never hidden; a file in that list that has become bilingual
fails too, so the list cannot go stale.
"""

from __future__ import annotations

import csv
import string
from pathlib import Path
from typing import Any

import pytest
import yaml

from nlu.language import languages

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
OTHER_LANGUAGES = [code for code in languages().codes if code != languages().default]

#: Content files in one language (English) still, with what they hold: none now (issue 13 translated
#: them all). A file being translated in steps may be listed here for a while, and is then printed.
NOT_YET_TRANSLATED: dict[str, str] = {}
#: Files with no text to translate: words matched in any language, or data about the languages.
LANGUAGE_NEUTRAL = {
    "data/content/search_vocabulary.yml": "words recognised in messages, in any language",
    "data/content/languages.yml": "how each language is recognised",
    "data/instruments/onet_interests.csv": "numbers per occupation",
    "data/instruments/onet_interest_activities.csv": "O*NET's own items (CC BY-ND: verbatim only), not shown",
    "data/jobsearch/events.yml": "the PES's own events, shown as written (like vacancies)",
}
CONTENT_DIRS = ("data/content", "data/assessment", "data/jobsearch", "data/instruments")


def placeholders(text: str) -> set[str]:
    """The {names} a text needs filled in."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def leaves(node: Any, path: str = "") -> dict[str, str]:
    """Every text of a nested mapping, by its dotted path (lists by position, also lists of mappings)."""
    if isinstance(node, dict):
        found: dict[str, str] = {}
        for key, value in node.items():
            found.update(leaves(value, f"{path}.{key}" if path else str(key)))
        return found
    if isinstance(node, list):
        found = {}
        for i, value in enumerate(node):
            found.update(leaves(value, f"{path}[{i}]"))
        return found
    return {path: str(node)}


def assert_same_shape(english: dict[str, str], other: dict[str, str], where: str) -> None:
    missing = sorted(set(english) - set(other))
    assert not missing, f"{where}: no translation for {missing}"
    extra = sorted(set(other) - set(english))
    assert not extra, f"{where}: texts with no English original (a typo in a key?): {extra}"
    for key, text in english.items():
        assert placeholders(other[key]) == placeholders(text), f"{where} {key}: placeholders differ"
        assert other[key].strip(), f"{where} {key}: empty"


def is_sv(variation: dict[str, Any], code: str) -> bool:
    condition = variation.get("condition") or []
    return any(c.get("type") == "slot" and c.get("name") == "language" and c.get("value") == code for c in condition)


TEXT_RESPONSES = sorted(name for name, variations in DOMAIN["responses"].items() if "text" in variations[0])


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
@pytest.mark.parametrize("name", TEXT_RESPONSES)
def test_every_response_has_a_variation_per_language_with_the_same_buttons_and_placeholders(name, code):
    variations = DOMAIN["responses"][name]
    english = [v for v in variations if not v.get("condition")]
    translated = [v for v in variations if is_sv(v, code)]
    assert len(english) == 1, f"{name}: one unconditioned (English) variation"
    assert len(translated) == 1, f"{name}: one variation with condition language = {code}"
    (en,), (other,) = english, translated
    assert placeholders(other["text"]) == placeholders(en["text"])
    assert [b["payload"] for b in other.get("buttons", [])] == [b["payload"] for b in en.get("buttons", [])]
    assert all(b["title"].strip() for b in other.get("buttons", []))


def test_the_language_slot_offers_every_language():
    assert DOMAIN["slots"]["language"]["values"] == list(languages().codes)


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_gateway_texts_exist_in_every_language(code):
    document = yaml.safe_load((ROOT / "data/content/gateway_texts.yml").read_text(encoding="utf-8"))
    assert_same_shape(leaves(document["en"]), leaves(document[code]), f"gateway_texts.yml {code}")


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_console_texts_exist_in_every_language(code):
    document = yaml.safe_load((ROOT / "data/content/console.yml").read_text(encoding="utf-8"))
    assert_same_shape(leaves(document["en"]), leaves(document[code]), f"console.yml {code}")


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_widget_texts_exist_in_every_language(code):
    document = yaml.safe_load((ROOT / "data/content/widget.yml").read_text(encoding="utf-8"))["languages"]
    assert_same_shape(leaves(document["en"]), leaves(document[code]), f"widget.yml {code}")


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_telegram_commands_are_described_in_every_language(code):
    document = yaml.safe_load((ROOT / "data/content/telegram_commands.yml").read_text(encoding="utf-8"))
    for command in document["commands"]:
        assert (command["description"].get(code) or "").strip(), f"/{command['command']} has no {code} description"


def bilingual_yaml(path: Path) -> dict[str, Any] | None:
    """The document when it is keyed by language at the top (en:, sv:, ...), else None."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(document, dict) and languages().default in document:
        return document
    return None


#: The text columns of each bilingual CSV that has more than ``label``. Each needs a translation
#: column per other language: ``label_<code>`` for ``label`` (the older convention of
#: intent_labels.csv), ``<column>_<code>`` for the others (``text_sv``, ``name_sv``, ...).
CSV_TEXT_COLUMNS = {
    "data/instruments/riasec.csv": ("text",),
    "data/instruments/riasec_types.csv": ("name", "description"),
}


def translation_column(column: str, code: str) -> str:
    """The column that holds ``column`` in the language ``code``."""
    return f"label_{code}" if column == "label" else f"{column}_{code}"


def bilingual_csv(path: Path) -> list[dict[str, str]] | None:
    """The rows when the file has a translation column for another language, else None."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = set(rows[0]) if rows else set()
    translated = any(
        column.startswith("label_") or column.endswith(tuple(f"_{c}" for c in OTHER_LANGUAGES)) for column in header
    )
    return rows if translated else None


def content_files() -> list[str]:
    return sorted(
        str(path.relative_to(ROOT))
        for directory in CONTENT_DIRS
        for path in (ROOT / directory).iterdir()
        if path.suffix in (".yml", ".csv")
    )


@pytest.mark.parametrize("name", content_files())
def test_each_content_file_is_complete_in_every_language_or_listed_as_not_yet(name):
    path = ROOT / name
    if name in LANGUAGE_NEUTRAL:
        return
    if name == "data/content/telegram_commands.yml":
        return  # its descriptions are per language, checked above
    if name == "data/content/widget.yml":
        return  # checked above
    bilingual = bilingual_yaml(path) if path.suffix == ".yml" else bilingual_csv(path)
    if name in NOT_YET_TRANSLATED:
        assert bilingual is None, f"{name} is bilingual now: take it off NOT_YET_TRANSLATED"
        return
    assert bilingual is not None, f"{name} is in one language: translate it, or list it in NOT_YET_TRANSLATED"
    for code in OTHER_LANGUAGES:
        if isinstance(bilingual, dict):
            assert_same_shape(leaves(bilingual[languages().default]), leaves(bilingual[code]), f"{name} {code}")
        else:
            for column in CSV_TEXT_COLUMNS.get(name, ("label",)):
                other = translation_column(column, code)
                for row in bilingual:
                    assert (row.get(column) or "").strip(), f"{name}: no {column} in {row}"
                    assert (row.get(other) or "").strip(), f"{name}: no {other} for {row}"
                    assert placeholders(row[other]) == placeholders(row[column])


def test_what_is_not_yet_translated_is_said(capsys):
    """Prints the list (run with -s to see it); every entry is a file that exists."""
    for name, what in NOT_YET_TRANSLATED.items():
        assert (ROOT / name).is_file(), f"{name} listed but missing"
        print(f"not yet translated (issue 13): {name}: {what}")
    with capsys.disabled():
        print(f"\n{len(NOT_YET_TRANSLATED)} content files are not yet translated (tests/content/test_translations.py)")


def nlu_examples() -> dict[str, dict[str, int]]:
    """Examples per intent: English (data/nlu/*.yml) and Swedish (data/nlu/sv/)."""
    counts: dict[str, dict[str, int]] = {"en": {}, "sv": {}}
    for path in sorted((ROOT / "data/nlu").rglob("*.yml")):
        if path.name == "language.yml":
            continue  # both languages in one file, on purpose
        language = "sv" if path.parent.name == "sv" else "en"
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            if "intent" in entry:
                examples = [line for line in entry["examples"].splitlines() if line.strip().startswith("- ")]
                counts[language][entry["intent"]] = counts[language].get(entry["intent"], 0) + len(examples)
    return counts


def test_every_intent_with_english_examples_has_at_least_15_swedish_ones():
    counts = nlu_examples()
    thin = {intent: counts["sv"].get(intent, 0) for intent in counts["en"] if counts["sv"].get(intent, 0) < 15}
    assert not thin, f"intents with fewer than 15 Swedish examples in data/nlu/sv/: {thin}"
