"""Two gateways sharing web chat sessions through a real Redis: a message sent on one reaches the other's user.

Both gateways are the real app (``create_gateway``) in real uvicorn servers over the fake Rasa;
the user is a real socket.io client on gateway A, and the messages are pushed through gateway B's
``/internal/deliver``, the path operators' messages and job alerts take.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from bot.app import create_gateway
from bot.cluster.web_sessions import SharedSessions
from bot.config import PROJECT_DIR, load_settings
from tests.bot.webchat.test_server import ChatClient
from tests.fakes.server import serve


@pytest.fixture
def gateways(fake_rasa, redis_server, tmp_path) -> Iterator[tuple[str, str, str]]:
    """Gateways A and B sharing one Redis; yields their URLs and the push route's token."""
    rasa, rasa_url = fake_rasa
    urls = []
    with contextlib.ExitStack() as stack:
        for name in ("a", "b"):
            project = tmp_path / name
            (project / "var").mkdir(parents=True)
            shutil.copy(PROJECT_DIR / "endpoints.yml", project)
            shutil.copy(PROJECT_DIR / "domain.yml", project)
            env = {
                "ORIENTA_RASA_PORT": str(urlsplit(rasa_url).port),
                "ORIENTA_RASA_TOKEN": rasa.token,
                "ORIENTA_REDIS_URL": redis_server.url,
            }
            urls.append(stack.enter_context(serve(create_gateway(load_settings(env, project)).app)))
        yield urls[0], urls[1], rasa.token


def push(gateway: str, token: str, session_id: str, text: str) -> None:
    response = httpx.post(
        f"{gateway}/internal/deliver",
        headers={"Authorization": f"Bearer {token}"},
        json={"conversation_id": f"web:{session_id}", "messages": [{"text": text}]},
        timeout=10,
    )
    assert response.status_code == 200, response.text


def test_a_message_sent_on_gateway_b_reaches_the_user_connected_to_gateway_a(gateways):
    a, b, token = gateways
    user = ChatClient(a)
    try:
        session_id = user.start_session(secrets.token_hex(16))
        push(b, token, session_id, "Hello, Eva from the PES here.")
        assert user.wait_for("bot_uttered")[-1] == {"text": "Hello, Eva from the PES here."}
    finally:
        user.close()


def test_a_message_for_a_session_closed_everywhere_waits_in_redis_for_its_return_to_either_gateway(gateways):
    a, b, token = gateways
    user = ChatClient(a)
    session_id = user.start_session(secrets.token_hex(16))
    user.close()
    push(b, token, session_id, "New ads for you")
    push(a, token, session_id, "and one more")
    back = ChatClient(b)
    try:
        assert back.start_session(session_id) == session_id
        assert [m["text"] for m in back.wait_for("bot_uttered", count=2)] == ["New ads for you", "and one more"]
    finally:
        back.close()
    again = ChatClient(a)
    try:
        again.start_session(session_id)
        time.sleep(0.5)
        assert [e for e in again.events if e[0] == "bot_uttered"] == [], "handed over once"
    finally:
        again.close()


def test_every_tab_of_a_session_gets_a_message_whichever_gateway_each_tab_is_on(gateways):
    a, b, token = gateways
    on_a, on_b = ChatClient(a), ChatClient(b)
    try:
        session_id = on_a.start_session(secrets.token_hex(16))
        on_b.start_session(session_id)
        push(b, token, session_id, "to both tabs")
        assert on_a.wait_for("bot_uttered")[-1] == {"text": "to both tabs"}
        assert on_b.wait_for("bot_uttered")[-1] == {"text": "to both tabs"}
    finally:
        on_a.close()
        on_b.close()


async def test_the_sockets_of_a_gateway_that_stopped_saying_it_is_alive_no_longer_count(redis_server):
    gone, alive = SharedSessions(redis_server.url), SharedSessions(redis_server.url)
    session_id = secrets.token_hex(16)
    await gone.joined(session_id, "sid-1")
    assert await alive.is_open(session_id)
    await gone.close()  # what an expired heartbeat looks like, without waiting for it
    assert not await alive.is_open(session_id)
    await alive.keep(session_id, {"text": "kept"})
    assert await alive.take(session_id) == [{"text": "kept"}]
    assert await alive.take(session_id) == []
    await alive.close()
