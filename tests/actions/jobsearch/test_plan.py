from datetime import date

import pytest

from actions.jobsearch.catalogue import default_catalogue
from actions.jobsearch.plan import ADD, CHANGE, DONE, DUE, MORE, Situation, plan_lines, plan_turn, suggestions
from actions.jobsearch.state import JobSearch, PlanItem

TODAY = date(2026, 12, 1)  # a Tuesday
CATALOGUE = default_catalogue()


NOBODY = Situation()


def turn(search: JobSearch, op=None, action=None, days=None, situation=NOBODY):
    return plan_turn(CATALOGUE, search, situation, TODAY, op=op, action=action, days=days)


def payloads(reply) -> list[str]:
    return [b["payload"] for b in reply.buttons]


def test_an_empty_plan_is_started_with_suggestions_as_buttons():
    search, replies = turn(JobSearch())
    assert [r.response for r in replies] == ["utter_plan_intro"]
    assert replies[0].values == {"minimum": 3, "maximum": 5}
    assert len(replies[0].buttons) == CATALOGUE.suggestions
    assert all(p.startswith('/show_plan{"plan_op":"add","plan_action":') for p in payloads(replies[0]))
    assert search == JobSearch()


def test_suggestions_follow_the_users_situation():
    fresh = [a.id for a in suggestions(CATALOGUE, JobSearch(), Situation())]
    assert fresh[:2] == ["set_goal", "assessment"]
    ready = [a.id for a in suggestions(CATALOGUE, JobSearch(), Situation(assessment_done=True, has_goal=True))]
    assert "set_goal" not in ready and "assessment" not in ready
    assert "apply_three" in ready
    low = [a.id for a in suggestions(CATALOGUE, JobSearch(), Situation(True, True, True))]
    assert "digital_course" not in fresh and "digital_course" in [
        a.id for a in sorted(CATALOGUE.actions.values(), key=lambda a: a.order) if a.suggest_when == "digital_low"
    ]
    assert len(low) == CATALOGUE.suggestions


def test_actions_already_in_the_plan_are_not_suggested_again():
    search = JobSearch(plan=(PlanItem("update_cv", TODAY),))
    assert "update_cv" not in [a.id for a in suggestions(CATALOGUE, search, Situation())]


def test_adding_an_action_asks_for_its_date_with_one_button_per_choice():
    search, replies = turn(JobSearch(), ADD, "update_cv")
    assert search.plan == (PlanItem("update_cv"),)
    assert replies[0].response == "utter_plan_ask_due"
    assert replies[0].values == {"title": "Update my CV"}
    assert payloads(replies[0])[1] == '/show_plan{"plan_op":"due","plan_action":"update_cv","due_days":"7"}'


def test_a_date_is_counted_from_today_and_written_in_words():
    search, replies = turn(JobSearch(plan=(PlanItem("update_cv"),)), DUE, "update_cv", 7)
    assert search.plan == (PlanItem("update_cv", date(2026, 12, 8)),)
    assert replies[0].response == "utter_plan_added"
    assert replies[0].values["date"] == "Tuesday 8 December"


def test_below_the_minimum_the_next_action_is_asked_for_then_more_or_finish():
    search, _ = turn(JobSearch(), DUE, "update_cv", 7)
    search, replies = turn(search, DUE, "ask_contacts", 3)
    assert replies[1].response == "utter_plan_pick_next"
    assert replies[1].values == {"count": 2, "minimum": 3}
    search, replies = turn(search, DUE, "read_occupations", 14)
    assert replies[1].response == "utter_plan_more"
    assert payloads(replies[1]) == ['/show_plan{"plan_op":"more"}', '/show_plan{"plan_op":"finish"}']


def test_a_full_plan_refuses_a_sixth_action_and_keeps_the_five():
    items = tuple(
        PlanItem(a, TODAY) for a in ["update_cv", "ask_contacts", "read_occupations", "meet_counsellor", "set_goal"]
    )
    search, replies = turn(JobSearch(plan=items), ADD, "assessment")
    assert search.plan == items
    assert [r.response for r in replies] == ["utter_plan_full", "utter_plan_view"]


def test_marking_done_congratulates_and_the_view_shows_the_mark():
    search = JobSearch(plan=(PlanItem("update_cv", date(2026, 12, 8)), PlanItem("ask_contacts", date(2026, 12, 4))))
    search, replies = turn(search, DONE, "update_cv")
    assert search.item("update_cv") == PlanItem("update_cv", date(2026, 12, 8), True)
    assert [r.response for r in replies] == ["utter_plan_well_done", "utter_plan_view"]
    view = replies[1]
    assert view.values["done"] == 1 and view.values["total"] == 2
    assert view.values["plan"].splitlines() == [
        "✓ Update my CV, by Tuesday 8 December",
        "☐ Ask 2 people I know about jobs, by Friday 4 December",
    ]
    assert '/show_plan{"plan_op":"done","plan_action":"ask_contacts"}' in payloads(view)
    assert '/show_plan{"plan_op":"done","plan_action":"update_cv"}' not in payloads(view)


def test_the_last_action_done_says_the_whole_plan_is_done():
    _, replies = turn(JobSearch(plan=(PlanItem("update_cv", TODAY),)), DONE, "update_cv")
    assert "utter_plan_all_done" in [r.response for r in replies]


def test_a_date_in_the_past_is_marked_late():
    search = JobSearch(
        plan=(PlanItem("update_cv", date(2026, 11, 30)), PlanItem("ask_contacts", date(2026, 11, 2), True))
    )
    assert plan_lines(CATALOGUE, search, TODAY) == [
        "☐ Update my CV, by Monday 30 November (late)",
        "✓ Ask 2 people I know about jobs, by Monday 2 November",
    ]


def test_changing_a_date_asks_which_then_moves_it_and_shows_the_plan():
    search = JobSearch(plan=(PlanItem("update_cv", date(2026, 12, 8)),))
    _, replies = turn(search, CHANGE)
    assert replies[0].response == "utter_plan_change_which"
    assert payloads(replies[0]) == ['/show_plan{"plan_op":"change","plan_action":"update_cv"}']
    _, replies = turn(search, CHANGE, "update_cv")
    assert replies[0].response == "utter_plan_ask_due"
    search, replies = turn(search, DUE, "update_cv", 30)
    assert search.item("update_cv").due == date(2026, 12, 31)
    assert [r.response for r in replies] == ["utter_plan_moved", "utter_plan_view"]


@pytest.mark.parametrize(
    ("op", "action", "days"),
    [
        (ADD, "no_such_action", None),
        (DUE, "update_cv", 0),
        (DUE, "update_cv", 9999),
        (DONE, "update_cv", None),
        ("bogus", None, None),
    ],
)
def test_an_unknown_or_impossible_tap_changes_nothing_and_shows_the_plan(op, action, days):
    search = JobSearch(plan=(PlanItem("ask_contacts", TODAY),))
    new, replies = turn(search, op, action, days)
    assert new == search
    assert [r.response for r in replies] == ["utter_plan_view"]


def test_more_offers_only_actions_not_yet_in_the_plan():
    search = JobSearch(plan=(PlanItem("set_goal", TODAY),))
    _, replies = turn(search, MORE)
    assert replies[0].response == "utter_plan_pick_next"
    assert not any('"set_goal"' in p for p in payloads(replies[0]))
