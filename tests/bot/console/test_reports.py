"""Supervisors' exports (filters applied, masking, audit) and the analytics against a seeded set.

Every test runs twice: on SQLite (a pilot) and on a real PostgreSQL (the scaled set-up), with
the same seeded conversations and the same expected numbers.
"""

from __future__ import annotations

import csv
import io
import json
import time

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered

from bot.console.analytics import DAY, build_report
from bot.console.audit import AuditLog
from bot.console.queue import HandoffQueue
from bot.console.users import SUPERVISOR


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request) -> str:
    """Run this module's tests on both databases (the console's ``site`` fixture reads it)."""
    return request.param


DAY_1 = (int(time.time()) // DAY - 2) * DAY + 3600.0  # two days ago, 01:00 UTC
DAY_2 = DAY_1 + DAY


def user(text: str, intent: str, at: float) -> UserUttered:
    return UserUttered(text, {"name": intent, "confidence": 0.9}, timestamp=at)


def action(name: str, at: float) -> ActionExecuted:
    return ActionExecuted(name, timestamp=at)


def seed(site) -> None:
    """Three web conversations and one on Telegram, over two days, with known counts."""
    site.save(
        "web:a",  # the whole funnel on day 1
        [
            SessionStarted(timestamp=DAY_1),
            user("hi, I'm anna@example.org", "greet", DAY_1 + 1),
            SlotSet("consent_given", True, timestamp=DAY_1 + 2),
            action("action_start_assessment", DAY_1 + 3),
            action("action_assessment_finished", DAY_1 + 4),
            user("welder jobs", "search_jobs", DAY_1 + 5),
            action("action_search_vacancies", DAY_1 + 6),
            action("action_save_vacancy", DAY_1 + 7),
            BotUttered("Saved. Call +46 70 123 45 67 to apply.", timestamp=DAY_1 + 8),
        ],
    )
    site.save(
        "web:b",  # consents, starts the assessment, never finishes; fails twice
        [
            SessionStarted(timestamp=DAY_1 + 100),
            user("asdf qwer", "nlu_fallback", DAY_1 + 101),
            user("blorft", "nlu_fallback", DAY_1 + 102),
            SlotSet("consent_given", True, timestamp=DAY_1 + 103),
            action("action_start_assessment", DAY_1 + 104),
        ],
    )
    site.save(
        # Never answers the privacy notice on day 2, asks for a person. (Not a declined notice:
        # the gateway's retention sweep, running beside this test, would erase that user.)
        "web:c",
        [
            SessionStarted(timestamp=DAY_2),
            user("hello", "greet", DAY_2 + 1),
            user("a person", "request_human", DAY_2 + 3),
        ],
    )
    site.save(
        "telegram:7",  # searches and makes an alert on day 2
        [
            SessionStarted(timestamp=DAY_2 + 10),
            user("/search", "search_jobs", DAY_2 + 11),
            SlotSet("consent_given", True, timestamp=DAY_2 + 12),
            action("action_search_vacancies", DAY_2 + 13),
            action("action_create_job_alert", DAY_2 + 14),
            user("ASDF QWER", "nlu_fallback", DAY_2 + 15),
        ],
    )
    queue = HandoffQueue(site.engine, 10 * DAY, clock=lambda: DAY_2 + 3)
    queue.enter("web:c", "asked")
    HandoffQueue(site.engine, 10 * DAY, clock=lambda: DAY_2 + 303).taken("web:c", "eva")
    HandoffQueue(site.engine, 10 * DAY, clock=lambda: DAY_1 + 102).enter("web:b", "bot_failed")


def test_the_analytics_count_what_the_seeded_conversations_did(site):
    seed(site)
    report = build_report(site.engine, since=DAY_1 - 3600)
    days = {(d.day, d.channel): d for d in report.days}
    day1, day2 = time.strftime("%Y-%m-%d", time.gmtime(DAY_1)), time.strftime("%Y-%m-%d", time.gmtime(DAY_2))
    assert set(days) == {(day1, "web"), (day2, "web"), (day2, "telegram")}
    web1 = days[(day1, "web")].counts
    assert (web1["conversations"], web1["users"], web1["consent"]) == (2, 2, 2)
    assert (web1["assessment_started"], web1["assessment_completed"]) == (2, 1)
    assert (web1["searches"], web1["saved_jobs"], web1["alerts"], web1["handoffs"]) == (1, 1, 0, 1)
    assert (web1["user_messages"], web1["fallbacks"]) == (4, 2)
    assert days[(day1, "web")].fallback_rate == 0.5
    assert days[(day1, "web")].mean_wait_seconds is None  # web:b was never taken over
    web2 = days[(day2, "web")]
    assert (web2.counts["conversations"], web2.counts["consent"], web2.counts["handoffs"]) == (1, 0, 1)
    assert web2.mean_wait_seconds == 300
    tg = days[(day2, "telegram")].counts
    assert (tg["searches"], tg["alerts"], tg["fallbacks"], tg["user_messages"]) == (1, 1, 1, 2)
    assert report.funnel == {"started": 4, "consented": 3, "assessed": 1, "searched": 2, "saved_or_alerted": 2}
    assert report.top_intents[0] == ("nlu_fallback", 3)
    assert report.top_fallbacks[0] == ("asdf qwer", 2)


def test_the_analytics_page_and_its_csv_show_the_same_numbers(site):
    seed(site)
    site.add_user("boss", SUPERVISOR)
    client = site.login("boss")
    page = client.get("/console/analytics", params={"days": 7}).text
    assert '<script src="/console/static/charts.js" defer></script>' in page
    assert 'id="chart-funnel-data">{"type": "bar"' in page
    assert '<td data-metric="saved_or_alerted">2</td>' in page
    rows = list(csv.DictReader(io.StringIO(client.get("/console/analytics.csv", params={"days": 7}).text)))
    telegram = next(r for r in rows if r["channel"] == "telegram")
    assert (telegram["searches"], telegram["alerts"], telegram["fallback_rate"]) == ("1", "1", "0.500")
    assert "downloaded_analytics" in {e.action for e in AuditLog(site.engine).latest()}


def test_an_export_holds_the_filtered_conversations_masked_and_is_audited(site):
    seed(site)
    site.add_user("boss", SUPERVISOR)
    client = site.login("boss")
    response = client.get("/console/export", params={"channel": "web", "q": "anna", "format": "json"})
    assert response.headers["content-disposition"].startswith('attachment; filename="orienta-transcripts-')
    document = json.loads(response.text)
    assert [c["conversation_id"] for c in document["conversations"]] == ["web:a"]
    texts = [m["text"] for m in document["conversations"][0]["messages"]]
    assert texts[0] == "hi, I'm [e-mail address]" and "[phone number]" in texts[-1]
    assert document["masked"] is True and document["filters"] == {"channel": "web", "q": "anna"}
    entry = AuditLog(site.engine).latest()[0]
    assert (entry.action, entry.detail) == ("exported", "json, 1 conversations, filters ?channel=web&q=anna")


def test_an_unmasked_csv_export_keeps_the_details_and_is_audited_as_unmasked(site):
    seed(site)
    site.add_user("boss", SUPERVISOR)
    client = site.login("boss")
    text = client.get("/console/export", params={"format": "csv", "unmasked": "1", "channel": "web"}).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["conversation_id"] for r in rows} == {"web:a", "web:b", "web:c"}
    assert any("anna@example.org" in r["text"] for r in rows)
    assert AuditLog(site.engine).latest()[0].action == "exported_unmasked"


def test_a_csv_cell_that_a_spreadsheet_would_run_as_a_formula_is_made_plain_text(site):
    site.save("web:formula", [user('=HYPERLINK("http://evil.example","click")', "greet", time.time())])
    site.add_user("boss", SUPERVISOR)
    text = site.login("boss").get("/console/export", params={"format": "csv", "q": "hyperlink"}).text
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["text"] == '\'=HYPERLINK("http://evil.example","click")'
