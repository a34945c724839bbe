"""The profile part in the dialogue: its flow, its results, the profile slot and the summary PDF."""

from __future__ import annotations

import io
from datetime import date
from functools import cache

import pypdf
import pytest

from actions.assessment.form_actions import ActionAskAssessmentAnswer, ActionStartAssessment, module_from_words
from actions.assessment.profile import DONE, default_profile
from actions.assessment.profile_results import with_profile
from actions.assessment.progress import AssessmentState, Outcome, answer_profile, finish, start
from actions.assessment.questionnaire import default_modules
from actions.assessment.result_actions import ActionAssessmentFinished, ActionShowResults
from actions.assessment.scoring import score_module
from actions.assessment.summary_actions import ActionSendSummary, attribution, plan_section, summary_sections
from actions.assessment.summary_pdf import build_summary
from actions.jobsearch.state import Application, Goal, JobSearch, PlanItem
from nlu.gazetteer import Gazetteer
from nlu.occupation_index import default_index
from nlu.phrases import all_phrases, ignored_occupation_labels
from tests.actions.assessment.conftest import DATA, csv_rows, yaml_data
from tests.actions.assessment.test_actions import run, validate

PROFILE = [{"entity": "assessment_module", "value": "profile"}]


def esco_id(preferred_label: str) -> str:
    return next(
        r["occupation_id"] for r in csv_rows("esco/occupations_en.csv") if r["preferred_label"] == preferred_label
    )


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer(all_phrases(DATA), default_index(), frozenset(ignored_occupation_labels(DATA)))


def step(state: AssessmentState, text: str):
    """One answer, with the entities the real gazetteer finds in it (as the NLU would)."""
    return answer_profile(state, default_profile(), text, gazetteer().find(text), default_index())


def test_confirming_a_job_keeps_the_question_open_then_the_tap_moves_on():
    state = start(AssessmentState(), "profile")
    state, outcome, mapped = step(state, "plumer")
    assert outcome is Outcome.CONFIRM and mapped is not None
    assert state.progress["profile"].position == 0 and state.progress["profile"].waiting == "confirm"
    state, outcome, _ = step(state, f"esco:{esco_id('plumber')}")
    assert outcome is Outcome.ANSWERED
    assert state.progress["profile"].answers["occupations"] == [esco_id("plumber")]
    assert state.progress["profile"].position == 1 and state.progress["profile"].waiting is None


def test_languages_tapped_one_by_one_end_with_thats_all():
    state = start(AssessmentState(), "profile")
    for text in ("skip", "anywhere", "full time", "3 years", "university"):
        state, _, _ = step(state, text)
    state, outcome, _ = step(state, "lang:sv")
    assert outcome is Outcome.MORE
    state, outcome, _ = step(state, "lang:en")
    state, outcome, _ = step(state, DONE)
    assert outcome is Outcome.ANSWERED
    answers = state.progress["profile"].answers
    assert answers["languages"] == ["sv", "en"] and answers["occupations"] is None


def test_three_unclear_answers_are_reasked_twice_then_offered_a_skip_then_skipped():
    state = start(AssessmentState(), "profile")
    outcomes = []
    for _ in range(4):
        state, outcome, _ = step(state, "bananas")
        outcomes.append(outcome)
    assert outcomes == [Outcome.REASK, Outcome.REASK, Outcome.OFFER_SKIP, Outcome.SKIPPED_AFTER_REASKS]
    assert state.progress["profile"].position == 1


def test_go_back_later_and_the_last_answer_finish_as_in_the_other_parts():
    state = start(AssessmentState(), "profile")
    state, _, _ = step(state, "skip")
    state, outcome, _ = step(state, "go back")
    assert outcome is Outcome.BACK and state.progress["profile"].position == 0
    _, outcome, _ = step(state, "later")
    assert outcome is Outcome.PAUSED
    for text in ("skip", "skip", "skip", "skip", "skip", "skip"):
        state, _, _ = step(state, text)
    _, outcome, _ = step(state, "yes")
    assert outcome is Outcome.FINISHED


def test_the_profile_slot_gets_the_answers_and_loses_what_was_skipped_keeping_the_holland_code():
    before = {"holland_code": "SIA", "hours": "part_time", "occupations": ["x"]}
    after = with_profile(before, {"occupations": ["abc"], "hours": None, "languages": ["sv"]})
    assert after == {"holland_code": "SIA", "occupations": ["abc"], "languages": ["sv"]}


async def test_the_profile_is_offered_with_its_real_length_and_asks_with_option_buttons():
    spec = yaml_data("assessment/profile.yml")["profile"]
    messages, slots, _ = await run(ActionStartAssessment(), {"consent_given": True}, "start_assessment", PROFILE)
    assert messages[0]["response"] == "utter_assessment_intro" and messages[0]["questions"] == 7
    slots["assessment"]["progress"]["profile"]["position"] = 2
    messages, _, _ = await run(ActionAskAssessmentAnswer(), slots)
    (question,) = messages
    texts = yaml_data("assessment/profile.yml")["en"]["questions"][spec["questions"][2]["id"]]
    assert question["question"] == texts["text"]
    titles = [b["title"] for b in question["buttons"]]
    assert titles[:3] == [texts["options"][o["value"]] for o in spec["questions"][2]["options"]]


async def test_a_finished_profile_is_shown_in_words_and_stored_in_the_profile_slot():
    state = start(AssessmentState(), "profile")
    for text in ("warehouse worker", "Malmö", "full time", "none", "university", "arabic and swedish", "no"):
        state, _, _ = step(state, text)
    slots = {"assessment": state.to_slot(), "assessment_answer": "done", "profile": {"holland_code": "RIA"}}
    messages, slots, _ = await run(ActionAssessmentFinished(), slots)
    text = messages[0]["text"]
    assert "warehouse worker" in text and "Full-time" in text and "Swedish, Arabic" in text
    assert slots["profile"]["occupations"] == [esco_id("warehouse worker")]
    assert slots["profile"]["holland_code"] == "RIA" and slots["profile"]["driving_licence"] == "no"
    assert "/get_summary" in [b["payload"] for b in messages[-1]["buttons"]]
    shown, _, _ = await run(ActionShowResults(), slots)
    assert any("warehouse worker" in (m.get("text") or "") for m in shown)


def test_a_misspelt_job_is_answered_with_which_of_these_buttons_and_none_of_these():
    slots = {"assessment": start(AssessmentState(), "profile").to_slot()}
    messages, slots = validate(slots, "electrision")
    (confirm,) = messages
    payloads = [b["payload"] for b in confirm["buttons"]]
    assert payloads[0] == f"esco:{esco_id('electrician')}" and payloads[-1] == "none_of_these"
    assert "electrision" in confirm["text"]


def full_state() -> AssessmentState:
    state = AssessmentState()
    for module_id, module in default_modules().items():
        answers = {item.id: (i % 5) + 1 for i, item in enumerate(module.items)}
        state = finish(state, module_id, score_module(module, answers).to_slot(), "2026-12-01T10:00:00+00:00")
    profile = {"occupations": [esco_id("warehouse worker")], "place": "anywhere", "languages": ["sv", "ar"]}
    return finish(state, "profile", profile, "2026-12-01T10:00:00+00:00")


def test_a_whole_assessment_alone_fits_on_one_page():
    pdf = build_summary(summary_sections(full_state()), date(2026, 12, 1), attribution())
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1


def test_the_summary_of_everything_has_every_part_the_plan_the_diary_and_the_attribution():
    goal = Goal((("esco:x", "warehouse worker"),), "Malmö", "now")
    plan = tuple(
        PlanItem(a, date(2026, 12, 8))
        for a in ("update_cv", "ask_contacts", "apply_three", "job_alert", "meet_counsellor")
    )
    applied = Application("a", "Cook", "Hotel Nord", "applied", date(2026, 11, 20), date(2026, 11, 20))
    sections = summary_sections(full_state())
    sections.insert(1, plan_section(JobSearch(goal, plan, applications=(applied,)), date(2026, 12, 1)))
    pdf = build_summary(sections, date(2026, 12, 1), attribution())
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) <= 2, "a full plan and diary may take a second page"
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    texts = yaml_data("assessment/summary.yml")["en"]
    for heading in texts["sections"].values():
        assert heading in text
    assert "warehouse worker" in text and "Swedish, Arabic" in text and "2026-12-01" in text
    assert "Goal: warehouse worker in Malmö, to start as soon as possible." in text
    assert "☐ Apply to 3 jobs, by Tuesday 8 December" in text
    assert "• Cook, Hotel Nord: applied (Friday 20 November). No news for 11 days" in text
    assert "ESCO classification of the European Commission" in text
    assert len(reader.pages[0].images) == 3


def test_a_summary_before_any_part_says_what_was_not_taken():
    pdf = build_summary(summary_sections(finish(AssessmentState(), "profile", {"hours": "either"}, "t")), date.today())
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert text.count(yaml_data("assessment/summary.yml")["en"]["not_taken"]) == 3


async def test_the_summary_action_sends_a_document_payload_served_from_the_media_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ORIENTA_DATA_DIR", str(tmp_path))
    messages, _, _ = await run(ActionSendSummary(), {"assessment": full_state().to_slot()})
    document = messages[-1]["custom"]
    assert document["type"] == "document" and document["filename"] == "orienta-summary.pdf"
    name = document["url"].removeprefix("/media/")
    assert (tmp_path / "media" / name).read_bytes().startswith(b"%PDF")


def test_the_plan_section_is_left_out_without_goal_or_plan_and_a_goal_without_start_reads_well():
    assert plan_section(JobSearch(), date(2026, 12, 1)) is None
    section = plan_section(JobSearch(Goal((("esco:x", "cook"),))), date(2026, 12, 1))
    assert section is not None and section.lines == ("Goal: cook.",)


async def test_asking_for_a_summary_with_nothing_taken_offers_the_parts():
    messages, _, _ = await run(ActionSendSummary(), {})
    assert messages[0]["response"] == "utter_no_results"
    assert len(messages[0]["buttons"]) == 4


@pytest.mark.parametrize("waiting", ["confirm", "more"])
async def test_while_waiting_for_a_which_of_these_the_question_is_not_repeated(waiting):
    state = start(AssessmentState(), "profile").to_slot()
    state["progress"]["profile"]["waiting"] = waiting
    messages, _, _ = await run(ActionAskAssessmentAnswer(), {"assessment": state})
    assert messages == []


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("check my digital skills", "digital"),
        ("fill in my profile", "profile"),
        ("take the interest test", "interests"),
        ("start the self-assessment", None),
        ("my digital skills and my profile", None),
    ],
)
def test_asking_with_the_name_of_one_part_picks_it_and_otherwise_none(text, part):
    assert module_from_words(text) == part


def test_a_swedish_summary_has_the_plan_and_the_diary_in_swedish():
    goal = Goal((("esco:x", "lagerarbetare"),), "Malmö", "now")
    search = JobSearch(
        goal,
        (PlanItem("update_cv", date(2026, 12, 8)),),
        applications=(Application("a", "Kock", "Hotel Nord", "applied", date(2026, 11, 20), date(2026, 11, 20)),),
    )
    english = plan_section(search, date(2026, 12, 1), language="en")
    swedish = plan_section(search, date(2026, 12, 1), language="sv")
    assert english is not None and swedish is not None and len(swedish.lines) == len(english.lines) == 3
    for english_line, swedish_line in zip(english.lines, swedish.lines, strict=True):
        assert swedish_line != english_line
    assert "December" in english.lines[1] and "december" in swedish.lines[1]
