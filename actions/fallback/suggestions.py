"""Choose what to offer when Orienta is unsure what the user meant.

Pure functions over the NLU intent ranking, so the choice can be tested
without a tracker. Button labels come from data/content/intent_labels.csv.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

NOT_AN_ANSWER = frozenset({"nlu_fallback", "out_of_scope"})
# The "Something else" button sends out_of_scope: Rasa's two-stage fallback
# reads that intent as "no, none of these" and asks the user to rephrase.
SOMETHING_ELSE_INTENT = "out_of_scope"


@dataclass(frozen=True)
class Suggestion:
    """One button: the label shown and the intent it stands for."""

    intent: str
    label: str

    @property
    def payload(self) -> str:
        """What the button sends: Rasa reads ``/intent`` as that intent."""
        return f"/{self.intent}"


def suggest_intents(
    ranking: Iterable[Mapping[str, object]],
    labels: Mapping[str, str],
    limit: int = 2,
) -> list[Suggestion]:
    """The ``limit`` likeliest intents that have a label, then "Something else".

    Intents without a label are skipped: a button must say something a user
    understands. "Something else" is always last, so the user can decline.
    """
    chosen: list[Suggestion] = []
    for entry in ranking:
        name = entry.get("name")
        if not isinstance(name, str) or name in NOT_AN_ANSWER or name not in labels:
            continue
        if any(s.intent == name for s in chosen):
            continue
        chosen.append(Suggestion(intent=name, label=labels[name]))
        if len(chosen) == limit:
            break
    if SOMETHING_ELSE_INTENT in labels:
        chosen.append(Suggestion(intent=SOMETHING_ELSE_INTENT, label=labels[SOMETHING_ELSE_INTENT]))
    return chosen


def load_intent_labels(rows: Iterable[Mapping[str, str]], language: str = "en") -> dict[str, str]:
    """Map intent -> label from the rows of intent_labels.csv, ignoring blanks.

    The ``label`` column is English, ``label_<code>`` another language's (``label_sv``).
    """
    column = "label" if language == "en" else f"label_{language}"
    return {
        row["intent"].strip(): (row.get(column) or "").strip()
        for row in rows
        if (row.get("intent") or "").strip() and (row.get(column) or "").strip()
    }
