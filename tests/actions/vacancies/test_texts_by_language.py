"""The vacancy actions' wording comes in the conversation's language (data/content/vacancies.yml)."""

from datetime import datetime, timezone

from actions.vacancies.alert_actions import alert_buttons
from actions.vacancies.alerts import JobAlert
from actions.vacancies.texts import label, reason_lines, texts


def test_labels_and_reasons_are_said_in_the_language_asked_for():
    assert label("more") == "More"
    assert label("more", "sv") == "Fler"
    assert label("broaden.region", "sv", region="Skåne län") == "Sök i hela Skåne län"
    assert reason_lines([{"kind": "place", "values": {"place": "Kiruna"}}], "sv") == [
        "Det ligger i Kiruna, där du söker."
    ]
    assert reason_lines([], "sv") == [texts("sv")["no_reasons"]]


def test_a_language_without_a_section_gets_the_default_one():
    assert texts("de") == texts("en")


def test_alert_buttons_are_labelled_in_swedish():
    now = datetime.now(timezone.utc)
    alert = JobAlert("a1", "web:x", "svetsare", {}, now, now, now, paused=True)
    titles = [b["title"] for b in alert_buttons([alert], "sv")]
    assert titles == ["Starta igen: svetsare", "Ta bort: svetsare"]
