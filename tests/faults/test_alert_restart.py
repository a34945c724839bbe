"""The gateway restarted while a job alert is being sent to a Telegram chat."""

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from actions.vacancies.alerts import AlertStore
from tests.fakes.jobtech_api import sample_ads
from tests.fakes.telegram import parse_html

CHAT = 7_002
HEADER = "New ads for your alert"


def new_nurse_ad() -> dict:
    template = next(ad for ad in sample_ads() if str(ad["id"]) == "23570959")
    published = datetime.now(ZoneInfo("Europe/Stockholm")).replace(tzinfo=None, microsecond=0) + timedelta(minutes=1)
    return {**template, "id": "fault-alert-1", "headline": "Nurse for the alert test",
            "publication_date": published.isoformat()}  # fmt: skip


def alert_texts(telegram) -> list[str]:
    return [t for t in telegram.texts_to(CHAT) if HEADER in t or "Nurse for the alert test" in t]


@pytest.fixture
def alert_removed_afterwards(faults):
    """The alert would go on searching every few seconds, during the other tests."""
    yield
    AlertStore(faults.split.settings.tracker_url).delete_conversation(f"telegram:{CHAT}")


@pytest.mark.usefixtures("alert_removed_afterwards")
def test_a_job_alert_interrupted_by_a_gateway_restart_is_sent_once_after_it(faults, jobtech, responses):
    """Telegram is unreachable while the alert goes out and the gateway is restarted: the user gets
    the alert (its heading and the new ad) once, after the restart, and never a second time."""
    telegram = faults.telegram
    faults.agreed(f"telegram:{CHAT}")  # an alert keeps personal data: the user agreed before
    telegram.user_says(CHAT, "nurse jobs")
    telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT and "Operationssjuk" in (c.text or ""), timeout=60)
    telegram.user_says(CHAT, "tell me when new jobs like this appear")
    telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT and "Done: I" in (c.text or ""), timeout=60)

    telegram.fail("sendMessage", 500, times=10_000)
    jobtech.add_ad(new_nurse_ad())
    deadline = time.monotonic() + 60
    while not any(c.method == "sendMessage" and c.chat_id == CHAT and c.status == 500 for c in telegram.calls):
        assert time.monotonic() < deadline, "the alert was never being sent"
        time.sleep(0.2)
    faults.split.stop_process("gateway")  # mid-send: Telegram still failing, the gateway retrying
    telegram.heal()
    faults.start_gateway()

    telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT and HEADER in (c.text or ""), timeout=60)
    telegram.wait_for("sendMessage", lambda c: c.chat_id == CHAT and "Nurse for the alert" in (c.text or ""))
    time.sleep(8)  # several more checks: a second copy would be out by now
    texts = alert_texts(telegram)
    assert len(texts) == 2 and texts[0].startswith(HEADER), texts
    said = [t for t in faults.user_texts(f"telegram:{CHAT}") if not t.startswith("EXTERNAL")]
    assert said == ["nurse jobs", "tell me when new jobs like this appear"]
    assert all(parse_html(c.text) for c in telegram.sent_to(CHAT))
