"""``python -m rasa_ext.action_server …``: rasa-sdk's action server, answering only Rasa.

Why: the action server listens on loopback only, but any process on the host (or, in a
container set-up, any process that shares its network) could otherwise post to ``/webhook``
and run actions in anyone's name: save a job or create an alert in another person's
conversation, or read what an action returns about them. Rasa sends
``Authorization: Bearer <ORIENTA_ACTIONS_TOKEN>`` with every call (the ``headers`` of
``action_endpoint`` in endpoints.yml), and this server refuses every request without it with
401. ``/health`` stays open: readiness probes (the gateway's ``/readyz``, a load balancer's)
use it, and it tells nothing.

Everything after the module name is rasa-sdk's own command line (``--actions actions --port …``);
the launcher starts the action server this way (``bot/launcher.py``).
"""

from __future__ import annotations

import hmac
import os
import sys
from collections.abc import Callable
from typing import Any

from rasa_sdk import endpoint
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.settings import action_settings

TOKEN_VARIABLE = "ORIENTA_ACTIONS_TOKEN"
MIN_TOKEN_LENGTH = 16
#: Paths anyone on the host may ask: a probe needs no secret and learns nothing.
OPEN_PATHS = frozenset({"/health"})


def authorized(header: str | None, token: str) -> bool:
    """True when the Authorization header carries exactly ``token`` (compared in constant time)."""
    if header is None:
        return False
    return hmac.compare_digest(header.encode(), f"Bearer {token}".encode())


def require_token(app: Sanic, token: str) -> None:
    """Make ``app`` answer 401 to every request but ``OPEN_PATHS`` that lacks the token."""

    async def check(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS or authorized(request.headers.get("authorization"), token):
            return None
        return response.json({"error": "This server only answers the Rasa server it belongs to."}, status=401)

    app.register_middleware(check, "request")


def install(token: str) -> None:
    """Have rasa-sdk's ``create_app`` (which its ``run`` calls) build apps that require ``token``."""
    original: Callable[..., Sanic] = endpoint.create_app

    def create_app(*args: Any, **kwargs: Any) -> Sanic:
        app = original(*args, **kwargs)
        require_token(app, token)
        return app

    endpoint.create_app = create_app


def main() -> int:
    """Check the token, install the check, then run rasa-sdk's command line."""
    token = os.environ.get(TOKEN_VARIABLE, "")
    if len(token) < MIN_TOKEN_LENGTH:
        print(
            f"{TOKEN_VARIABLE} must be set to at least {MIN_TOKEN_LENGTH} random characters: the secret Rasa "
            "sends to the action server (`make run` generates one for each run).",
            file=sys.stderr,
        )
        return 2
    try:
        action_settings()
    except ValueError as error:
        print(f"The action server cannot start: {error}.", file=sys.stderr)
        return 2
    install(token)
    from rasa_sdk.__main__ import main as rasa_sdk_main

    rasa_sdk_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
