"""Rasa's calls to the action server over kept connections, with the domain encoded once.

Why: for every custom action Rasa 3.6 (``RemoteAction.run`` → ``EndpointConfig.request``)
opens a new aiohttp session, and so a new TCP connection, and closes both after the answer;
and it encodes the whole domain (50 kB of JSON with the Swedish variations) into the request
with the tracker. A message of the benchmark's conversations runs about two custom actions,
so under load the connections and the domain's JSON took about 1.5 ms of the Rasa server's CPU
per message (py-spy, ``make bench``).

So each endpoint keeps one session with a small pool of keep-alive connections (``session``),
closed when the server stops; an idle connection is dropped after 2 s, before the action
server (Sanic, 5 s) would close it under a request. And a request whose body carries the
domain's dictionary gets that part from the JSON encoded the last time (``encoded_body``), so
the action server receives the same JSON document, byte for byte. The JSON is kept for that
very dictionary object: Rasa builds a domain's dictionary once (``Domain.as_dict`` returns it)
and never changes it, and a new model brings a new domain, whose dictionary is encoded afresh.
(Comparing it with a copy on every call, to catch a change nothing makes, cost as much as
the encoding saved.)
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import rasa.core.run
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

_ORIGINAL_REQUEST = EndpointConfig.request
_ORIGINAL_CLOSE_RESOURCES = rasa.core.run.close_resources
#: Seconds an idle connection is kept: under the action server's keep-alive timeout (Sanic: 5 s).
KEEPALIVE_SECONDS = 2.0
#: Connections kept per endpoint; more are opened while many actions run at once.
POOL_SIZE = 16
_SESSION = "_orienta_session"
_OPEN: list[aiohttp.ClientSession] = []


class _Kept:
    """What ``async with endpoint.session() as session`` gets: the kept session, left open."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self._session

    async def __aexit__(self, *exc_info: object) -> None:
        return None


def session(endpoint: EndpointConfig) -> _Kept:
    """The endpoint's kept session (as Rasa configures one), made anew for another event loop."""
    loop = asyncio.get_running_loop()
    kept_loop, kept = getattr(endpoint, _SESSION, (None, None))
    if kept is None or kept.closed or kept_loop is not loop:
        auth = None
        if endpoint.basic_auth:
            auth = aiohttp.BasicAuth(endpoint.basic_auth["username"], endpoint.basic_auth["password"])
        kept = aiohttp.ClientSession(
            headers=endpoint.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(limit=0, limit_per_host=0, keepalive_timeout=KEEPALIVE_SECONDS),
        )
        setattr(endpoint, _SESSION, (loop, kept))
        _OPEN.append(kept)
    return _Kept(kept)


class _DomainJson:
    """The JSON of the domain dictionary encoded last (held, so its id cannot be reused)."""

    def __init__(self) -> None:
        self.source: dict[str, Any] | None = None
        self.text = ""

    def encode(self, domain: dict[str, Any]) -> str:
        """``json.dumps(domain)``, from the last encoding when ``domain`` is that same dictionary."""
        if domain is not self.source:
            self.text = json.dumps(domain)
            self.source = domain
        return self.text


_DOMAIN_JSON = _DomainJson()


def encoded_body(body: dict[str, Any]) -> bytes:
    """``body`` as aiohttp's ``json=`` would send it (``json.dumps``, UTF-8), its domain encoded once."""
    rest = json.dumps({key: value for key, value in body.items() if key != "domain"})
    domain = _DOMAIN_JSON.encode(body["domain"])
    separator = ", " if rest != "{}" else ""
    return f'{rest[:-1]}{separator}"domain": {domain}}}'.encode()


async def request(endpoint: EndpointConfig, *args: Any, **kwargs: Any) -> Any:
    """``EndpointConfig.request``, sending a body that carries a domain through ``encoded_body``."""
    body = kwargs.get("json")
    if isinstance(body, dict) and isinstance(body.get("domain"), dict) and not kwargs.get("compress"):
        kwargs["data"] = encoded_body(body)
        del kwargs["json"]
    return await _ORIGINAL_REQUEST(endpoint, *args, **kwargs)


async def close_resources(app: Any, loop: Any) -> None:
    """Rasa's own clean-up when the server stops, then close the kept sessions."""
    try:
        await _ORIGINAL_CLOSE_RESOURCES(app, loop)
    finally:
        await close_sessions()


async def close_sessions() -> None:
    """Close every kept session (and its connections)."""
    while _OPEN:
        await _OPEN.pop().close()


def install() -> None:
    """Make Rasa's endpoints keep their sessions and encode a domain once (in this process)."""
    EndpointConfig.session = session
    EndpointConfig.request = request
    rasa.core.run.close_resources = close_resources
