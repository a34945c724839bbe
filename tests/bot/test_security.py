"""Security headers on the gateway's responses: pages locked down, the widget script embeddable."""

from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from bot.app import create_gateway
from bot.security import page_policy
from tests.fakes.server import serve


@pytest.fixture
def gateway_url(gateway_settings) -> Iterator[str]:
    with serve(create_gateway(gateway_settings()).app) as url:
        yield url


def test_the_chat_page_gets_a_same_origin_policy_and_may_not_be_framed(gateway_url):
    response = httpx.get(f"{gateway_url}/", timeout=5)
    host = urlsplit(gateway_url).netloc
    assert response.headers["Content-Security-Policy"] == page_policy(host)
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_json_and_health_answers_get_nosniff_but_no_page_policy(gateway_url):
    response = httpx.get(f"{gateway_url}/healthz", timeout=5)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in response.headers
    assert "X-Frame-Options" not in response.headers


def test_a_route_that_sets_its_own_header_keeps_it(gateway_url):
    response = httpx.get(f"{gateway_url}/widget.js", timeout=5)
    if response.status_code == 200:
        assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert "X-Frame-Options" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("host", ["evil.example; script-src *", "a b", ""])
def test_an_odd_host_header_never_shapes_the_policy(host):
    policy = page_policy(host)
    assert "invalid.invalid" in policy and "*" not in policy
