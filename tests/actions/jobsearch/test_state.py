from datetime import date

import pytest

from actions.jobsearch.state import Goal, JobSearch, PlanItem


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
