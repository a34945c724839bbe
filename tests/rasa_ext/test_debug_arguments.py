"""Rasa's debug-log arguments are built while debug logging is on, and only then."""

import ast
import copy
import inspect
import logging

import pytest
import rasa.core.policies.rule_policy
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import SlotSet

from rasa_ext import debug_arguments
from rasa_ext.debug_arguments import LOG_ONLY_COPY_MODULES, LogOnlyCopy, format_tracker_states, log_slots


@pytest.fixture
def rasa_level():
    """Set the ``rasa`` logger's level for a test, and put it back."""
    logger = logging.getLogger("rasa")
    before = logger.level
    yield logger.setLevel
    logger.setLevel(before)


def is_structlog_debug(call: ast.AST) -> bool:
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "debug"
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == "structlogger"
    )


def debug_argument_nodes(tree: ast.AST) -> set[int]:
    """Ids of the nodes that are keyword arguments of ``structlogger.debug(...)`` calls."""
    return {id(keyword.value) for call in ast.walk(tree) if is_structlog_debug(call) for keyword in call.keywords}


@pytest.mark.parametrize("module", LOG_ONLY_COPY_MODULES, ids=lambda m: m.__name__)
def test_every_deep_copy_in_the_patched_modules_is_an_argument_of_a_debug_log_line(module):
    tree = ast.parse(inspect.getsource(module))
    arguments = debug_argument_nodes(tree)
    copies = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "deepcopy"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "copy"
    ]
    assert copies, "the module no longer deep-copies anything: drop it from LOG_ONLY_COPY_MODULES"
    assert [ast.unparse(node) for node in copies if id(node) not in arguments] == []


def test_the_rule_policys_rendered_states_only_feed_its_debug_log_line():
    tree = ast.parse(inspect.getsource(rasa.core.policies.rule_policy))
    names = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Attribute)
        and node.value.func.attr == "format_tracker_states"
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    assert names == {"current_states"}
    inside_debug = {
        id(node)
        for call in ast.walk(tree)
        if is_structlog_debug(call)
        for keyword in call.keywords
        for node in ast.walk(keyword.value)
    }
    uses = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in names and isinstance(n.ctx, ast.Load)]
    assert uses and all(id(use) in inside_debug for use in uses)


def test_without_debug_logging_a_deep_copy_hands_over_the_value_itself(rasa_level):
    rasa_level(logging.INFO)
    events = [SlotSet("vacancy_search", {"hits": [{"id": "1"}]})]
    assert LogOnlyCopy.deepcopy(events) is events


def test_with_debug_logging_a_deep_copy_is_a_real_one(rasa_level):
    rasa_level(logging.DEBUG)
    events = [SlotSet("vacancy_search", {"hits": [{"id": "1"}]})]
    copied = LogOnlyCopy.deepcopy(events)
    assert copied == events and copied is not events and copied[0].value is not events[0].value


def test_the_stand_in_is_the_copy_module_for_everything_else():
    assert LogOnlyCopy().copy is copy.copy
    with pytest.raises(AttributeError):
        LogOnlyCopy().no_such_function  # noqa: B018


def test_slots_are_rendered_for_the_log_only_while_debug_logging_is_on(rasa_level, monkeypatch):
    rendered = []
    monkeypatch.setattr(debug_arguments, "_ORIGINAL_LOG_SLOTS", rendered.append)
    rasa_level(logging.INFO)
    log_slots("tracker")
    rasa_level(logging.DEBUG)
    log_slots("tracker")
    assert rendered == ["tracker"]


def test_the_rule_policys_states_are_rendered_only_while_debug_logging_is_on(rasa_level):
    states = [{}, {"user": {"intent": "greet"}, "prev_action": {"action_name": "action_listen"}}]
    rasa_level(logging.INFO)
    assert format_tracker_states(states) == ""
    rasa_level(logging.DEBUG)
    assert format_tracker_states(states) == debug_arguments._ORIGINAL_FORMAT_STATES(states)
    assert "user intent: greet" in format_tracker_states(states)


def test_install_puts_the_stand_ins_in_place(monkeypatch):
    for module in LOG_ONLY_COPY_MODULES:
        monkeypatch.setattr(module, "copy", module.copy)
    monkeypatch.setattr(MessageProcessor, "_log_slots", MessageProcessor._log_slots)
    monkeypatch.setattr(RulePolicy, "format_tracker_states", RulePolicy.format_tracker_states)
    debug_arguments.install()
    assert all(isinstance(module.copy, LogOnlyCopy) for module in LOG_ONLY_COPY_MODULES)
    assert MessageProcessor._log_slots is log_slots
    assert RulePolicy.format_tracker_states is format_tracker_states
