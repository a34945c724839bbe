"""Rasa's debug-log arguments, built only when debug logging is on.

Why: Rasa 3.6 builds the arguments of its debug log lines before the logger gets to drop them.
For every action it deep-copies the events the action returned (``rasa_events=copy.deepcopy
(events)``) and turns every slot's value into text (``MessageProcessor._log_slots``); for every
prediction the rule policy renders the states of the whole tracker as text and copies that, and
memoization copies its states; forms copy the latest message. With logging at INFO (``make
run``, ``make bench``) all of it is thrown away. Orienta's actions return slots that hold whole
search results and assessment states, and its slots hold them too, so this was work stock Rasa,
whose actions return nothing, did not have: under 10 users deep copies took 3.2 ms of the
Rasa server's main thread per message against 1.7 ms in stock Rasa (py-spy, wall time).

So, in the modules where every ``copy.deepcopy`` is an argument of a ``structlogger.debug`` call
(checked for each Rasa module by ``tests/rasa_ext/test_debug_arguments.py``), ``copy`` is a
stand-in whose ``deepcopy`` copies only while debug logging is on and otherwise hands the value
over unchanged to the debug call, which drops it. ``_log_slots`` and the rule policy's
rendering of states are skipped while it is off. With ``ORIENTA_LOG_LEVEL=DEBUG`` Rasa logs what
it always logged.

Whether debug logging is on is asked of the ``rasa`` logger each time: Rasa sets it and
structlog's filtering logger from the same level when it starts (``rasa/__main__.py``).
"""

from __future__ import annotations

import copy
import logging
from types import ModuleType
from typing import Any

import rasa.core.actions.forms
import rasa.core.policies.memoization
import rasa.core.processor
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.processor import MessageProcessor
from rasa.shared.core.trackers import DialogueStateTracker

#: The Rasa modules whose every ``copy.deepcopy`` only feeds a debug log line.
LOG_ONLY_COPY_MODULES: tuple[ModuleType, ...] = (
    rasa.core.processor,
    rasa.core.actions.forms,
    rasa.core.policies.memoization,
)
_RASA_LOGGER = logging.getLogger("rasa")
_ORIGINAL_LOG_SLOTS = MessageProcessor._log_slots
_ORIGINAL_FORMAT_STATES = RulePolicy.format_tracker_states


def debug_logging() -> bool:
    """True when Rasa's debug log lines are written."""
    return _RASA_LOGGER.isEnabledFor(logging.DEBUG)


class LogOnlyCopy:
    """The ``copy`` module for code whose deep copies only go to debug log lines."""

    def __getattr__(self, name: str) -> Any:
        """Everything but ``deepcopy`` is the ``copy`` module's own."""
        return getattr(copy, name)

    @staticmethod
    def deepcopy(value: Any, memo: dict[int, Any] | None = None) -> Any:
        """A deep copy while debug logging is on; otherwise ``value`` itself, for a call that drops it."""
        return copy.deepcopy(value, memo) if debug_logging() else value


def log_slots(tracker: DialogueStateTracker) -> None:
    """``MessageProcessor._log_slots``, only while its line is written."""
    if debug_logging():
        _ORIGINAL_LOG_SLOTS(tracker)


def format_tracker_states(states: list[dict[str, Any]]) -> str:
    """``Policy.format_tracker_states`` for the rule policy's debug line; empty while it is not written."""
    return _ORIGINAL_FORMAT_STATES(states) if debug_logging() else ""


def install() -> None:
    """Build Rasa's debug-log arguments only while debug logging is on (in this process)."""
    for module in LOG_ONLY_COPY_MODULES:
        module.copy = LogOnlyCopy()  # type: ignore[attr-defined]
    MessageProcessor._log_slots = staticmethod(log_slots)
    RulePolicy.format_tracker_states = staticmethod(format_tracker_states)
