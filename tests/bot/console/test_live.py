"""The SSE stream sends a fragment when it changes, and ends on time or on disconnect."""

from bot.console.live import fragment_stream, sse_message


def test_an_sse_message_keeps_newlines_of_the_html_inside_its_json():
    assert sse_message("update", {"html": "<p>a</p>\n<p>b</p>"}) == (
        'event: update\ndata: {"html": "<p>a</p>\\n<p>b</p>"}\n\n'
    )


async def test_only_changes_are_sent_and_the_stream_ends_after_max_seconds():
    renders = ["one", "one", "two"]
    ticks = iter(range(100))

    async def render() -> str:
        return renders.pop(0) if renders else "two"

    async def connected() -> bool:
        return False

    sent = [
        m
        async for m in fragment_stream(render, connected, interval=0, max_seconds=40, clock=lambda: float(next(ticks)))
    ]
    assert sent[0].startswith("retry:")
    assert [m for m in sent if m.startswith("event:")] == [sse_message("update", {"html": h}) for h in ("one", "two")]


async def test_a_disconnected_client_ends_the_stream():
    async def render() -> str:
        raise AssertionError("nothing is rendered for a client that left")

    async def gone() -> bool:
        return True

    sent = [m async for m in fragment_stream(render, gone, interval=0, max_seconds=60)]
    assert len(sent) == 1
