from datetime import date, timedelta

import pytest

from actions.jobsearch.applications import (
    SET,
    STATUS,
    SavedAd,
    application_lines,
    application_texts,
    job_from_words,
    list_turn,
    log_application,
    log_turn,
)
from actions.jobsearch.catalogue import default_catalogue
from actions.jobsearch.reminders import first_reminder_day, follow_ups
from actions.jobsearch.state import Application, JobSearch

TODAY = date(2026, 12, 8)
TEXTS = application_texts()
CATALOGUE = default_catalogue()
COOK = SavedAd("ad-1", "Cook", "Hotel Nord")


@pytest.mark.parametrize(
    ("words", "job"),
    [
        ("I applied for the cook job at Hotel Nord.", "the cook job at Hotel Nord"),
        ("i have applied to Volvo in Umeå!", "Volvo in Umeå"),
        ("I sent my CV to a cleaning company", "a cleaning company"),
        ("I applied for a job", "a job"),
        ("I sent an application", None),
        ("log an application", None),
    ],
)
def test_the_job_is_the_words_after_applied_for_as_typed(words, job):
    assert job_from_words(words, TEXTS) == job


def test_a_tapped_saved_ad_is_logged_with_its_employer_and_status_buttons_follow():
    search, replies = log_turn(JobSearch(), "", [COOK], "ad-1", TODAY, TEXTS)
    (app,) = search.applications
    assert (app.title, app.employer, app.status, app.applied_on) == ("Cook", "Hotel Nord", "applied", TODAY)
    assert replies[0].response == "utter_app_logged" and replies[0].values["days"] == 7
    assert replies[0].buttons[0]["payload"] == (
        f'/list_applications{{"app_op":"set","app_id":"{app.id}","app_status":"interview"}}'
    )


def test_without_a_named_job_the_saved_ads_not_yet_logged_are_offered():
    search, _ = log_turn(JobSearch(), "", [COOK], "ad-1", TODAY, TEXTS)
    other = SavedAd("ad-2", "Welder", None)
    _, replies = log_turn(search, "I sent an application", [COOK, other], None, TODAY, TEXTS)
    assert replies[0].response == "utter_app_which_saved"
    assert [b["payload"] for b in replies[0].buttons] == ['/log_application{"app_saved":"ad-2"}']
    _, replies = log_turn(JobSearch(), "I sent an application", [], None, TODAY, TEXTS)
    assert replies[0].response == "utter_app_which" and replies[0].buttons == ()


def test_the_same_job_twice_is_one_application_and_the_diary_keeps_at_most_its_limit():
    search, first = log_application(JobSearch(), "Cook", "Hotel Nord", TODAY, TEXTS)
    search, again = log_application(search, "cook", "Hotel Nord", TODAY, TEXTS)
    assert again == first and len(search.applications) == 1
    for i in range(TEXTS["max_applications"] + 3):
        search, _ = log_application(search, f"job {i}", None, TODAY, TEXTS)
    assert len(search.applications) == TEXTS["max_applications"]


def test_a_status_is_asked_then_set_with_its_own_answer():
    search, app = log_application(JobSearch(), "Cook", None, TODAY, TEXTS)
    _, replies = list_turn(search, CATALOGUE, STATUS, app.id, None, TODAY, TEXTS)
    assert replies[0].response == "utter_app_ask_status"
    assert '"app_status":"applied"' not in " ".join(b["payload"] for b in replies[0].buttons)
    later = TODAY + timedelta(days=2)
    search, replies = list_turn(search, CATALOGUE, SET, app.id, "interview", later, TEXTS)
    assert search.applications[0].status == "interview" and search.applications[0].updated_on == later
    assert replies[0].response == "utter_app_status_interview"


def test_an_unknown_application_or_status_changes_nothing_and_shows_the_diary():
    search, app = log_application(JobSearch(), "Cook", None, TODAY, TEXTS)
    for op, app_id, status in ((SET, "nope", "offer"), (SET, app.id, "hired?"), (None, None, None)):
        same, replies = list_turn(search, CATALOGUE, op, app_id, status, TODAY, TEXTS)
        assert same == search and replies[0].response == "utter_app_list"
    assert list_turn(JobSearch(), CATALOGUE, None, None, None, TODAY, TEXTS)[1][0].response == "utter_app_none"


def test_the_diary_lists_newest_first_and_suggests_a_follow_up_after_a_week_without_news():
    old = Application("a", "Cook", "Hotel Nord", "applied", date(2026, 11, 30), date(2026, 11, 30))
    new = Application("b", "Welder", None, "interview", date(2026, 12, 7), date(2026, 12, 7))
    lines = application_lines(JobSearch(applications=(old, new)), CATALOGUE, TODAY, TEXTS)
    assert lines == [
        "• Welder: invited to an interview (Monday 7 December)",
        "• Cook, Hotel Nord: applied (Monday 30 November). No news for 8 days: a short e-mail or call can help.",
    ]


def test_an_application_without_news_wakes_the_reminders_once_on_its_follow_up_day():
    app = Application("a", "Cook", None, "applied", TODAY, TODAY)
    search = JobSearch(applications=(app,), reminders=True)
    assert first_reminder_day(search, TODAY) == TODAY + timedelta(days=7)
    assert follow_ups(search, TODAY + timedelta(days=7)) == [app]
    assert follow_ups(search, TODAY + timedelta(days=8)) == []
    answered = JobSearch(applications=(Application("a", "Cook", None, "rejected", TODAY, TODAY),), reminders=True)
    assert first_reminder_day(answered, TODAY) is None
