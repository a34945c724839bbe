from datetime import date

import pytest

from actions.jobsearch.state import Goal, Interview, JobSearch, PlanItem


def test_the_state_survives_the_slot_round_trip():
    search = JobSearch(
        Goal((("esco:x", "welder"),), "Malmö", "now"),
        (PlanItem("update_cv", date(2026, 12, 8), True), PlanItem("ask_contacts")),
    )
    assert JobSearch.from_slot(search.to_slot()) == search


@pytest.mark.parametrize(
    "value", [None, "text", 3, {"plan": [{"due": "2026-13-40", "action": "x"}]}, {"goal": {"occupations": [{}]}}]
)
def test_an_unreadable_slot_starts_fresh(value):
    assert JobSearch.from_slot(value) == JobSearch()


def test_the_interview_practice_survives_the_slot_round_trip():
    search = JobSearch(interview=Interview(("about_you", "safety", "strength"), 1, 1, 2))
    assert JobSearch.from_slot(search.to_slot()) == search


def test_a_slot_from_before_interview_practice_keeps_its_plan_and_starts_no_practice():
    old = {"goal": {"occupations": [{"key": "esco:x", "label": "welder"}]}, "plan": [], "reminders": True}
    search = JobSearch.from_slot(old)
    assert search.goal.occupations == (("esco:x", "welder"),) and search.reminders is True
    assert search.interview == Interview() and not search.interview.in_progress


def test_an_unreadable_interview_part_starts_no_practice_but_keeps_the_rest():
    search = JobSearch.from_slot({"goal": {}, "interview": {"questions": "x", "position": "two"}})
    assert search.interview == Interview()
