import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from actions.jobsearch.catalogue import PLAN_FILE, default_catalogue, parse_catalogue

DOMAIN = yaml.safe_load(Path("domain.yml").read_text(encoding="utf-8"))


def raw():
    return yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))


def test_the_bundled_catalogue_reads_and_writes_dates_in_its_words():
    catalogue = default_catalogue("en")
    assert catalogue.min_actions == 3 and catalogue.max_actions == 5
    assert catalogue.date_words(date(2026, 12, 7)) == "Monday 7 December"


def test_an_unknown_suggest_when_names_the_file_and_the_action():
    data = raw()
    data["actions"]["update_cv"]["suggest_when"] = "sometimes"
    with pytest.raises(ValueError, match=r"my\.yml.*update_cv"):
        parse_catalogue(data, "en", "my.yml")


def test_a_missing_title_names_the_file_and_the_language():
    data = raw()
    del data["sv"]["action_titles"]["update_cv"]
    parse_catalogue(data, "en", "my.yml")  # English is still complete
    with pytest.raises(ValueError, match=r"my\.yml \(sv\).*update_cv"):
        parse_catalogue(data, "sv", "my.yml")


def test_a_language_without_texts_is_an_error_not_english():
    data = raw()
    del data["sv"]
    with pytest.raises(ValueError, match=r"my\.yml: no section of texts for the language 'sv'"):
        parse_catalogue(data, "sv", "my.yml")


def test_the_swedish_catalogue_writes_dates_titles_and_buttons_in_swedish():
    catalogue = default_catalogue("sv")
    assert catalogue.date_words(date(2026, 12, 7)) == "måndag 7 december"
    assert catalogue.actions["update_cv"].title == "Uppdatera mitt CV"
    assert [c.label for c in catalogue.due_choices] == ["Om 3 dagar", "Om en vecka", "Om 2 veckor", "Om en månad"]
    assert catalogue.start_words("now") == "med start så snart som möjligt"


def test_both_languages_share_the_ids_numbers_and_payloads():
    english, swedish = default_catalogue("en"), default_catalogue("sv")
    assert english.actions.keys() == swedish.actions.keys()
    assert [(a.suggest_when, a.order) for a in english.actions.values()] == [
        (a.suggest_when, a.order) for a in swedish.actions.values()
    ]
    assert [(s.id, s.payload) for s in english.steps] == [(s.id, s.payload) for s in swedish.steps]
    assert [c.days for c in english.due_choices] == [c.days for c in swedish.due_choices]
    assert [c.value for c in english.start_choices] == [c.value for c in swedish.start_choices]


def test_every_response_the_coaching_rules_use_is_in_the_domain():
    used = set()
    for path in Path("actions/jobsearch").glob("*.py"):
        used |= set(re.findall(r'"(utter_(?:plan|goal|steps)_[a-z_]+)"', path.read_text(encoding="utf-8")))
    assert used and used <= set(DOMAIN["responses"])


def test_every_step_payload_names_an_intent_of_the_domain():
    for step in default_catalogue().steps:
        assert step.payload.lstrip("/") in DOMAIN["intents"]
