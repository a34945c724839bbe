import pytest

from bot.dialogue.client import RasaClient, RasaFailed, RasaNoAnswer, RasaTimeout, RasaUnavailable
from bot.dialogue.messages import BotMessage, Button


async def test_message_is_posted_to_the_rest_channel_with_sender_and_metadata(fake_rasa):
    rasa, url = fake_rasa
    rasa.extra_messages = [{"text": "Pick one", "buttons": [{"title": "Help", "payload": "/help"}]}]
    client = RasaClient(url, rasa.token, timeout=5)
    try:
        replies = await client.send_message("web:abc", "hello", {"page": "/jobs"})
    finally:
        await client.aclose()

    assert rasa.received == [{"sender": "web:abc", "message": "hello", "metadata": {"page": "/jobs"}}]
    assert replies == [
        BotMessage(text="echo: hello"),
        BotMessage(text="Pick one", buttons=(Button(title="Help", payload="/help"),)),
    ]


async def test_refused_connection_means_not_delivered(closed_port_url):
    client = RasaClient(closed_port_url, "t" * 20, timeout=5)
    with pytest.raises(RasaUnavailable):
        await client.send_message("web:abc", "hello")
    await client.aclose()


async def test_slow_rasa_raises_timeout_after_the_configured_seconds(fake_rasa):
    rasa, url = fake_rasa
    rasa.delay_seconds = 2
    client = RasaClient(url, rasa.token, timeout=0.3)
    with pytest.raises(RasaTimeout):
        await client.send_message("web:abc", "hello")
    await client.aclose()
    assert len(rasa.received) == 1  # it was delivered: that is what "timeout" tells the user


@pytest.mark.parametrize("status", [500, 503, 404])
async def test_error_status_raises_failed(fake_rasa, status):
    rasa, url = fake_rasa
    rasa.status_code = status
    client = RasaClient(url, rasa.token, timeout=5)
    with pytest.raises(RasaFailed, match=str(status)):
        await client.send_message("web:abc", "hello")
    await client.aclose()


async def test_non_json_answer_raises_failed(fake_rasa):
    rasa, url = fake_rasa
    rasa.malformed = True
    client = RasaClient(url, rasa.token, timeout=5)
    with pytest.raises(RasaFailed, match="not JSON"):
        await client.send_message("web:abc", "hello")
    await client.aclose()


async def test_status_sends_the_token_and_returns_the_model(fake_rasa):
    rasa, url = fake_rasa
    client = RasaClient(url, rasa.token, timeout=5)
    assert (await client.status())["model_file"] == "models/orienta.tar.gz"
    await client.aclose()

    wrong = RasaClient(url, "wrong-token-0123456789", timeout=5)
    with pytest.raises(RasaFailed, match="401"):
        await wrong.status()
    await wrong.aclose()


async def test_trigger_intent_reaches_the_conversation_by_its_own_id_and_returns_the_bot_messages(fake_rasa):
    rasa, url = fake_rasa
    client = RasaClient(url, rasa.token, timeout=5)
    try:
        replies = await client.trigger_intent("web:abc-1_2", "EXTERNAL_job_alert", {"alert_id": "a1"})
    finally:
        await client.aclose()
    assert rasa.triggered == [("web:abc-1_2", {"name": "EXTERNAL_job_alert", "entities": {"alert_id": "a1"}})]
    assert replies == [BotMessage(text="triggered: EXTERNAL_job_alert")]


async def test_trigger_intent_maps_an_error_status_to_rasa_failed(fake_rasa):
    rasa, url = fake_rasa
    rasa.status_code = 500
    client = RasaClient(url, rasa.token, timeout=5)
    with pytest.raises(RasaFailed):
        await client.trigger_intent("telegram:42", "EXTERNAL_job_alert")
    await client.aclose()


async def test_events_reads_the_tracker_with_its_events_and_skips_what_is_not_an_event(fake_rasa):
    rasa, url = fake_rasa
    rasa.events["web:abc"] = [{"event": "user", "text": "hi"}, "not an event", {"event": "bot", "text": "Hello"}]
    client = RasaClient(url, rasa.token, timeout=5)
    try:
        events = await client.events("web:abc")
    finally:
        await client.aclose()
    assert events == [{"event": "user", "text": "hi"}, {"event": "bot", "text": "Hello"}]


async def test_slots_reads_the_tracker_without_its_events(fake_rasa):
    rasa, url = fake_rasa
    rasa.slots["web:abc"] = {"language": "sv"}
    rasa.events["web:abc"] = [{"event": "user", "text": "hej"}]
    client = RasaClient(url, rasa.token, timeout=5)
    try:
        slots = await client.slots("web:abc")
    finally:
        await client.aclose()
    assert slots["language"] == "sv"


@pytest.mark.parametrize("read", ["events", "slots"])
async def test_a_tracker_that_cannot_be_read_raises_failed_with_the_status(fake_rasa, read):
    rasa, url = fake_rasa
    rasa.status_code = 503
    client = RasaClient(url, rasa.token, timeout=5)
    with pytest.raises(RasaFailed, match="503"):
        await getattr(client, read)("web:abc")
    await client.aclose()


async def test_an_empty_answer_from_a_taken_over_conversation_is_not_an_error(fake_rasa):
    rasa, url = fake_rasa
    rasa.silent = True
    rasa.all_paused = True
    client = RasaClient(url, rasa.token, timeout=5)
    try:
        assert await client.send_message("web:abc", "hello") == []
    finally:
        await client.aclose()


async def test_an_empty_answer_from_a_conversation_nobody_took_over_is_an_error(fake_rasa):
    rasa, url = fake_rasa
    rasa.silent = True
    client = RasaClient(url, rasa.token, timeout=5)
    with pytest.raises(RasaNoAnswer):
        await client.send_message("web:abc", "hello")
    await client.aclose()
