from pathlib import Path

import pytest

from nlu.gazetteer import Gazetteer
from nlu.phrases import Phrase, all_phrases, fold

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(all_phrases(DATA_DIR))


def found(gazetteer: Gazetteer, text: str) -> list[tuple[str, str]]:
    return [(e["entity"], text[e["start"] : e["end"]]) for e in gazetteer.find(text)]


def test_fold_drops_accents_and_case_but_keeps_length():
    assert fold("Malmö Åre Göteborg") == "malmo are goteborg"
    assert len(fold("Ærøskøbing ß")) == len("Ærøskøbing ß")


def test_finds_occupation_and_place_in_a_search_request(gazetteer):
    assert found(gazetteer, "find me jobs as a welder in Malmö") == [("occupation", "welder"), ("place", "Malmö")]


def test_place_names_match_without_accents_and_in_lower_case(gazetteer):
    (place,) = [e for e in gazetteer.find("nurse jobs in malmo") if e["entity"] == "place"]
    (accented,) = [e for e in gazetteer.find("nurse jobs in Malmö") if e["entity"] == "place"]
    assert place["value"] == accented["value"]
    assert place["value"].startswith("municipality:")


def test_english_exonyms_mean_the_same_municipality(gazetteer):
    values = {e["value"] for text in ("in Gothenburg", "in Göteborg") for e in gazetteer.find(text)}
    assert len(values) == 1


def test_a_city_wins_over_its_county_and_a_county_name_finds_the_region(gazetteer):
    (city,) = gazetteer.find("Stockholm")
    (county,) = gazetteer.find("Skåne")
    assert city["value"].startswith("municipality:")
    assert county["value"].startswith("region:")


def test_place_names_that_are_ordinary_words_need_their_capital(gazetteer):
    assert found(gazetteer, "are there jobs in mark") == []
    assert found(gazetteer, "jobs in Mark or Åre") == [("place", "Mark"), ("place", "Åre")]


def test_everyday_words_and_plurals_find_occupations(gazetteer):
    (cleaning,) = gazetteer.find("any cleaning jobs?")
    assert cleaning["value"] == "alias:cleaning"
    assert found(gazetteer, "electricians wanted") == [("occupation", "electricians")]


def test_too_general_labels_are_not_occupations(gazetteer):
    assert found(gazetteer, "the manager and the assistant") == []


def test_the_longest_phrase_wins_over_its_parts(gazetteer):
    assert found(gazetteer, "software developer jobs") == [("occupation", "software developer")]


def test_work_modes_and_positions_are_found(gazetteer):
    assert [e["value"] for e in gazetteer.find("only full-time remote, the second one")] == ["full_time", "remote", "2"]


def test_an_earlier_phrase_keeps_its_key_on_equal_words():
    gazetteer = Gazetteer([Phrase("nurse", "occupation", "first"), Phrase("Nurse", "occupation", "second")])
    assert [e["value"] for e in gazetteer.find("a nurse")] == ["first"]
