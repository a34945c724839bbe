from datetime import date, datetime
from zoneinfo import ZoneInfo

from actions.jobsearch.catalogue import default_catalogue
from actions.jobsearch.plan import FINISH, Situation, plan_turn, reminder_reply, reminders_turn
from actions.jobsearch.reminders import FOLLOW_UP_DAYS, ReminderStore, next_wake_up, to_remind
from actions.jobsearch.state import JobSearch, PlanItem

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TODAY = date(2026, 12, 8)
CATALOGUE = default_catalogue()
PLAN = (
    PlanItem("update_cv", date(2026, 12, 8)),
    PlanItem("ask_contacts", date(2026, 12, 5)),
    PlanItem("apply_three", date(2026, 12, 10)),
    PlanItem("read_occupations", date(2026, 12, 8), done=True),
)


def test_a_step_is_reminded_of_on_its_date_and_once_more_days_later_if_still_open():
    search = JobSearch(plan=PLAN, reminders=True)
    assert FOLLOW_UP_DAYS == 3
    assert [i.action for i in to_remind(search, TODAY)] == ["update_cv", "ask_contacts"]
    assert to_remind(search, date(2026, 12, 9)) == []


def test_the_next_wake_up_is_nine_in_the_morning_local_time_of_the_next_day_with_something_due():
    search = JobSearch(plan=PLAN, reminders=True)
    assert next_wake_up(search, TODAY, STOCKHOLM) == datetime(2026, 12, 8, 8, 0)
    sent_today = JobSearch(plan=PLAN, reminders=True, reminded_on=TODAY)
    assert next_wake_up(sent_today, TODAY, STOCKHOLM) == datetime(2026, 12, 10, 8, 0), "never twice a day"


def test_no_wake_up_with_reminders_off_or_unanswered_or_nothing_open():
    assert next_wake_up(JobSearch(plan=PLAN, reminders=False), TODAY, STOCKHOLM) is None
    assert next_wake_up(JobSearch(plan=PLAN), TODAY, STOCKHOLM) is None
    done = tuple(PlanItem(i.action, i.due, True) for i in PLAN)
    assert next_wake_up(JobSearch(plan=done, reminders=True), TODAY, STOCKHOLM) is None


def test_finishing_the_plan_asks_once_whether_to_remind():
    search = JobSearch(plan=PLAN[:3])
    _, replies = plan_turn(CATALOGUE, search, Situation(), TODAY, op=FINISH)
    assert [r.response for r in replies] == ["utter_plan_view", "utter_plan_ask_reminders"]
    assert [b["payload"] for b in replies[1].buttons] == ["/start_reminders", "/stop_reminders"]
    answered, _ = reminders_turn(search, False)
    _, replies = plan_turn(CATALOGUE, answered, Situation(), TODAY, op=FINISH)
    assert [r.response for r in replies] == ["utter_plan_view"]


def test_the_reminder_names_the_steps_and_offers_done_change_and_stop():
    reply = reminder_reply(CATALOGUE, list(PLAN[:2]), TODAY)
    assert reply.response == "utter_plan_reminder"
    assert reply.values["steps"].splitlines() == [
        "☐ Update my CV, by Tuesday 8 December",
        "☐ Ask 2 people I know about jobs, by Saturday 5 December (late)",
    ]
    payloads = [b["payload"] for b in reply.buttons]
    assert payloads[0] == '/show_plan{"plan_op":"done","plan_action":"update_cv"}'
    assert payloads[-1] == "/stop_reminders"


def test_the_store_keeps_one_wake_up_per_conversation(tmp_path):
    store = ReminderStore(f"sqlite:///{tmp_path / 'r.db'}")
    store.schedule("web:a", datetime(2026, 12, 8, 8))
    store.schedule("web:a", datetime(2026, 12, 10, 8))
    assert store.when("web:a") == datetime(2026, 12, 10, 8)
    assert [r.conversation_id for r in store.due(datetime(2026, 12, 31))] == ["web:a"]
    store.schedule("web:a", None)
    assert store.when("web:a") is None
