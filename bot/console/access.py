"""Who is asking, and may they: the login session, roles, CSRF, and the console's form bodies.

Every console route is wrapped by ``guard`` with the role it needs, so the rule is in one place
and the authorization test can walk the routes table. Anonymous requests to pages are sent to the
login page; anything else not allowed is a 403, as is a POST whose CSRF token is missing or
wrong. A user whose password was chosen by someone else (a one-time password) may only change it
or log out.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from bot.console import csrf
from bot.console.presence import Presence
from bot.console.sessions import COOKIE_NAME, Session, SessionStore
from bot.console.users import OPERATOR, SUPERVISOR, User, UserStore

if TYPE_CHECKING:
    from bot.console.texts import Texts

MAX_FORM_BYTES = 16 * 1024
LOGIN_PATH = "/console/login"
PASSWORD_PATH = "/console/password"
#: Paths a user with a one-time password may use.
ALLOWED_BEFORE_CHANGE = frozenset({PASSWORD_PATH, "/console/logout"})
#: Why a request is refused: keys under ``forbidden`` in data/content/console.yml.
REASONS = ("csrf", "not_logged_in", "change_password_first", "supervisors_only", "unreadable_form")


@dataclass(frozen=True)
class Caller:
    """A logged-in user and their session, with the form they posted (empty for GET)."""

    user: User
    session: Session
    token: str
    form: dict[str, str]


Handler = Callable[[Request, Caller], Awaitable[Response]]


async def read_form(request: Request) -> dict[str, str] | None:
    """An urlencoded body as a dict (first value per name); None when it is too large or not text."""
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return None
    try:
        parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=50)
    except (UnicodeDecodeError, ValueError):
        return None
    return {name: values[0] for name, values in parsed.items()}


def forbidden(message: str) -> Response:
    """A 403 with a short message (no detail an attacker could use)."""
    return PlainTextResponse(message, status_code=403, headers={"Cache-Control": "no-store"})


class Access:
    """Looks up the caller's session and applies the route's rule."""

    def __init__(
        self,
        users: UserStore,
        sessions: SessionStore,
        presence: Presence | None,
        texts_for: Callable[[Request], Texts],
    ) -> None:
        """Use these stores for every request; ``presence`` is stamped for each logged-in one.

        ``texts_for`` gives the texts in the caller's language, to say why a request is refused.
        """
        self.users = users
        self.sessions = sessions
        self.presence = presence
        self.texts_for = texts_for

    def refuse(self, request: Request, reason: str) -> Response:
        """A 403 saying ``reason`` (one of ``REASONS``) in the caller's language."""
        t = self.texts_for(request)
        return forbidden(t("forbidden.message", reason=t(f"forbidden.{reason}")))

    async def caller(self, request: Request) -> tuple[User, Session, str] | None:
        """The logged-in user, their session and its token, or None."""
        token = request.cookies.get(COOKIE_NAME)
        session = await asyncio.to_thread(self.sessions.get, token)
        if session is None or token is None:
            return None
        user = await asyncio.to_thread(self.users.get, session.username)
        return (user, session, token) if user else None

    def guard(self, handler: Handler, role: str = OPERATOR) -> Callable[[Request], Awaitable[Response]]:
        """Wrap ``handler`` so it runs only for a user with ``role`` (supervisors have every role)."""

        async def endpoint(request: Request) -> Response:
            found = await self.caller(request)
            if found is None:
                if request.method == "GET":
                    return RedirectResponse(LOGIN_PATH, status_code=303)
                return self.refuse(request, "not_logged_in")
            user, session, token = found
            if user.must_change_password and request.url.path not in ALLOWED_BEFORE_CHANGE:
                if request.method == "GET":
                    return RedirectResponse(PASSWORD_PATH, status_code=303)
                return self.refuse(request, "change_password_first")
            if self.presence is not None:
                await asyncio.to_thread(self.presence.touch, user.username)
            if role == SUPERVISOR and not user.is_supervisor:
                return self.refuse(request, "supervisors_only")
            form: dict[str, str] = {}
            if request.method == "POST":
                parsed = await read_form(request)
                if parsed is None:
                    return self.refuse(request, "unreadable_form")
                given = parsed.get(csrf.FIELD) or request.headers.get(csrf.HEADER)
                if not csrf.token_matches(session.csrf_token, given):
                    return self.refuse(request, "csrf")
                form = parsed
            response = await handler(request, Caller(user, session, token, form))
            response.headers.setdefault("Cache-Control", "no-store")
            return response

        return endpoint
