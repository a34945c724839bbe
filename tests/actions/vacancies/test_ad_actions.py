from dataclasses import replace
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.vacancies.ad_actions import (
    ActionExplainVacancy,
    ActionListSavedVacancies,
    ActionSaveVacancy,
    ActionVacancyDetails,
)
from actions.vacancies.search_actions import ActionSearchVacancies
from actions.vacancies.source import SourceUnavailable
from actions.vacancies.vocabulary import vocabulary

from .conftest import tracker

WELDER_IN_MALMO = [
    {"entity": "occupation", "value": "alias:welding"},
    {"entity": "place", "value": f"municipality:{'oYPt_yRA_Smm'}"},
]


async def run(action, slots: dict[str, Any], intent: str, entities=()) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker("", intent, list(entities), **slots), {})
    new_slots = dict(slots)
    new_slots.update({e["name"]: e["value"] for e in events if e["event"] == "slot"})
    return dispatcher.messages, new_slots


async def searched(source) -> dict[str, Any]:
    _, slots = await run(ActionSearchVacancies(), {}, "search_jobs", WELDER_IN_MALMO)
    return slots


def position(n: str) -> list[dict[str, Any]]:
    return [{"entity": "position", "value": n}]


async def test_details_of_the_second_one_fetch_that_ad_and_show_its_card(source):
    slots = await searched(source)
    messages, slots = await run(ActionVacancyDetails(), slots, "vacancy_details", position("2"))
    details, card = messages
    assert details["response"] == "utter_vacancy_details" and details["title"] == "Welder 2"
    assert card["custom"]["vacancy"]["title"] == "Welder 2" and card["custom"]["vacancy"]["position"] == 2
    assert details["hours"] == "part-time" and details["salary"] == "not stated"
    assert slots["vacancy_search"]["focus"] == "bundled:w2"


async def test_an_ad_taken_down_since_the_search_is_shown_from_what_was_seen(source):
    slots = await searched(source)
    source.vacancies = [v for v in source.vacancies if v.source_id != "w1"]
    messages, _ = await run(ActionVacancyDetails(), slots, "vacancy_details", position("1"))
    assert [m.get("response") for m in messages] == ["utter_vacancy_expired", None]
    assert messages[1]["custom"]["vacancy"]["title"] == "Welder 1"


async def test_details_while_the_source_is_down_still_show_the_card(source):
    slots = await searched(source)
    source.failure = SourceUnavailable("down")
    messages, _ = await run(ActionVacancyDetails(), slots, "vacancy_details", position("3"))
    assert messages[0]["response"] == "utter_vacancy_details_unavailable"
    assert messages[1]["custom"]["vacancy"]["title"] == "Welder 3"


async def test_without_a_position_or_focus_orienta_asks_which_one_with_a_button_each(source):
    slots = await searched(source)
    messages, _ = await run(ActionSaveVacancy(), slots, "save_vacancy")
    (question,) = messages
    assert question["response"] == "utter_which_vacancy"
    assert [b["payload"] for b in question["buttons"]][:2] == [
        '/save_vacancy{"position":"1"}',
        '/save_vacancy{"position":"2"}',
    ]


async def test_nothing_to_act_on_before_a_search(source):
    messages, _ = await run(ActionExplainVacancy(), {}, "explain_match", position("1"))
    assert messages[0]["response"] == "utter_no_vacancy_to_act_on"


async def test_save_it_after_details_saves_the_ad_in_focus_once(source):
    slots = await searched(source)
    _, slots = await run(ActionVacancyDetails(), slots, "vacancy_details", position("4"))
    messages, slots = await run(ActionSaveVacancy(), slots, "save_vacancy")
    assert messages[0]["response"] == "utter_vacancy_saved" and messages[0]["title"] == "Welder 4"
    again, slots = await run(ActionSaveVacancy(), slots, "save_vacancy")
    assert again[0]["response"] == "utter_vacancy_already_saved"
    assert [c["title"] for c in slots["saved_vacancies"]] == ["Welder 4"]


async def test_my_saved_jobs_lists_the_saved_cards_numbered(source):
    slots = await searched(source)
    for n in ("1", "3"):
        _, slots = await run(ActionSaveVacancy(), slots, "save_vacancy", position(n))
    messages, _ = await run(ActionListSavedVacancies(), slots, "list_saved")
    assert messages[0]["response"] == "utter_saved_vacancies" and messages[0]["count"] == 2
    assert [(m["custom"]["vacancy"]["title"], m["custom"]["vacancy"]["position"]) for m in messages[1:]] == [
        ("Welder 1", 1),
        ("Welder 3", 2),
    ]


async def test_no_saved_jobs_says_how_to_save_one(source):
    messages, _ = await run(ActionListSavedVacancies(), {}, "list_saved")
    assert messages[0]["response"] == "utter_no_saved_vacancies"


async def test_why_this_job_names_the_search_overlaps(source):
    slots = await searched(source)
    messages, _ = await run(ActionExplainVacancy(), slots, "explain_match", position("1"))
    reasons = messages[0]["reasons"]
    assert "welding work" in reasons and "It is in Malmö" in reasons


async def test_why_this_job_with_a_profile_names_shared_skills_and_gaps(source):
    words = vocabulary()
    esco_nurse = next(
        oid for oid, row in words._esco.items() if row["isco_group"] == "2221" and words.essential_skills(oid)
    )
    skill = words.essential_skills(esco_nurse)[0]
    source.vacancies = [replace(v, skills_required=(skill, "Swedish")) for v in source.vacancies]
    slots = {"profile": {"occupations": [esco_nurse]}}
    _, slots = await run(
        ActionSearchVacancies(), slots, "search_jobs", [{"entity": "occupation", "value": "alias:nurse"}]
    )
    messages, _ = await run(ActionExplainVacancy(), slots, "explain_match", position("1"))
    reasons = messages[0]["reasons"]
    assert f"Skills from your profile that it asks for: {skill}." in reasons
    assert "It matches your experience as" in reasons
    assert "It also asks for: Swedish." in reasons
