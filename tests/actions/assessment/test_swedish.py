"""The self-assessment in Swedish: questions, answers, results, charts and the PDF in the chosen language."""

from __future__ import annotations

import io
from datetime import date

import pypdf
import pytest

from actions.assessment.answers import Answer, ReaskStep, Unclear, map_answer, reask_text
from actions.assessment.charts import interest_chart, skills_chart
from actions.assessment.form_actions import ActionAskAssessmentAnswer, ActionExplainQuestion, ActionStartAssessment
from actions.assessment.occupations import occupation_label, suggest_occupations
from actions.assessment.profile import default_profile, map_profile_answer
from actions.assessment.progress import AssessmentState, finish, start
from actions.assessment.questionnaire import default_modules
from actions.assessment.result_actions import ActionAssessmentFinished
from actions.assessment.results import interest_summary, skills_summary
from actions.assessment.scoring import score_module
from actions.assessment.summary_actions import ActionSendSummary, attribution, summary_sections
from actions.assessment.summary_pdf import build_summary
from nlu.occupation_index import default_index
from tests.actions.assessment.conftest import csv_rows, yaml_data
from tests.actions.assessment.test_actions import run, validate

SV = {"language": "sv", "consent_given": True}
DIGITAL = [{"entity": "assessment_module", "value": "digital"}]
SWEDISH_ESCO = {row["occupation_id"]: row["preferred_label"] for row in csv_rows("esco/occupations_sv.csv")}


@pytest.fixture(autouse=True)
def media(tmp_path, monkeypatch):
    monkeypatch.setenv("ORIENTA_DATA_DIR", str(tmp_path))
    return tmp_path / "media"


def test_the_swedish_modules_have_the_same_ids_items_and_scoring_as_the_english_ones():
    english, swedish = default_modules("en"), default_modules("sv")
    assert list(english) == list(swedish)
    for module_id, module in english.items():
        other = swedish[module_id]
        assert [(i.id, i.scale, i.area) for i in module.items] == [(i.id, i.scale, i.area) for i in other.items]
        assert [s.id for s in (*module.scales, *module.areas)] == [s.id for s in (*other.scales, *other.areas)]
        assert module.bands == other.bands and module.answer_scale.values == other.answer_scale.values
        assert module.title != other.title
        assert not {i.text for i in module.items} & {i.text for i in other.items}, "an item left in English"


def test_the_swedish_interest_items_and_type_names_come_from_the_csv_swedish_columns():
    interests = default_modules("sv")["interests"]
    rows = {row["id"]: row for row in csv_rows("instruments/riasec.csv")}
    assert all(item.text == rows[item.id]["text_sv"] for item in interests.items)
    types = {row["scale"]: row for row in csv_rows("instruments/riasec_types.csv")}
    assert interests.scale("R").title == types["R"]["name_sv"] == "Praktisk"


async def test_a_swedish_user_gets_the_question_and_its_buttons_in_swedish_with_the_same_payloads():
    _, slots, _ = await run(ActionStartAssessment(), SV, "start_assessment", DIGITAL)
    (ask,), _, _ = await run(ActionAskAssessmentAnswer(), slots)
    texts = yaml_data("instruments/self-assessment.yml")["sv"]
    assert ask["question"] == texts["items"]["digital_info_1"]
    assert ask["prompt"] == texts["scale"]["prompt"]
    titles = [b["title"] for b in ask["buttons"]]
    assert titles == [*texts["scale"]["labels"].values(), "Hoppa över", "Varför frågar du?", "Fortsätt senare"]
    assert [b["payload"] for b in ask["buttons"]] == ["1", "2", "3", "4", "5", "skip", "/explain_question", "later"]


async def test_the_module_offer_is_in_swedish():
    (offer,), _, _ = await run(ActionStartAssessment(), {"language": "sv"}, "start_assessment")
    titles = [b["title"] for b in offer["buttons"]]
    assert "Din digitala förmåga (10 frågor, cirka 2 min)" in titles
    assert all("questions" not in title for title in titles)


async def test_a_language_change_mid_module_applies_from_the_next_question():
    _, slots, _ = await run(ActionStartAssessment(), {"consent_given": True}, "start_assessment", DIGITAL)
    _, slots = validate(slots, "4")
    (english,), _, _ = await run(ActionAskAssessmentAnswer(), slots)
    (swedish,), _, _ = await run(ActionAskAssessmentAnswer(), {**slots, "language": "sv"})
    assert english["number"] == swedish["number"] == 2
    assert english["question"] == default_modules("en")["digital"].items[1].text
    assert swedish["question"] == default_modules("sv")["digital"].items[1].text


def test_swedish_free_text_and_the_swedish_labels_are_understood():
    scale = default_modules("sv")["cms"].answer_scale
    assert map_answer("Stämmer helt", scale).value == 5
    assert map_answer("stämmer delvis", scale).value == 3
    assert map_answer("inte alls", scale).value == 1
    assert map_answer("absolut", scale).value == 5
    assert map_answer("hoppa över", scale).kind.value == "skip"


def test_a_swedish_reask_lists_the_swedish_options():
    scale = default_modules("sv")["interests"].answer_scale
    text = reask_text(Answer.unclear(Unclear.NOT_UNDERSTOOD), scale, ReaskStep.REASK, language="sv")
    assert text.startswith("Förlåt, det förstod jag inte.")
    assert "1 = Ogillar mycket" in text and "5 = Gillar mycket" in text


async def test_a_swedish_reask_in_the_form_and_the_why_text_are_swedish():
    _, slots, _ = await run(ActionStartAssessment(), SV, "start_assessment", DIGITAL)
    (reask,), _ = validate(slots, "bananer")
    assert reask["text"].startswith("Förlåt")
    (why,), _, _ = await run(ActionExplainQuestion(), slots)
    assert why["text"].startswith("Det här påståendet handlar om Digital förmåga.")


def test_swedish_interest_results_name_the_types_and_the_occupations_in_swedish():
    interests = default_modules("sv")["interests"]
    answers = {item.id: {"S": 5, "A": 4, "I": 3}.get(item.scale, 1) for item in interests.items}
    result = score_module(interests, answers)
    suggestions = suggest_occupations(result.means(), 3)
    lines = interest_summary(interests, result, suggestions, language="sv")
    assert lines[0] == "Så här säger dina svar om vilket arbete du kan trivas med."
    assert any(line.startswith("Social (5.0 av 5):") for line in lines)
    assert "Din Holland-kod är SAI." in " ".join(lines)
    shown = [s.esco_id for s in suggestions if s.esco_id in SWEDISH_ESCO]
    assert shown, "the suggestions have Swedish ESCO labels"
    for esco_id in shown:
        assert any(line.startswith(f"{SWEDISH_ESCO[esco_id]}:") for line in lines)


def test_an_occupation_without_a_swedish_esco_label_keeps_its_english_one():
    english = {row["occupation_id"]: row["preferred_label"] for row in csv_rows("esco/occupations_en.csv")}
    missing = next(esco_id for esco_id in english if esco_id not in SWEDISH_ESCO)
    assert occupation_label(missing, "sv") == english[missing]
    assert occupation_label("not-an-id", "sv") is None


def test_swedish_skills_results_have_swedish_bands_and_next_steps():
    cms = default_modules("sv")["cms"]
    answers = {item.id: 5 if item.scale == "self" else 1 for item in cms.items}
    lines = skills_summary(cms, score_module(cms, answers), language="sv")
    assert lines[0] == "Så här ser du på din förmåga att planera ditt arbetsliv i dag."
    assert "Att känna dig själv: 5.0 av 5, en styrka" in lines
    steps = yaml_data("instruments/self-assessment.yml")["sv"]["block_texts"]["strengths"]["next_steps"]["low"]
    assert "- " + steps[0] in lines


def test_swedish_charts_have_swedish_alt_texts():
    interests = default_modules("sv")["interests"]
    result = score_module(interests, {item.id: 4 for item in interests.items})
    chart = interest_chart(interests, result, language="sv")
    assert chart.alt_text.startswith("Diagram över dina intressen") and "Praktisk 4.0" in chart.alt_text
    digital = default_modules("sv")["digital"]
    bars = skills_chart(digital, score_module(digital, {item.id: 2 for item in digital.items}), language="sv")
    assert "Säkerhet 2.0 (att öva på)" in bars.alt_text and chart.png[:4] == b"\x89PNG"


def test_a_swedish_profile_question_has_swedish_options_and_understands_swedish_words():
    profile = default_profile("sv")
    hours = next(q for q in profile.questions if q.id == "hours")
    assert hours.text == "Hur mycket vill du jobba?"
    assert [o.label for o in hours.options] == ["Heltid", "Deltid", "Båda går bra"]
    answer = map_profile_answer(profile, hours, "båda går bra", [], default_index())
    assert answer.value == "either"
    experience = next(q for q in profile.questions if q.id == "experience")
    assert map_profile_answer(profile, experience, "några år", [], default_index()).value == "2_to_5"


async def test_a_finished_swedish_module_shows_swedish_results_and_next_buttons():
    _, slots, _ = await run(ActionStartAssessment(), SV, "start_assessment", DIGITAL)
    for _ in range(10):
        _, slots = validate(slots, "stämmer ganska bra")
    messages, _, _ = await run(ActionAssessmentFinished(), slots)
    assert messages[0]["text"].startswith("Så här ser du på din digitala förmåga i dag.")
    chart = next(m["custom"] for m in messages if m.get("custom", {}).get("type") == "chart")
    assert chart["title"] == "Din digitala förmåga" and chart["alt"].startswith("Stapeldiagram")
    buttons = [b["title"] for b in messages[-1]["buttons"]]
    assert "Ladda ner min sammanfattning (PDF)" in buttons and "Hitta jobb som passar mig" in buttons


def _swedish_state() -> AssessmentState:
    state = AssessmentState()
    for module_id, module in default_modules("sv").items():
        result = score_module(module, {item.id: 4 for item in module.items})
        state = finish(start(state, module_id), module_id, result.to_slot(), "t")
    return finish(start(state, "profile"), "profile", {"hours": "full_time", "languages": ["sv", "ar"]}, "t")


def test_the_swedish_summary_pdf_is_in_swedish():
    sections = summary_sections(_swedish_state(), "sv")
    pdf = build_summary(sections, date(2026, 12, 1), attribution("sv"), language="sv")
    text = " ".join(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    texts = yaml_data("assessment/summary.yml")["sv"]
    assert texts["title"] in text
    for heading in (texts["sections"][key] for key in ("profile", "interests", "cms", "digital")):
        assert heading in text
    assert "Arbetstid: Heltid" in text and "Svenska, Arabiska" in text
    assert "Europeiska kommissionens klassificering ESCO" in text
    assert "Your" not in text and "Here is" not in text


async def test_the_summary_action_names_the_swedish_file():
    messages, _, _ = await run(ActionSendSummary(), {"language": "sv", "assessment": _swedish_state().to_slot()})
    document = messages[-1]["custom"]
    assert document["filename"] == "orienta-sammanfattning.pdf" and document["caption"] == "Din sammanfattning (PDF)"
