"""Security headers on every HTTP response of the gateway.

Why a middleware: every route (chat page, demo page, media, health, Telegram webhook) must get
them, including routes added later. Headers a route sets itself win (the demo page's own
Content-Security-Policy, the widget's ``Cross-Origin-Resource-Policy``); only what is missing is
added:

- ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer`` on everything (a
  session id or media token in a URL must not leak to another site);
- on HTML pages, a Content-Security-Policy that allows only the gateway itself (scripts, styles,
  images, its own socket.io over ws/wss) and ``frame-ancestors 'none'`` with
  ``X-Frame-Options: DENY``: the chat page is never framed (sites embed the widget script, not a
  frame).

``/widget.js`` is a script other sites load with a ``<script>`` tag; nothing here stops that.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_HOST = re.compile(r"[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]{2,45}\](:[0-9]{1,5})?")
ALWAYS = ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"))


def page_policy(host: str) -> str:
    """The Content-Security-Policy of the gateway's own pages, for the Host they were asked under."""
    if not _HOST.fullmatch(host):
        host = "invalid.invalid"  # an odd Host header must not shape the policy
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        f"connect-src 'self' ws://{host} wss://{host}; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


class SecurityHeaders:
    """ASGI middleware adding the headers a response lacks (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app`` (the gateway's Starlette app)."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass everything through; add headers to the start of each HTTP response."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), "")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {key.lower() for key, _ in headers}
                headers += [(key, value) for key, value in ALWAYS if key not in present]
                content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if content_type.startswith(b"text/html"):
                    if b"content-security-policy" not in present:
                        headers.append((b"content-security-policy", page_policy(host).encode("latin-1")))
                    if b"x-frame-options" not in present:
                        headers.append((b"x-frame-options", b"DENY"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
