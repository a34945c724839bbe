"""What the gateway's schedulers (job alerts, plan reminders) are given in their tests.

Both schedulers call ``trigger`` (Rasa's external-event endpoint) and then ``deliver`` (the
channels); this records every call and answers with fixed messages, or fails the way Rasa can.
"""

from __future__ import annotations

from bot.dialogue.messages import BotMessage


class Recorder:
    """Stands in for Rasa's trigger and the channels' delivery, and records both."""

    def __init__(self, text: str, answer: list[BotMessage] | None = None, error: Exception | None = None) -> None:
        self.answer = answer if answer is not None else [BotMessage(text=text)]
        self.error = error
        self.triggered: list[tuple[str, str, dict]] = []
        self.delivered: list[tuple[str, list[BotMessage]]] = []

    async def trigger(self, conversation_id: str, intent: str, entities: dict) -> list[BotMessage]:
        self.triggered.append((conversation_id, intent, entities))
        if self.error:
            raise self.error
        return self.answer

    async def deliver(self, conversation_id: str, messages: list[BotMessage]) -> None:
        self.delivered.append((conversation_id, messages))
