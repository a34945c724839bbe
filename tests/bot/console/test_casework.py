"""Notes, labels, the list's filters and search, closing with a rating, the handoff brief on the page."""

from __future__ import annotations

import time

import sqlalchemy as sa
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

from bot.console.audit import AuditLog
from bot.console.casework import Casework
from bot.console.queue import HandoffQueue
from bot.console.tables import takeovers
from bot.console.users import OPERATOR
from bot.texts import GatewayTexts

SCRIPT = "<script>alert('x')</script>"
LINK = "javascript:alert(1)"


def user(text: str, intent: str, at: float) -> UserUttered:
    return UserUttered(text, {"name": intent, "confidence": 0.95}, timestamp=at)


def seed(site) -> float:
    now = time.time()
    site.save("web:anna1234", [user("I want to be a welder in Köln", "inform", now - 50), BotUttered("Noted.")])
    site.save("telegram:42", [user("hello", "greet", now - 40), ActionExecuted("utter_default", timestamp=now - 39)])
    return now


def post(site, client, path: str, **fields: str):
    return client.post(path, data={"csrf_token": site.csrf(client), **fields})


def test_a_note_is_shown_to_staff_inert_and_audited_without_its_text(site):
    seed(site)
    site.add_user("eva", OPERATOR)
    client = site.login("eva")
    assert post(site, client, "/console/c/web:anna1234/notes", text=f"Call back {SCRIPT}").status_code == 303
    page = client.get("/console/c/web:anna1234").text
    assert "Call back &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page and "<script>alert" not in page
    assert [n.text for n in Casework(site.engine).notes("web:anna1234")] == [f"Call back {SCRIPT}"]
    entries = {(e.action, e.detail) for e in AuditLog(site.engine).latest()}
    assert ("added_note", f"{len('Call back ' + SCRIPT)} characters") in entries


def test_an_empty_note_is_refused_and_nothing_is_stored(site):
    seed(site)
    site.add_user("eva", OPERATOR)
    client = site.login("eva")
    response = post(site, client, "/console/c/web:anna1234/notes", text="   ")
    assert response.status_code == 409 and "The note is empty." in response.text
    assert Casework(site.engine).notes("web:anna1234") == []


def test_labels_are_normalised_filter_the_list_and_hostile_ones_are_refused(site):
    seed(site)
    site.add_user("eva", OPERATOR)
    client = site.login("eva")
    post(site, client, "/console/c/web:anna1234/labels", label="  Follow-Up ")
    assert Casework(site.engine).labels("web:anna1234") == ["follow-up"]
    refused = post(site, client, "/console/c/web:anna1234/labels", label=f"{LINK}{SCRIPT}")
    assert refused.status_code == 409 and Casework(site.engine).labels("web:anna1234") == ["follow-up"]
    listed = client.get("/console", params={"label": "follow-up"}).text
    assert "web:anna1234" in listed and "telegram:42" not in listed
    assert 'data-live="/console/live?label=follow-up"' in listed
    post(site, client, "/console/c/web:anna1234/labels/remove", label="follow-up")
    assert Casework(site.engine).labels("web:anna1234") == []


def test_the_list_filters_by_channel_flag_and_day_and_searches_the_transcripts(site):
    now = seed(site)
    site.add_user("eva", OPERATOR)
    client = site.login("eva")

    def listed(**params: str) -> set[str]:
        page = client.get("/console", params=params).text
        return {cid for cid in ("web:anna1234", "telegram:42") if f'data-conversation="{cid}"' in page}

    assert listed() == {"web:anna1234", "telegram:42"}
    assert listed(channel="telegram") == {"telegram:42"}
    assert listed(flag="fallback") == {"telegram:42"}
    assert listed(q="KÖLN") == {"web:anna1234"}  # case-insensitive, non-ASCII
    assert listed(q="noted") == {"web:anna1234"}  # the bot's words too
    assert listed(day="2001-01-01") == set()
    today = time.strftime("%Y-%m-%d", time.gmtime(now))
    assert listed(day=today, channel="web") == {"web:anna1234"}
    assert listed(state="waiting") == set()


def test_closing_a_waiting_conversation_takes_it_out_of_the_queue(site):
    seed(site)
    HandoffQueue(site.engine, 3600).enter("telegram:42", "bot_failed")
    site.add_user("eva", OPERATOR)
    client = site.login("eva")
    assert post(site, client, "/console/c/telegram:42/close").status_code == 303
    assert HandoffQueue(site.engine, 3600).waiting("telegram:42") is None
    assert HandoffQueue(site.engine, 3600).last_request("telegram:42").taken_by == "eva"


def test_closing_hands_back_and_asks_the_user_for_a_rating_with_five_buttons(site):
    seed(site)
    site.add_user("eva", OPERATOR, name="Eva")
    client = site.login("eva")
    post(site, client, "/console/c/web:anna1234/take")
    assert post(site, client, "/console/c/web:anna1234/close").status_code == 303
    question = site.rasa.appended["web:anna1234"][-1]
    assert question["text"] == GatewayTexts.load().get("rating_ask")
    assert [b["payload"] for b in question["data"]["buttons"]] == [f"/orienta_rating_{n}" for n in range(1, 6)]
    assert {"event": "resume"} in site.rasa.appended["web:anna1234"]
    with site.engine.connect() as connection:
        assert connection.execute(sa.select(takeovers)).all() == []
    assert "closed" in {e.action for e in AuditLog(site.engine).latest()}


def test_the_side_panel_shows_the_handoff_brief(site):
    now = time.time()
    site.save(
        "web:brief1",
        [
            user("I need a person", "request_human", now - 700),
            SlotSet(
                "jobsearch",
                {
                    "goal": {"occupations": [{"key": "welder", "label": "Welder"}], "place": "Köln", "start": "soon"},
                    "plan": [{"action": "update_cv", "due": "2026-12-10", "done": False}],
                },
            ),
            SlotSet("saved_vacancies", [{"uid": "1", "title": "Welder MIG", "employer": "Stahl AG"}]),
            SlotSet("vacancy_search", {"occupation_label": "Welder", "place_label": "Köln", "total": 12}),
        ],
    )
    HandoffQueue(site.engine, 3600, clock=lambda: now - 600).enter("web:brief1", "asked")
    site.add_user("eva", OPERATOR)
    page = site.login("eva").get("/console/c/web:brief1").text
    brief = page.split('aria-label="Handoff brief"')[1].split("</section>")[0]
    assert "the user asked for a person" in brief
    assert 'class="waited">10 min' in brief
    assert "Welder<br>place: Köln<br>start: soon" in brief
    assert "update_cv (due 2026-12-10)" in brief
    assert "Welder in Köln (12 ads)" in brief and "Welder MIG (Stahl AG)" in brief
