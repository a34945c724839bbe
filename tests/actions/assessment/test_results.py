from __future__ import annotations

from pathlib import Path

from actions.assessment.occupations import Suggestion
from actions.assessment.questionnaire import Module
from actions.assessment.results import change_summary, interest_summary, load_result_texts, skills_summary
from actions.assessment.scoring import ModuleResult, ScaleScore, compare, score_module
from tests.actions.assessment.conftest import DATA, csv_rows, yaml_data

TYPES = {row["scale"]: row for row in csv_rows("instruments/riasec_types.csv")}
NURSE = Suggestion("x1", "nurse responsible for general care", "2221", 0.9, ("S", "I"), "SI", ("29-1141.00",))


def _interests(means: dict[str, float | None]) -> ModuleResult:
    return ModuleResult("interests", tuple(ScaleScore(k, v, 8, None) for k, v in means.items()))


def test_interest_summary_describes_the_liked_types_of_the_code_with_onet_texts(interests: Module) -> None:
    lines = interest_summary(interests, _interests({"R": 1.5, "I": 3.5, "A": 2.0, "S": 4.75, "E": 2.5, "C": 1.0}))
    text = "\n".join(lines)
    assert f"Social (4.8 of 5): {TYPES['S']['description']}" in text
    assert f"Investigative (3.5 of 5): {TYPES['I']['description']}" in text
    assert TYPES["E"]["description"] not in text  # third letter, but 2.5 is not a liked type
    assert "Your Holland code is SIE" in text


def test_interest_summary_names_ties_low_profiles_and_unscored_types(interests: Module) -> None:
    lines = interest_summary(interests, _interests({"R": 2.0, "I": 2.0, "A": None, "S": 2.5, "E": 2.5, "C": 1.0}))
    text = "\n".join(lines)
    assert "Your Holland code is SER" in text
    assert "Social and Enterprising got the same score" in text
    assert "Realistic and Investigative got the same score" in text
    assert "your highest score is 2.5 of 5" in text
    assert "I could not score Artistic" in text


def test_interest_summary_lists_suggested_occupations_with_shared_interests_and_attribution(
    interests: Module,
) -> None:
    lines = interest_summary(interests, _interests({t: 3.0 for t in "RIASEC"} | {"S": 5.0}), [NURSE])
    assert "nurse responsible for general care: shares your interest in Social and Investigative" in lines
    assert any("O*NET 29.3 Database" in line and "ESCO classification" in line for line in lines)


def test_skills_summary_reports_bands_strengths_weak_points_and_next_steps(cms: Module) -> None:
    answers = {f"self_{n}": 5 for n in range(1, 5)} | {f"strengths_{n}": 1 for n in range(1, 5)}
    answers |= {f"horizons_{n}": 3 for n in range(1, 5)} | {"networks_1": 2}
    lines = skills_summary(cms, score_module(cms, answers))
    texts = yaml_data("assessment/results.yml")["en"]["skills"]
    blocks = yaml_data("instruments/self-assessment.yml")["en"]["block_texts"]
    assert lines[0] == texts["heading"]["cms"]
    assert lines[1:4] == [
        "Knowing yourself: 5.0 of 5, a strength",
        "Options and plans: 3.0 of 5, on its way",
        "Your skills and strengths: 1.0 of 5, something to work on",
    ]
    assert "People and support: not enough answers to say" in lines
    assert "Your strengths: Knowing yourself." in lines
    assert "Things to work on: Your skills and strengths." in lines
    # the two lowest blocks get their next steps, lowest first
    first_low_step = "- " + blocks["strengths"]["next_steps"]["low"][0]
    first_medium_step = "- " + blocks["horizons"]["next_steps"]["medium"][0]
    assert lines.index(first_low_step) < lines.index(first_medium_step)
    assert not any(step in "\n".join(lines) for step in blocks["self"]["next_steps"]["high"])


def test_change_summary_shows_before_and_after_per_scale(cms: Module) -> None:
    before = score_module(cms, {"self_1": 2, "self_2": 2, "strengths_1": 4, "strengths_2": 4})
    after = score_module(cms, {"self_1": 4, "self_2": 3, "strengths_1": 4, "strengths_2": 4, "horizons_1": 1})
    lines = change_summary(cms, compare(before, after, unchanged_below=0.25))
    assert lines == [
        "Compared with last time:",
        "Knowing yourself: 2.0 → 3.5, up by 1.5",
        "Your skills and strengths: about the same (4.0 → 4.0)",
        "Options and plans: can't compare, not enough answers one of the times",
        "People and support: can't compare, not enough answers one of the times",
    ]


def test_result_texts_come_from_the_template_file_given(tmp_path: Path, cms: Module) -> None:
    path = tmp_path / "results.yml"
    original = (DATA / "assessment" / "results.yml").read_text(encoding="utf-8")
    path.write_text(
        original.replace('score_line: "{name}: {score:.1f} of 5, {band}"', 'score_line: "{name} = {score:.2f}"')
    )
    result = score_module(cms, {"self_1": 4, "self_2": 3})
    assert "Knowing yourself: 3.5 of 5, on its way" in skills_summary(cms, result)
    assert "Knowing yourself = 3.50" in skills_summary(cms, result, load_result_texts(path))
