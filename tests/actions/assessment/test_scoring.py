"""Expected scores are hand-computed or computed here from the CSV/YAML, never by the code under test."""

from __future__ import annotations

import math

import pytest

from actions.assessment.questionnaire import Module
from actions.assessment.scoring import (
    ModuleResult,
    band_of,
    compare,
    holland_code,
    next_steps,
    ranked_types,
    score_module,
    strengths,
    to_work_on,
)
from tests.actions.assessment.conftest import csv_rows, yaml_data

RIASEC_ITEMS = csv_rows("instruments/riasec.csv")


def _interest_answers(per_item: dict[str, int | None]) -> dict[str, int | None]:
    """Answers keyed by item id, computed from the CSV, not from the module."""
    return {row["id"]: per_item[row["id"]] for row in RIASEC_ITEMS}


def test_riasec_scores_are_the_mean_of_each_types_items_from_the_csv(interests: Module) -> None:
    # Item n of a type (R1..R8) gets n mod 5 + 1: 2,3,4,5,1,2,3,4 for every type → mean 24/8 = 3.0,
    # except Social, where every answer is 5.
    answers = _interest_answers(
        {row["id"]: 5 if row["scale"] == "S" else int(row["id"][1:]) % 5 + 1 for row in RIASEC_ITEMS}
    )
    expected = {}
    for letter in "RIASEC":
        values = [answers[row["id"]] for row in RIASEC_ITEMS if row["scale"] == letter]
        expected[letter] = sum(v for v in values if v is not None) / len(values)
    result = score_module(interests, answers)
    assert result.means() == pytest.approx(expected)
    assert result.means() == pytest.approx({"R": 3.0, "I": 3.0, "A": 3.0, "S": 5.0, "E": 3.0, "C": 3.0})


def test_skipped_items_are_left_out_of_the_mean(interests: Module) -> None:
    answers: dict[str, int | None] = {row["id"]: 2 for row in RIASEC_ITEMS}
    answers.update({"R1": 5, "R2": None, "R3": None})  # R: 5 + 5 x 2 over 6 answered = 15 / 6 = 2.5
    score = score_module(interests, answers).score("R")
    assert score.mean == pytest.approx(2.5)
    assert score.answered == 6
    assert score.band == "medium"


def test_a_type_with_fewer_than_four_answers_gets_no_score(interests: Module) -> None:
    answers: dict[str, int | None] = {row["id"]: 4 for row in RIASEC_ITEMS}
    answers.update({f"A{n}": None for n in range(1, 6)})  # 3 of 8 Artistic items left
    result = score_module(interests, answers)
    assert result.score("A").mean is None
    assert result.score("A").band is None
    assert result.score("A").answered == 3
    answers["A5"] = 1  # 4 answered: 4, 4, 4, 1 → 13 / 4
    assert score_module(interests, answers).score("A").mean == pytest.approx(3.25)


def test_holland_code_is_the_three_highest_types_highest_first() -> None:
    assert holland_code({"R": 2.0, "I": 4.5, "A": 3.0, "S": 4.75, "E": 1.0, "C": 3.5}) == "SIC"


def test_holland_code_ties_are_broken_in_hexagon_order() -> None:
    scores = {"R": 3.0, "I": 3.0, "A": 3.0, "S": 4.0, "E": 4.0, "C": 3.0}
    assert holland_code(scores) == "SER"
    assert ranked_types(scores) == [("S", "E"), ("R", "I", "A", "C")]
    assert holland_code({"C": 3.0, "E": 3.0, "S": 3.0, "A": 3.0, "I": 3.0, "R": 3.0}) == "RIA"


def test_holland_code_treats_means_equal_up_to_rounding_noise_as_ties() -> None:
    noisy = math.nextafter(10 / 3, 4)  # the same mean computed another way, one bit higher
    assert noisy > 10 / 3
    assert holland_code({"R": 1.0, "I": 1.0, "A": 1.0, "S": 10 / 3, "E": noisy, "C": 1.0}) == "SER"


def test_holland_code_leaves_out_types_without_a_score() -> None:
    assert holland_code({"R": None, "I": 2.0, "A": None, "S": 3.0, "E": None, "C": None}) == "SI"


@pytest.mark.parametrize(
    ("mean", "band"),
    [(1.0, "low"), (2.49, "low"), (2.5, "medium"), (3.74, "medium"), (3.75, "high"), (5.0, "high")],
)
def test_bands_follow_the_questionnaire_table(cms: Module, mean: float, band: str) -> None:
    table = yaml_data("instruments/self-assessment.yml")["scoring"]["bands"]
    expected = next(b["band"] for b in table if b["from"] <= mean < b.get("below", 99))
    assert band == expected
    assert band_of(mean, cms.bands) == band


def _cms_answers(per_theme: dict[str, list[int | None]]) -> dict[str, int | None]:
    blocks = {b["id"]: b for b in yaml_data("instruments/self-assessment.yml")["blocks"]}
    return {
        item_id: value
        for theme, values in per_theme.items()
        for item_id, value in zip(blocks[theme]["items"], values, strict=True)
    }


def test_cms_theme_means_bands_strengths_and_things_to_work_on(cms: Module) -> None:
    answers = _cms_answers(
        {
            "self": [5, 4, 4, 4],  # 17 / 4 = 4.25 high
            "strengths": [1, 2, 2, None],  # 5 / 3 = 1.67 low
            "horizons": [3, 3, 3, 3],  # 3.0 medium
            "networks": [4, 4, 4, 3],  # 15 / 4 = 3.75 high (the band includes its start)
        }
    )
    result = score_module(cms, answers)
    assert result.means() == pytest.approx({"self": 4.25, "strengths": 5 / 3, "horizons": 3.0, "networks": 3.75})
    assert [s.band for s in result.scores] == ["high", "low", "medium", "high"]
    assert [s.scale for s in strengths(cms, result)] == ["self", "networks"]
    assert [s.scale for s in to_work_on(cms, result)] == ["strengths"]


def test_next_steps_are_the_questionnaires_suggestions_for_each_band_lowest_first(cms: Module) -> None:
    answers = _cms_answers(
        {"self": [5, 5, 5, 5], "strengths": [1, 1, 2, 2], "horizons": [3, 3, 3, 3], "networks": [None, None, None, 2]}
    )
    blocks = yaml_data("instruments/self-assessment.yml")["en"]["block_texts"]
    advice = next_steps(cms, score_module(cms, answers))
    # networks has one answer only: no score, no advice
    assert [(a.scale.id, a.band) for a in advice] == [("strengths", "low"), ("horizons", "medium"), ("self", "high")]
    for item in advice:
        assert [s.text for s in item.steps] == blocks[item.scale.id]["next_steps"][item.band]


def test_digital_scores_each_area_and_the_whole_block(digital: Module) -> None:
    block = next(b for b in yaml_data("instruments/self-assessment.yml")["blocks"] if b["id"] == "digital")
    answers: dict[str, int | None] = {}
    for area in block["areas"]:
        first, second = (1, 2) if area["id"] == "safety" else (4, 5)
        answers[area["items"][0]] = first
        answers[area["items"][1]] = second
    result = score_module(digital, answers)
    assert result.score("digital").mean == pytest.approx((1 + 2 + 4 * 9) / 10)  # 3.9
    assert result.score("safety").mean == pytest.approx(1.5)
    assert result.score("problem_solving").mean == pytest.approx(4.5)
    assert [s.scale for s in to_work_on(digital, result)] == ["safety"]
    assert "digital" not in [s.scale for s in strengths(digital, result)]  # areas, not the whole block


def test_an_answer_outside_the_scale_is_a_caller_error(cms: Module) -> None:
    with pytest.raises(ValueError, match=r"outside 1\.\.5"):
        score_module(cms, {"self_1": 7})


def test_answers_to_items_no_longer_in_the_data_are_ignored(cms: Module) -> None:
    result = score_module(cms, {"old_item": 5, "self_1": 4, "self_2": 2})
    assert result.score("self").mean == pytest.approx(3.0)


def test_before_after_gives_change_and_direction_per_scale(cms: Module) -> None:
    before = score_module(
        cms, _cms_answers({"self": [2, 2, 2, 2], "strengths": [4, 4, 4, 4], "horizons": [3, 3, 3, 3]})
    )
    after = score_module(
        cms,
        _cms_answers(
            {"self": [4, 4, 3, 3], "strengths": [3, 3, 3, 3], "horizons": [3, 3, 3, 4], "networks": [2, 2, 2, 2]}
        ),
    )
    changes = {c.scale: c for c in compare(before, after, unchanged_below=0.25)}
    assert (changes["self"].before, changes["self"].after, changes["self"].direction) == (2.0, 3.5, "up")
    assert changes["self"].change == pytest.approx(1.5)
    assert changes["strengths"].change == pytest.approx(-1.0)
    assert changes["strengths"].direction == "down"
    assert changes["horizons"].change == pytest.approx(0.25)
    assert changes["horizons"].direction == "up"  # 0.25 is not below the threshold
    assert compare(before, after, unchanged_below=0.3)[2].direction == "same"
    assert (changes["networks"].before, changes["networks"].direction, changes["networks"].change) == (
        None,
        "unknown",
        None,
    )


def test_results_of_different_modules_cannot_be_compared(cms: Module, digital: Module) -> None:
    with pytest.raises(ValueError, match="cannot compare"):
        compare(score_module(cms, {}), score_module(digital, {}), unchanged_below=0.25)


def test_a_result_survives_the_round_trip_through_a_slot(digital: Module) -> None:
    result = score_module(digital, {item.id: 3 for item in digital.items} | {"digital_safety_1": None})
    assert ModuleResult.from_slot(result.to_slot()) == result
