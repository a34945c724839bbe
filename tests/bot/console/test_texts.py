"""The console's texts: loaded and checked at start, so a broken translation stops the gateway."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.config import PROJECT_DIR
from bot.console.pages import NAMED_KEYS
from bot.console.texts import TEXTS_PATH, ConsoleError, ConsoleTexts, Phrase, used_keys
from bot.environment import ConfigError


def write(tmp_path: Path, document: dict) -> Path:
    path = tmp_path / "console.yml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def bundled() -> dict:
    return yaml.safe_load(TEXTS_PATH.read_text(encoding="utf-8"))


def test_the_bundled_texts_load_with_every_key_the_console_uses_in_both_languages():
    texts = ConsoleTexts.load(required=NAMED_KEYS)
    assert texts.codes == ("en", "sv")
    assert used_keys() <= set(texts["en"].texts) and len(used_keys()) > 100
    assert texts["sv"]("list.since", when="2026-05-04") == "sedan 2026-05-04"
    assert texts["de"].language == "en"  # a code the console does not have: the default language


def test_a_key_missing_in_swedish_stops_the_start_naming_it(tmp_path):
    document = bundled()
    del document["sv"]["login"]["wrong"]
    with pytest.raises(ConfigError, match=r"console.yml \(sv\) lacks login.wrong"):
        ConsoleTexts.load(write(tmp_path, document))


def test_a_translation_with_other_placeholders_stops_the_start(tmp_path):
    document = bundled()
    document["sv"]["login"]["locked"] = "För många försök. Vänta {minuter} min."
    with pytest.raises(ConfigError, match=r"login\.locked"):
        ConsoleTexts.load(write(tmp_path, document))


def test_a_key_a_template_uses_but_the_file_lacks_stops_the_start(tmp_path):
    document = bundled()
    for code in ("en", "sv"):
        del document[code]["transcript"]["take"]
    with pytest.raises(ConfigError, match=r"transcript\.take, which the console uses"):
        ConsoleTexts.load(write(tmp_path, document))


def test_a_state_without_a_text_stops_the_start(tmp_path):
    document = bundled()
    for code in ("en", "sv"):
        del document[code]["states"]["closed"]
    with pytest.raises(ConfigError, match=r"states\.closed"):
        ConsoleTexts.load(write(tmp_path, document), required=NAMED_KEYS)


def test_the_templates_and_modules_name_their_keys_where_the_check_finds_them():
    keys = used_keys(PROJECT_DIR / "bot" / "console")
    assert {"nav.log_out", "brief.step_due", "takeover.taken", "users.username_taken"} <= keys


def test_an_error_and_a_phrase_are_said_in_the_language_asked_for():
    texts = ConsoleTexts.load()
    error = ConsoleError("takeover.taken", name="Eva", username="eva")
    assert texts["en"].say(error.phrase) == "Eva (eva) has this conversation."
    assert texts["sv"].say(error.phrase) == "Eva (eva) har det här samtalet."
    assert texts["sv"].say("Welder MIG") == "Welder MIG"  # data is shown as it is
    assert texts["sv"].say(Phrase.of("brief.searched_in", occupation="Svetsare", place="Kiruna", total=3)) == (
        "Svetsare i Kiruna (3 annonser)"
    )
