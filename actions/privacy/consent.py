"""Whether Orienta may keep anything about the user: the one check every storing action makes.

The user's answer to the privacy notice is the slot ``consent_given``: ``True`` (agreed),
``False`` (declined or withdrew) or ``None`` (never answered). Only ``True`` lets an action store
personal state (saved jobs, alerts, the plan, goal, CV, applications, interview practice, the
self-assessment, reminders). Without it Orienta still gives general information (help, vacancy
search results, tips), and the gateway's retention sweep erases the conversation once its session
is over (bot/privacy/retention.py), so nothing about the person outlives the session.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

SLOT = "consent_given"
NEEDS_CONSENT = "utter_needs_consent"
NOTICE_RESPONSE = "utter_privacy_notice"


def consent_state(tracker: Tracker) -> bool | None:
    """The user's latest answer: True, False, or None when they never answered."""
    value = tracker.get_slot(SLOT)
    return value if isinstance(value, bool) else None


def may_keep_personal_data(tracker: Tracker) -> bool:
    """True only when the user agreed to the privacy notice (and has not withdrawn)."""
    return consent_state(tracker) is True


def refused_without_consent(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]] | None:
    """``None`` when the action may go on; otherwise the events that end it, after saying why.

    The refusal offers the notice and the agreement as buttons. Its events stop whatever the
    rules would run next (a form's first question): the next thing is the user's answer.
    Usage, first line of a storing action's ``run``::

        if (refusal := refused_without_consent(dispatcher, tracker)) is not None:
            return refusal
    """
    if may_keep_personal_data(tracker):
        return None
    dispatcher.utter_message(response=NEEDS_CONSENT)
    return [FollowupAction("action_listen")]


def notice_shown_just_before(events: list[dict[str, Any]]) -> bool:
    """True when the privacy notice was said after the user's previous message.

    The session start shows it before the first message of a new user is handled; the
    greeting and /start then leave it at that rather than saying hello twice.
    """
    users = [i for i, event in enumerate(events) if event.get("event") == "user"]
    if not users:
        return False
    previous = users[-2] if len(users) > 1 else -1
    return any(
        event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action") == NOTICE_RESPONSE
        for event in events[previous + 1 : users[-1]]
    )
