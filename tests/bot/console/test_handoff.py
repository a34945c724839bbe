"""What a user who needs a person is told, and the rating answers the gateway takes itself."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.console.handoff import HandoffDesk
from bot.console.office_hours import OfficeHours
from bot.console.presence import Presence
from bot.console.queue import HandoffQueue
from bot.console.rating import Ratings
from bot.console.sessions import SessionStore
from bot.console.tables import open_engine
from bot.dialogue.messages import BotMessage
from bot.texts import GatewayTexts

TEXTS = GatewayTexts.load()
WEDNESDAY_10 = datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc)  # 10:00 in Stockholm
FRIDAY_EVENING = datetime(2026, 12, 4, 18, 0, tzinfo=timezone.utc)


class ScriptedRasa:
    """Answers every message with the given replies, and remembers what reached it."""

    def __init__(self, *replies: BotMessage) -> None:
        self.replies = list(replies)
        self.received: list[str] = []
        self.appended: list[dict] = []

    async def send_message(self, conversation_id, text, metadata=None):
        self.received.append(text)
        return self.replies

    async def append_events(self, conversation_id, events):
        self.appended += events


@pytest.fixture
def engine(tmp_path):
    return open_engine(f"sqlite:///{tmp_path / 'tracker.db'}")


def desk(engine, rasa, now: datetime, *, online: bool) -> HandoffDesk:
    if online:
        SessionStore(engine, 3600).start("eva")
        Presence(engine).touch("eva")
    return HandoffDesk(
        rasa,
        HandoffQueue(engine, stale_after=3600),
        Presence(engine),
        Ratings(engine),
        OfficeHours.parse("mon-fri 08-17", "Europe/Stockholm"),
        TEXTS,
        now=lambda: now,
        tracker=rasa,
    )


ASKED = BotMessage(custom={"type": "handoff", "reason": "asked"})


async def test_in_office_hours_with_someone_online_the_user_hears_their_place_in_the_queue(engine):
    rasa = ScriptedRasa(ASKED)
    gateway = desk(engine, rasa, WEDNESDAY_10, online=True)
    (first,) = await gateway.send_message("web:a", "/request_human")
    (second,) = await gateway.send_message("web:b", "talk to a human")
    assert first.text == f"{TEXTS.get('handoff_asked')} {TEXTS.get('handoff_position', position=1)}"
    assert second.text.endswith(TEXTS.get("handoff_position", position=2))
    assert [b.payload for b in first.buttons] == ["/help"]
    assert HandoffQueue(engine, 3600).position("web:b") == 2
    # The tracker holds what the user was told, for the transcript and the widget's history.
    assert [e["text"] for e in rasa.appended] == [first.text, second.text]
    assert rasa.appended[0]["data"]["buttons"] == [{"title": "Show me what you can do", "payload": "/help"}]


async def test_outside_office_hours_the_user_is_told_to_leave_a_message_until_monday(engine):
    gateway = desk(engine, ScriptedRasa(ASKED), FRIDAY_EVENING, online=True)
    (reply,) = await gateway.send_message("web:a", "/request_human")
    assert reply.text.endswith(TEXTS.get("handoff_later", when="Monday 07 December, 08:00"))
    assert HandoffQueue(engine, 3600).waiting("web:a") is not None  # in the queue all the same


async def test_in_office_hours_with_nobody_online_the_user_is_told_the_next_working_day(engine):
    gateway = desk(engine, ScriptedRasa(ASKED), WEDNESDAY_10, online=False)
    (reply,) = await gateway.send_message("web:a", "/request_human")
    assert reply.text.endswith(TEXTS.get("handoff_later", when="Thursday 03 December, 08:00"))


async def test_the_bot_failing_twice_queues_the_conversation_and_says_why(engine):
    failed = BotMessage(custom={"type": "handoff", "reason": "bot_failed"})
    gateway = desk(engine, ScriptedRasa(failed), WEDNESDAY_10, online=True)
    (reply,) = await gateway.send_message("web:a", "blorft")
    assert reply.text.startswith(TEXTS.get("handoff_bot_failed"))
    assert HandoffQueue(engine, 3600).waiting("web:a").reason == "bot_failed"


async def test_a_rating_answer_is_stored_and_thanked_without_reaching_rasa(engine):
    rasa = ScriptedRasa(BotMessage(text="from rasa"))
    gateway = desk(engine, rasa, WEDNESDAY_10, online=True)
    Ratings(engine).ask("web:a", "eva")
    (reply,) = await gateway.send_message("web:a", "/orienta_rating_5")
    assert reply.text == TEXTS.get("rating_thanks") and rasa.received == []
    assert Ratings(engine).latest("web:a") == 5
    # Not asked (or answered already): the message goes to Rasa like any other.
    assert [m.text for m in await gateway.send_message("web:a", "/orienta_rating_2")] == ["from rasa"]
    assert rasa.received == ["/orienta_rating_2"]


async def test_other_replies_pass_through_unchanged(engine):
    message = BotMessage(text="Hello!", custom=None)
    gateway = desk(engine, ScriptedRasa(message), WEDNESDAY_10, online=True)
    assert await gateway.send_message("web:a", "hi") == [message]
