"""Action answers and posted events are judged as Rasa judges them, with each schema checked once."""

import copy
import itertools
from types import SimpleNamespace

import jsonschema
import pytest
import rasa.server
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.server import ErrorResponse
from rasa.shared.utils.schemas.events import EVENT_SCHEMA, EVENTS_SCHEMA

from rasa_ext import schema_validation
from rasa_ext.schema_validation import validate, validate_action_result

ACTION = RemoteAction("action_search_vacancies", None)
GOOD = [
    {"events": [{"event": "slot", "name": "count", "value": 3}], "responses": [{"text": "hi"}]},
    {"events": [], "responses": []},
    {},
]
BAD = [{"events": "not a list"}, {"responses": ["not an object"]}, {"events": [{"event": "slot", "name": 5}]}]

#: Events as rasa-sdk and the gateway send them, and broken ones of every sort.
VALID_EVENTS = [
    {"event": "slot", "timestamp": None, "name": "language", "value": "sv"},
    {"event": "slot", "name": "answers", "value": {"q1": [1, 2]}, "metadata": {"x": 1}},
    {"event": "active_loop", "name": "assessment_form"},
    {"event": "active_loop", "name": None, "timestamp": 1.5},
    {"event": "action", "name": "action_listen", "policy": None, "confidence": 1.0},
    {"event": "bot", "text": "Hello", "data": {"buttons": []}},
    {"event": "pause"},
    {"event": "resume"},
    {"event": "reset_slots"},
    {"event": "restart"},
    {"event": "followup", "name": "action_x"},
    {"event": "session_started"},
    {"event": "reminder", "intent": "EXTERNAL_x", "date_time": "2026-01-01T00:00:00"},
    {"event": "entities", "entities": [{"entity": "occupation", "value": "nurse", "start": 0, "end": 5}]},
    {
        "event": "user",
        "text": "hi",
        "parse_data": {
            "intent": {"name": "greet", "confidence": 0.9},
            "entities": [{"entity": "city", "value": "Malmö"}],
            "intent_ranking": [{"name": "greet", "confidence": 0.9}],
        },
    },
]
INVALID_EVENTS = [
    {"event": "slot", "name": "language"},  # no value
    {"event": "slot", "name": 5, "value": 1},
    {"event": "slot", "name": "x", "value": 1, "timestamp": "yesterday"},
    {"event": "slot", "name": "x", "value": 1, "metadata": "not an object"},
    {"event": "entities"},
    {"event": "entities", "entities": [{"entity": "city"}]},
    {"event": "action", "name": 3},
    {"event": "action", "hide_rule_turn": "yes"},
    {"event": "user", "parse_data": {"entities": [{"value": "no entity name"}]}},
    {"event": "user", "parse_data": "not an object"},
    {"event": "no such event"},
    {"event": 7},
    {"name": "no kind"},
    {},
    "not an object",
    None,
    [],
]


def jsonschemas_verdict(instance, schema):
    """What jsonschema.validate says: None, or the error's message and path."""
    try:
        jsonschema.validate(instance, schema)
    except ValidationError as error:
        return error.message, list(error.absolute_path), error.validator
    return None


def our_verdict(instance, schema):
    try:
        validate(instance, schema)
    except ValidationError as error:
        return error.message, list(error.absolute_path), error.validator
    return None


def event_lists():
    everything = VALID_EVENTS + INVALID_EVENTS
    yield from ([event] for event in everything)
    yield VALID_EVENTS
    yield from ([good, bad] for good, bad in itertools.product(VALID_EVENTS[:3], INVALID_EVENTS))
    yield "not a list"


@pytest.mark.parametrize("events", list(event_lists()))
def test_a_list_of_events_gets_jsonschemas_own_verdict_and_error(events):
    assert our_verdict(events, EVENTS_SCHEMA) == jsonschemas_verdict(events, EVENTS_SCHEMA)


@pytest.mark.parametrize("events", list(event_lists()))
def test_an_action_answer_gets_jsonschemas_own_verdict_and_error(events):
    schema = ACTION.action_response_format_spec()
    answers = [
        {"events": events},
        {"events": events, "responses": [{"text": "hi"}]},
        {"events": events, "responses": [1]},
    ]
    for answer in answers:
        assert our_verdict(answer, schema) == jsonschemas_verdict(answer, schema)


def test_the_corpus_holds_both_valid_and_invalid_events():
    verdicts = [jsonschemas_verdict([event], EVENTS_SCHEMA) for event in VALID_EVENTS + INVALID_EVENTS]
    assert verdicts[: len(VALID_EVENTS)] == [None] * len(VALID_EVENTS)
    assert None not in verdicts[len(VALID_EVENTS) :]


def test_an_event_is_checked_against_the_one_kind_its_name_says():
    kinds = [branch["properties"]["event"]["const"] for branch in EVENT_SCHEMA["oneOf"]]
    for kind in kinds:
        assert [b["properties"]["event"]["const"] for b in schema_validation._narrowed(kind).schema["oneOf"]] == [kind]
    assert schema_validation._narrowed("no such event") is None


@pytest.mark.parametrize("result", GOOD)
def test_a_valid_answer_passes_as_with_rasas_own_check(result):
    assert schema_validation._ORIGINAL(ACTION, result) is True
    assert validate_action_result(ACTION, result) is True


@pytest.mark.parametrize("result", BAD)
def test_an_invalid_answer_fails_with_the_same_error_and_rasas_advice(result):
    with pytest.raises(ValidationError) as rasas:
        schema_validation._ORIGINAL(ACTION, result)
    with pytest.raises(ValidationError) as ours:
        validate_action_result(ACTION, result)
    assert ours.value.message == rasas.value.message
    assert "Failed to validate Action server response" in ours.value.message


def test_each_schema_is_checked_against_the_meta_schema_once(monkeypatch):
    schema_validation._VALIDATORS.clear()
    schema_validation._narrowed.cache_clear()
    checks = []
    validator_class = jsonschema.validators.validator_for(EVENTS_SCHEMA)
    monkeypatch.setattr(validator_class, "check_schema", classmethod(lambda cls, schema: checks.append(schema)))
    for _ in range(5):
        validate_action_result(ACTION, GOOD[0])
        validate([VALID_EVENTS[0]], EVENTS_SCHEMA)
        with pytest.raises(ValidationError):
            validate(BAD[0], ACTION.action_response_format_spec())
    # The answer's schema without its events, the one kind of event, the whole answer's schema.
    assert len(checks) == 3
    schema_validation._VALIDATORS.clear()
    schema_validation._narrowed.cache_clear()


def test_a_kept_schema_does_not_change_with_the_callers_dictionary():
    schema_validation._VALIDATORS.clear()
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}}
    validate({"n": 1}, schema)
    original = copy.deepcopy(schema)
    schema["properties"]["n"]["type"] = "string"
    with pytest.raises(ValidationError):
        validate({"n": 1}, schema)
    validate({"n": 1}, original)


def test_a_broken_schema_is_refused_as_jsonschema_refuses_it():
    with pytest.raises(jsonschema.SchemaError):
        validate({}, {"type": 5})


@pytest.fixture
def installed(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", schema_validation._ORIGINAL)
    monkeypatch.setattr(rasa.server, "jsonschema", schema_validation._ORIGINAL_JSONSCHEMA)
    schema_validation.install()


def test_install_replaces_rasas_check_of_action_answers(installed):
    assert RemoteAction._validate_action_result is validate_action_result


def server_answer(events):
    """What Rasa's HTTP API says of posted events: None (accepted) or its error text."""
    try:
        rasa.server.validate_events_in_request_body(SimpleNamespace(json=events))
    except ErrorResponse as error:
        return error.error_info
    return None


@pytest.mark.parametrize("events", [VALID_EVENTS[0], VALID_EVENTS, [INVALID_EVENTS[0]], INVALID_EVENTS[1]])
def test_the_http_api_accepts_and_refuses_posted_events_as_before(monkeypatch, events):
    before = server_answer(events)
    schema_validation.install()
    try:
        assert server_answer(events) == before
    finally:
        monkeypatch.setattr(rasa.server, "jsonschema", schema_validation._ORIGINAL_JSONSCHEMA)


def test_install_keeps_the_rest_of_jsonschema_for_the_http_api(installed):
    assert rasa.server.jsonschema.ValidationError is ValidationError
    assert rasa.server.jsonschema.validate is validate
