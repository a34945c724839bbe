"""Checks on what a user sends, before anything reaches Rasa.

Pure functions, shared by every channel: a message is cleaned (Unicode
normalised, control characters and unpaired surrogates removed, outer
whitespace stripped) and then either accepted or refused with the key of the
gateway text that tells the user why (data/content/gateway_texts.yml).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

_KEPT_CONTROLS = {"\n", "\t"}


@dataclass(frozen=True)
class InboundCheck:
    """The verdict on one message: cleaned ``text``, or a ``problem`` key."""

    text: str | None = None
    problem: str | None = None
    values: dict[str, object] = field(default_factory=dict)

    @property
    def accepted(self) -> bool:
        """True when the message may go to Rasa."""
        return self.problem is None


def clean_text(text: str) -> str:
    """NFC-normalise and drop characters that have no business in a chat message.

    Control characters (other than newline and tab) and unpaired surrogates
    (which JSON can carry but UTF-8 cannot encode) are removed.
    """
    kept = (char for char in text if char in _KEPT_CONTROLS or unicodedata.category(char) not in ("Cc", "Cs"))
    return unicodedata.normalize("NFC", "".join(kept)).strip()


def check_user_text(raw: object, max_chars: int) -> InboundCheck:
    """Accept a message for Rasa, or say which gateway text answers it instead."""
    if raw is None:
        return InboundCheck(problem="empty_message")
    if not isinstance(raw, str):
        return InboundCheck(problem="not_text")
    text = clean_text(raw)
    if not text:
        return InboundCheck(problem="empty_message")
    if len(text) > max_chars:
        return InboundCheck(problem="message_too_long", values={"length": len(text), "limit": max_chars})
    return InboundCheck(text=text)
