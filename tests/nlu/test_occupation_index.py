"""Occupations by label: exact, misspelt, and every occupation a word belongs to."""

import csv
from pathlib import Path

import pytest

from nlu.gazetteer import Gazetteer
from nlu.occupation_index import OccupationIndex, typo_distance
from nlu.phrases import all_phrases, ignored_occupation_labels

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def index() -> OccupationIndex:
    return OccupationIndex.load(DATA_DIR)


def esco_id(preferred_label: str) -> str:
    """The id of the ESCO occupation with this preferred label, read from the CSV itself."""
    with (DATA_DIR / "esco" / "occupations_en.csv").open(encoding="utf-8", newline="") as handle:
        return next(row["occupation_id"] for row in csv.DictReader(handle) if row["preferred_label"] == preferred_label)


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("plumber", "plumber", 0),
        ("plumer", "plumber", 1),
        ("hairdreser", "hairdresser", 1),
        ("carpetner", "carpenter", 1),
        ("electrision", "electrician", 2),
        ("welder", "plumber", 3),
    ],
)
def test_typo_distance_counts_edits_and_swaps_up_to_the_limit(a, b, distance):
    assert typo_distance(a, b, 2) == min(distance, 3)


def test_an_exact_label_in_any_case_or_accent_scores_one(index):
    (match,) = index.fuzzy("Bricklayer")
    assert (match.esco_id, match.score) == (esco_id("bricklayer"), 1.0)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("hairdreser", "hairdresser"), ("bus drivr", "bus driver"), ("electrision", "electrician"), ("plumer", "plumber")],
)
def test_a_misspelt_label_finds_its_occupation_first(index, typed, meant):
    matches = index.fuzzy(typed)
    assert matches[0].esco_id == esco_id(meant)
    assert 0.8 <= matches[0].score < 1.0


def test_a_misspelling_close_to_several_labels_returns_all_equally_close(index):
    matches = index.fuzzy("electrision")
    assert len(matches) == 3 and len({m.score for m in matches}) == 1


@pytest.mark.parametrize("typed", ["purple", "hello there", "xyz", "manage"])
def test_ordinary_words_and_short_words_find_nothing(index, typed):
    assert index.fuzzy(typed, min_chars=8, two_typos_from=11) == []


def test_a_stricter_caller_does_not_accept_short_misspellings(index):
    assert index.fuzzy("plumer")
    assert index.fuzzy("plumer", min_chars=8) == []


def test_containing_lists_preferred_labels_with_the_word_first(index):
    found = [index.label(i) for i in index.containing("nurses")]
    assert found and all("nurse" in label for label in found)
    assert len(found) == 3


def test_label_is_the_english_preferred_label(index):
    assert index.label(esco_id("warehouse worker")) == "warehouse worker"
    assert index.label("no-such-id") is None


@pytest.fixture(scope="module")
def gazetteer(index) -> Gazetteer:
    return Gazetteer(all_phrases(DATA_DIR), index, frozenset(ignored_occupation_labels(DATA_DIR)))


def test_the_gazetteer_marks_a_misspelt_occupation_as_fuzzy(gazetteer):
    text = "jobs as electrision in Malmö"
    entities = gazetteer.find(text)
    (occupation,) = [e for e in entities if e["entity"] == "occupation"]
    assert text[occupation["start"] : occupation["end"]] == "electrision"
    assert occupation["fuzzy"] is True
    assert occupation["value"] == f"esco:{esco_id('electrician')}"
    assert len(occupation["candidates"]) == 3
    assert [e["entity"] for e in entities] == ["occupation", "place"]


def test_the_gazetteer_leaves_correct_labels_and_short_words_to_the_phrases(gazetteer):
    entities = gazetteer.find("I could manage as a welder")
    assert [(e["value"].split(":")[0], e.get("fuzzy")) for e in entities] == [("alias", None)]
