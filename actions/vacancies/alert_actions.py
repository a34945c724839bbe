"""Job alert actions: create one from the current search, list, pause/resume/delete, and run.

``action_run_job_alert`` is not asked for by the user: the gateway's scheduler (bot/alerts.py)
triggers the external intent ``EXTERNAL_job_alert`` with the alert's id when it is due. The
action searches ads published since the last check, leaves out those already sent, and answers
only when there is something new; the gateway delivers that answer on the user's channel.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta, timezone
from functools import cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.language import language_of
from actions.privacy.consent import refused_without_consent
from actions.settings import action_settings
from actions.vacancies import service
from actions.vacancies.alerts import AlertStore, JobAlert, utcnow
from actions.vacancies.cards import payload
from actions.vacancies.matching import Profile
from actions.vacancies.search_actions import SEARCH_SLOT, ranked_batch
from actions.vacancies.search_state import SearchState
from actions.vacancies.source import SourceUnavailable
from actions.vacancies.texts import DEFAULT_LANGUAGE, label, texts
from actions.vacancies.vocabulary import vocabulary

logger = logging.getLogger(__name__)

#: Ads published a little before the last check still count, in case the source lags.
LOOKBACK = timedelta(hours=1)


@cache
def alert_store() -> AlertStore:
    """The process's alert store, on the database bot/config.py validated and passed on."""
    settings = action_settings()
    return AlertStore(settings.tracker_url, interval=settings.alert_interval)


def criteria(state: SearchState) -> dict[str, Any]:
    """The part of a search an alert keeps: what and where, not the results."""
    return replace(state, batch_offset=0, total=0, batch=(), page=0, focus=None).to_slot()


def alert_buttons(alerts: list[JobAlert], language: str = DEFAULT_LANGUAGE) -> list[dict[str, str]]:
    """Pause or resume, and delete, for each alert."""
    buttons = []
    for alert in alerts:
        toggle = ("alert_resume", "resume_alert") if alert.paused else ("alert_pause", "pause_alert")
        entity = f'{{"alert_id":"{alert.id}"}}'
        buttons.append({"title": label(toggle[0], language, name=alert.name), "payload": f"/{toggle[1]}{entity}"})
        buttons.append({"title": label("alert_delete", language, name=alert.name), "payload": f"/delete_alert{entity}"})
    return buttons


def _alert_id(tracker: Tracker) -> str | None:
    entities = tracker.latest_message.get("entities") or []
    return next((str(e.get("value")) for e in entities if e.get("entity") == "alert_id"), None)


class ActionCreateJobAlert(Action):
    """Save the current search as an alert ("tell me when new jobs like this appear")."""

    def name(self) -> str:
        """Called for the create_alert intent."""
        return "action_create_job_alert"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Save the search; the ads already shown count as seen, so only new ones are alerted."""
        if (refusal := refused_without_consent(dispatcher, tracker)) is not None:
            return refusal
        state = SearchState.from_slot(tracker.get_slot(SEARCH_SLOT))
        if not state.has_criteria:
            dispatcher.utter_message(response="utter_alert_needs_search")
            return []
        name = state.describe(texts(language_of(tracker))["work_modes"])
        seen = [item.uid for item in state.batch]
        alert = alert_store().create(tracker.sender_id, name, criteria(state), seen)
        if alert is None:
            dispatcher.utter_message(response="utter_too_many_alerts")
            return []
        dispatcher.utter_message(response="utter_alert_created", name=name)
        return []


class ActionListJobAlerts(Action):
    """Show the user's alerts with buttons to pause, resume or delete each."""

    def name(self) -> str:
        """Called for the list_alerts intent."""
        return "action_list_job_alerts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """One line per alert (paused ones marked), then the buttons."""
        alerts = alert_store().for_conversation(tracker.sender_id)
        if not alerts:
            dispatcher.utter_message(response="utter_no_alerts")
            return []
        language = language_of(tracker)
        paused = label("alert_paused", language)
        lines = "\n".join(f"- {a.name}" + (f" ({paused})" if a.paused else "") for a in alerts)
        dispatcher.utter_message(response="utter_alerts", alerts=lines, buttons=alert_buttons(alerts, language))
        return []


class ActionManageJobAlert(Action):
    """Pause, resume or delete one alert (from the buttons of the alert list)."""

    def name(self) -> str:
        """Called for pause_alert, resume_alert and delete_alert."""
        return "action_manage_job_alert"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Only the conversation's own alerts can be changed."""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        alert_id = _alert_id(tracker)
        store = alert_store()
        alert = store.get(alert_id) if alert_id else None
        if alert is None or alert.conversation_id != tracker.sender_id:
            dispatcher.utter_message(response="utter_alert_not_found")
            return []
        if intent == "delete_alert":
            store.delete(tracker.sender_id, alert.id)
            dispatcher.utter_message(response="utter_alert_deleted", name=alert.name)
        else:
            paused = intent == "pause_alert"
            store.set_paused(tracker.sender_id, alert.id, paused)
            response = "utter_alert_paused" if paused else "utter_alert_resumed"
            dispatcher.utter_message(response=response, name=alert.name)
        return []


class ActionRunJobAlert(Action):
    """Check one alert for new ads (triggered by the gateway's scheduler)."""

    def name(self) -> str:
        """Called for the external intent EXTERNAL_job_alert."""
        return "action_run_job_alert"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Say nothing unless there are new ads; a source that is down is simply tried next time."""
        store = alert_store()
        alert_id = _alert_id(tracker)
        alert = store.get(alert_id) if alert_id else None
        if alert is None or alert.paused or alert.conversation_id != tracker.sender_id:
            return []
        state = SearchState.from_slot(alert.search)
        started = utcnow()
        since = (alert.checked_at - LOOKBACK).replace(tzinfo=timezone.utc)
        try:
            result = await service.search(state.query(published_after=since))
        except SourceUnavailable as error:
            logger.warning("job alert %s not checked: source %s", alert.id, error.reason)
            return []
        words = vocabulary()
        profile = Profile.from_slot(tracker.get_slot("profile"), words)
        fresh = [v for v in result.vacancies if v.uid not in alert.seen_uids]
        store.record_run(alert.id, [v.uid for v in fresh], started)
        if not fresh:
            return []
        # The new ads become the current results, so "more" and "details of the second one" work.
        batch = ranked_batch(replace(result, vacancies=tuple(fresh), total=len(fresh)), state, profile, words)
        dispatcher.utter_message(response="utter_new_job_alert", name=alert.name, count=len(fresh))
        for position, item in enumerate(batch.shown, 1):
            dispatcher.utter_message(json_message=payload(item, position))
        return [SlotSet(SEARCH_SLOT, batch.to_slot())]
