"""Self-assessment: questionnaires, answer mapping, scoring, occupation suggestions and charts.

Pure helpers without any Rasa dependency, so that the scoring can be tested on its own and the
dialogue (forms and actions, still to come) stays thin. Every text a user reads comes from
``data/assessment/`` or ``data/instruments/``, so a PES can edit or translate it without code.
"""
