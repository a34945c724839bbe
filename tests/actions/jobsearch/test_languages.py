"""Each job-search action speaks the conversation's language (the ``language`` slot), per message."""

from datetime import date, timedelta

from rasa_sdk.executor import CollectingDispatcher

from actions.jobsearch.actions import (
    ActionJobSearchPlan,
    ActionJobSearchProgress,
    ActionPlanReminder,
    ActionSetGoal,
    today,
)
from actions.jobsearch.application_actions import ActionListApplications, ActionLogApplication
from actions.jobsearch.applications import application_texts, job_from_words
from actions.jobsearch.catalogue import default_catalogue
from actions.jobsearch.interview import answer, default_interview
from actions.jobsearch.interview_actions import (
    ActionAskInterviewAnswer,
    ActionExplainInterviewQuestion,
    ValidateInterviewForm,
)
from actions.jobsearch.networking import default_networking, events_reply, parse_events
from actions.jobsearch.networking_actions import ActionNetworking
from actions.jobsearch.plan import Situation, plan_turn, reminder_reply
from actions.jobsearch.state import Application, Interview, JobSearch, PlanItem
from tests.actions.jobsearch.test_actions import WELDER, reminder_db, run, tracker  # noqa: F401 (fixture)

SWEDISH_STAR = (
    "När jag jobbade på ett lager förra året kom en stor order. Min uppgift var att packa den på en dag. "
    "Jag frågade två kollegor om hjälp och planerade vem som gjorde vad. Till slut blev vi klara i tid."
)


async def test_a_swedish_plan_offers_swedish_steps_and_due_dates():
    messages, _ = await run(ActionJobSearchPlan(), "show_plan", language="sv")
    assert messages[0]["response"] == "utter_plan_intro"
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert "Välj jobbet jag vill ha" in titles and "Uppdatera mitt CV" in titles
    entities = [{"entity": "plan_op", "value": "add"}, {"entity": "plan_action", "value": "update_cv"}]
    messages, _ = await run(ActionJobSearchPlan(), "show_plan", entities, language="sv")
    assert messages[0]["title"] == "Uppdatera mitt CV"
    assert [b["title"] for b in messages[0]["buttons"]] == ["Om 3 dagar", "Om en vecka", "Om 2 veckor", "Om en månad"]


def test_the_swedish_plan_view_writes_dates_in_swedish_and_marks_late_steps():
    catalogue = default_catalogue("sv")
    search = JobSearch(plan=(PlanItem("update_cv", date(2026, 12, 7)), PlanItem("apply_three", date(2026, 12, 1))))
    _, (view,) = plan_turn(catalogue, search, Situation(), date(2026, 12, 2))
    assert view.values["plan"].splitlines() == [
        "☐ Uppdatera mitt CV, senast måndag 7 december",
        "☐ Sök 3 jobb, senast tisdag 1 december (försenat)",
    ]
    assert view.buttons[0]["title"] == "Klart: Uppdatera mitt CV"


async def test_a_swedish_goal_asks_when_with_swedish_buttons_and_saves_swedish_words():
    entities = [{"entity": "occupation", "value": WELDER}]
    messages, slots = await run(ActionSetGoal(), "set_goal", entities, language="sv")
    assert [b["title"] for b in messages[0]["buttons"]] == ["Så snart som möjligt", "Inom några månader", "Senare"]
    start = [{"entity": "goal_start", "value": "now"}]
    messages, _ = await run(ActionSetGoal(), "set_goal", start, language="sv", jobsearch=slots["jobsearch"])
    assert messages[0]["response"] == "utter_goal_saved" and messages[0]["start"] == "med start så snart som möjligt"
    assert [b["title"] for b in messages[0]["buttons"]] == ["Gör en plan", "Var är jag?"]


async def test_a_language_change_mid_plan_applies_from_the_next_message():
    entities = [{"entity": "plan_op", "value": "add"}, {"entity": "plan_action", "value": "update_cv"}]
    english, slots = await run(ActionJobSearchPlan(), "show_plan", entities, language="en")
    assert english[0]["title"] == "Update my CV"
    swedish, _ = await run(ActionJobSearchPlan(), "show_plan", language="sv", jobsearch=slots["jobsearch"])
    assert swedish[0]["response"] == "utter_plan_view" and "Uppdatera mitt CV" in swedish[0]["plan"]


async def test_the_swedish_step_map_names_the_steps_in_swedish():
    messages, _ = await run(ActionJobSearchProgress(), "job_search_progress", language="sv")
    lines = messages[0]["steps"].splitlines()
    assert lines[0] == "☐ Ta reda på vad som passar dig" and lines[-1] == "☐ Öva inför en anställningsintervju"
    assert messages[0]["buttons"][0] == {"title": "Ta reda på vad som passar dig", "payload": "/start_assessment"}


async def test_a_swedish_reminder_names_the_steps_and_buttons_in_swedish(reminder_db):  # noqa: F811
    plan = JobSearch(plan=(PlanItem("update_cv", today()),), reminders=True).to_slot()
    messages, _ = await run(ActionPlanReminder(), "EXTERNAL_plan_reminder", jobsearch=plan, language="sv")
    assert messages[0]["response"] == "utter_plan_reminder"
    assert messages[0]["steps"].startswith("☐ Uppdatera mitt CV, senast ")
    assert [b["title"] for b in messages[0]["buttons"]] == [
        "Klart: Uppdatera mitt CV",
        "Ändra ett datum",
        "Sluta påminna",
    ]


def test_the_reminder_of_each_language_differs_only_in_its_words():
    items = [PlanItem("ask_contacts", date(2026, 12, 7))]
    english = reminder_reply(default_catalogue("en"), items, date(2026, 12, 7))
    swedish = reminder_reply(default_catalogue("sv"), items, date(2026, 12, 7))
    assert english.values["steps"] == "☐ Ask 2 people I know about jobs, by Monday 7 December"
    assert swedish.values["steps"] == "☐ Fråga 2 personer jag känner om jobb, senast måndag 7 december"
    assert [b["payload"] for b in english.buttons] == [b["payload"] for b in swedish.buttons]


def test_jag_sokte_names_the_job_as_typed():
    texts = application_texts("sv")
    assert job_from_words("Jag sökte jobbet som kock på Hotell Nord", texts) == "jobbet som kock på Hotell Nord"
    assert job_from_words("jag har skickat mitt CV till Ica Maxi", texts) == "Ica Maxi"
    assert job_from_words("I applied for the cook job", texts) == "the cook job", "the words are shared"


async def test_a_swedish_diary_shows_swedish_statuses_dates_and_follow_up():
    tracker_ = tracker("log_application", language="sv")
    tracker_.latest_message["text"] = "jag sökte jobbet som kock på Hotell Nord"
    dispatcher = CollectingDispatcher()
    events = await ActionLogApplication().run(dispatcher, tracker_, {})
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == [
        "Kallad till intervju",
        "Fått ett erbjudande",
        "Inte den här gången",
    ]
    week_ago = today() - timedelta(days=8)
    search = JobSearch(applications=(Application("a1", "Kock", None, "applied", week_ago, week_ago),))
    messages, _ = await run(ActionListApplications(), "list_applications", jobsearch=search.to_slot(), language="sv")
    line = messages[0]["applications"]
    assert line.startswith("• Kock: sökt (") and "Inget svar på 8 dagar" in line
    assert messages[0]["buttons"][0]["title"] == "Ändra: Kock"
    assert JobSearch.from_slot(events[0]["value"]).applications[0].title == "jobbet som kock på Hotell Nord"


async def test_a_swedish_interview_question_has_swedish_text_buttons_and_why():
    slot = JobSearch(interview=Interview(("about_you", "safety", "strength"), 1)).to_slot()
    messages, _ = await run(ActionAskInterviewAnswer(), "", jobsearch=slot, language="sv")
    assert messages[0]["question"] == "Hur ser du till att du arbetar säkert?"
    assert [b["title"] for b in messages[0]["buttons"]] == ["Hoppa över", "Varför frågar du?", "Sluta för nu"]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["skip", "/explain_question", "stop"]
    messages, _ = await run(ActionExplainInterviewQuestion(), "explain_question", jobsearch=slot, language="sv")
    assert messages[0]["why"].startswith("Säkerhet är viktigt i hantverksyrken.")


def test_a_swedish_star_answer_gets_a_full_swedish_checklist():
    content = default_interview("sv")
    _, _, given = answer(content, Interview(("about_you", "safety", "strength")), SWEDISH_STAR)
    assert given is not None and given.spotted == {"example", "situation", "task", "action", "result"}
    assert given.lines[0].startswith("✓ Längd: ") and "✓ Handling: du säger vad du själv gjorde." in given.lines


def test_swedish_skip_and_stop_words_work_in_any_language():
    state = Interview(("about_you", "safety", "strength"))
    for content in (default_interview("sv"), default_interview("en")):
        assert answer(content, state, "Hoppa över!")[0].position == 1
        assert answer(content, state, "sluta")[1].value == "stopped"


async def test_a_swedish_answer_in_the_form_gets_the_swedish_checklist_and_note():
    slot = JobSearch(interview=Interview(("about_you", "safety", "strength"))).to_slot()
    dispatcher = CollectingDispatcher()
    form = ValidateInterviewForm()
    result = form.validate_interview_answer(SWEDISH_STAR, dispatcher, tracker("", jobsearch=slot, language="sv"), {})
    assert JobSearch.from_slot(result["jobsearch"]).interview.position == 1
    assert "✓ Resultat: du säger hur det slutade." in dispatcher.messages[0]["checks"]
    assert dispatcher.messages[0]["note"].startswith("Det här är en övning, inget betyg.")


async def test_swedish_networking_tips_and_events_have_swedish_words_around_the_pes_events():
    messages, _ = await run(ActionNetworking(), "networking_tips", language="sv")
    assert messages[0]["tips"].startswith("• Många jobb annonseras aldrig.")
    assert [b["title"] for b in messages[0]["buttons"]] == ["Träffar nära mig", "Prata med min handläggare"]
    fair = {"date": "2027-03-10", "title": "Jobbmässa", "place": "Malmö", "url": "https://e.org"}
    reply = events_reply(default_networking("sv"), default_catalogue("sv"), parse_events({"events": [fair]}), today())
    assert reply.values["events"].startswith("• onsdag 10 mars: Jobbmässa, Malmö")


def test_every_language_has_every_interview_question_and_check():
    english, swedish = default_interview("en"), default_interview("sv")
    assert [q.id for q in english.general] == [q.id for q in swedish.general]
    assert {k: [q.id for q in v] for k, v in english.groups.items()} == {
        k: [q.id for q in v] for k, v in swedish.groups.items()
    }
    assert [c.id for c in english.checks] == [c.id for c in swedish.checks]
    assert not {q.text for q in english.general} & {q.text for q in swedish.general}
