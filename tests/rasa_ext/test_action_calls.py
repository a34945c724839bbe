"""Calls to the action server send the same JSON as Rasa's, over one kept connection."""

import json

import pytest
import rasa.core.run
from aiohttp import web
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig

from rasa_ext import action_calls
from rasa_ext.action_calls import encoded_body

DOMAIN = Domain.load("domain.yml").as_dict()


def rasas_body(domain=DOMAIN, **extra):
    """A body as ``RemoteAction._action_call_format`` builds it (the domain last)."""
    tracker = {"sender_id": "web:x", "slots": {"language": "sv"}, "events": [{"event": "action", "name": "x"}]}
    return {"next_action": "action_greet", "sender_id": "web:x", "tracker": tracker, "version": "3.6.21", **extra,
            "domain": domain}  # fmt: skip


def test_the_body_is_byte_for_byte_what_aiohttp_would_encode():
    body = rasas_body()
    assert encoded_body(body) == json.dumps(body).encode()
    assert encoded_body(body) == json.dumps(body).encode()  # the second time, from the kept JSON


def test_a_body_with_only_a_domain_is_still_json():
    assert json.loads(encoded_body({"domain": {"a": 1}})) == {"domain": {"a": 1}}


def test_another_domain_is_encoded_afresh():
    domain = {"responses": {"utter_x": [{"text": "Hej"}]}}
    assert json.loads(encoded_body(rasas_body(domain)))["domain"] == domain
    other = {"responses": {"utter_x": [{"text": "Hello"}]}}  # a new model's domain
    assert json.loads(encoded_body(rasas_body(other)))["domain"] == other
    assert json.loads(encoded_body(rasas_body(domain)))["domain"] == domain


def test_rasa_hands_over_the_same_domain_dictionary_for_every_call():
    domain = Domain.load("domain.yml")
    assert domain.as_dict() is domain.as_dict()


@pytest.fixture
async def action_server():
    """A stand-in action server that records each request's JSON and the client's port."""
    seen = []

    async def webhook(request):
        seen.append((await request.json(), request.transport.get_extra_info("peername")[1], dict(request.headers)))
        return web.json_response({"events": [], "responses": []})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}/webhook", seen
    await runner.cleanup()


@pytest.fixture
def installed(monkeypatch):
    for name in ("session", "request"):
        monkeypatch.setattr(EndpointConfig, name, getattr(EndpointConfig, name))
    monkeypatch.setattr(rasa.core.run, "close_resources", rasa.core.run.close_resources)
    action_calls.install()


async def test_the_action_server_gets_rasas_json_and_headers_on_one_kept_connection(installed, action_server):
    url, seen = action_server
    endpoint = EndpointConfig(url, headers={"Authorization": "Bearer secret-token-123456"})
    bodies = [rasas_body(), rasas_body(extra_key=1), rasas_body()]
    for body in bodies:
        answer = await endpoint.request(json=body, method="post", timeout=10, compress=False)
        assert answer == {"events": [], "responses": []}
    assert [request for request, _, _ in seen] == bodies
    assert len({port for _, port, _ in seen}) == 1  # one connection, kept
    assert all(headers["Authorization"] == "Bearer secret-token-123456" for _, _, headers in seen)
    assert all(headers["Content-Type"] == "application/json" for _, _, headers in seen)
    await action_calls.close_sessions()


async def test_stopping_the_server_closes_the_kept_sessions(installed, action_server, monkeypatch):
    url, _ = action_server
    endpoint = EndpointConfig(url)
    await endpoint.request(json={"next_action": "x"}, method="post")
    _, kept = getattr(endpoint, action_calls._SESSION)
    assert not kept.closed

    async def rasas_own(app, loop):
        return None

    monkeypatch.setattr(action_calls, "_ORIGINAL_CLOSE_RESOURCES", rasas_own)
    await rasa.core.run.close_resources(object(), None)
    assert kept.closed
