"""Code the Rasa server process loads: its tracker store and its start-up (``python -m rasa_ext``)."""
