"""``python -m rasa_ext run …``: Rasa's own command line, with Orienta's speed-ups installed first.

The launcher starts the Rasa server this way (``bot/launcher.py``); everything after
``rasa_ext`` is Rasa's usual arguments. The one speed-up so far is in
``rasa_ext/action_validation.py``.
"""

from rasa.__main__ import main

from rasa_ext import action_validation

if __name__ == "__main__":
    action_validation.install()
    main()
