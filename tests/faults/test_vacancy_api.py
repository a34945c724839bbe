"""The vacancy API failing in each way it can, seen from the web chat through every real process."""

import pytest

from tests.e2e.chat_client import AsyncChat, texts
from tests.fakes.jobtech_api import FakeJobTech

SITE = "https://arbetsformedlingen.se/platsbanken/"


def hang(api: FakeJobTech) -> None:
    api.switches.hang = True


def fail_500(api: FakeJobTech) -> None:
    api.switches.fail_next = 100


def rate_limit(api: FakeJobTech) -> None:
    api.switches.rate_limit_next = 100
    api.switches.retry_after = "1"


def malformed(api: FakeJobTech) -> None:
    api.switches.malformed_next = 100


def refuse(api: FakeJobTech) -> None:
    api.stop()


@pytest.mark.parametrize(
    ("breaks", "response"),
    [
        (hang, "utter_vacancy_source_down"),
        (fail_500, "utter_vacancy_source_down"),
        (rate_limit, "utter_vacancy_source_busy"),
        (malformed, "utter_vacancy_source_down"),
        (refuse, "utter_vacancy_source_down"),
    ],
    ids=["slower-than-the-timeout", "500", "429-retry-after", "malformed-json", "connection-refused"],
)
async def test_a_failing_vacancy_api_gets_a_clear_answer_and_more_retries_the_kept_search(
    faults, jobtech, responses, breaks, response
):
    """The user reads "The job service is not answering right now…" ("…is busy…" for a 429) with a
    link to Platsbanken, the chat goes on, and "more" once the API is back shows the ads."""
    chat = await AsyncChat.open(faults.url)
    try:
        session = await chat.start_session()
        breaks(jobtech)
        answer = await chat.say("nurse jobs", session)
        assert texts(answer) == [responses[response].replace("{site}", SITE)]
        assert texts(await chat.say("thank you", session)) == [responses["utter_you_are_welcome"]]

        if not jobtech.running:
            jobtech.start()
        jobtech.reset()
        found = await chat.say("/more_results", session)
        cards = [r["vacancy"] for r in found if r.get("type") == "vacancy_card"]
        assert [c["title"] for c in cards] == ["Operationssjuksköterska till Umeå!"]
        assert faults.user_texts(f"web:{session}") == ["/consent_given", "nurse jobs", "thank you", "/more_results"]
    finally:
        await chat.close()
