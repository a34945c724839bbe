"""Job-search coaching through the real processes: a goal, a plan with dates, a reminder fired by
the gateway's scheduler and delivered in the web chat, and the step marked done from it.

Time is moved on by editing what is stored rather than by waiting: the step's date is set to
today through Rasa's tracker API and its wake-up to now in the scheduler's table, as if the
days had passed. Everything else is the product's own path.
"""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import httpx
import sqlalchemy as sa

from tests.e2e.chat_client import payloads, texts


def set_slot(stack, conversation_id: str, name: str, value) -> None:
    response = httpx.post(
        f"{stack.rasa_url}/conversations/{conversation_id}/tracker/events",
        params={"token": stack.token},
        json={"event": "slot", "name": name, "value": value},
        timeout=10,
    )
    response.raise_for_status()


def wake_now(stack, conversation_id: str) -> int:
    engine = sa.create_engine(f"sqlite:///{stack.data_dir / 'tracker.db'}")
    now = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(seconds=1)
    with engine.begin() as connection:
        changed = connection.execute(
            sa.text("UPDATE plan_reminders SET next_due_at = :now WHERE conversation_id = :c"),
            {"now": now, "c": conversation_id},
        ).rowcount
    engine.dispose()
    return changed


async def test_goal_then_plan_then_a_reminder_from_the_scheduler_then_done(chat, stack, responses):
    session = await chat.start_session()
    conversation = f"web:{session}"

    (asked,) = await chat.say("my goal is to become a welder", session)
    assert asked["text"] == responses["utter_goal_ask_start"].replace("{occupations}", "welder")
    (saved,) = await chat.say(payloads(asked)[0], session)
    assert saved["text"].startswith("Saved. Your goal: welder, to start as soon as possible.")

    (intro,) = await chat.say("help me make a plan", session)
    assert '/show_plan{"plan_op":"add","plan_action":"update_cv"}' in payloads(intro)
    for action in ("update_cv", "ask_contacts", "apply_three"):
        (when,) = await chat.say(f'/show_plan{{"plan_op":"add","plan_action":"{action}"}}', session)
        assert when["text"].endswith("When will you do it?")
        await chat.say(payloads(when)[0], session)  # in 3 days
    view, ask = await chat.say('/show_plan{"plan_op":"finish"}', session)
    assert view["text"].startswith("Your plan (0 of 3 done):")
    assert payloads(ask) == ["/start_reminders", "/stop_reminders"]
    assert texts(await chat.say("/start_reminders", session)) == [responses["utter_reminders_on"]]

    # Three days later: the first step is due today, and the scheduler's time has come.
    stored = next(e["value"] for e in reversed(stack.tracker(conversation)["events"]) if e.get("name") == "jobsearch")
    today = datetime.now(ZoneInfo("Europe/Stockholm")).date().isoformat()
    stored["plan"][0]["due"] = today
    set_slot(stack, conversation, "jobsearch", stored)
    assert wake_now(stack, conversation) == 1

    _, first = await chat.next_event(timeout=30)
    assert first["text"].startswith("A reminder from your plan:\n☐ Update my CV, by ")
    _, pushed = await chat.next_event(timeout=10)  # the question after the blank line, with the buttons
    assert pushed["text"] == "How is it going?"
    assert payloads(pushed)[0] == '/show_plan{"plan_op":"done","plan_action":"update_cv"}'
    assert payloads(pushed)[-1] == "/stop_reminders"

    well_done, plan = await chat.say(payloads(pushed)[0], session)
    assert well_done["text"] == 'Well done! "Update my CV" is done.'
    assert plan["text"].splitlines()[:2] == [
        "Your plan (1 of 3 done):",
        f"✓ Update my CV, by {plan['text'].splitlines()[1].split(', by ')[1]}",
    ]

    (stopped,) = await chat.say("stop reminders", session)
    assert stopped["text"] == responses["utter_reminders_off"]
    assert wake_now(stack, conversation) == 0, "no wake-up is left once reminders are off"


async def test_cv_draft_from_the_goals_skills_then_an_application_in_the_diary(chat, stack, responses):
    session = await chat.start_session()
    (needs_goal,) = await chat.say("help me write my CV", session)
    assert needs_goal["text"] == responses["utter_cv_needs_goal"]

    (asked,) = await chat.say("my goal is to become a welder", session)
    await chat.say(payloads(asked)[0], session)
    checklist, skills = await chat.say("help me write my CV", session)
    assert checklist["text"].startswith("A good CV has:")
    assert skills["text"].startswith("Employers of a welder look for these skills.")
    first_skill = skills["quick_replies"][0]
    (added,) = await chat.say(first_skill["payload"], session)
    assert added["text"].startswith("Added: ")
    assert payloads(added)[-1] == '/start_cv{"cv_op":"done"}'

    replies = await chat.say(payloads(added)[-1], session)
    (document,) = [r for r in replies if r.get("type") == "document"]
    assert document["filename"] == "orienta-cv-draft.pdf"
    pdf = httpx.get(f"{stack.url}{document['url']}", timeout=10)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]

    (logged,) = await chat.say("I applied for the welder job at Kiruna Svets", session)
    assert logged["text"].startswith("Well done! I wrote it in your diary: the welder job at Kiruna Svets.")
    (diary,) = await chat.say("my applications", session)
    assert diary["text"].splitlines()[1].startswith("• the welder job at Kiruna Svets: applied (")
