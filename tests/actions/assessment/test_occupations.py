"""Occupation suggestions, checked against the O*NET and crosswalk CSVs read here with plain Python."""

from __future__ import annotations

import statistics

import pytest

from actions.assessment.occupations import (
    InterestCatalogue,
    default_catalogue,
    holland_code_of,
    occupation_interests,
    suggest_occupations,
)
from tests.actions.assessment.conftest import csv_rows

ONET = {row["onetsoc_code"]: row for row in csv_rows("instruments/onet_interests.csv")}
CROSSWALK = csv_rows("crosswalks/esco_isco_onet.csv")
ESCO = {row["occupation_id"]: row for row in csv_rows("esco/occupations_en.csv")}
SOCIAL = {"R": 1.0, "I": 1.5, "A": 1.5, "S": 5.0, "E": 2.0, "C": 1.0}


def _esco_id(row: dict[str, str]) -> str:
    return row["esco_uri"].rsplit("/", 1)[-1]


def _direct_codes(esco_id: str) -> set[str]:
    return {
        row["onetsoc_2019_code"]
        for row in CROSSWALK
        if _esco_id(row) == esco_id and row["match_source"] == "nesta_nov2020" and row["has_onet_interests"] == "yes"
    }


@pytest.fixture(scope="module")
def catalogue() -> InterestCatalogue:
    return default_catalogue()


def test_a_strongly_social_profile_suggests_occupations_whose_onet_high_point_is_social(
    catalogue: InterestCatalogue,
) -> None:
    suggestions = suggest_occupations(SOCIAL, 10, catalogue=catalogue)
    assert len(suggestions) == 10
    for suggestion in suggestions:
        codes = _direct_codes(suggestion.esco_id)
        assert codes, f"{suggestion.label} is not a direct crosswalk match"
        assert all(ONET[code]["high_point_code"].startswith("S") for code in codes), suggestion.label
        assert suggestion.shared_interests[0] == "S"


def test_suggestions_are_esco_occupations_with_their_english_label_and_isco_group(catalogue: InterestCatalogue) -> None:
    for suggestion in suggest_occupations({"R": 4.5, "I": 3.5, "A": 1.5, "S": 2.0, "E": 2.5, "C": 3.0}, 15):
        assert suggestion.label == ESCO[suggestion.esco_id]["preferred_label"]
        assert suggestion.isco_group == ESCO[suggestion.esco_id]["isco_group"]
        assert set(suggestion.onet_codes) == _direct_codes(suggestion.esco_id)


def test_similarity_is_the_correlation_of_the_two_profiles(catalogue: InterestCatalogue) -> None:
    first = suggest_occupations(SOCIAL, 1, catalogue=catalogue)[0]
    (code,) = first.onet_codes
    expected = statistics.correlation([SOCIAL[t] for t in "RIASEC"], [float(ONET[code][t]) for t in "RIASEC"])
    assert first.similarity == pytest.approx(expected, abs=0.0005)


def test_suggestions_are_ordered_by_similarity_and_the_order_is_stable(catalogue: InterestCatalogue) -> None:
    profile = {"R": 2.0, "I": 4.6, "A": 3.9, "S": 2.0, "E": 1.5, "C": 1.2}
    suggestions = suggest_occupations(profile, 20, catalogue=catalogue)
    similarities = [s.similarity for s in suggestions]
    assert similarities == sorted(similarities, reverse=True)
    rebuilt = InterestCatalogue({k: v for k, v in reversed(list(catalogue._occupations.items()))})
    assert rebuilt.suggest(profile, 20) == suggestions


def test_at_most_two_suggestions_share_one_onet_profile(catalogue: InterestCatalogue) -> None:
    suggestions = catalogue.suggest(SOCIAL, 30)
    per_profile: dict[tuple[str, ...], int] = {}
    for suggestion in suggestions:
        per_profile[suggestion.onet_codes] = per_profile.get(suggestion.onet_codes, 0) + 1
    assert max(per_profile.values()) <= 2
    assert catalogue.suggest(SOCIAL, 30, per_onet=1) != suggestions


def test_a_job_zone_limit_leaves_out_occupations_needing_more_preparation(catalogue: InterestCatalogue) -> None:
    for suggestion in catalogue.suggest(SOCIAL, 10, max_job_zone=2):
        assert all(int(ONET[code]["job_zone"]) <= 2 for code in suggestion.onet_codes)


@pytest.mark.parametrize(
    "profile",
    [
        {"R": 3.0, "I": 3.0, "A": 3.0, "S": 3.0, "E": 3.0, "C": 3.0},  # flat
        {"R": 5.0, "I": 1.0, "A": None, "S": None, "E": None, "C": None},  # two types only
        {},
    ],
)
def test_no_suggestions_from_a_flat_or_too_incomplete_profile(profile: dict[str, float | None]) -> None:
    assert suggest_occupations(profile) == ()


def test_occupation_interests_are_the_onet_ratings_of_the_matched_occupation() -> None:
    row = next(r for r in CROSSWALK if r["match_source"] == "nesta_nov2020" and r["has_onet_interests"] == "yes")
    esco_id = _esco_id(row)
    assert len({r["onetsoc_2019_code"] for r in CROSSWALK if _esco_id(r) == esco_id}) == 1
    onet = ONET[row["onetsoc_2019_code"]]
    assert occupation_interests(esco_id) == {t: float(onet[t]) for t in "RIASEC"}
    assert holland_code_of(esco_id) == onet["high_point_code"]


def test_an_occupation_matched_by_inheritance_still_has_interests() -> None:
    row = next(r for r in CROSSWALK if r["match_source"].startswith("inherited") and r["has_onet_interests"] == "yes")
    assert occupation_interests(_esco_id(row)) is not None


def test_an_occupation_split_over_two_onet_codes_gets_their_mean() -> None:
    codes: dict[str, set[str]] = {}
    for row in CROSSWALK:
        if row["has_onet_interests"] == "yes":
            codes.setdefault(_esco_id(row), set()).add(row["onetsoc_2019_code"])
    esco_id, pair = next((k, sorted(v)) for k, v in codes.items() if len(v) == 2)
    expected = {t: (float(ONET[pair[0]][t]) + float(ONET[pair[1]][t])) / 2 for t in "RIASEC"}
    assert occupation_interests(esco_id) == pytest.approx(expected, abs=1e-4)


def test_occupations_outside_the_crosswalk_have_no_interests() -> None:
    covered = {_esco_id(r) for r in CROSSWALK if r["has_onet_interests"] == "yes"}
    missing = next(esco_id for esco_id in ESCO if esco_id not in covered)
    assert occupation_interests(missing) is None
    assert holland_code_of(missing) is None
    assert holland_code_of("not-an-id") is None
