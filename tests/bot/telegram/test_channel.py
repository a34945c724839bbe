"""The Telegram channel end to end inside one process: fake Bot API, fake Rasa, real PTB."""

import asyncio
import time

import httpx
import pytest

from bot.dialogue.messages import BotMessage
from tests.bot.telegram.conftest import TEXTS, free_port, wait_started
from tests.fakes.rasa import FakeRasa
from tests.fakes.server import serve
from tests.fakes.telegram import parse_html

CHAT = 4242


def test_start_up_polls_and_registers_only_commands_whose_intent_exists(rig):
    rig.telegram.wait_for("getUpdates")
    methods = [c.method for c in rig.telegram.calls]
    assert methods.index("getMe") < methods.index("deleteWebhook") < methods.index("getUpdates")
    assert [c["command"] for c in rig.telegram.commands] == ["start", "help", "human", "privacy"]  # /privacy is /start


def test_text_message_reaches_rasa_and_the_reply_is_sent(rig):
    rig.telegram.user_says(CHAT, "hello")
    (sent,) = rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT)
    assert parse_html(sent.text) == "echo: hello"
    assert sent.params["parse_mode"] == "HTML"
    body = rig.rasa.received[0]
    assert body["sender"] == f"telegram:{CHAT}"
    assert body["metadata"] == {"channel": "telegram", "language": "en"}


def test_start_sends_the_deep_link_parameter_as_metadata(rig):
    rig.telegram.user_says(CHAT, "/start pes_stockholm")
    rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT)
    body = rig.rasa.received[0]
    assert body["message"] == "/start"
    assert body["metadata"]["start_parameter"] == "pes_stockholm"


def test_start_without_parameter_sends_none_as_the_parameter(rig):
    rig.telegram.user_says(CHAT, "/start")
    rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT)
    assert rig.rasa.received[0]["metadata"]["start_parameter"] is None


def test_a_registered_command_sends_its_payload(rig):
    rig.telegram.user_says(CHAT, "/help")
    rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT)
    assert rig.rasa.received[0]["message"] == "/help"


def test_a_command_whose_intent_is_missing_gets_a_hint_and_never_reaches_rasa(rig):
    rig.telegram.user_says(CHAT, "/jobs")
    (sent,) = rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT)
    assert parse_html(sent.text) == TEXTS.get("telegram_unknown_command")
    assert rig.rasa.received == []


def test_user_text_with_html_and_markdown_characters_arrives_intact(rig):
    text = "a <b>x</b> & y_z *bold* [link](u) `code` > 1"
    rig.telegram.user_says(CHAT, text)
    (sent,) = rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT)
    assert parse_html(sent.text) == f"echo: {text}"


def test_buttons_become_an_inline_keyboard_and_a_click_sends_the_payload(rig):
    rig.rasa.extra_messages = [
        {"text": "Do you agree?", "buttons": [{"title": "I agree", "payload": "/consent_given"}]}
    ]
    rig.telegram.user_says(CHAT, "/start")
    question = rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT and bool(c.keyboard))[0]
    assert question.keyboard == [[{"text": "I agree", "callback_data": "/consent_given"}]]

    rig.telegram.user_clicks(question, "/consent_given")

    rig.telegram.wait_for("answerCallbackQuery")
    (edit,) = rig.telegram.wait_for("editMessageReplyMarkup")
    assert edit.keyboard[0][0]["text"] == TEXTS.get("telegram_button_chosen", title="I agree")
    rig.telegram.wait_for("sendMessage", lambda c: c.text == "echo: /consent_given")
    assert [r["message"] for r in rig.rasa.received] == ["/start", "/consent_given"]


def test_a_long_payload_travels_through_a_stored_key_of_at_most_64_bytes(rig):
    payload = '/inform{"occupation": "software developer", "place": "Göteborg"}'  # 65 bytes
    rig.rasa.extra_messages = [{"text": "Pick", "buttons": [{"title": "Dev", "payload": payload}]}]
    rig.telegram.user_says(CHAT, "hi")
    question = rig.telegram.wait_for("sendMessage", lambda c: bool(c.keyboard))[0]
    data = question.keyboard[0][0]["callback_data"]
    assert len(data.encode()) <= 64

    rig.telegram.user_clicks(question, data)

    rig.telegram.wait_for("sendMessage", lambda c: c.text is not None and c.text.startswith("echo: /inform"))
    assert rig.rasa.received[-1]["message"] == payload


def test_a_long_reply_is_split_below_telegrams_limit_on_paragraph_boundaries(rig):
    paragraphs = [f"Paragraph {n}: " + "word " * 300 for n in range(6)]
    rig.rasa.extra_messages = [{"text": "\n\n".join(paragraphs)}]
    rig.telegram.user_says(CHAT, "hi")
    parts = rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT, count=4)
    texts = [parse_html(p.text) for p in parts[1:]]
    assert all(len(t) <= 4096 for t in texts)
    assert "\n\n".join(texts) == "\n\n".join(p for p in paragraphs)
    assert all(t.startswith("Paragraph") for t in texts)


def test_429_retry_after_is_waited_out_and_the_message_still_arrives(rig):
    rig.telegram.fail("sendMessage", 429, retry_after=1)
    rig.telegram.user_says(CHAT, "hello")
    (sent,) = rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT)
    assert parse_html(sent.text) == "echo: hello"
    assert rig.telegram.count("sendMessage", status=429) == 1


@pytest.mark.parametrize("failure", ["500", "hang"])
def test_network_failures_are_retried_and_the_message_still_arrives(rig, failure):
    if failure == "500":
        rig.telegram.fail("sendMessage", 500)
    else:
        rig.telegram.hang("sendMessage", 3)
    rig.telegram.user_says(CHAT, "hello")
    sent = rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT, timeout=15)
    assert parse_html(sent[-1].text) == "echo: hello"


def test_a_group_chat_is_declined_once_and_never_reaches_rasa(rig):
    rig.telegram.user_says(-100, "hello all", chat_type="group", user_id=7)
    rig.telegram.user_says(-100, "/start", chat_type="group", user_id=7)
    (sent,) = rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == -100)
    assert parse_html(sent.text) == TEXTS.get("telegram_group_declined")
    rig.telegram.user_says(CHAT, "hi")
    rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT)
    assert len(rig.telegram.sent_to(-100)) == 1
    assert [r["sender"] for r in rig.rasa.received] == [f"telegram:{CHAT}"]


STICKER = {"file_id": "s", "file_unique_id": "u", "width": 512, "height": 512, "is_animated": False,
           "is_video": False, "type": "regular"}  # fmt: skip


@pytest.mark.parametrize(
    "content",
    [
        {"sticker": STICKER},
        {"photo": [{"file_id": "p", "file_unique_id": "u", "width": 90, "height": 90}]},
        {"voice": {"file_id": "v", "file_unique_id": "u", "duration": 3}},
        {"contact": {"phone_number": "+46700000000", "first_name": "A"}},
    ],
    ids=["sticker", "photo", "voice", "contact"],
)
def test_non_text_messages_get_a_friendly_answer_of_what_works(rig, content):
    rig.telegram.user_sends(CHAT, content)
    (sent,) = rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT)
    assert parse_html(sent.text) == TEXTS.get("telegram_unsupported")
    assert rig.rasa.received == []


def test_a_location_is_answered_without_rasa_until_the_intent_exists(rig):
    rig.telegram.user_sends(CHAT, {"location": {"latitude": 59.33, "longitude": 18.06}})
    (sent,) = rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT)
    assert parse_html(sent.text) == TEXTS.get("telegram_location_unused")


def test_a_location_sets_the_search_place_when_the_intent_exists(start_rig):
    rig = start_rig(intents=("greet", "share_location"))
    rig.telegram.user_sends(CHAT, {"location": {"latitude": 59.33, "longitude": 18.06}})
    rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT)
    body = rig.rasa.received[0]
    assert body["message"] == "/share_location"
    assert body["metadata"]["location"] == {"latitude": 59.33, "longitude": 18.06}


def test_rasa_is_shown_working_with_a_typing_indicator(rig):
    rig.rasa.delay_seconds = 0.5
    rig.telegram.user_says(CHAT, "hello")
    rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT)
    (typing,) = rig.telegram.wait_for("sendChatAction", lambda c: c.chat_id == CHAT)
    assert typing.params["action"] == "typing"


def test_a_vacancy_card_is_a_formatted_message_with_an_apply_button(rig):
    vacancy = {"uid": "x:1", "position": 1, "title": "Nurse <night> & day", "employer": "Region_Y", "place": "Umeå",
               "published": "2026-11-01", "deadline": None, "url": None, "apply_url": "https://example.org/apply",
               "demo": True, "source": "Demo ads"}  # fmt: skip
    rig.rasa.extra_messages = [{"custom": {"type": "vacancy_card", "vacancy": vacancy}}]
    rig.telegram.user_says(CHAT, "jobs")
    card = rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT, count=2)[1]
    assert card.text.startswith("<b>Nurse &lt;night&gt; &amp; day</b>")
    assert TEXTS.get("card_demo") in parse_html(card.text)
    assert card.keyboard == [[{"text": TEXTS.get("card_apply"), "url": "https://example.org/apply"}]]


@pytest.fixture
def files():
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route

    async def pdf(request):
        return Response(b"%PDF-1.4 summary", media_type="application/pdf")

    with serve(Starlette(routes=[Route("/summary.pdf", pdf)])) as url:
        yield url


def test_a_document_is_fetched_and_sent_with_send_document(rig, files):
    custom = {"type": "document", "url": f"{files}/summary.pdf", "filename": "summary.pdf", "caption": "Your <summary>"}
    rig.rasa.extra_messages = [{"custom": custom}]
    rig.telegram.user_says(CHAT, "summary")
    (document,) = rig.telegram.wait_for("sendDocument", lambda c: c.chat_id == CHAT)
    assert document.files["document"] == ("summary.pdf", b"%PDF-1.4 summary")
    assert parse_html(document.params["caption"]) == "Your <summary>"


def test_a_document_that_cannot_be_fetched_is_replaced_by_an_apology(rig, files):
    rig.rasa.extra_messages = [{"custom": {"type": "document", "url": f"{files}/missing.pdf", "filename": "s.pdf"}}]
    rig.telegram.user_says(CHAT, "summary")
    sent = rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT, count=2)
    assert parse_html(sent[1].text) == TEXTS.get("telegram_document_failed", filename="s.pdf")


def test_rasa_down_keeps_the_message_and_answers_it_when_rasa_is_back(start_rig):
    port = free_port()
    rig = start_rig(rasa_port=port)
    rig.telegram.user_says(CHAT, "one")
    rig.telegram.user_says(CHAT, "two")
    (kept,) = rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT)
    assert parse_html(kept.text) == TEXTS.get("kept", minutes=30)

    rasa = FakeRasa()
    with serve(rasa.app(), port=port):
        sent = rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT, count=3, timeout=15)
    assert [parse_html(c.text) for c in sent[1:]] == ["echo: one", "echo: two"]


def test_a_pushed_message_reaches_the_chat_through_deliver(rig):
    # deliver() must run on the gateway's event loop, where PTB's bot lives.
    push = rig.gateway.deliver(f"telegram:{CHAT}", [BotMessage(text="A new job & more")])
    asyncio.run_coroutine_threadsafe(push, rig.gateway.telegram.loop).result(timeout=10)
    (sent,) = rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT)
    assert parse_html(sent.text) == "A new job & more"


def test_a_token_telegram_rejects_turns_the_channel_off_with_one_error(start_rig, caplog):
    rig = start_rig(env={"TELEGRAM_BOT_TOKEN": "42:" + "x" * 35}, wait=False)
    deadline = time.monotonic() + 10
    while not any("rejected TELEGRAM_BOT_TOKEN" in r.getMessage() for r in caplog.records):
        assert time.monotonic() < deadline, "no error about the token was logged"
        time.sleep(0.05)
    assert not rig.gateway.telegram.started.is_set()
    assert all("x" * 35 not in r.getMessage() for r in caplog.records)


def test_an_unreachable_bot_api_at_start_is_retried_until_it_answers(start_rig):
    port = free_port()
    rig = start_rig(env={"TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{port}"}, wait=False)
    time.sleep(1)
    assert not rig.gateway.telegram.started.is_set()
    with serve(rig.telegram.app(), port=port):
        wait_started(rig.gateway)
        rig.telegram.user_says(CHAT, "hello")
        rig.telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT)


def test_a_push_telegram_keeps_failing_is_answered_503_so_the_sender_can_keep_it(rig):
    rig.telegram.fail("sendMessage", 500, times=10)  # more than the retries
    response = httpx.post(
        f"{rig.url}/internal/deliver",
        json={"conversation_id": f"telegram:{CHAT}", "messages": [{"text": "New ads for your alert"}]},
        headers={"Authorization": f"Bearer {rig.rasa.token}"},
        timeout=30,
    )
    assert response.status_code == 503
    assert rig.telegram.sent_to(CHAT) == []


def test_the_command_menu_is_registered_in_swedish_too(rig):
    rig.telegram.wait_for("getUpdates")
    swedish = {c["command"]: c["description"] for c in rig.telegram.commands_by_language["sv"]}
    assert swedish == {
        "start": "Börja, och läs hur Orienta använder dina uppgifter",
        "help": "Vad Orienta kan göra",
        "human": "Prata med en person",
        "privacy": "Hur dina uppgifter används",
    }


def test_a_swedish_telegram_user_gets_the_gateways_texts_in_swedish(rig):
    chat = 7070  # not CHAT: the conversations' languages live as long as the shared TEXTS
    swedish = TEXTS.in_language("sv")
    rig.telegram.user_says(chat, "/start", language_code="sv")
    (asked,) = rig.telegram.wait_for("sendMessage", lambda c: parse_html(c.text) == swedish.get("language_guessed"))
    first = next(body for body in rig.rasa.received if body["sender"] == f"telegram:{chat}")
    assert first["metadata"]["language_guess"] == "sv", "the hint goes to Rasa's session start"
    assert rig.rasa.slots_of(f"telegram:{chat}")["language"] == "sv", "which sets the slot, without an append"
    assert f"telegram:{chat}" not in rig.rasa.appended
    assert "Svenska" in str(asked.params["reply_markup"]), "a button per language confirms or changes it"
    rig.telegram.user_sends(chat, {"sticker": STICKER}, language_code="sv")
    rig.telegram.wait_for("sendMessage", lambda c: parse_html(c.text) == swedish.get("telegram_unsupported"))
