"""The console's pages and actions under ``/console``, server-rendered with Jinja2.

Every route is in ``Console.routes()`` with the role it needs (``access.Access.guard``); the
authorization test walks that list. Pages are HTML with autoescaping on, so whatever a user
typed (``<script>``, ``javascript:`` links) is shown as text; the small script in
``static/console.js`` only swaps in fragments the server rendered the same way.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.config import ConsoleSettings
from bot.console import csrf, language_choice
from bot.console.access import LOGIN_PATH, Access, Caller, read_form
from bot.console.audit import AuditLog
from bot.console.case_routes import CaseRoutes
from bot.console.casework import Casework
from bot.console.filters import Filters
from bot.console.live import fragment_stream
from bot.console.lockout import Lockout
from bot.console.monitor import FLAGS, STATES, ConversationRow, list_conversations
from bot.console.pages import Pages
from bot.console.presence import Presence
from bot.console.queue import HandoffQueue
from bot.console.rating import Ratings
from bot.console.report_routes import ReportRoutes
from bot.console.sessions import COOKIE_NAME, SessionStore
from bot.console.takeover import TakeoverError, Takeovers
from bot.console.texts import Phrase, Texts
from bot.console.transcript import build_turns
from bot.console.users import ROLES, SUPERVISOR, UserError, UserStore, generate_password
from bot.dialogue.client import RasaError

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
LOGIN_COOKIE = "orienta_console_login"
EventsReader = Callable[[str], list[dict[str, Any]]]


@dataclass(frozen=True)
class LiveTiming:
    """How often streams re-render and how long one lasts before the browser reconnects."""

    interval: float = 1.0
    max_seconds: float = 60.0


class Console:
    """The console's state and its Starlette routes."""

    def __init__(
        self,
        settings: ConsoleSettings,
        engine: sa.engine.Engine,
        takeovers: Takeovers,
        read_events: EventsReader,
        *,
        secure_cookies: bool,
        closed_after_seconds: float,
        timezone: str = "UTC",
        live: LiveTiming | None = None,
        queue: HandoffQueue | None = None,
        presence: Presence | None = None,
        ratings: Ratings | None = None,
        language: str | None = None,
    ) -> None:
        """Wire the console to the tracker database, the takeovers and the queue.

        ``language`` is the deployment's default for operators whose browser asks for none of
        the console's languages (ORIENTA_CONSOLE_LANGUAGE); the texts are loaded and checked here,
        so a broken translation stops the start.
        """
        self.settings = settings
        self.engine = engine
        self.users = UserStore(engine)
        self.sessions = SessionStore(engine, settings.session_minutes * 60)
        self.audit = AuditLog(engine)
        self.lockout = Lockout(settings.max_failures, settings.lockout_seconds)
        self.takeovers = takeovers
        self.read_events = read_events
        self.queue = queue or HandoffQueue(engine, closed_after_seconds)
        self.presence = presence or Presence(engine)
        self.ratings = ratings or Ratings(engine)
        self.casework = Casework(engine)
        self.cases = CaseRoutes(self)
        self.reports = ReportRoutes(self)
        self.pages = Pages(timezone, language)
        self.zone = self.pages.zone
        self.texts_for = self.pages.texts_for
        self.render = self.pages.render
        self.fragment = self.pages.fragment
        self.access = Access(self.users, self.sessions, self.presence, self.texts_for)
        self.secure = secure_cookies
        self.closed_after = closed_after_seconds
        self.live = live or LiveTiming()

    def routes(self) -> list[Route | Mount]:
        """Every console route; ``role`` None means public (the login page, static files)."""
        guard = self.access.guard
        return [
            Route(LOGIN_PATH, self.login_page, methods=["GET"]),
            Route(LOGIN_PATH, self.login, methods=["POST"]),
            Route(language_choice.SWITCH_PATH, self.switch_language, methods=["GET"]),
            Route("/console/logout", guard(self.logout), methods=["POST"]),
            Route("/console/password", guard(self.password_page), methods=["GET"]),
            Route("/console/password", guard(self.change_password), methods=["POST"]),
            Route("/console", guard(self.list_page), methods=["GET"]),
            Route("/console/live", guard(self.list_live), methods=["GET"]),
            Route("/console/c/{cid}", guard(self.transcript_page), methods=["GET"]),
            Route("/console/c/{cid}/live", guard(self.transcript_live), methods=["GET"]),
            Route("/console/c/{cid}/take", guard(self.take), methods=["POST"]),
            Route("/console/c/{cid}/say", guard(self.say), methods=["POST"]),
            Route("/console/c/{cid}/hand-back", guard(self.hand_back), methods=["POST"]),
            Route("/console/c/{cid}/close", guard(self.cases.close), methods=["POST"]),
            Route("/console/c/{cid}/notes", guard(self.cases.add_note), methods=["POST"]),
            Route("/console/c/{cid}/labels", guard(self.cases.add_label), methods=["POST"]),
            Route("/console/c/{cid}/labels/remove", guard(self.cases.remove_label), methods=["POST"]),
            Route("/console/export", guard(self.reports.export, SUPERVISOR), methods=["GET"]),
            Route("/console/analytics", guard(self.reports.analytics_page, SUPERVISOR), methods=["GET"]),
            Route("/console/analytics.csv", guard(self.reports.analytics_csv, SUPERVISOR), methods=["GET"]),
            Route("/console/audit", guard(self.audit_page, SUPERVISOR), methods=["GET"]),
            Route("/console/users", guard(self.users_page, SUPERVISOR), methods=["GET"]),
            Route("/console/users", guard(self.create_user, SUPERVISOR), methods=["POST"]),
            Mount("/console/static", StaticFiles(directory=HERE / "static"), name="console-static"),
        ]

    def page(self, request: Request, name: str, caller: Caller, status_code: int = 200, **context: Any) -> HTMLResponse:
        """A page for a logged-in user (the layout needs them and their CSRF token)."""
        return self.render(
            request, name, status_code, user=caller.user, csrf_token=caller.session.csrf_token, **context
        )

    async def switch_language(self, request: Request) -> Response:
        """Remember the language the operator chose in the header, and go back to their page."""
        code = self.pages.languages.supported(request.query_params.get("to"))
        response = RedirectResponse(language_choice.local_path(request.query_params.get("back")), status_code=303)
        if code is not None:
            self._cookie(response, language_choice.COOKIE, code, language_choice.COOKIE_SECONDS)
        return response

    def _cookie(self, response: Response, name: str, value: str, max_age: int | None) -> None:
        response.set_cookie(
            name, value, max_age=max_age, path="/console", httponly=True, samesite="lax", secure=self.secure
        )

    # Access ---------------------------------------------------------------------------------

    async def login_page(self, request: Request, error: Phrase | None = None, status_code: int = 200) -> Response:
        """The login form, with a fresh login CSRF token in a cookie and the form (double submit)."""
        token = secrets.token_urlsafe(24)
        response = self.render(request, "login.html", status_code, login_token=token, error=error)
        self._cookie(response, LOGIN_COOKIE, token, 3600)
        return response

    async def login(self, request: Request) -> Response:
        """Check the password (unless locked out), start a session, or say why not."""
        form = await read_form(request)
        cookie = request.cookies.get(LOGIN_COOKIE)
        if form is None or not cookie or not csrf.token_matches(cookie, form.get(csrf.FIELD)):
            return self.access.refuse(request, "csrf")
        username = form.get("username", "").strip().lower()[:64]
        address = request.client.host if request.client else "unknown"
        keys = (f"user:{username}", f"ip:{address}")
        wait = self.lockout.locked_for(*keys)
        if wait > 0:
            await asyncio.to_thread(self.audit.record, username or "-", "login_locked", None, address)
            return await self.login_page(request, Phrase.of("login.locked", minutes=max(1, round(wait / 60))), 429)
        user = await asyncio.to_thread(self.users.authenticate, username, form.get("password", ""))
        if user is None:
            self.lockout.failed(*keys)
            await asyncio.to_thread(self.audit.record, username or "-", "login_failed", None, address)
            return await self.login_page(request, Phrase.of("login.wrong"), 401)
        self.lockout.succeeded(*keys)
        token, _ = await asyncio.to_thread(self.sessions.start, user.username)
        await asyncio.to_thread(self.audit.record, user.username, "login", None, address)
        response = RedirectResponse("/console", status_code=303)
        self._cookie(response, COOKIE_NAME, token, int(self.sessions.lifetime))
        response.delete_cookie(LOGIN_COOKIE, path="/console")
        return response

    async def logout(self, request: Request, caller: Caller) -> Response:
        """End the session, here and in the database."""
        await asyncio.to_thread(self.sessions.end, caller.token)
        await asyncio.to_thread(self.audit.record, caller.user.username, "logout")
        response = RedirectResponse(LOGIN_PATH, status_code=303)
        response.delete_cookie(COOKIE_NAME, path="/console")
        return response

    async def password_page(self, request: Request, caller: Caller, error: Phrase | None = None) -> Response:
        """The form to set one's own password."""
        return self.page(request, "password.html", caller, 400 if error else 200, error=error)

    async def change_password(self, request: Request, caller: Caller) -> Response:
        """Set a new password (the current one is asked again); every other session ends."""
        form = caller.form
        if await asyncio.to_thread(self.users.authenticate, caller.user.username, form.get("current", "")) is None:
            return await self.password_page(request, caller, Phrase.of("password.current_wrong"))
        if form.get("new", "") != form.get("repeat", ""):
            return await self.password_page(request, caller, Phrase.of("password.differ"))
        try:
            await asyncio.to_thread(self.users.set_password, caller.user.username, form.get("new", ""))
        except UserError as error:
            return await self.password_page(request, caller, error.phrase)
        await asyncio.to_thread(self.sessions.end_all, caller.user.username)
        token, _ = await asyncio.to_thread(self.sessions.start, caller.user.username)
        await asyncio.to_thread(self.audit.record, caller.user.username, "password_changed")
        response = RedirectResponse("/console", status_code=303)
        self._cookie(response, COOKIE_NAME, token, int(self.sessions.lifetime))
        return response

    # Monitoring -----------------------------------------------------------------------------

    def filtered_rows(self, filters: Filters) -> list[ConversationRow]:
        """The live list's rows that pass ``filters`` (the list page, its stream, the exports)."""
        rows = list_conversations(
            self.engine,
            now=time.time(),
            low_confidence=self.settings.low_confidence,
            closed_after_seconds=self.closed_after,
        )
        return filters.apply(rows, self.engine, self.zone) if filters.active else rows

    def _rows_html(self, filters: Filters, texts: Texts) -> str:
        return self.fragment("_rows.html", texts, rows=self.filtered_rows(filters))

    async def list_page(self, request: Request, caller: Caller) -> Response:
        """The live list of conversations, filtered by the query string."""
        filters = Filters.from_query(request.query_params)
        rows_html = await asyncio.to_thread(self._rows_html, filters, self.texts_for(request))
        labels = await asyncio.to_thread(self.casework.all_labels)
        return self.page(
            request,
            "list.html",
            caller,
            rows_html=rows_html,
            filters=filters,
            states=STATES,
            flags=FLAGS,
            labels=labels,
        )

    async def list_live(self, request: Request, caller: Caller) -> Response:
        """The list's rows as SSE, whenever they change (same filters as the page)."""
        filters = Filters.from_query(request.query_params)
        texts = self.texts_for(request)
        return self._stream(request, lambda: asyncio.to_thread(self._rows_html, filters, texts))

    def _turns_html(self, conversation_id: str, texts: Texts) -> str:
        turns = build_turns(self.read_events(conversation_id), self.settings.low_confidence)
        return self.fragment("_turns.html", texts, turns=turns)

    async def transcript_page(self, request: Request, caller: Caller, error: Phrase | None = None) -> Response:
        """A conversation's turns with the bot's reasoning, and the takeover controls."""
        cid = request.path_params["cid"]
        turns_html = await asyncio.to_thread(self._turns_html, cid, self.texts_for(request))
        holder = await asyncio.to_thread(self.takeovers.holder, cid)
        panel = await asyncio.to_thread(self.cases.panel, cid)
        await asyncio.to_thread(self.audit.record, caller.user.username, "viewed_transcript", cid)
        return self.page(
            request,
            "transcript.html",
            caller,
            409 if error else 200,
            cid=cid,
            turns_html=turns_html,
            holder=holder,
            error=error,
            **panel,
        )

    async def transcript_live(self, request: Request, caller: Caller) -> Response:
        """A conversation's turns as SSE, whenever they change."""
        cid = request.path_params["cid"]
        texts = self.texts_for(request)
        return self._stream(request, lambda: asyncio.to_thread(self._turns_html, cid, texts))

    def _stream(self, request: Request, render: Callable[[], Any]) -> Response:
        stream = fragment_stream(
            render, request.is_disconnected, interval=self.live.interval, max_seconds=self.live.max_seconds
        )
        return StreamingResponse(
            stream, media_type="text/event-stream", headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
        )

    # Takeover -------------------------------------------------------------------------------

    async def take(self, request: Request, caller: Caller) -> Response:
        """Take the conversation over from the bot."""
        cid = request.path_params["cid"]
        try:
            await self.takeovers.take(cid, caller.user)
        except TakeoverError as error:
            return await self.transcript_page(request, caller, error.phrase)
        except RasaError as error:
            logger.warning("takeover of %s failed: %s", cid, error)
            return await self.transcript_page(request, caller, Phrase.of("takeover.not_paused"))
        await asyncio.to_thread(self.audit.record, caller.user.username, "took_over", cid)
        return RedirectResponse(f"/console/c/{quote(cid, safe='')}", status_code=303)

    async def say(self, request: Request, caller: Caller) -> Response:
        """Send the operator's message to the user."""
        cid = request.path_params["cid"]
        try:
            sent = await self.takeovers.say(cid, caller.user, caller.form.get("text", ""))
        except TakeoverError as error:
            return await self.transcript_page(request, caller, error.phrase)
        except RasaError as error:
            logger.warning("operator message to %s not stored: %s", cid, error)
            return await self.transcript_page(request, caller, Phrase.of("takeover.not_stored"))
        await asyncio.to_thread(self.audit.record, caller.user.username, "sent_message", cid, f"{len(sent)} characters")
        return RedirectResponse(f"/console/c/{quote(cid, safe='')}", status_code=303)

    async def hand_back(self, request: Request, caller: Caller) -> Response:
        """Give the conversation back to the bot."""
        cid = request.path_params["cid"]
        try:
            await self.takeovers.hand_back(cid, caller.user)
        except TakeoverError as error:
            return await self.transcript_page(request, caller, error.phrase)
        except RasaError as error:
            logger.warning("hand back of %s failed: %s", cid, error)
            return await self.transcript_page(request, caller, Phrase.of("takeover.not_resumed"))
        await asyncio.to_thread(self.audit.record, caller.user.username, "handed_back", cid)
        return RedirectResponse(f"/console/c/{quote(cid, safe='')}", status_code=303)

    # Supervisors ----------------------------------------------------------------------------

    async def audit_page(self, request: Request, caller: Caller) -> Response:
        """The newest audit entries."""
        entries = await asyncio.to_thread(self.audit.latest)
        return self.page(request, "audit.html", caller, entries=entries)

    async def users_page(self, request: Request, caller: Caller, **extra: Any) -> Response:
        """The accounts, and the form to add one."""
        accounts = await asyncio.to_thread(self.users.all)
        context = {"accounts": accounts, "roles": ROLES, "error": None, "created": None, "password": None, **extra}
        return self.page(request, "users.html", caller, 400 if context["error"] else 200, **context)

    async def create_user(self, request: Request, caller: Caller) -> Response:
        """Add an account with a one-time password, shown once on the page that answers."""
        form, password = caller.form, generate_password()
        try:
            created = await asyncio.to_thread(
                self.users.create,
                form.get("username", ""),
                form.get("role", ""),
                password,
                display_name=form.get("display_name", ""),
            )
        except UserError as error:
            return await self.users_page(request, caller, error=error.phrase)
        await asyncio.to_thread(self.audit.record, caller.user.username, "created_user", None, created.username)
        return await self.users_page(request, caller, created=created, password=password)
