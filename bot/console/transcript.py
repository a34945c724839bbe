"""A conversation as turns, with the bot's reasoning, from Rasa's tracker events.

A turn is one user message and everything that followed it until the next one: what NLU
understood (intent, confidence, entities), the actions the policies chose, the slots they set,
what the bot or an operator said. What went wrong is marked on the turn (``failures``), so an
operator sees at a glance where the bot failed: a fallback, NLU below the confidence
threshold, an action Rasa rejected.

Pure functions over the events' JSON (the tracker's ``events`` as Rasa's HTTP API and its SQL
store hold them), so they are tested without Rasa.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.console.texts import Phrase
from bot.webchat.history import is_operator

#: Actions (and the intent) that mean the bot did not understand.
FALLBACK_ACTIONS = frozenset(
    {
        "action_default_fallback",
        "action_default_ask_affirmation",
        "action_default_ask_rephrase",
        "action_two_stage_fallback",
        "utter_default",
        "utter_ask_rephrase",
    }
)
FALLBACK_INTENT = "nlu_fallback"
HUMAN_INTENT = "request_human"
#: Rasa's bookkeeping actions, not worth an operator's attention.
QUIET_ACTIONS = frozenset({"action_listen", "action_session_start"})
#: Slots Rasa sets for its own bookkeeping.
QUIET_SLOTS = frozenset({"session_started_metadata"})
MAX_SLOT_VALUE_CHARS = 80


@dataclass
class Step:
    """One thing that happened after a user message: ``kind`` is action, slot, bot, operator or note.

    What the user, the bot or a person said is a ``str`` shown as it was; what the console says
    about the conversation (a note, a custom message) is a ``Phrase`` in the operator's language.
    """

    kind: str
    text: str | Phrase
    detail: str | Phrase = ""


@dataclass
class Turn:
    """A user message (None for what came before the first one) and what followed it."""

    at: float | None
    user_text: str | None = None
    intent: str | None = None
    confidence: float | None = None
    entities: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    failures: list[Phrase] = field(default_factory=list)


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def user_intent(event: dict[str, Any]) -> tuple[str | None, float | None]:
    """The intent NLU predicted for a user event, and its confidence."""
    intent = _mapping(_mapping(event.get("parse_data")).get("intent"))
    name = intent.get("name")
    return (name if isinstance(name, str) else None), _number(intent.get("confidence"))


def shown_text(event: dict[str, Any]) -> str:
    """What the user saw themself send: a button's title rather than its ``/intent`` payload."""
    shown = _mapping(event.get("metadata")).get("display_text")
    if isinstance(shown, str) and shown.strip():
        return shown
    text = event.get("text")
    return text if isinstance(text, str) else ""


def _entities(event: dict[str, Any]) -> list[str]:
    found = _mapping(event.get("parse_data")).get("entities")
    out = []
    for entity in found if isinstance(found, list) else []:
        entity = _mapping(entity)
        if isinstance(entity.get("entity"), str):
            out.append(f"{entity['entity']}={str(entity.get('value'))[:MAX_SLOT_VALUE_CHARS]}")
    return out


def build_turns(events: Iterable[dict[str, Any]], low_confidence: float) -> list[Turn]:
    """Group ``events`` into turns and mark their failures (NLU below ``low_confidence``, fallbacks)."""
    turns: list[Turn] = []
    current: Turn | None = None
    for event in events:
        kind = event.get("event")
        at = _number(event.get("timestamp"))
        if kind == "user":
            intent, confidence = user_intent(event)
            current = Turn(at, shown_text(event), intent, confidence, _entities(event))
            if intent == FALLBACK_INTENT:
                current.failures.append(Phrase.of("turns.nlu_fallback"))
            elif confidence is not None and confidence < low_confidence:
                current.failures.append(
                    Phrase.of("turns.low_confidence", confidence=f"{confidence:.2f}", threshold=f"{low_confidence:.2f}")
                )
            turns.append(current)
            continue
        if current is None:
            current = Turn(at)
            turns.append(current)
        step = _step(event)
        if step is None:
            continue
        current.steps.append(step)
        if step.kind == "action" and step.text in FALLBACK_ACTIONS:
            current.failures.append(Phrase.of("turns.fallback", action=step.text))
        elif kind == "action_execution_rejected":
            current.failures.append(Phrase.of("turns.action_rejected", action=step.text))
    return [turn for turn in turns if turn.user_text is not None or turn.steps]


def _step(event: dict[str, Any]) -> Step | None:
    kind = event.get("event")
    if kind == "action":
        name = event.get("name")
        if not isinstance(name, str) or name in QUIET_ACTIONS:
            return None
        confidence = _number(event.get("confidence"))
        policy = _text(event.get("policy"))
        detail = f"{policy} {confidence:.2f}".strip() if confidence is not None else policy
        return Step("action", name, detail)
    if kind == "slot":
        name = event.get("name")
        if not isinstance(name, str) or name in QUIET_SLOTS:
            return None
        return Step("slot", f"{name} = {str(event.get('value'))[:MAX_SLOT_VALUE_CHARS]}")
    if kind == "bot":
        text: str | Phrase = _text(event.get("text"))
        data = _mapping(event.get("data"))
        if not text and data.get("custom"):
            custom = _mapping(data.get("custom"))
            if custom.get("type") == "handoff":
                text = Phrase.of("turns.queued", reason=custom.get("reason", "-"))
            else:
                text = Phrase.of("turns.custom", type=custom.get("type", "custom"))
        buttons = data.get("buttons")
        buttons = buttons if isinstance(buttons, list) else []
        detail = " | ".join(str(_mapping(b).get("title", "")) for b in buttons)
        return Step("operator" if is_operator(event.get("metadata")) else "bot", text, detail)
    if kind == "pause":
        return Step("note", Phrase.of("turns.paused"))
    if kind == "resume":
        return Step("note", Phrase.of("turns.resumed"))
    if kind == "action_execution_rejected":
        return Step("note", str(event.get("name")), Phrase.of("turns.rejected"))
    if kind == "session_started":
        return Step("note", Phrase.of("turns.new_session"))
    return None
