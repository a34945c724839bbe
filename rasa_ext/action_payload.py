"""What Rasa sends the action server: the tracker's state with the latest two turns' events only.

Why: for every custom action Rasa 3.6 (``RemoteAction._action_call_format``) turns every event
of the tracker into a dictionary and the request carries them all as JSON, which the action
server then parses again. Orienta's trackers hold the tracker window (``tracker_window.py``, up
to 100 events) plus one ``SlotSet`` per slot that the older events left, about 160 events in the
benchmark's conversations, and a message runs about two custom actions. Encoding them was
1.4 ms of the Rasa server's main thread per message under 10 users (py-spy, wall time), and the
action server parsed them again.

Nothing on the action server needs them. rasa-sdk rebuilds the slots, the latest message, the
active form, the paused flag and the latest action from the state's own fields, which Rasa
still computes from the whole tracker. Orienta's actions look at the events of the current
turn and the one before it (``confirmed_just_now``, ``notice_shown_just_before``,
``last_answer``), and rasa-sdk's form validation at the slots set since the latest action
(``Tracker.slots_to_validate``). So the request carries the events from the user's
second-to-last message on (``recent_events``), or all of them while there are fewer than two.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import rasa
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

#: User messages whose events the action server gets: the latest and the one before.
TURNS_SENT = 2


def recent_events(events: Iterable[Event], turns: int = TURNS_SENT) -> list[Event]:
    """The events from the ``turns``-th latest user message on; all of them if there are fewer.

    ``events`` may be the tracker's deque, which cannot be sliced.
    """
    events = list(events)
    seen = 0
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], UserUttered):
            seen += 1
            if seen == turns:
                return events[index:]
    return events


def action_call_format(action: RemoteAction, tracker: DialogueStateTracker, domain: Domain) -> dict[str, Any]:
    """``RemoteAction._action_call_format`` with only ``recent_events`` in the tracker's state."""
    state = tracker.current_state(EventVerbosity.NONE)
    state["events"] = [event.as_dict() for event in recent_events(tracker.events)]
    result: dict[str, Any] = {
        "next_action": action.name(),
        "sender_id": tracker.sender_id,
        "tracker": state,
        "version": rasa.__version__,
    }
    if not action._is_selective_domain_enabled() or domain.does_custom_action_explicitly_need_domain(action.name()):
        result["domain"] = domain.as_dict()
    return result


def install() -> None:
    """Make Rasa send the action server the recent events only (in this process)."""
    RemoteAction._action_call_format = action_call_format
