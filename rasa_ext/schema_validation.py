"""Rasa's JSON Schema checks of events, with the same verdicts and errors at a fraction of the cost.

Why: Rasa 3.6 checks every custom action's answer (``RemoteAction._validate_action_result``)
and every event list posted to its HTTP API (``rasa.server.validate_events_in_request_body``:
``/tracker/events``, which the gateway posts to when it sets the language, and the console for
a takeover) with ``jsonschema.validate(instance, schema)``. That function first validates the
*schema itself* against the JSON Schema meta-schema, every time: 25 ms for one posted event, and
28 % of the Rasa server's CPU under load for the action answers (py-spy, ``make bench``). And an
event is checked against each of the 23 kinds of event in the schema's ``oneOf``, to find that
exactly one matches.

So a schema is checked against its meta-schema once, and its validator kept (``validate``: the
same validator class, the same ``best_match`` error). An event whose ``event`` names its kind is
checked against the kinds of that name only (``_narrowed``): a kind whose ``event`` is another
constant can never match it, so the count of matching kinds, and the verdict, is the same. When
that quick check finds anything wrong, the whole schema is checked as before, so every error is
exactly the one Rasa would raise.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

import jsonschema
import rasa.server
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.utils.schemas.events import EVENT_SCHEMA, EVENTS_SCHEMA

_ORIGINAL = RemoteAction._validate_action_result
_ORIGINAL_JSONSCHEMA = rasa.server.jsonschema
#: Schemas kept with their validators; Rasa has two (an action's answer, a list of events).
_MAX_SCHEMAS = 8
#: Kinds of event given a narrowed validator; unknown kinds are invalid, so a sender cannot grow it.
_MAX_KINDS = 64


def _checked_validator(schema: dict[str, Any]) -> Any:
    """The validator ``jsonschema.validate`` builds, after the same check of the schema itself."""
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)  # raises SchemaError for a broken schema, as jsonschema.validate does
    return cls(schema)


class _Validators:
    """A validator per schema, checked against its meta-schema once; schemas found by equality.

    By equality, not identity: Rasa builds the action answer's schema afresh for every answer.
    """

    def __init__(self) -> None:
        self._known: list[tuple[dict[str, Any], Any]] = []

    def get(self, schema: dict[str, Any]) -> Any:
        """The validator ``jsonschema.validate`` would build for ``schema``."""
        for known, validator in self._known:
            if known == schema:
                return validator
        kept = copy.deepcopy(schema)  # the caller may change its dictionary later
        validator = _checked_validator(kept)
        self._known = [*self._known[-(_MAX_SCHEMAS - 1) :], (kept, validator)]
        return validator

    def clear(self) -> None:
        """Forget every validator (tests)."""
        self._known = []


_VALIDATORS = _Validators()


@functools.lru_cache(maxsize=_MAX_KINDS)
def _narrowed(kind: str) -> Any:
    """A validator of one event whose ``event`` is ``kind``: EVENT_SCHEMA with the kinds that may match.

    None when no kind may match (the event is invalid: the whole check says why).
    """
    branches = [
        branch
        for branch in EVENT_SCHEMA["oneOf"]
        if branch.get("properties", {}).get("event", {}).get("const", kind) == kind
    ]
    return _checked_validator(copy.deepcopy({**EVENT_SCHEMA, "oneOf": branches})) if branches else None


def _events_valid(events: Any) -> bool:
    """True when every event is valid against EVENT_SCHEMA; False when unsure (then check it all)."""
    if not isinstance(events, list):
        return False
    for event in events:
        kind = event.get("event") if isinstance(event, dict) else None
        narrowed = _narrowed(kind) if isinstance(kind, str) else None
        if narrowed is None or not narrowed.is_valid(event):
            return False
    return True


def _surely_valid(instance: Any, schema: dict[str, Any]) -> bool:
    """True only when ``instance`` is valid against ``schema``, checking events kind by kind."""
    if schema == EVENTS_SCHEMA:
        return _events_valid(instance)
    properties = schema.get("properties")
    if not isinstance(instance, dict) or not isinstance(properties, dict) or properties.get("events") != EVENTS_SCHEMA:
        return False
    # The schema's other keywords and properties, then the events (a property the answer may lack).
    rest = {**schema, "properties": {k: v for k, v in properties.items() if k != "events"}}
    if not _VALIDATORS.get(rest).is_valid(instance):
        return False
    return "events" not in instance or _events_valid(instance["events"])


def validate(instance: Any, schema: dict[str, Any]) -> None:
    """What ``jsonschema.validate(instance, schema)`` does: raise its error, or return None."""
    if _surely_valid(instance, schema):
        return
    error = best_match(_VALIDATORS.get(schema).iter_errors(instance))
    if error is not None:
        raise error


def validate_action_result(action: RemoteAction, result: dict[str, Any]) -> bool:
    """What ``RemoteAction._validate_action_result`` does, with the quicker ``validate``."""
    try:
        validate(result, action.action_response_format_spec())
    except jsonschema.ValidationError as error:
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise
    return True


class _JsonschemaForServer:
    """The ``jsonschema`` module as ``rasa.server`` sees it, with the quicker ``validate``."""

    validate = staticmethod(validate)

    def __getattr__(self, name: str) -> Any:
        return getattr(jsonschema, name)


def install() -> None:
    """Make Rasa's remote actions and its HTTP API use the quicker checks (in this process)."""
    RemoteAction._validate_action_result = validate_action_result
    rasa.server.jsonschema = _JsonschemaForServer()
