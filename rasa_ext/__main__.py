"""``python -m rasa_ext run …``: Rasa's own command line, with Orienta's speed-ups installed first.

The launcher starts the Rasa server this way (``bot/launcher.py``); everything after
``rasa_ext`` is Rasa's usual arguments. The speed-ups: ``rasa_ext/schema_validation.py``,
``rasa_ext/event_types.py``, ``rasa_ext/action_calls.py``,
``rasa_ext/action_payload.py`` and ``rasa_ext/debug_arguments.py``.
"""

from rasa.__main__ import main

from rasa_ext import action_calls, action_payload, debug_arguments, event_types, schema_validation

if __name__ == "__main__":
    schema_validation.install()
    event_types.install()
    action_calls.install()
    action_payload.install()
    debug_arguments.install()
    main()
