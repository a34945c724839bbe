"""Erase one conversation: its rows in every personal table and the media files it was sent.

One function for both callers, "delete my data" (``desk.py``) and the retention sweep
(``retention.py``), so an erasure means the same thing whoever asks for it.
"""

from __future__ import annotations

from bot.media import MediaStore
from bot.privacy.export import media_names
from bot.privacy.store import PersonalDataStore


def erase_conversation(store: PersonalDataStore, media: MediaStore, conversation_id: str) -> tuple[int, int]:
    """Delete the rows (one transaction), then the files named in its events; how many of each.

    The file names are read before the rows go; a database error leaves everything in place.
    """
    names = media_names(store.events(conversation_id))
    rows = sum(store.erase(conversation_id).values())
    files = sum(media.delete(name) for name in names)
    return rows, files
