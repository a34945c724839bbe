import asyncio

import pytest

from bot.conversations.delivery import Delivery, UnknownChannel, split_conversation_id
from bot.dialogue.messages import BotMessage


def test_conversation_ids_split_at_the_first_colon():
    assert split_conversation_id("telegram:42") == ("telegram", "42")
    assert split_conversation_id("web:a:b") == ("web", "a:b")


@pytest.mark.parametrize("bad", ["", "telegram", ":42", "telegram:"])
def test_malformed_conversation_ids_are_refused(bad):
    with pytest.raises(UnknownChannel):
        split_conversation_id(bad)


async def test_deliver_routes_by_channel_prefix_to_the_registered_deliverer():
    delivery = Delivery()
    got: list[tuple[str, str, list]] = []
    delivery.register("a", lambda target, messages: _record(got, "a", target, messages))
    delivery.register("b", lambda target, messages: _record(got, "b", target, messages))
    await delivery.deliver("b:7", [BotMessage(text="hi")])
    assert got == [("b", "7", ["hi"])]


async def _record(got, channel, target, messages):
    got.append((channel, target, [m.text for m in messages]))


async def test_deliver_to_a_channel_that_is_not_running_raises_unknown_channel():
    with pytest.raises(UnknownChannel):
        await Delivery().deliver("telegram:1", [BotMessage(text="hi")])


async def test_typing_indicator_repeats_while_the_block_runs_and_stops_after(monkeypatch):
    monkeypatch.setattr("bot.conversations.delivery.TYPING_REPEAT_SECONDS", 0.05)
    delivery = Delivery()
    shown: list[str] = []

    async def typing(target):
        shown.append(target)

    delivery.register("t", _ignore, typing)
    async with delivery.typing("t:1"):
        await asyncio.sleep(0.18)
    count = len(shown)
    await asyncio.sleep(0.15)
    assert count >= 3
    assert len(shown) == count


async def _ignore(target, messages):
    return None
