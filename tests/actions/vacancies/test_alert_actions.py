from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.vacancies import alert_actions
from actions.vacancies.alert_actions import (
    ActionCreateJobAlert,
    ActionListJobAlerts,
    ActionManageJobAlert,
    ActionRunJobAlert,
    alert_store,
)
from actions.vacancies.search_actions import ActionSearchVacancies

from .conftest import ad

WELDER_IN_MALMO = [
    {"entity": "occupation", "value": "alias:welding"},
    {"entity": "place", "value": "municipality:oYPt_yRA_Smm"},
]


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("ORIENTA_TRACKER_URL", f"sqlite:///{tmp_path / 'alerts.db'}")
    alert_actions.alert_store.cache_clear()
    yield alert_store()
    alert_actions.alert_store.cache_clear()


# Users here agreed to the privacy notice; tests/actions/privacy/test_consent.py covers refusals.
def tracker(intent: str, entities=(), sender: str = "web:alice", **slots: Any) -> Tracker:
    return Tracker(
        sender,
        {"consent_given": True, **slots},
        {"text": "", "intent": {"name": intent}, "entities": list(entities)},
        [],
        False,
        None,
        {},
        None,
    )


async def run(action, intent: str, entities=(), sender: str = "web:alice", **slots: Any):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker(intent, entities, sender, **slots), {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def searched() -> dict[str, Any]:
    _, slots = await run(ActionSearchVacancies(), "search_jobs", WELDER_IN_MALMO)
    return slots


async def test_an_alert_needs_a_search_first(store, source):
    messages, _ = await run(ActionCreateJobAlert(), "create_alert")
    assert messages[0]["response"] == "utter_alert_needs_search"
    assert store.for_conversation("web:alice") == []


async def test_an_alert_fires_once_with_only_the_ads_that_are_new(store, source):
    slots = await searched()
    messages, _ = await run(ActionCreateJobAlert(), "create_alert", **slots)
    assert messages[0]["response"] == "utter_alert_created"
    (alert,) = store.for_conversation("web:alice")
    assert alert.name == "welding, Malmö"

    nothing, _ = await run(ActionRunJobAlert(), "EXTERNAL_job_alert", [{"entity": "alert_id", "value": alert.id}])
    assert nothing == [], "the ads already seen in the search are not new"

    source.vacancies.append(ad("w-new", "Welder, new", "7212"))
    fired, new_slots = await run(ActionRunJobAlert(), "EXTERNAL_job_alert", [{"entity": "alert_id", "value": alert.id}])
    assert fired[0]["response"] == "utter_new_job_alert" and fired[0]["count"] == 1
    assert [m["custom"]["vacancy"]["title"] for m in fired[1:]] == ["Welder, new"]
    assert new_slots["vacancy_search"]["batch"][0]["uid"] == "bundled:w-new", "'details' can refer to it"

    again, _ = await run(ActionRunJobAlert(), "EXTERNAL_job_alert", [{"entity": "alert_id", "value": alert.id}])
    assert again == [], "an ad is never alerted twice"


async def test_a_paused_alert_stays_silent_and_another_users_alert_is_not_run(store, source):
    slots = await searched()
    await run(ActionCreateJobAlert(), "create_alert", **slots)
    (alert,) = store.for_conversation("web:alice")
    source.vacancies.append(ad("w-new", "Welder, new", "7212"))
    entity = [{"entity": "alert_id", "value": alert.id}]
    assert (await run(ActionRunJobAlert(), "EXTERNAL_job_alert", entity, sender="web:mallory"))[0] == []
    messages, _ = await run(ActionManageJobAlert(), "pause_alert", entity)
    assert messages[0]["response"] == "utter_alert_paused"
    assert (await run(ActionRunJobAlert(), "EXTERNAL_job_alert", entity))[0] == []


async def test_the_alert_list_offers_pause_and_delete_and_delete_removes_it(store, source):
    slots = await searched()
    await run(ActionCreateJobAlert(), "create_alert", **slots)
    messages, _ = await run(ActionListJobAlerts(), "list_alerts")
    (listing,) = messages
    assert "welding, Malmö" in listing["alerts"]
    payloads = [b["payload"] for b in listing["buttons"]]
    assert payloads[0].startswith("/pause_alert{") and payloads[1].startswith("/delete_alert{")
    alert_id = store.for_conversation("web:alice")[0].id
    deleted, _ = await run(ActionManageJobAlert(), "delete_alert", [{"entity": "alert_id", "value": alert_id}])
    assert deleted[0]["response"] == "utter_alert_deleted"
    assert (await run(ActionListJobAlerts(), "list_alerts"))[0][0]["response"] == "utter_no_alerts"


async def test_someone_elses_alert_cannot_be_deleted(store, source):
    slots = await searched()
    await run(ActionCreateJobAlert(), "create_alert", **slots)
    alert_id = store.for_conversation("web:alice")[0].id
    messages, _ = await run(
        ActionManageJobAlert(), "delete_alert", [{"entity": "alert_id", "value": alert_id}], sender="web:mallory"
    )
    assert messages[0]["response"] == "utter_alert_not_found"
    assert store.get(alert_id) is not None
