from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from actions.assessment.questionnaire import Module, load_modules
from tests.actions.assessment.conftest import DATA, csv_rows, yaml_data


def test_interest_module_has_every_riasec_item_of_the_csv(interests: Module) -> None:
    rows = csv_rows("instruments/riasec.csv")
    assert interests.question_count == len(rows) == 48
    assert {(i.id, i.scale, i.text) for i in interests.items} == {(r["id"], r["scale"], r["text"]) for r in rows}


def test_interest_items_are_interleaved_so_no_type_comes_as_a_block(interests: Module) -> None:
    assert [item.id for item in interests.items[:8]] == ["R1", "I1", "A1", "S1", "E1", "C1", "R2", "I2"]
    assert interests.items[-1].id == "C8"


def test_interest_types_are_named_and_described_from_the_onet_types_csv(interests: Module) -> None:
    for row in csv_rows("instruments/riasec_types.csv"):
        assert interests.scale(row["scale"]).title == row["name"]
        assert interests.scale(row["scale"]).description == row["description"]


def test_interest_answer_scale_has_words_for_one_to_five(interests: Module) -> None:
    labels = yaml_data("assessment/modules.yml")["en"]["modules"]["interests"]["scale"]["labels"]
    assert interests.answer_scale.values == (1, 2, 3, 4, 5)
    assert [interests.answer_scale.label(v) for v in range(1, 6)] == [labels[v] for v in range(1, 6)]


def test_cms_module_has_the_four_themes_with_four_items_each(cms: Module) -> None:
    blocks = [b for b in yaml_data("instruments/self-assessment.yml")["blocks"] if b["kind"] == "cms"]
    assert [s.id for s in cms.scales] == ["self", "strengths", "horizons", "networks"]
    assert cms.question_count == sum(len(b["items"]) for b in blocks) == 16
    assert cms.answer_scale.label(4) == "Mostly like me"


def test_digital_module_has_ten_items_in_five_areas(digital: Module) -> None:
    assert digital.question_count == 10
    assert [s.id for s in digital.scales] == ["digital"]
    assert len(digital.areas) == 5
    assert {item.area for item in digital.items} == {area.id for area in digital.areas}
    assert digital.scale("safety").title == "Safety"


def test_estimated_minutes_are_questions_times_seconds_rounded_up(modules: dict[str, Module]) -> None:
    # 48 x 8 s = 6.4 min, 16 x 12 s = 3.2 min, 10 x 12 s = 2 min
    assert {m.id: m.estimated_minutes for m in modules.values()} == {"interests": 7, "cms": 4, "digital": 2}


def test_cms_next_steps_and_bands_come_from_the_questionnaire(cms: Module) -> None:
    texts = yaml_data("instruments/self-assessment.yml")["en"]["block_texts"]["networks"]
    steps = cms.scale("networks").steps_for("low")
    assert [s.text for s in steps] == texts["next_steps"]["low"]
    assert steps[0].action == "networking_tips"
    assert [(b.name, b.start, b.end) for b in cms.bands] == [
        ("low", 1.0, 2.5),
        ("medium", 2.5, 3.75),
        ("high", 3.75, 5.0),
    ]


def _copy_data(tmp_path: Path) -> Path:
    for folder in ("assessment", "instruments"):
        shutil.copytree(DATA / folder, tmp_path / folder)
    return tmp_path


def test_module_texts_are_read_from_the_data_folder_given(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    path = data / "assessment" / "modules.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Your digital skills", "Dina digitala färdigheter"))
    assert load_modules(data)["digital"].title == "Dina digitala färdigheter"


def test_an_answer_scale_with_a_missing_label_is_refused_at_load_time(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    path = data / "assessment" / "modules.yml"
    path.write_text(path.read_text(encoding="utf-8").replace('          3: "Not sure"\n', ""))
    with pytest.raises(ValueError, match="do not cover"):
        load_modules(data)
