"""The console in the operator's language: every page in Swedish when chosen, English by default.

Each page is rendered in Swedish with data that fills every part of it (a failed turn, a takeover
by someone else, a brief, labels and notes, a rating, analytics) and checked for every English
text of data/content/console.yml that its Swedish differs from: none may be left.
"""

from __future__ import annotations

import re
import time
from html import unescape

import httpx
import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from starlette.requests import Request

from bot.config import PROJECT_DIR, ConfigError, load_settings
from bot.console.casework import Casework
from bot.console.language_choice import COOKIE
from bot.console.pages import Pages
from bot.console.queue import HandoffQueue
from bot.console.rating import Ratings
from bot.console.texts import ConsoleTexts
from bot.console.users import OPERATOR, SUPERVISOR

CID = "web:svensk1"
TAKEN = "telegram:77"
SWEDISH = {"Accept-Language": "sv-SE,sv;q=0.9,en-US;q=0.8,en;q=0.7"}
_TAG = re.compile(r"<[^>]+>")
_ARIA = re.compile(r'aria-label="([^"]*)"')
TEXTS = ConsoleTexts.load()


def english_only() -> list[str]:
    """English texts without placeholders that are no Swedish text too (so their presence means a miss)."""
    en, sv = TEXTS["en"].texts, TEXTS["sv"].texts
    swedish = set(sv.values())  # "Filter" is English and Swedish
    return sorted({text for text in en.values() if "{" not in text and text not in swedish and len(text) > 2})


def shown(html: str) -> str:
    """What a reader gets from a page: its text and its aria-labels."""
    body = re.sub(r"<script\b[^>]*>.*?</script>", " ", html, flags=re.S)
    return unescape(" ".join([_TAG.sub(" ", body), *_ARIA.findall(body)]))


def english_left(html: str) -> list[str]:
    text = shown(html)
    return [label for label in english_only() if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text)]


def seed(site) -> None:
    now = time.time()
    site.save(
        CID,
        [
            UserUttered(
                "jag vill prata med en människa", {"name": "request_human", "confidence": 0.3}, timestamp=now - 700
            ),
            ActionExecuted("utter_default", timestamp=now - 699),
            SlotSet(
                "jobsearch",
                {
                    "goal": {
                        "occupations": [{"key": "svetsare", "label": "Svetsare"}],
                        "place": "Kiruna",
                        "start": "snart",
                    },
                    "plan": [
                        {"action": "uppdatera_cv", "due": "2026-12-10", "done": False},
                        {"action": "ring_chefen", "done": True},
                    ],
                },
                timestamp=now - 698,
            ),
            SlotSet("assessment", {"results": {"intressen": {"scores": {}}}}, timestamp=now - 697),
            SlotSet("vacancy_search", {"occupation_label": "Svetsare", "place_label": "Kiruna", "total": 3}),
            SlotSet("saved_vacancies", [{"uid": "1", "title": "Svetsare MIG", "employer": "LKAB"}]),
            BotUttered("Hej! Jag heter Orienta.", timestamp=now - 690),
        ],
    )
    site.save(TAKEN, [UserUttered("hej", {"name": "greet", "confidence": 0.9}, timestamp=now - 100)])
    HandoffQueue(site.engine, 3600, clock=lambda: now - 600).enter(CID, "asked")
    Casework(site.engine).add_label(CID, "eva", "uppföljning")
    Casework(site.engine).add_note(CID, "eva", "Ring på måndag.")
    ratings = Ratings(site.engine)
    ratings.ask(CID, "eva")
    ratings.record(CID, 4)


def pages(site, client: httpx.Client) -> dict[str, str]:
    """Every console page (and live fragment) a supervisor can open, by path."""
    paths = ["/console", f"/console/c/{CID}", "/console/password", "/console/users", "/console/audit"]
    found = {path: client.get(path).text for path in paths}
    found["/console/analytics"] = client.get("/console/analytics", params={"days": 7}).text
    found["/console/live"] = client.get("/console/live").text
    found[f"/console/c/{CID}/live"] = client.get(f"/console/c/{CID}/live").text
    return found


@pytest.fixture
def supervisor(site) -> httpx.Client:
    seed(site)
    site.add_user("eva", SUPERVISOR, name="Eva")
    site.add_user("olof", OPERATOR, name="Olof")
    olof = site.login("olof")
    olof.post(f"/console/c/{TAKEN}/take", data={"csrf_token": site.csrf(olof)})
    return site.login("eva")


def test_every_page_is_in_swedish_for_a_swedish_browser_with_no_english_label_left(site, supervisor):
    supervisor.headers.update(SWEDISH)
    for path, html in pages(site, supervisor).items():
        assert english_left(html) == [], path
        if not path.endswith("/live"):
            assert '<html lang="sv">' in html, path
    listed = supervisor.get("/console").text
    assert "väntar på en person" in listed and "osäker tolkning" in listed and "bad om en person" in listed
    transcript = supervisor.get(f"/console/c/{CID}").text
    assert "Ta över" in transcript and "Betyg 4 av 5." in transcript
    assert "osäker tolkning (0.30 &lt; 0.50)" in transcript
    assert "Svetsare i Kiruna (3 annonser)" in transcript and "uppdatera_cv (senast 2026-12-10)" in transcript
    assert "användaren bad om en person" in transcript and "Ring på måndag." in transcript
    assert "jag vill prata med en människa" in transcript  # what the user said, as they said it
    taken = supervisor.get(f"/console/c/{TAKEN}").text
    assert "Olof (olof) har det här samtalet sedan" in taken and english_left(taken) == []


def test_every_page_is_in_english_by_default_and_names_its_language(site, supervisor):
    for path, html in pages(site, supervisor).items():
        assert "Samtal" not in shown(html), path
        if not path.endswith("/live"):
            assert '<html lang="en">' in html, path
    transcript = supervisor.get(f"/console/c/{CID}").text
    assert "Take over" in transcript and len(english_left(transcript)) > 20  # the check above finds English


def test_the_login_page_follows_the_browser_and_says_a_wrong_password_in_swedish(site):
    site.add_user("eva", OPERATOR)
    with site.client() as client:
        client.headers.update(SWEDISH)
        page = client.get("/console/login").text
        assert '<html lang="sv">' in page and "Logga in" in page and english_left(page) == []
        wrong = site.post_login(client, "eva", "not the password")
        assert wrong.status_code == 401 and "Fel användarnamn eller lösenord." in wrong.text


def test_the_switch_sticks_in_a_cookie_and_wins_over_the_browser(site, supervisor):
    supervisor.headers.update(SWEDISH)
    back = f"/console/c/{CID}?x=1"
    switched = supervisor.get("/console/language", params={"to": "en", "back": back})
    assert switched.status_code == 303 and switched.headers["location"] == back
    assert supervisor.cookies.get(COOKIE) == "en"
    assert "max-age=31536000" in switched.headers["set-cookie"].lower()
    assert '<html lang="en">' in supervisor.get("/console").text  # still asks for Swedish, gets English
    supervisor.get("/console/language", params={"to": "sv", "back": "/console"})
    page = supervisor.get("/console").text
    assert '<html lang="sv">' in page
    assert 'href="/console/language?to=en&amp;back=%2Fconsole"' in page  # the header's way back


def test_a_refused_request_and_a_refused_change_are_explained_in_swedish(site, supervisor):
    supervisor.headers.update(SWEDISH)
    refused = supervisor.post(f"/console/c/{CID}/take", data={"csrf_token": "wrong"})
    assert refused.status_code == 403 and refused.text == "Inte tillåtet: CSRF-token saknas eller är fel."
    empty = supervisor.post(f"/console/c/{CID}/notes", data={"csrf_token": site.csrf(supervisor), "text": " "})
    assert empty.status_code == 409 and "Anteckningen är tom." in empty.text
    taken = supervisor.post(
        "/console/users", data={"csrf_token": site.csrf(supervisor), "username": "olof", "role": OPERATOR}
    )
    assert "Det finns redan en användare som heter olof." in taken.text


def request(headers: dict[str, str]) -> Request:
    raw = [(name.lower().encode(), value.encode()) for name, value in headers.items()]
    return Request({"type": "http", "method": "GET", "path": "/console", "headers": raw, "query_string": b""})


def test_the_deployment_default_applies_when_the_browser_asks_for_no_language_the_console_has():
    swedish_office = Pages("Europe/Stockholm", "sv")
    assert swedish_office.texts_for(request({})).language == "sv"
    assert swedish_office.texts_for(request({"Accept-Language": "de-DE,fr"})).language == "sv"
    assert swedish_office.texts_for(request({"Accept-Language": "en-GB"})).language == "en"
    assert swedish_office.texts_for(request({"Cookie": f"{COOKIE}=en"})).language == "en"
    assert load_settings({"ORIENTA_CONSOLE_LANGUAGE": "sv"}, PROJECT_DIR).console.language == "sv"
    assert load_settings({}, PROJECT_DIR).console.language == "en"
    with pytest.raises(ConfigError, match="ORIENTA_CONSOLE_LANGUAGE='de' must be one of en, sv"):
        load_settings({"ORIENTA_CONSOLE_LANGUAGE": "de"}, PROJECT_DIR)
