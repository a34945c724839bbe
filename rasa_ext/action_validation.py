"""Check the action server's answers against Rasa's schema without re-checking the schema.

Why: Rasa 3.6 checks every custom action's answer with ``jsonschema.validate(result, schema)``
(``RemoteAction._validate_action_result``). That function first validates the *schema itself*
against the JSON Schema meta-schema, every time; with the event schema's many ``$ref``s that
took 28 % of the Rasa server's CPU under load (py-spy, ``make bench``), more than DIET and TED
together. The schema is a constant, so it is checked once and its validator reused: the answer
is judged exactly as before (same validator class, the same ``best_match`` error, the same
message Rasa adds), at a fraction of the cost.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import jsonschema
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_ORIGINAL = RemoteAction._validate_action_result


@functools.lru_cache(maxsize=4)
def _validator(schema_json: str) -> Any:
    """A validator for the schema, checked against its meta-schema once."""
    schema = json.loads(schema_json)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(action: RemoteAction, result: dict[str, Any]) -> bool:
    """What ``RemoteAction._validate_action_result`` does, with the schema's validator cached."""
    schema = action.action_response_format_spec()
    error = best_match(_validator(json.dumps(schema, sort_keys=True)).iter_errors(result))
    if error is not None:
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def install() -> None:
    """Make Rasa's remote actions use the cached validator (in this process)."""
    RemoteAction._validate_action_result = validate_action_result
