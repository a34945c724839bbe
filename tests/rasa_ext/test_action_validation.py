"""Action server answers are judged as Rasa judges them, with the schema checked only once."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from rasa_ext import action_validation
from rasa_ext.action_validation import validate_action_result

ACTION = RemoteAction("action_search_vacancies", None)
GOOD = [
    {"events": [{"event": "slot", "name": "count", "value": 3}], "responses": [{"text": "hi"}]},
    {"events": [], "responses": []},
    {},
]
BAD = [{"events": "not a list"}, {"responses": ["not an object"]}, {"events": [{"event": "slot", "name": 5}]}]


@pytest.mark.parametrize("result", GOOD)
def test_a_valid_answer_passes_as_with_rasas_own_check(result):
    assert action_validation._ORIGINAL(ACTION, result) is True
    assert validate_action_result(ACTION, result) is True


@pytest.mark.parametrize("result", BAD)
def test_an_invalid_answer_fails_with_the_same_error_and_rasas_advice(result):
    with pytest.raises(ValidationError) as rasas:
        action_validation._ORIGINAL(ACTION, result)
    with pytest.raises(ValidationError) as ours:
        validate_action_result(ACTION, result)
    assert ours.value.message == rasas.value.message
    assert "Failed to validate Action server response" in ours.value.message


def test_the_schema_is_checked_against_the_meta_schema_once(monkeypatch):
    action_validation._validator.cache_clear()
    checks = []
    validator_class = type(action_validation._validator('{"type": "object"}'))
    monkeypatch.setattr(validator_class, "check_schema", classmethod(lambda cls, schema: checks.append(schema)))
    action_validation._validator.cache_clear()
    for _ in range(5):
        validate_action_result(ACTION, GOOD[0])
    assert len(checks) == 1


def test_install_replaces_rasas_check(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", action_validation._ORIGINAL)
    action_validation.install()
    assert RemoteAction._validate_action_result is validate_action_result
