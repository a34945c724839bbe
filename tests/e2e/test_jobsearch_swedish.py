"""The job-search steps in Swedish through the real processes and the web chat: a goal, a plan
with dates and an interview question with its checklist, every text and button in Swedish.

The texts come from the Swedish sections of data/jobsearch/*.yml and the Swedish variations of
domain.yml, so a step that still spoke English inside a Swedish sentence would fail here.
"""

import yaml

from bot.config import PROJECT_DIR
from tests.e2e.chat_client import payloads

PLAN = yaml.safe_load((PROJECT_DIR / "data/jobsearch/plan.yml").read_text(encoding="utf-8"))["sv"]
INTERVIEW = yaml.safe_load((PROJECT_DIR / "data/jobsearch/interview.yml").read_text(encoding="utf-8"))["sv"]
ANSWER = (
    "När jag jobbade på en verkstad förra året kom en stor order. Min uppgift var att svetsa fyrtio ramar "
    "på en vecka. Jag planerade arbetet med en kollega och kontrollerade varje fog. Till slut blev vi klara i tid."
)


def titles(reply):
    return [q["title"] for q in reply.get("quick_replies") or []]


async def test_a_swedish_user_sets_a_goal_builds_a_plan_and_practises_in_swedish(chat):
    session = await chat.start_session()
    (chosen,) = await chat.say('/choose_language{"language":"sv"}', session)
    assert chosen["text"].startswith("Okej, nu pratar vi svenska.")

    (asked,) = await chat.say("mitt mål är att bli svetsare", session)
    assert asked["text"].startswith("Ditt mål: ") and asked["text"].endswith("När vill du börja jobba?")
    assert titles(asked) == [c["label"] for c in PLAN["start_choices"].values()]
    (saved,) = await chat.say(payloads(asked)[0], session)
    assert saved["text"].startswith("Sparat. Ditt mål: ") and "med start så snart som möjligt." in saved["text"]
    assert titles(saved) == ["Gör en plan", "Var är jag?"]

    (intro,) = await chat.say("hjälp mig att göra en plan", session)
    assert intro["text"].startswith("Nu gör vi en plan med 3 till 5 små steg.")
    assert PLAN["action_titles"]["update_cv"] in titles(intro)
    for action in ("update_cv", "ask_contacts", "apply_three"):
        (when,) = await chat.say(f'/show_plan{{"plan_op":"add","plan_action":"{action}"}}', session)
        assert when["text"] == f'"{PLAN["action_titles"][action]}". När ska du göra det?'
        assert titles(when) == list(PLAN["due_labels"].values())
        added, *_ = await chat.say(payloads(when)[0], session)  # om 3 dagar
        assert added["text"].startswith(f'Tillagt: "{PLAN["action_titles"][action]}", senast ')
        assert any(day in added["text"] for day in PLAN["dates"]["weekdays"])
    view, ask = await chat.say('/show_plan{"plan_op":"finish"}', session)
    lines = view["text"].splitlines()
    assert lines[0] == "Din plan (0 av 3 klara):"
    assert lines[1].startswith("☐ Uppdatera mitt CV, senast ")
    assert titles(ask) == ["Ja, påminn mig", "Inga påminnelser"]

    intro, first = await chat.say("jag vill öva på en anställningsintervju", session)
    assert intro["text"].startswith("Nu övar vi på en anställningsintervju.")
    assert first["text"] == f"Fråga 1 av 4: {INTERVIEW['questions']['about_you']['text']}"
    assert titles(first) == ["Hoppa över", "Varför frågar du?", "Sluta för nu"]

    checklist, note, second = await chat.say(ANSWER, session)
    lines = checklist["text"].splitlines()
    assert lines[0] == "Din checklista:" and lines[1].startswith("✓ Längd: ")
    assert "✓ Resultat: du säger hur det slutade." in lines
    assert note["text"] == INTERVIEW["note"]
    assert second["text"] == f"Fråga 2 av 4: {INTERVIEW['questions']['safety']['text']}"

    (paused,) = await chat.say("sluta", session)
    assert paused["text"].startswith("Okej, vi slutar här. Du har gjort 1 av 4 frågor.")
