"""The Telegram channel through real processes: gateway (PTB), Rasa, actions; fake Bot API.

Rasa and the action server are started once for this module; each mode
(long polling, webhook) gets its own gateway process and fake Bot API.
Rasa is stopped and restarted in the last test, so it runs last.
"""

import asyncio
import itertools
import re
import time
from collections.abc import Iterator

import httpx
import pytest
import yaml

from actions.assessment.questionnaire import default_modules
from actions.privacy.notice import NOTICE_FILE, parse_notice
from bot.console.tables import open_engine
from bot.console.users import UserStore
from bot.texts import GatewayTexts
from tests.e2e.chat_client import AsyncChat
from tests.e2e.stack import free_ports
from tests.fakes.server import serve
from tests.fakes.telegram import TOKEN, FakeTelegram, parse_html

TEXTS = GatewayTexts.load()
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
ASSESSMENT_MODULES = default_modules()
chats = itertools.count(5001)


@pytest.fixture(scope="module")
def polling(backend) -> Iterator[tuple[FakeTelegram, str]]:
    telegram = FakeTelegram()
    with serve(telegram.app()) as api:
        _, url = backend.start_gateway(
            "gateway-polling", {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api, "ORIENTA_RASA_TIMEOUT": "60"}
        )
        telegram.wait_for("getUpdates", timeout=60)
        yield telegram, url
        backend.stop_process("gateway-polling")


def replies(telegram: FakeTelegram, chat: int, count: int, timeout: float = 60) -> list[str]:
    calls = telegram.wait_for("sendMessage", lambda c: c.chat_id == chat, count=count, timeout=timeout)
    return [parse_html(c.text) for c in calls]


def test_start_with_a_deep_link_asks_consent_and_agreeing_shows_help(polling, backend, responses):
    telegram, _ = polling
    chat = next(chats)
    telegram.user_says(chat, "/start pes_stockholm")

    (notice,) = telegram.wait_for("sendMessage", lambda c: c.chat_id == chat, timeout=60)  # once, not twice
    assert parse_html(notice.text) == privacy_notice(responses)
    assert [b[0]["callback_data"] for b in notice.keyboard] == ["/consent_given", "/consent_declined"]
    user_event = [e for e in backend.tracker(f"telegram:{chat}")["events"] if e["event"] == "user"][-1]
    assert user_event["metadata"]["start_parameter"] == "pes_stockholm"

    telegram.user_clicks(notice, "/consent_given")

    (edit,) = telegram.wait_for("editMessageReplyMarkup", lambda c: c.chat_id == chat, timeout=30)
    chosen = TEXTS.get("telegram_button_chosen", title="I agree")
    assert edit.keyboard == [[{"text": chosen, "callback_data": "#chosen"}]]
    # A text with buttons comes from Rasa as one message (paragraphs split only without buttons).
    assert replies(telegram, chat, 2)[1:] == [responses["utter_help"]]
    assert backend.tracker(f"telegram:{chat}")["slots"]["consent_given"] is True


def privacy_notice(responses: dict[str, str]) -> str:
    """The notice as sent: the placeholders filled from data/privacy/notice.yml and the retention."""
    values = {**parse_notice(yaml.safe_load(NOTICE_FILE.read_text()), {}), "retention_days": "180"}
    return responses["utter_privacy_notice"].format(**values)


def test_a_first_message_of_hi_gets_the_privacy_notice_before_anything_else(polling, backend, responses):
    telegram, _ = polling
    chat = next(chats)
    telegram.user_says(chat, "hi")
    (notice,) = replies(telegram, chat, 1)  # no "Hello" on top: the notice greets
    assert notice == privacy_notice(responses)
    telegram.user_says(chat, "hi")
    assert replies(telegram, chat, 2)[1] == responses["utter_greet"], "asked once per session, not at every message"
    assert backend.tracker(f"telegram:{chat}")["slots"]["consent_given"] is None


def test_help_command_is_registered_and_answers_with_the_help_text(polling, backend, responses):
    telegram, _ = polling
    assert {"start", "help", "human"} <= {c["command"] for c in telegram.commands}
    registered = {c["command"] for c in telegram.commands}
    assert {"jobs", "alerts", "assessment", "export", "forget", "link", "language"} <= registered, "their intents exist"
    chat = next(chats)
    backend.agreed(f"telegram:{chat}")
    telegram.user_says(chat, "/help")
    (help_message,) = telegram.wait_for("sendMessage", lambda c: c.chat_id == chat, timeout=60)
    assert parse_html(help_message.text) == responses["utter_help"]
    assert [key["text"] for row in help_message.keyboard for key in row] == [
        "Find out what suits me",
        "Plan my job search",
        "Look for vacancies",
    ]


def test_a_job_search_shows_cards_and_more_pages_through_them(polling, backend, responses):
    telegram, _ = polling
    chat = next(chats)
    backend.agreed(f"telegram:{chat}")
    telegram.user_says(chat, "/jobs")
    (question,) = replies(telegram, chat, 1)
    assert question == responses["utter_ask_vacancy_criteria"]

    telegram.user_says(chat, "chef jobs in Stockholm")
    sent = telegram.wait_for("sendMessage", lambda c: c.chat_id == chat, count=8, timeout=60)[1:]
    count, *cards, steps = sent
    assert parse_html(count.text).startswith("I found 6 ads for chef, Stockholm")
    assert len(cards) == 5
    assert all(TEXTS.get("card_demo") in parse_html(card.text) for card in cards), "demo ads say so"
    assert all("<b>" in card.text for card in cards), "the title is bold"
    more = [b for row in steps.keyboard for b in row if b["text"] == "More"]
    assert more, steps.keyboard

    telegram.user_clicks(steps, more[0]["callback_data"])
    page = telegram.wait_for("sendMessage", lambda c: c.chat_id == chat, count=11, timeout=60)[8:]
    assert parse_html(page[0].text) == "Ads 6 to 6 of 6:"
    assert len(page) == 3, "the count, the sixth card and the next steps"


def button(call, title_part: str) -> str:
    """The callback data of the button whose text contains ``title_part``."""
    for row in call.keyboard:
        for key in row:
            if title_part in key["text"]:
                return key["callback_data"]
    raise AssertionError(f"no button {title_part!r} in {call.keyboard}")


def test_a_self_assessment_part_by_inline_buttons_ends_with_results_and_a_chart_photo(polling):
    telegram, _ = polling
    chat = next(chats)
    module = ASSESSMENT_MODULES["digital"]
    mine = lambda c: c.chat_id == chat  # noqa: E731
    telegram.user_says(chat, "/assessment")
    notice, offer = telegram.wait_for("sendMessage", mine, count=2, timeout=60)  # a new user: the notice first
    assert parse_html(notice.text).startswith("Welcome! I'm Orienta")
    telegram.user_clicks(offer, button(offer, module.title))
    consent = telegram.wait_for("sendMessage", mine, count=3, timeout=60)[-1]
    telegram.user_clicks(consent, button(consent, "I agree"))

    def asked(n: int):
        return telegram.wait_for(
            "sendMessage", lambda c: mine(c) and "Question " in (c.text or ""), count=n, timeout=60
        )[-1]

    for number in range(1, module.question_count + 1):
        question = asked(number)
        assert f"Question {number} of {module.question_count}" in parse_html(question.text)
        telegram.user_clicks(question, button(question, module.answer_scale.label(4)))
    (photo,) = telegram.wait_for("sendPhoto", mine, timeout=60)
    assert photo.files["photo"][1].startswith(b"\x89PNG")
    words = telegram.wait_for("sendMessage", lambda c: mine(c) and "Chart in words" in (c.text or ""), timeout=30)
    assert "4.0" in parse_html(words[0].text)


def test_a_new_telegram_user_whose_app_is_in_swedish_gets_the_privacy_notice_in_swedish_first(polling, backend):
    """The client's language_code is the hint: the session start says the notice in Swedish, once."""
    telegram, _ = polling
    chat = next(chats)
    telegram.user_says(chat, "/assessment", language_code="sv")
    (first,) = replies(telegram, chat, 1)
    assert first.startswith("Välkommen! Jag heter Orienta."), first
    time.sleep(3)  # anything else the first message brings
    said = telegram.texts_to(chat)
    assert sum(text.startswith("Välkommen!") for text in said) == 1
    assert not any(text == TEXTS.in_language("sv").get("handoff_bot_failed") for text in said), said
    assert backend.tracker(f"telegram:{chat}")["slots"]["language"] == "sv"


def test_a_swedish_telegram_user_takes_a_self_assessment_part_in_swedish(polling, backend):
    """After "på svenska": the offer, questions, answer buttons and chart text are Swedish."""
    telegram, _ = polling
    chat = next(chats)
    backend.agreed(f"telegram:{chat}")
    module = default_modules("sv")["digital"]
    mine = lambda c: c.chat_id == chat  # noqa: E731

    def with_button(title: str):
        return lambda c: mine(c) and any(title in key["text"] for row in c.keyboard or [] for key in row)

    telegram.user_says(chat, "på svenska")
    telegram.wait_for("sendMessage", mine, timeout=60)
    telegram.user_says(chat, "/assessment")
    (offer,) = telegram.wait_for("sendMessage", with_button(module.title), timeout=60)
    telegram.user_clicks(offer, button(offer, module.title))
    for number in range(1, module.question_count + 1):
        question = telegram.wait_for(
            "sendMessage", lambda c: mine(c) and "Fråga " in (c.text or ""), count=number, timeout=60
        )[-1]
        shown = parse_html(question.text)
        assert f"Fråga {number} av {module.question_count}: {module.items[number - 1].text}" in shown
        telegram.user_clicks(question, button(question, "Stämmer ganska bra"))
    telegram.wait_for("sendPhoto", mine, timeout=60)
    words = telegram.wait_for("sendMessage", lambda c: mine(c) and "Diagrammet i ord" in (c.text or ""), timeout=30)
    assert "Stapeldiagram över din digitala förmåga" in parse_html(words[0].text)


def test_a_pushed_long_message_is_split_on_paragraphs_below_the_limit(polling, backend):
    telegram, url = polling
    chat = next(chats)
    paragraphs = [f"Alert {n}: " + "a new vacancy for you & <others> " * 40 for n in range(8)]
    response = httpx.post(
        f"{url}/internal/deliver",
        json={"conversation_id": f"telegram:{chat}", "messages": [{"text": "\n\n".join(paragraphs)}]},
        headers={"Authorization": f"Bearer {backend.settings.rasa_token}"},
        timeout=30,
    )
    assert response.status_code == 200
    parts = replies(telegram, chat, 3)
    assert all(len(p) <= 4096 for p in parts)
    assert "\n\n".join(parts) == "\n\n".join(paragraphs)


def test_a_429_is_waited_out_and_the_greeting_still_arrives(polling, backend, responses):
    telegram, _ = polling
    chat = next(chats)
    backend.agreed(f"telegram:{chat}")
    telegram.fail("sendMessage", 429, retry_after=1)
    started = time.monotonic()
    telegram.user_says(chat, "hello")
    assert replies(telegram, chat, 1) == [responses["utter_greet"]]
    assert time.monotonic() - started >= 1
    assert telegram.count("sendMessage", status=429) == 1


def test_a_group_chat_is_declined_and_a_sticker_gets_the_friendly_answer(polling, backend):
    telegram, _ = polling
    group = -next(chats)
    telegram.user_says(group, "hello everyone", chat_type="group", user_id=9)
    assert replies(telegram, group, 1) == [TEXTS.get("telegram_group_declined")]
    chat = next(chats)
    sticker = {"file_id": "s", "file_unique_id": "u", "width": 1, "height": 1, "is_animated": False,
               "is_video": False, "type": "regular"}  # fmt: skip
    telegram.user_sends(chat, {"sticker": sticker})
    assert replies(telegram, chat, 1) == [TEXTS.get("telegram_unsupported")]
    assert backend.user_texts(f"telegram:{group}") == []


def test_webhook_mode_processes_updates_with_the_secret_and_refuses_others(backend, responses):
    telegram = FakeTelegram()
    with serve(telegram.app()) as api:
        (port,) = free_ports(1)
        hook = f"http://127.0.0.1:{port}/telegram/webhook"
        backend.start_gateway(
            "gateway-webhook",
            {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api, "TELEGRAM_WEBHOOK_URL": hook},
            port=port,
        )
        try:
            (registered,) = telegram.wait_for("setWebhook", timeout=60)
            assert registered.params["url"] == hook

            chat = next(chats)
            backend.agreed(f"telegram:{chat}")
            sender = {"id": chat, "is_bot": False, "first_name": "T"}
            message = {"message_id": 1, "date": 0, "text": "hello", "chat": {"id": chat, "type": "private"}}
            wrong = {"update_id": 1, "message": {**message, "from": sender}}
            refused = httpx.post(hook, json=wrong, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}, timeout=10)
            assert refused.status_code == 403

            telegram.user_says(chat, "hello")
            assert replies(telegram, chat, 1) == [responses["utter_greet"]]
            assert backend.user_texts(f"telegram:{chat}") == ["hello"]
            assert telegram.count("getUpdates") == 0
        finally:
            backend.stop_process("gateway-webhook")


def console_login(url: str, tracker_url: str) -> tuple[httpx.Client, str]:
    """An operator logged in to the gateway's console, and the session's CSRF token."""
    UserStore(open_engine(tracker_url)).create(
        "olga", "operator", "olga's long password", display_name="Olga", must_change=False
    )
    client = httpx.Client(base_url=url, timeout=30)
    token = CSRF.search(client.get("/console/login").text).group(1)
    form = {"csrf_token": token, "username": "olga", "password": "olga's long password"}
    assert client.post("/console/login", data=form).status_code == 303
    return client, CSRF.search(client.get("/console/password").text).group(1)


def test_an_operator_takes_over_a_telegram_chat_writes_reads_the_answer_and_hands_back(polling, backend):
    telegram, url = polling
    chat = next(chats)
    conversation = f"telegram:{chat}"
    backend.agreed(conversation)
    console, csrf = console_login(url, backend.settings.tracker_url)
    telegram.user_says(chat, "/human")
    (queued,) = replies(telegram, chat, 1)
    assert queued.startswith(TEXTS.get("handoff_asked"))
    assert "waiting for a person" in console.get("/console").text

    page = f"/console/c/{conversation}"
    assert console.post(f"{page}/take", data={"csrf_token": csrf}).status_code == 303
    assert replies(telegram, chat, 2)[-1] == TEXTS.get("operator_joined", name="Olga")
    console.post(f"{page}/say", data={"csrf_token": csrf, "text": "Hello, I'm Olga. How can I help?"})
    assert replies(telegram, chat, 3)[-1] == "Hello, I'm Olga. How can I help?"

    telegram.user_says(chat, "I need help with my CV")
    deadline = time.monotonic() + 30
    while "I need help with my CV" not in console.get(page).text:
        assert time.monotonic() < deadline, "the user's answer never reached the console"
        time.sleep(0.3)
    events = backend.tracker(conversation)["events"]
    last_user = max(i for i, e in enumerate(events) if e["event"] == "user")
    assert [e for e in events[last_user:] if e["event"] == "bot"] == []  # the bot stayed silent

    assert console.post(f"{page}/hand-back", data={"csrf_token": csrf}).status_code == 303
    assert replies(telegram, chat, 4)[-1] == TEXTS.get("operator_left", name="Olga")
    assert backend.tracker(conversation)["paused"] is False


def test_rasa_restarted_mid_chat_loses_no_message_and_keeps_their_order(polling, backend, responses):
    telegram, _ = polling
    chat = next(chats)
    backend.agreed(f"telegram:{chat}")
    telegram.user_says(chat, "hello")
    assert replies(telegram, chat, 1) == [responses["utter_greet"]]
    # a second user is half-way through a self-assessment part when Rasa goes down
    learner = next(chats)
    telegram.user_says(learner, "/assessment")
    _, offer = telegram.wait_for("sendMessage", lambda c: c.chat_id == learner, count=2, timeout=60)  # notice first
    telegram.user_clicks(offer, button(offer, ASSESSMENT_MODULES["cms"].title))
    consent = telegram.wait_for("sendMessage", lambda c: c.chat_id == learner, count=3, timeout=60)[-1]
    telegram.user_clicks(consent, button(consent, "I agree"))
    for _ in range(2):
        telegram.wait_for("sendMessage", lambda c: c.chat_id == learner and "Question " in (c.text or ""), timeout=60)
        telegram.user_says(learner, "3")
    telegram.wait_for("sendMessage", lambda c: c.chat_id == learner and "Question 3 of" in (c.text or ""), timeout=60)
    telegram.user_says(learner, "later")
    paused = "answers (2 of 16)"
    telegram.wait_for("sendMessage", lambda c: c.chat_id == learner and paused in (c.text or ""), timeout=60)

    backend.stop_process("rasa")
    telegram.user_says(chat, "what can you do?")
    telegram.user_says(chat, "thanks a lot")
    assert replies(telegram, chat, 2)[1] == TEXTS.get("kept", minutes=30)

    backend.start_rasa()
    expected = [responses["utter_help"], responses["utter_you_are_welcome"]]
    texts = replies(telegram, chat, 2 + len(expected), timeout=120)
    assert texts[2:] == expected
    assert backend.user_texts(f"telegram:{chat}") == ["hello", "what can you do?", "thanks a lot"]

    telegram.user_says(learner, "continue my assessment")
    (resumed,) = telegram.wait_for(
        "sendMessage", lambda c: c.chat_id == learner and "You have answered 2 of" in (c.text or ""), timeout=120
    )
    assert resumed
    telegram.wait_for("sendMessage", lambda c: c.chat_id == learner and "Question 3 of" in (c.text or ""), count=2)


def test_the_gateway_log_holds_neither_the_token_nor_message_texts(polling, backend):
    log = backend.log("gateway").read_text()
    assert TOKEN not in log
    assert "what can you do?" not in log and "hello everyone" not in log


async def test_link_on_telegram_then_the_code_typed_in_the_web_chat_brings_the_profile_along(
    polling, backend, responses
):
    telegram, url = polling
    chat = next(chats)
    backend.agreed(f"telegram:{chat}")
    mine = lambda c: c.chat_id == chat  # noqa: E731
    telegram.user_says(chat, "my goal is to become a welder")
    (asked,) = await asyncio.to_thread(telegram.wait_for, "sendMessage", mine, timeout=60)
    telegram.user_clicks(asked, asked.keyboard[0][0]["callback_data"])  # start as soon as possible
    await asyncio.to_thread(
        telegram.wait_for, "sendMessage", lambda c: mine(c) and "Saved." in (c.text or ""), timeout=60
    )
    telegram.user_says(chat, "/link")
    offer = await asyncio.to_thread(
        telegram.wait_for, "sendMessage", lambda c: mine(c) and "Your code:" in (c.text or ""), timeout=60
    )
    code = re.search(r"Your code: ([A-Z0-9]{6})", parse_html(offer[0].text)).group(1)

    web = await AsyncChat.open(url)
    try:
        session = await web.start_session()
        (before,) = await web.say("/set_goal", session)
        assert before["text"] == responses["utter_goal_ask"], "nothing known here yet"
        (linked,) = await web.say(f"link {code}", session)
        assert linked["text"] == responses["utter_linked"]
        (goal,) = await web.say("/set_goal", session)
        assert goal["text"].startswith("Your goal is: welder.")
        (again,) = await web.say(f"link {code}", session)
        assert again["text"] == responses["utter_link_code_invalid"], "a code works once"
    finally:
        await web.close()
    assert "welder" in str(backend.tracker(f"web:{session}")["slots"]["jobsearch"])
