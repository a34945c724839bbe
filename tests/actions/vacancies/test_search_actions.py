from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.vacancies.search_actions import ActionSearchVacancies
from actions.vacancies.source import SourceUnavailable
from actions.vacancies.vocabulary import vocabulary
from nlu.gazetteer import Gazetteer
from nlu.phrases import all_phrases

from .conftest import tracker

DATA_DIR = Path(__file__).resolve().parents[3] / "data"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(all_phrases(DATA_DIR))


class Chat:
    """Runs action_search_vacancies turn after turn, carrying the slots like Rasa would."""

    def __init__(self, gazetteer: Gazetteer, **slots: Any) -> None:
        self.gazetteer = gazetteer
        self.slots: dict[str, Any] = dict(slots)

    async def say(self, text: str, intent: str) -> list[dict[str, Any]]:
        dispatcher = CollectingDispatcher()
        events = await ActionSearchVacancies().run(
            dispatcher, tracker(text, intent, self.gazetteer.find(text), **self.slots), {}
        )
        for event in events:
            if event["event"] == "slot":
                self.slots[event["name"]] = event["value"]
        return dispatcher.messages


def cards(messages):
    return [m["custom"]["vacancy"] for m in messages if m.get("custom", {}).get("type") == "vacancy_card"]


def responses(messages):
    return [m["response"] for m in messages if m.get("response")]


async def test_a_search_shows_a_count_five_cards_and_next_steps(gazetteer, source):
    messages = await Chat(gazetteer).say("find me jobs as a welder in Malmö", "search_jobs")
    assert responses(messages) == ["utter_vacancies_found", "utter_vacancy_next_steps"]
    assert messages[0]["count"] == 13
    assert "welder" in messages[0]["what"] and "Malmö" in messages[0]["what"]
    shown = cards(messages)
    assert [c["position"] for c in shown] == [1, 2, 3, 4, 5]
    assert all(c["title"].startswith("Welder") for c in shown)
    assert [b["payload"] for b in messages[-1]["buttons"]] == ["/more_results", "/create_alert"]
    (query,) = source.queries
    assert query.place_text == "Malmö" and query.occupation_group_ids and query.offset == 0


async def test_more_pages_through_the_batch_then_fetches_the_next_one_then_says_that_was_all(gazetteer, source):
    chat = Chat(gazetteer)
    first = await chat.say("welder jobs in Malmö", "search_jobs")
    second = await chat.say("more", "more_results")
    assert second[0]["response"] == "utter_more_vacancies"
    assert (second[0]["start"], second[0]["end"], second[0]["count"]) == (6, 10, 13)
    assert not {c["uid"] for c in cards(first)} & {c["uid"] for c in cards(second)}
    third = await chat.say("more", "more_results")
    assert (third[0]["start"], third[0]["end"]) == (11, 13)
    assert len(source.queries) == 1, "pages of one batch need no new request"
    assert "/more_results" not in [b["payload"] for b in third[-1]["buttons"]]
    last = await chat.say("more", "more_results")
    assert responses(last) == ["utter_no_more_vacancies"]


async def test_the_next_batch_is_fetched_from_where_the_last_one_ended(gazetteer, source, monkeypatch):
    monkeypatch.setattr("actions.vacancies.search_state.BATCH_SIZE", 5)
    chat = Chat(gazetteer)
    await chat.say("welder jobs in Malmö", "search_jobs")
    more = await chat.say("more", "more_results")
    assert [q.offset for q in source.queries] == [0, 5]
    assert (more[0]["start"], more[0]["end"]) == (6, 10)


async def test_a_refinement_keeps_the_occupation_and_place_and_adds_the_filter(gazetteer, source):
    chat = Chat(gazetteer)
    await chat.say("welder jobs in Malmö", "search_jobs")
    messages = await chat.say("only full-time", "refine_search")
    query = source.queries[-1]
    assert query.working_time == "full_time" and query.place_text == "Malmö" and query.occupation_group_ids
    assert "full-time" in messages[0]["what"]
    assert messages[0]["count"] == 7


async def test_no_results_offer_to_widen_the_search_and_widening_to_the_region_finds_ads(gazetteer, source):
    chat = Chat(gazetteer)
    messages = await chat.say("nurse jobs in Malmö", "search_jobs")
    assert responses(messages) == ["utter_no_vacancies"]
    titles = {b["title"]: b["payload"] for b in messages[0]["buttons"]}
    assert titles["Search all of Skåne län"] == '/broaden_search{"broaden":"region"}'
    # A button payload carries its entity; Rasa passes it on as an entity of the message.
    wider = await chat_with_entity(chat, "broaden_search", {"entity": "broaden", "value": "region"})
    assert [c["title"] for c in cards(wider)] == ["Nurse in Lund"]
    assert source.queries[-1].place_text == "Skåne län"


async def chat_with_entity(chat: Chat, intent: str, entity: dict[str, Any]) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = await ActionSearchVacancies().run(dispatcher, tracker("", intent, [entity], **chat.slots), {})
    for event in events:
        if event["event"] == "slot":
            chat.slots[event["name"]] = event["value"]
    return dispatcher.messages


async def test_a_dead_source_gets_a_clear_message_and_more_retries_the_same_search(gazetteer, source):
    chat = Chat(gazetteer)
    source.failure = SourceUnavailable("timeout")
    messages = await chat.say("welder jobs in Malmö", "search_jobs")
    assert responses(messages) == ["utter_vacancy_source_down"]
    assert messages[0]["site"] == "https://jobs.example.org/"
    source.failure = None
    retry = await chat.say("try again", "more_results")
    assert cards(retry) and source.queries[-1].place_text == "Malmö"


async def test_a_rate_limited_source_says_the_service_is_busy(gazetteer, source):
    source.failure = SourceUnavailable("rate_limited", retry_after=30)
    messages = await Chat(gazetteer).say("welder jobs in Malmö", "search_jobs")
    assert responses(messages) == ["utter_vacancy_source_busy"]


async def test_jobs_for_me_without_a_profile_asks_what_and_where(gazetteer, source):
    messages = await Chat(gazetteer).say("jobs for me", "search_jobs")
    assert responses(messages) == ["utter_ask_vacancy_criteria"]
    assert source.queries == []


async def test_jobs_for_me_with_a_profile_searches_the_profiles_occupation(gazetteer, source):
    words = vocabulary()
    welder = next(oid for oid, row in words._esco.items() if row["preferred_label"] == "welder")
    messages = await Chat(gazetteer, profile={"occupations": [welder]}).say("jobs for me", "search_jobs")
    assert messages[0]["count"] == 13


async def test_a_new_search_forgets_the_old_place_but_a_refinement_keeps_it(gazetteer, source):
    chat = Chat(gazetteer)
    await chat.say("welder jobs in Malmö", "search_jobs")
    await chat.say("nurse jobs", "search_jobs")
    assert source.queries[-1].place_text is None


async def test_a_refinement_orienta_cannot_apply_says_how_to_refine_and_keeps_the_search(gazetteer, source):
    chat = Chat(gazetteer)
    await chat.say("welder jobs in Malmö", "search_jobs")
    kept = chat.slots["vacancy_search"]
    messages = await chat.say("closer to Berlin", "refine_search")
    assert responses(messages) == ["utter_refine_how"]
    assert len(source.queries) == 1 and chat.slots["vacancy_search"] == kept
