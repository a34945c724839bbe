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
    catalogue = default_catalogue()
    assert catalogue.min_actions == 3 and catalogue.max_actions == 5
    assert catalogue.date_words(date(2026, 12, 7)) == "Monday 7 December"


def test_an_unknown_suggest_when_names_the_file_and_the_action():
    data = raw()
    data["actions"]["update_cv"]["suggest_when"] = "sometimes"
    with pytest.raises(ValueError, match=r"my\.yml.*update_cv"):
        parse_catalogue(data, "my.yml")


def test_a_missing_title_names_the_file():
    data = raw()
    del data["actions"]["update_cv"]["title"]
    with pytest.raises(ValueError, match=r"my\.yml"):
        parse_catalogue(data, "my.yml")


def test_every_response_the_coaching_rules_use_is_in_the_domain():
    used = set()
    for path in Path("actions/jobsearch").glob("*.py"):
        used |= set(re.findall(r'"(utter_(?:plan|goal|steps)_[a-z_]+)"', path.read_text(encoding="utf-8")))
    assert used and used <= set(DOMAIN["responses"])


def test_every_step_payload_names_an_intent_of_the_domain():
    for step in default_catalogue().steps:
        assert step.payload.lstrip("/") in DOMAIN["intents"]
