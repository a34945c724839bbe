"""``action_default_ask_affirmation``: "did you mean...?" with buttons."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.content import read_csv_rows
from actions.fallback.suggestions import load_intent_labels, suggest_intents
from actions.language import language_of
from nlu.language import languages

#: Button labels per language (README "Languages"); English stands in for a language without them.
INTENT_LABELS = {code: load_intent_labels(read_csv_rows("intent_labels.csv"), code) for code in languages().codes}


class ActionDefaultAskAffirmation(Action):
    """Offer the likeliest meanings of a message Orienta did not understand.

    Replaces Rasa's built-in version, which offers one intent by its raw
    name ("Did you mean 'request_human'?").
    """

    def name(self) -> str:
        """The name Rasa's two-stage fallback calls."""
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Utter utter_ask_affirmation with one button per suggestion."""
        ranking = tracker.latest_message.get("intent_ranking") or []
        labels = INTENT_LABELS.get(language_of(tracker)) or INTENT_LABELS[languages().default]
        suggestions = suggest_intents(ranking, labels)
        if len(suggestions) <= 1:
            # Nothing plausible to offer: ask for other words straight away.
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        buttons = [{"title": s.label, "payload": s.payload} for s in suggestions]
        dispatcher.utter_message(response="utter_ask_affirmation", buttons=buttons)
        return []
