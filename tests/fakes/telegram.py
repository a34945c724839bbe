"""A fake Telegram Bot API server, for driving the real python-telegram-bot.

A real HTTP server (``tests.fakes.server.serve``) answering ``/bot<token>/<method>``
with the shapes of the official Bot API docs (https://core.telegram.org/bots/api):
getMe, getUpdates (long poll with offset), setWebhook/deleteWebhook,
sendMessage, editMessageReplyMarkup/editMessageText, answerCallbackQuery,
sendChatAction, sendDocument, sendPhoto, setMyCommands. Like Telegram, it refuses HTML
that does not parse, texts over 4096 characters and callback data over 64
bytes, captions over 1024 characters and photos Telegram would not take
(``telegram_rules.py``), so a rendering mistake fails a test the way it
would fail a user.

Tests act as users: queue an update (``user_says``, ``user_clicks``...), then
wait for the bot's calls (``wait_for``) and assert on them. Failures on
demand: a method can answer 429 with ``retry_after``, 500, or hang.

Thread-safe: the server runs in its own thread and event loop, tests call
from theirs.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.fakes.telegram_rules import check_caption, check_keyboard, check_photo, check_text, parse_html
from tests.fakes.telegram_wire import read_params

TOKEN = "1234567:fake-token-for-tests-only-0123456789ab"
BOT_USER = {
    "id": 123456789,
    "is_bot": True,
    "first_name": "Orienta",
    "username": "orienta_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
MESSAGE_METHODS = ("sendMessage", "sendDocument", "sendPhoto", "editMessageText", "editMessageReplyMarkup")


@dataclass
class ApiCall:
    """One request the bot made: method, parameters (decoded) and when it arrived."""

    method: str
    params: dict[str, Any]
    at: float
    status: int = 200
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str | None:
        return self.params.get("text")

    @property
    def keyboard(self) -> list[list[dict[str, Any]]]:
        markup = self.params.get("reply_markup") or {}
        return markup.get("inline_keyboard", [])


@dataclass
class _Failure:
    status: int
    retry_after: int | None = None
    hang_seconds: float = 0.0


class FakeTelegram:
    """The fake Bot API: state, failure switches, and the user's side of the chat."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[ApiCall] = []
        self.webhook: dict[str, Any] | None = None
        self.commands: list[dict[str, Any]] = []
        #: language_code ("" for the default menu) -> the commands set for it
        self.commands_by_language: dict[str, list[dict[str, Any]]] = {}
        self._changed = threading.Condition()
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._chats: dict[int, dict[str, Any]] = {}
        self._failures: dict[str, list[_Failure]] = {}
        #: Called with each recorded call, in the server's event loop (the benchmark's users
        #: wait on these instead of ``wait_for``, which blocks a thread).
        self.listeners: list[Callable[[ApiCall], None]] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wakeup: asyncio.Event | None = None

    def app(self) -> Starlette:
        """The ASGI app to serve."""
        return Starlette(
            routes=[
                Route("/bot{token}/{method}", self._endpoint, methods=["GET", "POST"]),
                Route("/file/bot{token}/{path:path}", self._file),
            ]
        )

    # -- failures on demand -------------------------------------------------

    def fail(self, method: str, status: int, *, retry_after: int | None = None, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` answer ``status`` (429 carries retry_after)."""
        with self._changed:
            self._failures.setdefault(method, []).extend(_Failure(status, retry_after) for _ in range(times))

    def hang(self, method: str, seconds: float, *, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` answer only after ``seconds``."""
        with self._changed:
            self._failures.setdefault(method, []).extend(_Failure(200, hang_seconds=seconds) for _ in range(times))

    def heal(self) -> None:
        """Forget every failure still waiting to happen."""
        with self._changed:
            self._failures.clear()

    # -- the user's side ----------------------------------------------------

    def user_says(
        self,
        chat_id: int,
        text: str,
        *,
        chat_type: str = "private",
        user_id: int | None = None,
        language_code: str = "en",
    ) -> int:
        """The user sends a text (a leading /word is marked as a bot command, as Telegram does)."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return self.user_sends(chat_id, content, chat_type=chat_type, user_id=user_id, language_code=language_code)

    def user_sends(
        self,
        chat_id: int,
        content: dict[str, Any],
        *,
        chat_type: str = "private",
        user_id: int | None = None,
        language_code: str = "en",
    ) -> int:
        """The user sends a message with ``content`` (``{"sticker": {...}}``...); returns the update id."""
        chat = self._chat(chat_id, chat_type)
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": self._user(user_id or abs(chat_id), language_code),
            **content,
        }
        return self.queue_update({"message": message})

    def user_clicks(self, sent: ApiCall, callback_data: str) -> int:
        """The user presses the button with ``callback_data`` under a message the bot sent."""
        message = self._messages[(sent.chat_id or 0, sent.params["_message_id"])]
        chat = message["chat"]
        query = {
            "id": str(next(self._update_ids) + 10_000),
            "from": self._user(chat["id"]),
            "chat_instance": f"ci{chat['id']}",
            "message": message,
            "data": callback_data,
        }
        return self.queue_update({"callback_query": query})

    def queue_update(self, update: dict[str, Any]) -> int:
        """Make an update available to getUpdates (or POST it to the webhook, if one is set)."""
        with self._changed:
            update = {"update_id": next(self._update_ids), **update}
            webhook = self.webhook
            if webhook is None:
                self._updates.append(update)
        if webhook is not None:
            headers = {}
            if webhook.get("secret_token"):
                headers["X-Telegram-Bot-Api-Secret-Token"] = webhook["secret_token"]
            response = httpx.post(webhook["url"], json=update, headers=headers, timeout=10)
            response.raise_for_status()
        elif self._loop is not None and self._wakeup is not None:
            self._loop.call_soon_threadsafe(self._wakeup.set)
        return update["update_id"]

    # -- what the bot did ---------------------------------------------------

    def wait_for(
        self,
        method: str,
        where: Callable[[ApiCall], bool] = lambda call: True,
        *,
        count: int = 1,
        timeout: float = 10.0,
    ) -> list[ApiCall]:
        """Wait until the bot made ``count`` successful ``method`` calls matching ``where``."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [c for c in self.calls if c.method == method and c.status == 200 and where(c)]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(c.method, c.status, c.params.get("text")) for c in self.calls[-15:]]
                    raise AssertionError(f"expected {count} {method} calls, got {len(found)}; last calls: {seen}")
                self._changed.wait(left)

    def sent_to(self, chat_id: int) -> list[ApiCall]:
        """Successful sendMessage/sendDocument/sendPhoto calls to one chat, in order."""
        with self._changed:
            return [
                c
                for c in self.calls
                if c.method in ("sendMessage", "sendDocument", "sendPhoto") and c.status == 200 and c.chat_id == chat_id
            ]

    def texts_to(self, chat_id: int) -> list[str]:
        """The plain texts (HTML parsed as Telegram would) sent to one chat."""
        return [parse_html(c.text) or "" for c in self.sent_to(chat_id) if c.text is not None]

    def count(self, method: str, status: int | None = None) -> int:
        with self._changed:
            return sum(1 for c in self.calls if c.method == method and (status is None or c.status == status))

    # -- the server ---------------------------------------------------------

    async def _endpoint(self, request: Request) -> JSONResponse:
        if request.path_params["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.path_params["method"]
        params, files = await read_params(request)
        call = ApiCall(method=method, params=params, at=time.monotonic(), files=files)
        with self._changed:
            failures = self._failures.get(method) or []
            failure = failures.pop(0) if failures else None
        if failure and failure.hang_seconds:
            await asyncio.sleep(failure.hang_seconds)
        elif failure:
            call.status = failure.status
            self._record(call)
            if failure.status == 429:
                return _error(429, f"Too Many Requests: retry after {failure.retry_after}", failure.retry_after)
            return _error(failure.status, "Internal Server Error")
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            call.status = 404
            self._record(call)
            return _error(404, "Not Found")
        result = await handler(call)
        if isinstance(result, JSONResponse):
            call.status = result.status_code
            self._record(call)
            return result
        self._record(call)
        return JSONResponse({"ok": True, "result": result})

    async def _file(self, request: Request) -> JSONResponse:
        return _error(404, "Not Found")

    def _record(self, call: ApiCall) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        for listener in self.listeners:
            listener(call)

    async def _m_getMe(self, call: ApiCall) -> Any:
        return BOT_USER

    async def _m_getUpdates(self, call: ApiCall) -> Any:
        if self.webhook is not None:
            return _error(409, "Conflict: can't use getUpdates method while webhook is active")
        self._loop = asyncio.get_running_loop()
        if self._wakeup is None:
            self._wakeup = asyncio.Event()
        offset = int(call.params.get("offset") or 0)
        deadline = time.monotonic() + float(call.params.get("timeout") or 0)
        while True:
            self._wakeup.clear()
            with self._changed:
                if offset:
                    self._updates = [u for u in self._updates if u["update_id"] >= offset]
                ready = self._updates[:100]
            left = deadline - time.monotonic()
            if ready or left <= 0:
                return ready
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), left)

    async def _m_setWebhook(self, call: ApiCall) -> Any:
        self.webhook = {"url": call.params["url"], "secret_token": call.params.get("secret_token")}
        return True

    async def _m_deleteWebhook(self, call: ApiCall) -> Any:
        self.webhook = None
        return True

    async def _m_setMyCommands(self, call: ApiCall) -> Any:
        language = call.params.get("language_code") or ""
        self.commands_by_language[language] = call.params.get("commands") or []
        if not language:
            self.commands = self.commands_by_language[language]
        return True

    async def _m_sendChatAction(self, call: ApiCall) -> Any:
        return True

    async def _m_answerCallbackQuery(self, call: ApiCall) -> Any:
        return True

    async def _m_sendMessage(self, call: ApiCall) -> Any:
        problem = check_text(call.params.get("text"), call.params.get("parse_mode"), 4096)
        problem = problem or check_keyboard(call.params.get("reply_markup"))
        return _error(400, problem) if problem else self._new_message(call, text=call.params["text"])

    async def _m_sendDocument(self, call: ApiCall) -> Any:
        if "document" not in call.files:
            return _error(400, "Bad Request: there is no document in the request")
        caption = call.params.get("caption")
        problem = check_text(caption, call.params.get("parse_mode"), 1024) if caption else None
        if problem:
            return _error(400, problem)
        name, content = call.files["document"]
        document = {"file_id": "d", "file_unique_id": "u", "file_name": name, "file_size": len(content)}
        return self._new_message(call, document=document, **({"caption": caption} if caption else {}))

    async def _m_sendPhoto(self, call: ApiCall) -> Any:
        if "photo" not in call.files:
            if call.params.get("photo"):
                return _error(400, "Bad Request: wrong file identifier/HTTP URL specified")
            return _error(400, "Bad Request: there is no photo in the request")
        caption = call.params.get("caption")
        problem = check_caption(caption, call.params.get("parse_mode"))
        problem = problem or check_keyboard(call.params.get("reply_markup"))
        _, content = call.files["photo"]
        problem = problem or check_photo(content)
        if problem:
            return _error(400, problem)
        # Telegram answers with the sizes it made; one is enough for the tests.
        photo = [{"file_id": "p", "file_unique_id": "pu", "width": 90, "height": 90, "file_size": len(content)}]
        return self._new_message(call, photo=photo, **({"caption": caption} if caption else {}))

    async def _m_editMessageReplyMarkup(self, call: ApiCall) -> Any:
        problem = check_keyboard(call.params.get("reply_markup"))
        if problem:
            return _error(400, problem)
        key = (int(call.params["chat_id"]), int(call.params["message_id"]))
        if key not in self._messages:
            return _error(400, "Bad Request: message to edit not found")
        self._messages[key]["reply_markup"] = call.params.get("reply_markup")
        return self._messages[key]

    async def _m_editMessageText(self, call: ApiCall) -> Any:
        key = (int(call.params["chat_id"]), int(call.params["message_id"]))
        problem = check_text(call.params.get("text"), call.params.get("parse_mode"), 4096)
        if problem or key not in self._messages:
            return _error(400, problem or "Bad Request: message to edit not found")
        self._messages[key]["text"] = call.params["text"]
        return self._messages[key]

    def _new_message(self, call: ApiCall, **content: Any) -> dict[str, Any]:
        chat_id = int(call.params["chat_id"])
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chat(chat_id, None),
            "from": BOT_USER,
            **content,
        }
        if call.params.get("reply_markup"):
            message["reply_markup"] = call.params["reply_markup"]
        self._messages[(chat_id, message["message_id"])] = message
        call.params["_message_id"] = message["message_id"]
        return message

    def _chat(self, chat_id: int, chat_type: str | None) -> dict[str, Any]:
        with self._changed:
            if chat_type is not None or chat_id not in self._chats:
                kind = chat_type or "private"
                chat = {"id": chat_id, "type": kind}
                chat.update({"first_name": "Test"} if kind == "private" else {"title": "A group"})
                self._chats[chat_id] = chat
            return self._chats[chat_id]

    @staticmethod
    def _user(user_id: int, language_code: str = "en") -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": "Test", "language_code": language_code}


def _error(code: int, description: str, retry_after: int | None = None) -> JSONResponse:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return JSONResponse(body, status_code=code)
