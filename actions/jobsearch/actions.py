"""Rasa actions of the job-search coaching: the plan, the goal and "where am I?".

Each ``run`` reads the slots, calls one pure rule (``plan.plan_turn``, ``goal.goal_turn``,
``steps.step_map``) and sends its replies; the state goes back into the ``jobsearch`` slot.
Buttons carry their operation as entities (``plan_op``, ``plan_action``, ``due_days``,
``goal_start``), so a tap is understood exactly and typed words go through the NLU.
Every action takes its texts in the conversation's language (``language_of``) at each message,
so a change of language shows from the next message on, in the middle of a plan too.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.assessment.form_actions import assessment_parts
from actions.assessment.progress import AssessmentState
from actions.jobsearch.catalogue import default_catalogue
from actions.jobsearch.goal import goal_turn
from actions.jobsearch.plan import REMINDERS_ON, Situation, plan_turn, reminder_reply, reminders_turn
from actions.jobsearch.reminders import ReminderStore, follow_ups, next_wake_up, to_remind
from actions.jobsearch.replies import Reply
from actions.jobsearch.state import SLOT, JobSearch
from actions.jobsearch.steps import StepProgress, step_map
from actions.language import language_of
from actions.privacy.consent import refused_without_consent
from actions.settings import action_settings
from actions.vacancies.vocabulary import vocabulary


def zone() -> ZoneInfo:
    """The PES's time zone: it decides what "today" is for due dates."""
    return action_settings().timezone


def today() -> date:
    """Today in the PES's time zone."""
    return datetime.now(zone()).date()


@cache
def reminder_store() -> ReminderStore:
    """The process's reminder table, on the database bot/config.py validated and passed on."""
    return ReminderStore(action_settings().tracker_url)


def keep_reminders(conversation_id: str, search: JobSearch) -> None:
    """Tell the gateway's scheduler when to wake this conversation next (or never)."""
    reminder_store().schedule(conversation_id, next_wake_up(search, today(), zone()))


def entity(tracker: Tracker, name: str) -> str | None:
    """The first value of an entity in the latest message, as text."""
    for found in tracker.latest_message.get("entities") or []:
        if found.get("entity") == name and found.get("value") is not None:
            return str(found["value"])
    return None


def whole_number(text: str | None) -> int | None:
    """A button's number, or None for anything else."""
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def send(dispatcher: CollectingDispatcher, replies: list[Reply]) -> None:
    """Utter each reply: its response, values and buttons."""
    for reply in replies:
        dispatcher.utter_message(response=reply.response, buttons=list(reply.buttons), **reply.values)


def assessment_progress(slot: Any) -> StepProgress:
    """How many parts of the self-assessment have a result."""
    state = AssessmentState.from_slot(slot)
    parts = assessment_parts()
    return StepProgress(sum(1 for part in parts if (state.results.get(part) or {}).get("latest")), len(parts))


def digital_low(slot: Any) -> bool:
    """Whether the digital-skills result has an area in the low band."""
    latest = (AssessmentState.from_slot(slot).results.get("digital") or {}).get("latest") or {}
    scores = latest.get("scores") if isinstance(latest, dict) else None
    return isinstance(scores, dict) and any(isinstance(s, list) and s[-1:] == ["low"] for s in scores.values())


def situation(tracker: Tracker, search: JobSearch) -> Situation:
    """What the plan's suggestions depend on."""
    assessment = tracker.get_slot("assessment")
    return Situation(assessment_progress(assessment).complete, digital_low(assessment), search.goal.is_set)


class ActionJobSearchPlan(Action):
    """The plan ("my plan"): start it with suggestions, add actions with dates, mark done, change dates."""

    def name(self) -> str:
        """Called for show_plan (typed, or a button with its plan_op)."""
        return "action_job_search_plan"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """One step of the plan; the new plan goes back into the slot."""
        if (refusal := refused_without_consent(dispatcher, tracker)) is not None:
            return refusal
        search = JobSearch.from_slot(tracker.get_slot(SLOT))
        new, replies = plan_turn(
            default_catalogue(language_of(tracker)),
            search,
            situation(tracker, search),
            today(),
            op=entity(tracker, "plan_op"),
            action=entity(tracker, "plan_action"),
            days=whole_number(entity(tracker, "due_days")),
        )
        send(dispatcher, replies)
        if new.reminders:
            keep_reminders(tracker.sender_id, new)
        return [SlotSet(SLOT, new.to_slot())]


def named_occupations(tracker: Tracker) -> list[tuple[str, str]]:
    """(key, label) of the occupations the user named (gazetteer keys) or tapped (``esco:`` keys)."""
    words = vocabulary()
    found = []
    for item in tracker.latest_message.get("entities") or []:
        if item.get("entity") == "occupation" and (choice := words.occupation(str(item.get("value")))):
            found.append((choice.key, choice.label))
    return found


def named_place(tracker: Tracker) -> str | None:
    """The label of the place the user named, if any."""
    key = entity(tracker, "place")
    place = vocabulary().place(key) if key else None
    return place.label if place else None


def profile_occupations(tracker: Tracker) -> list[tuple[str, str]]:
    """(key, label) of the occupations in the user's profile, to offer as buttons."""
    profile = tracker.get_slot("profile")
    ids = profile.get("occupations") if isinstance(profile, dict) else None
    words = vocabulary()
    return [(f"esco:{i}", label) for i in ids or [] if (label := words.esco_label(str(i)))]


class ActionSetGoal(Action):
    """The goal ("my goal is to work as a welder"): the target occupations, then when to start."""

    def name(self) -> str:
        """Called for set_goal."""
        return "action_set_goal"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """One step of the goal; the new goal goes back into the slot."""
        if (refusal := refused_without_consent(dispatcher, tracker)) is not None:
            return refusal
        search = JobSearch.from_slot(tracker.get_slot(SLOT))
        new, replies = goal_turn(
            default_catalogue(language_of(tracker)),
            search,
            named_occupations(tracker),
            named_place(tracker),
            entity(tracker, "goal_start"),
            profile_occupations(tracker),
        )
        send(dispatcher, replies)
        return [SlotSet(SLOT, new.to_slot())]


def interview_progress(search: JobSearch) -> StepProgress:
    """Done once a practice session was finished; "(2 of 4)" while the first one is under way."""
    practice = search.interview
    if practice.sessions or not practice.questions:
        return StepProgress(int(practice.sessions > 0))
    return StepProgress(practice.position, len(practice.questions))


class ActionJobSearchProgress(Action):
    """The step map ("where am I?") with what is done, and a button for the next step."""

    def name(self) -> str:
        """Called for job_search_progress."""
        return "action_job_search_progress"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Read each step's slot; nothing is changed."""
        catalogue = default_catalogue(language_of(tracker))
        search = JobSearch.from_slot(tracker.get_slot(SLOT))
        dated = sum(1 for item in search.plan if item.due is not None)
        progress = {
            "assessment": assessment_progress(tracker.get_slot("assessment")),
            "goal": StepProgress(int(search.goal.is_set)),
            "plan": StepProgress(min(dated, catalogue.min_actions), catalogue.min_actions),
            "cv": StepProgress(int(search.cv_drafted is not None)),
            "applications": StepProgress(int(bool(search.applications))),
            "vacancies": StepProgress(int(bool(tracker.get_slot("saved_vacancies")))),
            "interview": interview_progress(search),
        }
        send(dispatcher, [step_map(catalogue, progress)])
        return []


class ActionPlanReminders(Action):
    """Reminders of due steps on or off ("remind me", "stop reminders"), taking effect at once."""

    def name(self) -> str:
        """Called for start_reminders and stop_reminders."""
        return "action_plan_reminders"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Store the choice in the slot and in the scheduler's table."""
        on = (tracker.latest_message.get("intent") or {}).get("name") == REMINDERS_ON
        if on and (refusal := refused_without_consent(dispatcher, tracker)) is not None:
            return refusal
        new, replies = reminders_turn(JobSearch.from_slot(tracker.get_slot(SLOT)), on)
        keep_reminders(tracker.sender_id, new)
        send(dispatcher, replies)
        return [SlotSet(SLOT, new.to_slot())]


class ActionPlanReminder(Action):
    """The reminder itself, when the gateway's scheduler wakes the conversation."""

    def name(self) -> str:
        """Called for the external intent EXTERNAL_plan_reminder."""
        return "action_plan_reminder"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Say nothing unless reminders are on and a step is due; always set the next wake-up."""
        search = JobSearch.from_slot(tracker.get_slot(SLOT))
        day = today()
        awake = bool(search.reminders) and search.reminded_on != day
        items = to_remind(search, day) if awake else []
        waiting = follow_ups(search, day) if awake else []
        if items:
            send(dispatcher, [reminder_reply(default_catalogue(language_of(tracker)), items, day)])
        if waiting:
            titles = ", ".join(a.title for a in waiting)
            dispatcher.utter_message(response="utter_app_follow_up", titles=titles)
        if items or waiting:
            search = replace(search, reminded_on=day)
        keep_reminders(tracker.sender_id, search)
        return [SlotSet(SLOT, search.to_slot())] if items or waiting else []
