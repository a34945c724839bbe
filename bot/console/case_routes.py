"""The console's casework actions on one conversation: notes, labels, and closing it.

Kept apart from routes.py (access, monitoring, takeover) so each module stays one concept;
``Console.routes()`` lists these routes with the others, so the authorization test walks them.
Each action is audited; a note's text is not put in the audit log (only its length).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.console.access import Caller
from bot.console.brief import build_brief
from bot.console.casework import CaseworkError
from bot.console.texts import Phrase
from bot.console.transcript import FALLBACK_ACTIONS
from bot.dialogue.client import RasaError

if TYPE_CHECKING:
    from bot.console.routes import Console

logger = logging.getLogger(__name__)

T = TypeVar("T")


class CaseRoutes:
    """Notes, labels and closing, for ``console``."""

    def __init__(self, console: Console) -> None:
        """Act on ``console``'s tables and takeovers."""
        self.console = console

    def panel(self, conversation_id: str) -> dict[str, Any]:
        """What the transcript's side panel shows besides the takeover: brief, notes, labels."""
        console = self.console
        events = console.read_events(conversation_id)
        handoff = console.queue.last_request(conversation_id)
        return {
            "brief": build_brief(events, handoff, time.time(), FALLBACK_ACTIONS),
            "notes": console.casework.notes(conversation_id),
            "labels": console.casework.labels(conversation_id),
            "rating": console.ratings.latest(conversation_id),
        }

    async def add_note(self, request: Request, caller: Caller) -> Response:
        """Add a private staff note; the audit log keeps its length, never its text."""
        casework, author, text = self.console.casework, caller.user.username, caller.form.get("text", "")
        return await self._change(
            request,
            caller,
            lambda cid: casework.add_note(cid, author, text),
            "added_note",
            lambda note: f"{len(note.text)} characters",
        )

    async def add_label(self, request: Request, caller: Caller) -> Response:
        """Put a label on the conversation."""
        casework, author, label = self.console.casework, caller.user.username, caller.form.get("label", "")
        return await self._change(request, caller, lambda cid: casework.add_label(cid, author, label), "added_label")

    async def remove_label(self, request: Request, caller: Caller) -> Response:
        """Take a label off the conversation."""
        casework, label = self.console.casework, caller.form.get("label", "")
        return await self._change(request, caller, lambda cid: casework.remove_label(cid, label), "removed_label")

    async def _change(
        self,
        request: Request,
        caller: Caller,
        change: Callable[[str], T],
        action: str,
        describe: Callable[[T], str] = str,
    ) -> Response:
        """Apply one casework change to the conversation in the path, audit it, show the transcript.

        A refused change (an empty note, an unknown label) shows the transcript with the reason.
        """
        cid = request.path_params["cid"]
        try:
            done = await asyncio.to_thread(change, cid)
        except CaseworkError as error:
            return await self.console.transcript_page(request, caller, error.phrase)
        await asyncio.to_thread(self.console.audit.record, caller.user.username, action, cid, describe(done))
        return _back(cid)

    async def close(self, request: Request, caller: Caller) -> Response:
        """Hand back (if a person has it) and ask the user for a 1-5 rating."""
        cid = request.path_params["cid"]
        console = self.console
        holder = await asyncio.to_thread(console.takeovers.holder, cid)
        if holder is not None and holder.username != caller.user.username and not caller.user.is_supervisor:
            return await console.transcript_page(
                request, caller, Phrase.of("takeover.held_by", name=holder.display_name)
            )
        try:
            await console.takeovers.close(cid, caller.user, console.ratings)
        except RasaError as error:
            logger.warning("closing %s failed: %s", cid, error)
            return await console.transcript_page(request, caller, Phrase.of("takeover.unreachable"))
        await asyncio.to_thread(console.audit.record, caller.user.username, "closed", cid)
        return _back(cid)


def _back(cid: str) -> Response:
    return RedirectResponse(f"/console/c/{quote(cid, safe='')}", status_code=303)
