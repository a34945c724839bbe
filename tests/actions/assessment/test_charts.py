from __future__ import annotations

import struct
from pathlib import Path

import pytest

from actions.assessment.charts import interest_chart, load_chart_texts, skills_chart
from actions.assessment.questionnaire import Module
from actions.assessment.scoring import ModuleResult, ScaleScore, score_module
from tests.actions.assessment.conftest import DATA, csv_rows, yaml_data

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which must come first."""
    assert png[:8] == PNG_SIGNATURE
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _expected_size() -> tuple[int, int]:
    size = yaml_data("assessment/charts.yml")["size"]
    return size["width_px"], size["height_px"]


def _interest_result(means: dict[str, float | None]) -> ModuleResult:
    return ModuleResult("interests", tuple(ScaleScore(k, v, 8, None) for k, v in means.items()))


def test_interest_chart_is_a_png_of_the_configured_size(interests: Module) -> None:
    result = _interest_result({"R": 2.0, "I": 3.5, "A": 4.25, "S": 5.0, "E": 1.0, "C": 2.75})
    chart = interest_chart(interests, result)
    assert _png_size(chart.png) == _expected_size() == (720, 720)


def test_interest_alt_text_states_every_type_and_its_score(interests: Module) -> None:
    means: dict[str, float | None] = {"R": 2.0, "I": 3.5, "A": 4.5, "S": 5.0, "E": 1.0, "C": None}
    alt = interest_chart(interests, _interest_result(means)).alt_text
    names = {row["scale"]: row["name"] for row in csv_rows("instruments/riasec_types.csv")}
    for letter, words in {"R": "2.0", "I": "3.5", "A": "4.5", "S": "5.0", "E": "1.0"}.items():
        assert f"{names[letter]} {words}" in alt
    assert "Conventional: not enough answers" in alt
    assert "from 1" in alt
    assert "to 5" in alt


@pytest.mark.parametrize("module_id", ["cms", "digital"])
def test_skills_chart_is_a_png_whose_alt_text_names_each_scale_score_and_band(
    modules: dict[str, Module], module_id: str
) -> None:
    module = modules[module_id]
    answers: dict[str, int | None] = {item.id: (n % 5) + 1 for n, item in enumerate(module.items)}
    result = score_module(module, answers)
    chart = skills_chart(module, result)
    assert _png_size(chart.png) == _expected_size()
    band_words = yaml_data("assessment/charts.yml")["en"]["skills"]["band_labels"]
    for scale in (*module.scales, *module.areas):
        score = result.score(scale.id)
        assert score.mean is not None
        assert f"{scale.title} {score.mean:.1f} ({band_words[score.band]})" in chart.alt_text


def test_cms_chart_alt_text_with_hand_computed_means(cms: Module) -> None:
    answers = {"self_1": 5, "self_2": 4, "strengths_1": 1, "strengths_2": 2, "horizons_1": 3, "horizons_2": 3}
    alt = skills_chart(cms, score_module(cms, answers)).alt_text
    assert "Knowing yourself 4.5 (strength)" in alt
    assert "Your skills and strengths 1.5 (to work on)" in alt
    assert "Options and plans 3.0 (medium)" in alt
    assert "People and support: not enough answers" in alt


def test_band_colours_have_at_least_4_5_to_1_contrast_on_white() -> None:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    texts = yaml_data("assessment/charts.yml")
    colours = [*texts["skills"]["band_colours"].values(), texts["interests"]["line_colour"], texts["text_colour"]]
    for colour in colours:
        assert (1.05) / (luminance(colour) + 0.05) >= 4.5, colour


def test_chart_titles_come_from_the_yaml_given(tmp_path: Path, interests: Module) -> None:
    path = tmp_path / "charts.yml"
    path.write_text(
        (DATA / "assessment" / "charts.yml").read_text(encoding="utf-8").replace("Chart of your", "Bild av")
    )
    result = _interest_result({"R": 2.0, "I": 3.5, "A": 4.25, "S": 5.0, "E": 1.0, "C": 2.75})
    assert interest_chart(interests, result, load_chart_texts(path)).alt_text.startswith("Bild av")
