"""Taking over, writing and handing back through the console's routes, against a fake Rasa.

The real pause/resume behaviour of Rasa is checked in tests/e2e/test_console.py; here the point
is what the console sends to Rasa and to the user, and the one-operator-at-a-time rule.
"""

from __future__ import annotations

from bot.console.users import OPERATOR, SUPERVISOR
from bot.texts import GatewayTexts

SESSION = "abcdefgh1234"
CID = f"web:{SESSION}"


def test_taking_over_pauses_rasa_and_tells_the_user_a_person_joined(site):
    site.add_user("eva", OPERATOR, name="Eva")
    client = site.login("eva")
    response = client.post(f"/console/c/{CID}/take", data={"csrf_token": site.csrf(client)})
    assert response.status_code == 303
    joined = GatewayTexts.load().get("operator_joined", name="Eva")
    pause, notice = site.rasa.appended[CID]
    assert pause == {"event": "pause"}
    assert notice == {"event": "bot", "text": joined, "metadata": {"from": "operator", "operator": "Eva"}}
    assert site.gateway.webchat.outbox.take(SESSION) == [{"text": joined, "metadata": {"from": "operator"}}]


def test_a_second_operator_sees_who_has_it_and_cannot_take_it_or_write(site):
    site.add_user("eva", OPERATOR, name="Eva")
    site.add_user("olof", OPERATOR)
    eva, olof = site.login("eva"), site.login("olof")
    eva.post(f"/console/c/{CID}/take", data={"csrf_token": site.csrf(eva)})
    assert "Eva (eva) has this conversation" in olof.get(f"/console/c/{CID}").text
    csrf = site.csrf(olof)
    taken = olof.post(f"/console/c/{CID}/take", data={"csrf_token": csrf})
    assert taken.status_code == 409 and "Eva (eva) has this conversation" in taken.text
    assert olof.post(f"/console/c/{CID}/say", data={"csrf_token": csrf, "text": "hi"}).status_code == 409
    assert olof.post(f"/console/c/{CID}/hand-back", data={"csrf_token": csrf}).status_code == 409
    assert len(site.rasa.appended[CID]) == 2  # only Eva's pause and notice


def test_the_operators_message_is_stored_as_from_a_person_and_delivered(site):
    site.add_user("eva", OPERATOR, name="Eva")
    client = site.login("eva")
    csrf = site.csrf(client)
    client.post(f"/console/c/{CID}/take", data={"csrf_token": csrf})
    site.gateway.webchat.outbox.take(SESSION)
    sent = client.post(f"/console/c/{CID}/say", data={"csrf_token": csrf, "text": "  Hello, I'm Eva.  "})
    assert sent.status_code == 303
    assert site.rasa.appended[CID][-1] == {
        "event": "bot",
        "text": "Hello, I'm Eva.",
        "metadata": {"from": "operator", "operator": "Eva"},
    }
    assert site.gateway.webchat.outbox.take(SESSION) == [{"text": "Hello, I'm Eva.", "metadata": {"from": "operator"}}]


def test_writing_needs_a_takeover_first_and_a_non_empty_message(site):
    site.add_user("eva", OPERATOR)
    client = site.login("eva")
    csrf = site.csrf(client)
    assert client.post(f"/console/c/{CID}/say", data={"csrf_token": csrf, "text": "hi"}).status_code == 409
    client.post(f"/console/c/{CID}/take", data={"csrf_token": csrf})
    empty = client.post(f"/console/c/{CID}/say", data={"csrf_token": csrf, "text": "   "})
    assert empty.status_code == 409 and "empty" in empty.text


def test_handing_back_resumes_rasa_with_a_short_message_from_the_bot(site):
    site.add_user("eva", OPERATOR, name="Eva")
    client = site.login("eva")
    csrf = site.csrf(client)
    client.post(f"/console/c/{CID}/take", data={"csrf_token": csrf})
    site.gateway.webchat.outbox.take(SESSION)
    assert client.post(f"/console/c/{CID}/hand-back", data={"csrf_token": csrf}).status_code == 303
    left = GatewayTexts.load().get("operator_left", name="Eva")
    assert site.rasa.appended[CID][-2:] == [{"event": "resume"}, {"event": "bot", "text": left, "metadata": {}}]
    assert site.gateway.webchat.outbox.take(SESSION) == [{"text": left}]
    assert CID not in site.rasa.paused
    assert "The bot has this conversation" in client.get(f"/console/c/{CID}").text


def test_a_supervisor_may_hand_back_an_operators_conversation(site):
    site.add_user("eva", OPERATOR)
    site.add_user("boss", SUPERVISOR)
    eva, boss = site.login("eva"), site.login("boss")
    eva.post(f"/console/c/{CID}/take", data={"csrf_token": site.csrf(eva)})
    assert boss.post(f"/console/c/{CID}/hand-back", data={"csrf_token": site.csrf(boss)}).status_code == 303
    assert site.rasa.appended[CID][-2]["event"] == "resume"


def test_when_rasa_cannot_be_paused_nobody_has_the_conversation(site):
    site.add_user("eva", OPERATOR)
    client = site.login("eva")
    site.rasa.status_code = 500
    failed = client.post(f"/console/c/{CID}/take", data={"csrf_token": site.csrf(client)})
    assert failed.status_code == 409 and "could not be paused" in failed.text
    site.rasa.status_code = 200
    assert "The bot has this conversation" in client.get(f"/console/c/{CID}").text
    assert site.gateway.webchat.outbox.take(SESSION) == []


def test_every_takeover_action_is_audited_without_the_message_text(site):
    site.add_user("boss", SUPERVISOR)
    client = site.login("boss")
    csrf = site.csrf(client)
    client.get(f"/console/c/{CID}")
    client.post(f"/console/c/{CID}/take", data={"csrf_token": csrf})
    client.post(f"/console/c/{CID}/say", data={"csrf_token": csrf, "text": "a private matter"})
    client.post(f"/console/c/{CID}/hand-back", data={"csrf_token": csrf})
    page = client.get("/console/audit").text
    for action in ("took_over", "sent_message", "handed_back", "viewed_transcript"):
        assert action in page
    assert "16 characters" in page and "a private matter" not in page
