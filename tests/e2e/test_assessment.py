"""The self-assessment through the real processes and the web chat: a part by buttons, the
interests by free text, and stopping half-way then continuing."""

import io
import re
import urllib.request

import httpx
import pypdf
import pytest

from actions.assessment.questionnaire import default_modules
from tests.e2e.chat_client import AsyncChat

MODULES = default_modules()


@pytest.fixture
async def chat(stack):
    client = await AsyncChat.open(stack.url)
    yield client
    await client.close()


def texts(replies):
    return [r["text"] for r in replies if "text" in r]


async def started(chat, module_id: str) -> tuple[str, list]:
    """A new session that chose ``module_id`` and agreed to the privacy note."""
    session = await chat.start_session(agree=False)
    # The first message of a new user: the privacy notice comes first, then the part's own ask.
    *notice, consent = await chat.say(f'/start_assessment{{"assessment_module":"{module_id}"}}', session)
    assert notice[0]["text"].startswith("Welcome!"), "one bubble per paragraph"
    assert [q["payload"] for q in consent["quick_replies"]] == ["/consent_given", "/consent_declined"]
    first = await chat.say("/consent_given", session)
    return session, first


def question_number(replies) -> int:
    match = re.search(r"Question (\d+) of", " ".join(texts(replies)))
    assert match, replies
    return int(match.group(1))


async def test_the_digital_skills_part_by_buttons_ends_with_results_a_chart_and_next_steps(chat):
    module = MODULES["digital"]
    session, replies = await started(chat, "digital")
    assert any(f"{module.question_count} questions" in t for t in texts(replies))
    for number in range(1, module.question_count + 1):
        assert question_number(replies) == number
        payloads = [q["payload"] for q in replies[-1]["quick_replies"]]
        assert payloads[:5] == ["1", "2", "3", "4", "5"]
        replies = await chat.say("4", session)
    summary = " ".join(texts(replies))
    assert "Here is how you see your digital skills today." in summary
    (chart,) = [r for r in replies if r.get("type") == "chart"]
    assert chart["url"].startswith("/media/") and "4.0" in chart["alt"]
    assert "Find jobs that suit me" in [q["title"] for q in replies[-1]["quick_replies"]]


async def test_interests_answered_in_free_text_give_a_holland_code_and_occupations(chat):
    module = MODULES["interests"]
    session, replies = await started(chat, "interests")
    words = {"S": "I love that!", "I": "yes", "A": "not sure", "R": "not really", "E": "no", "C": "not at all"}
    for item in module.items:
        replies = await chat.say(words[item.scale], session)
    summary = " ".join(texts(replies))
    assert "Your Holland code is SIA" in summary
    assert "Occupations you could explore" in summary


async def test_an_unclear_answer_is_asked_again_and_why_do_you_ask_returns_to_the_same_question(chat):
    session, _ = await started(chat, "cms")
    again = await chat.say("7", session)
    assert "Not like me at all" in texts(again)[0], "the re-ask names the options"
    assert question_number(again) == 1
    why = await chat.say("why do you ask?", session)
    assert "It is not a test" in texts(why)[0]
    assert question_number(why) == 1


async def test_later_keeps_the_answers_and_continue_my_assessment_resumes_at_the_same_question(chat):
    session, _ = await started(chat, "cms")
    for _ in range(3):
        await chat.say("3", session)
    (paused,) = await chat.say("later", session)
    assert "3 of 16" in paused["text"]
    resumed = await chat.say("continue my assessment", session)
    assert "You have answered 3 of 16" in texts(resumed)[0]
    assert question_number(resumed) == 4


async def test_the_profile_in_free_text_confirms_a_misspelt_job_and_fills_the_summary_pdf(chat, stack):
    session, replies = await started(chat, "profile")
    assert any("7 questions" in t for t in texts(replies))
    (confirm,) = await chat.say("plumer", session)
    assert confirm["quick_replies"][0]["title"] == "plumber"
    assert confirm["quick_replies"][-1]["payload"] == "none_of_these"
    replies = await chat.say(confirm["quick_replies"][0]["payload"], session)
    assert question_number(replies) == 2
    for answer in ("in goteborg", "part time", "about 3 years", "vocational training", "Swedish and Somali", "yes"):
        replies = await chat.say(answer, session)
    profile = " ".join(texts(replies))
    for shown in ("plumber", "Göteborg", "Part-time", "2 to 5 years", "Vocational training", "Swedish, Somali"):
        assert shown in profile
    assert "/get_summary" in [q["payload"] for q in replies[-1]["quick_replies"]]
    summary = await chat.say("/get_summary", session)
    (document,) = [r for r in summary if r.get("type") == "document"]
    with urllib.request.urlopen(stack.url + document["url"], timeout=10) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        pdf = pypdf.PdfReader(io.BytesIO(response.read()))
    assert len(pdf.pages) == 1
    assert "plumber" in pdf.pages[0].extract_text()


def rest(stack, sender: str, message: str) -> list[dict]:
    """One message over Rasa's REST channel, straight to the Rasa server (no gateway)."""
    response = httpx.post(
        f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60
    )
    response.raise_for_status()
    return response.json()


def test_career_management_skills_and_the_profile_by_buttons_over_rasas_rest_channel(stack):
    sender = "rest:buttons"
    rest(stack, sender, '/start_assessment{"assessment_module":"cms"}')
    replies = rest(stack, sender, "/consent_given")
    for _ in range(MODULES["cms"].question_count):
        options = [b["payload"] for b in replies[-1]["buttons"]]
        replies = rest(stack, sender, options[3])  # "Mostly like me": 4
    shown = " ".join(r.get("text", "") for r in replies)
    assert "Here is how you see your career management skills today." in shown and "4.0 of 5" in shown
    profile = next(b["payload"] for b in replies[-1]["buttons"] if '"profile"' in b["payload"])
    replies = rest(stack, sender, profile)
    assert any("Question 1 of 7" in r.get("text", "") for r in replies)
    replies = rest(stack, sender, "skip")
    for _ in range(6):
        replies = rest(stack, sender, replies[-1]["buttons"][0]["payload"])  # the first option each time
        if "That's all" in [b["title"] for b in replies[-1].get("buttons", [])]:
            assert replies[-1]["text"].startswith("Anything else?")
            replies = rest(stack, sender, "profile_done")
    shown = " ".join(r.get("text", "") for r in replies)
    for line in ("Jobs you want: not answered", "Where: Anywhere", "Languages: Swedish", "Driving licence: Yes"):
        assert line in shown


async def test_a_swedish_user_takes_the_digital_skills_part_in_swedish_words_and_buttons(chat):
    """Swedish chosen once: every question, button, re-ask and result of the part is Swedish."""
    swedish = default_modules("sv")["digital"]
    session = await chat.start_session()
    # As in test_languages.py: Swedish is recognised, confirmed with its button, then used.
    guessed = await chat.say("vad kan du hjälpa mig med?", session)
    assert "/choose_language" in guessed[-1]["quick_replies"][-1]["payload"]
    await chat.say('/choose_language{"language":"sv"}', session)
    replies = await chat.say('/start_assessment{"assessment_module":"digital"}', session)
    assert texts(replies)[0] == swedish.title and "10 frågor, ungefär 2 minuter" in " ".join(texts(replies))
    # Free-text Swedish answers and button taps, mixed; one answer is not understood first.
    answers = [
        "stämmer helt",
        "lite",
        "absolut",
        "inte alls",
        "4",
        "stämmer ganska bra",
        "bananer",
        "ja",
        "5",
        "3",
        "2",
    ]
    for answer in answers:
        asked = " ".join(texts(replies))
        if answer == "bananer":
            again = await chat.say(answer, session)
            assert texts(again)[0].startswith("Förlåt, det förstod jag inte."), texts(again)
            assert "1 = Stämmer inte alls" in texts(again)[0]
            continue
        match = re.search(r"Fråga (\d+) av 10: (.+)\n", asked)
        assert match, asked
        number = int(match.group(1))
        assert match.group(2) == swedish.items[number - 1].text
        titles = [q["title"] for q in replies[-1]["quick_replies"]]
        assert titles[0] == "Stämmer inte alls" and "Varför frågar du?" in titles
        replies = await chat.say(answer, session)
    shown = " ".join(texts(replies))
    assert "Så här ser du på din digitala förmåga i dag." in shown
    assert "Dina styrkor:" in shown or "Inget område är en tydlig styrka än." in shown
    (chart,) = [r for r in replies if r.get("type") == "chart"]
    assert chart["alt"].startswith("Stapeldiagram över din digitala förmåga")
    assert "Hitta jobb som passar mig" in [q["title"] for q in replies[-1]["quick_replies"]]
    assert "Here is" not in shown and "Question" not in shown
