from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.app import create_gateway
from bot.config import load_settings
from tests.fakes.server import serve


def action_server_app() -> Starlette:
    """The action server's /health, in rasa-sdk's shape."""

    async def health(request):
        return JSONResponse({"status": "ok"})

    return Starlette(routes=[Route("/health", health)])


@pytest.fixture
def gateway_for(gateway_settings):
    def make(actions_url: str) -> Iterator[str]:
        settings = gateway_settings(ORIENTA_ACTIONS_PORT=str(urlsplit(actions_url).port))
        return serve(create_gateway(settings).app)

    return make


def test_healthz_answers_while_dependencies_are_down(gateway_for, closed_port_url):
    with gateway_for(closed_port_url) as url:
        response = httpx.get(f"{url}/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_is_ready_when_rasa_has_a_model_and_actions_answer(gateway_for):
    with serve(action_server_app()) as actions_url, gateway_for(actions_url) as url:
        response = httpx.get(f"{url}/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"rasa": {"ok": True, "detail": "model loaded"}, "actions": {"ok": True, "detail": "answering"}},
    }


def test_readyz_names_the_action_server_when_it_is_down(gateway_for, closed_port_url):
    with gateway_for(closed_port_url) as url:
        response = httpx.get(f"{url}/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert body["checks"]["actions"] == {"ok": False, "detail": "action server not reachable"}
    assert body["checks"]["rasa"]["ok"] is True


def test_readyz_is_not_ready_while_rasa_has_no_model(gateway_for, fake_rasa):
    rasa, _ = fake_rasa
    rasa.model_file = None
    with serve(action_server_app()) as actions_url, gateway_for(actions_url) as url:
        response = httpx.get(f"{url}/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["rasa"] == {"ok": False, "detail": "Rasa server has no model loaded"}


def test_chat_page_and_its_script_are_served(gateway_for, closed_port_url):
    with gateway_for(closed_port_url) as url:
        page = httpx.get(f"{url}/")
        script = httpx.get(f"{url}/static/chat.js")
    assert page.status_code == 200 and '<script src="/static/chat.js">' in page.text
    assert script.status_code == 200 and "session_request" in script.text


def test_a_gateway_routing_to_rasa_replicas_is_ready_while_one_of_them_answers(fake_rasa, project, closed_port_url):
    """Their action servers sit beside them (each replica's own probe checks those), so the gateway asks Rasa."""
    rasa, rasa_url = fake_rasa
    env = {
        "ORIENTA_RASA_URLS": f"{closed_port_url},{rasa_url}",
        "ORIENTA_REDIS_URL": "redis://127.0.0.1:1/0",  # not reached: no web chat session opens here
        "ORIENTA_RASA_TOKEN": rasa.token,
    }
    with serve(create_gateway(load_settings(env, project)).app) as url:
        response = httpx.get(f"{url}/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"rasa": {"ok": True, "detail": "model loaded"}}
