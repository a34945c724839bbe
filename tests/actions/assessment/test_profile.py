"""The profile part: reading its data, and what one typed or tapped answer means."""

from __future__ import annotations

import pytest

from actions.assessment.answers import normalise
from actions.assessment.profile import (
    MAX_CANDIDATES,
    Kind,
    ProfileModule,
    default_profile,
    load_profile,
    map_profile_answer,
)
from nlu.gazetteer import Gazetteer
from nlu.occupation_index import default_index
from nlu.phrases import all_phrases, ignored_occupation_labels
from tests.actions.assessment.conftest import DATA, csv_rows, yaml_data


def esco_id(preferred_label: str) -> str:
    return next(
        r["occupation_id"] for r in csv_rows("esco/occupations_en.csv") if r["preferred_label"] == preferred_label
    )


@pytest.fixture(scope="module")
def profile() -> ProfileModule:
    return default_profile()


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(all_phrases(DATA), default_index(), frozenset(ignored_occupation_labels(DATA)))


@pytest.fixture(scope="module")
def ask(profile, gazetteer):
    """Answer question ``qid`` with ``text``, entities found by the real gazetteer, as in a chat."""
    questions = {q.id: q for q in profile.questions}

    def answer(qid: str, text: str):
        return map_profile_answer(profile, questions[qid], text, gazetteer.find(text), default_index())

    return answer


def test_the_questions_and_their_order_come_from_the_yaml(profile):
    spec = yaml_data("assessment/profile.yml")["profile"]
    assert [q.id for q in profile.questions] == [q["id"] for q in spec["questions"]]
    assert profile.question_count == 7
    assert profile.estimated_minutes == -(-7 * spec["seconds_per_item"] // 60)


def test_every_everyday_phrase_offers_real_esco_occupations(profile):
    spec = yaml_data("assessment/profile.yml")["profile"]["occupation_phrases"]
    assert set(profile.phrases) == {normalise(p) for p in spec}
    for phrase, labels in spec.items():
        assert list(profile.phrases[normalise(phrase)]) == [esco_id(label) for label in labels]


def test_a_phrase_naming_no_esco_occupation_fails_at_load_time(tmp_path):
    (tmp_path / "assessment").mkdir()
    (tmp_path / "esco").mkdir()
    for name in ("occupations_en.csv", "occupations_sv.csv"):
        (tmp_path / "esco" / name).write_text((DATA / "esco" / name).read_text(encoding="utf-8"), encoding="utf-8")
    spec = (DATA / "assessment" / "profile.yml").read_text(encoding="utf-8")
    broken = spec.replace("[child care worker, early years teacher, nanny]", "[child minder of dragons]", 1)
    (tmp_path / "assessment" / "profile.yml").write_text(broken, encoding="utf-8")
    with pytest.raises(ValueError, match="dragons"):
        load_profile(tmp_path)


def test_a_job_written_as_labelled_is_recorded_as_its_esco_id(ask):
    answer = ask("occupations", "I was a warehouse worker")
    assert (answer.kind, answer.value) == (Kind.VALUE, [esco_id("warehouse worker")])


def test_two_jobs_in_one_answer_are_both_recorded(ask):
    answer = ask("occupations", "welder or cook")
    assert answer.kind is Kind.VALUE
    assert answer.value == [esco_id("welder"), esco_id("cook")]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("plumer", "plumber"), ("electrision", "electrician"), ("I'd like to be a bus drivr", "bus driver")],
)
def test_a_misspelt_job_is_confirmed_with_the_likeliest_first(ask, typed, meant):
    answer = ask("occupations", typed)
    assert answer.kind is Kind.CONFIRM
    assert answer.candidates[0] == esco_id(meant)
    assert 1 <= len(answer.candidates) <= MAX_CANDIDATES


def test_something_with_kids_offers_the_three_occupations_of_the_table(ask):
    answer = ask("occupations", "Something with kids!")
    assert answer.kind is Kind.CONFIRM
    assert answer.candidates == tuple(esco_id(x) for x in ("child care worker", "early years teacher", "nanny"))
    assert answer.words == "something with kids"


def test_a_tapped_occupation_button_is_recorded_and_an_unknown_id_is_not(ask):
    assert ask("occupations", f"esco:{esco_id('nanny')}").value == [esco_id("nanny")]
    assert ask("occupations", "esco:not-an-id").kind is Kind.UNCLEAR


@pytest.mark.parametrize("typed", ["bananas", "none_of_these"])
def test_no_job_found_is_unclear_with_the_not_found_reason(ask, typed):
    answer = ask("occupations", typed)
    assert (answer.kind, answer.reason) == (Kind.UNCLEAR, "not_found")


def test_a_place_is_its_gazetteer_key_and_options_are_their_values(ask):
    municipality = next(r for r in csv_rows("taxonomy/municipalities_sv.csv") if r["municipality_label_sv"] == "Malmö")
    assert ask("place", "in malmo please").value == f"municipality:{municipality['municipality_concept_id']}"
    assert ask("place", "I don't mind, anywhere").value == "anywhere"
    assert ask("place", "from home").value == "remote"
    assert ask("place", "the moon").reason == "not_found"


@pytest.mark.parametrize(
    ("qid", "typed", "value"),
    [
        ("hours", "full time", "full_time"),
        ("hours", "part_time", "part_time"),
        ("hours", "Either is fine", "either"),
        ("experience", "about 3 years", "2_to_5"),
        ("experience", "12", "over_5"),
        ("experience", "none yet", "none"),
        ("education", "I finished high school", "upper_secondary"),
        ("education", "University", "university"),
        ("driving_licence", "yes", "yes"),
        ("driving_licence", "nope", "no"),
    ],
)
def test_choices_are_understood_by_button_label_words_or_years(ask, qid, typed, value):
    answer = ask(qid, typed)
    assert (answer.kind, answer.value) == (Kind.VALUE, value)


def test_an_answer_matching_two_options_equally_is_unclear(ask):
    assert ask("driving_licence", "yes and no").kind is Kind.UNCLEAR


def test_typed_languages_are_all_recorded_a_tapped_one_asks_for_more(ask):
    assert ask("languages", "Svenska, English and farsi").value == ["sv", "en", "fa"]
    tapped = ask("languages", "lang:ar")
    assert (tapped.kind, tapped.value) == (Kind.MORE, ["ar"])
    assert ask("languages", "klingon").kind is Kind.UNCLEAR


@pytest.mark.parametrize(("typed", "reason"), [("", "empty"), ("   ", "empty"), ("x" * 201, "too_long")])
def test_empty_and_overlong_answers_are_unclear_with_their_reason(ask, typed, reason):
    answer = ask("hours", typed)
    assert (answer.kind, answer.reason) == (Kind.UNCLEAR, reason)


def test_skip_words_skip_any_profile_question(ask):
    assert ask("occupations", "skip").kind is Kind.SKIP
    assert ask("languages", "Skip!").kind is Kind.SKIP
