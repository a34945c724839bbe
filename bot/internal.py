"""``POST /internal/deliver``: push messages to a user from inside the installation.

The action server and schedulers (job alerts) and, later, the operator
console reach users through the gateway's one ``deliver`` path, whatever the
channel. The route answers only loopback clients (the gateway sits behind a
proxy that sets X-Forwarded-For, which uvicorn trusts from loopback only, so
a proxied public request never looks local) that show Rasa's token as
``Authorization: Bearer <ORIENTA_RASA_TOKEN>``.

Body: ``{"conversation_id": "telegram:42", "messages": [...]}`` with messages
in Rasa's REST shape (``text``, ``buttons``, ``custom``...).
"""

from __future__ import annotations

import hmac
import ipaddress
import logging

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.conversations.delivery import Delivery, DeliveryFailed, UnknownChannel
from bot.dialogue.messages import parse_bot_messages

logger = logging.getLogger(__name__)

DELIVER_PATH = "/internal/deliver"
MAX_BODY_BYTES = 256 * 1024


def is_loopback(host: str | None) -> bool:
    """True for 127.0.0.0/8 and ::1."""
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def deliver_route(delivery: Delivery, token: str) -> Route:
    """The authenticated, loopback-only push route."""

    async def deliver(request: Request) -> JSONResponse:
        if not is_loopback(request.client.host if request.client else None):
            return JSONResponse({"error": "loopback only"}, status_code=403)
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return JSONResponse({"error": "too large"}, status_code=413)
        try:
            payload = await request.json()
        except ValueError:
            payload = None
        target = payload.get("conversation_id") if isinstance(payload, dict) else None
        raw = payload.get("messages") if isinstance(payload, dict) else None
        if not isinstance(target, str) or not isinstance(raw, list):
            return JSONResponse({"error": "expected conversation_id and messages"}, status_code=422)
        messages = parse_bot_messages(raw)
        try:
            await delivery.deliver(target, messages)
        except UnknownChannel as error:
            return JSONResponse({"error": str(error)}, status_code=404)
        except ValueError:
            return JSONResponse({"error": "not a conversation of that channel"}, status_code=422)
        except DeliveryFailed:
            return JSONResponse({"error": "the channel could not reach the user; try again later"}, status_code=503)
        logger.info("pushed %d messages to %s", len(messages), target)
        return JSONResponse({"delivered": len(messages)})

    return Route(DELIVER_PATH, deliver, methods=["POST"])
