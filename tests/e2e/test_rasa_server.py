"""The Rasa server and action server themselves, as the stack runs them."""

import sqlite3

import httpx


def listening_addresses(port: int) -> set[str]:
    """Local IPv4/IPv6 addresses with a listening TCP socket on ``port`` (from /proc)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            next(lines)
            for line in lines:
                local, _, state = line.split()[1:4]
                address, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    found.add(address)
    return found


def test_rest_channel_answers_directly_and_a_first_hello_gets_the_privacy_notice(stack, responses):
    def say(message: str) -> list[dict]:
        response = httpx.post(
            f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": "rest:e2e", "message": message}, timeout=30
        )
        assert response.status_code == 200
        return response.json()

    (notice,) = say("hello")  # the notice greets: no second hello
    assert notice["text"].startswith("Welcome!") and notice["recipient_id"] == "rest:e2e"
    assert [b["payload"] for b in notice["buttons"]] == ["/consent_given", "/consent_declined"]
    say("/consent_given")
    assert say("hello")[0]["text"] == responses["utter_greet"]


def test_rasa_http_api_refuses_calls_without_the_token(stack):
    response = httpx.get(f"{stack.rasa_url}/conversations/rest:e2e/tracker", timeout=10)
    assert response.status_code == 401


def test_rasa_and_action_server_listen_on_loopback_only(stack):
    assert listening_addresses(stack.ports["rasa"]) == {"0100007F"}  # 127.0.0.1
    assert listening_addresses(stack.ports["actions"]) == {"0100007F"}


def test_conversations_are_stored_in_sqlite_under_the_data_dir(stack):
    httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": "rest:stored", "message": "hi"}, timeout=30)
    with sqlite3.connect(stack.data_dir / "tracker.db") as database:
        (count,) = database.execute("SELECT count(*) FROM events WHERE sender_id = 'rest:stored'").fetchone()
    assert count > 0


def test_readyz_reports_every_part_ready(stack):
    response = httpx.get(f"{stack.url}/readyz", timeout=10)
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"rasa": {"ok": True, "detail": "model loaded"}, "actions": {"ok": True, "detail": "answering"}},
    }
