"""Vacancies through the real processes: the web chat, Rasa, the action server and the bundled
offline source (the default of `make run`), including a job alert fired by the gateway."""

import asyncio
import json
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.config import PROJECT_DIR
from tests.e2e.chat_client import texts


def cards(replies):
    return [r["vacancy"] for r in replies if r.get("type") == "vacancy_card"]


async def test_search_more_details_save_and_list_through_the_web_chat(chat, responses):
    session = await chat.start_session()
    first = await chat.say("chef jobs in Stockholm", session)
    assert texts(first)[0].startswith("I found 6 ads for chef, Stockholm")
    shown = cards(first)
    assert [c["position"] for c in shown] == [1, 2, 3, 4, 5]
    assert all(c["demo"] and "(fictional)" in (c["employer"] or "") for c in shown), "demo ads say so"
    assert [q["payload"] for q in first[-1]["quick_replies"]] == ["/more_results", "/create_alert"]

    more = await chat.say("/more_results", session)
    assert texts(more)[0] == "Ads 6 to 6 of 6:"
    (sixth,) = cards(more)
    assert sixth["uid"] not in {c["uid"] for c in shown}

    details = await chat.say("details of the first one", session)
    assert cards(details)[0]["uid"] == sixth["uid"], "'the first one' is the first of the last list"
    assert texts(details)[0] == sixth["title"]

    saved = await chat.say("save it", session)
    assert texts(saved) == [responses["utter_vacancy_saved"].replace("{title}", sixth["title"])]
    listed = await chat.say("my saved jobs", session)
    assert [c["uid"] for c in cards(listed)] == [sixth["uid"]]


async def test_a_search_with_no_ads_offers_to_widen_it_and_widening_finds_some(chat):
    session = await chat.start_session()
    (none,) = await chat.say("nurse jobs in Malmö", session)
    assert none["text"].startswith("I found no ads for nurse, Malmö")
    buttons = {q["title"]: q["payload"] for q in none["quick_replies"]}
    wider = await chat.say(buttons["Search all of Skåne län"], session)
    assert cards(wider) and all("Skåne" in (c["place"] or "") for c in cards(wider))


async def test_why_this_job_names_what_matched(chat):
    session = await chat.start_session()
    await chat.say("chef jobs in Stockholm", session)
    (why,) = await chat.say("why the second one?", session)
    assert "It is in Stockholm, where you are looking." in why["text"]


def new_ad(template: dict, ad_id: str, headline: str) -> dict:
    now = datetime.now(ZoneInfo("Europe/Stockholm")).replace(tzinfo=None, microsecond=0)
    ad = {**template, "id": ad_id, "headline": headline, "publication_date": now.isoformat(), "demo": False}
    ad["label"] = []
    return ad


async def test_an_alert_pushes_only_new_ads_once(chat, stack, tmp_path):
    session = await chat.start_session()
    first = await chat.say("chef jobs in Stockholm", session)
    assert len(cards(first)) == 5
    (created,) = await chat.say("tell me when new jobs like this appear", session)
    assert created["text"].startswith("Done: I'll tell you when new ads appear for chef, Stockholm")

    templates = [json.loads(line) for line in (PROJECT_DIR / "data/vacancies/demo_ads.jsonl").open()]
    template = next(
        ad
        for ad in templates
        if ad["occupation_group"]["legacy_ams_taxonomy_id"] == "5120"
        and ad["workplace_address"]["municipality"] == "Stockholm"
    )
    file = tmp_path / "new.jsonl"
    file.write_text(json.dumps(new_ad(template, "e2e-alert-1", "Cook for the alert test")) + "\n")
    subprocess.run(
        [sys.executable, "scripts/import_ads.py", str(file), "--data-dir", str(stack.data_dir)],
        cwd=PROJECT_DIR,
        check=True,
        capture_output=True,
    )

    pushed = []
    while not cards(pushed):
        _, data = await chat.next_event(timeout=60)
        pushed.append(data)
    assert pushed[0]["text"] == 'New ads for your alert "chef, Stockholm" (1):'
    assert [c["title"] for c in cards(pushed)] == ["Cook for the alert test"]

    with pytest.raises(asyncio.TimeoutError):
        await chat.next_event(timeout=8)  # several more checks pass: the same ad is not sent again
