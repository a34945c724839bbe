"""The console's casework actions on one conversation: notes, labels, and closing it.

Kept apart from routes.py (access, monitoring, takeover) so each module stays one concept;
``Console.routes()`` lists these routes with the others, so the authorization test walks them.
Each action is audited; a note's text is not put in the audit log (only its length).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.console.access import Caller
from bot.console.brief import build_brief
from bot.console.casework import CaseworkError
from bot.console.transcript import FALLBACK_ACTIONS
from bot.dialogue.client import RasaError

if TYPE_CHECKING:
    from bot.console.routes import Console

logger = logging.getLogger(__name__)


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
        """Add a private staff note."""
        cid = request.path_params["cid"]
        try:
            note = await asyncio.to_thread(
                self.console.casework.add_note, cid, caller.user.username, caller.form.get("text", "")
            )
        except CaseworkError as error:
            return await self.console.transcript_page(request, caller, str(error))
        await asyncio.to_thread(
            self.console.audit.record, caller.user.username, "added_note", cid, f"{len(note.text)} characters"
        )
        return _back(cid)

    async def add_label(self, request: Request, caller: Caller) -> Response:
        """Put a label on the conversation."""
        cid = request.path_params["cid"]
        try:
            label = await asyncio.to_thread(
                self.console.casework.add_label, cid, caller.user.username, caller.form.get("label", "")
            )
        except CaseworkError as error:
            return await self.console.transcript_page(request, caller, str(error))
        await asyncio.to_thread(self.console.audit.record, caller.user.username, "added_label", cid, label)
        return _back(cid)

    async def remove_label(self, request: Request, caller: Caller) -> Response:
        """Take a label off the conversation."""
        cid = request.path_params["cid"]
        try:
            label = await asyncio.to_thread(self.console.casework.remove_label, cid, caller.form.get("label", ""))
        except CaseworkError as error:
            return await self.console.transcript_page(request, caller, str(error))
        await asyncio.to_thread(self.console.audit.record, caller.user.username, "removed_label", cid, label)
        return _back(cid)

    async def close(self, request: Request, caller: Caller) -> Response:
        """Hand back (if a person has it) and ask the user for a 1-5 rating."""
        cid = request.path_params["cid"]
        console = self.console
        holder = await asyncio.to_thread(console.takeovers.holder, cid)
        if holder is not None and holder.username != caller.user.username and not caller.user.is_supervisor:
            return await console.transcript_page(request, caller, f"{holder.display_name} has this conversation.")
        try:
            await console.takeovers.close(cid, caller.user, console.ratings)
        except RasaError as error:
            logger.warning("closing %s failed: %s", cid, error)
            return await console.transcript_page(request, caller, "Rasa could not be reached; try again.")
        await asyncio.to_thread(console.audit.record, caller.user.username, "closed", cid)
        return _back(cid)


def _back(cid: str) -> Response:
    return RedirectResponse(f"/console/c/{quote(cid, safe='')}", status_code=303)
