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
class Refusal:
    """Why a message is not sent to Rasa: a gateway text key and its values."""

    problem: str
    values: dict[str, object] = field(default_factory=dict)


def clean_text(text: str) -> str:
    """NFC-normalise and drop characters that have no business in a chat message.

    Control characters (other than newline and tab) and unpaired surrogates
    (which JSON can carry but UTF-8 cannot encode) are removed.
    """
    kept = (char for char in text if char in _KEPT_CONTROLS or unicodedata.category(char) not in ("Cc", "Cs"))
    return unicodedata.normalize("NFC", "".join(kept)).strip()


def check_user_text(raw: object, max_chars: int) -> str | Refusal:
    """The cleaned text to send to Rasa, or the Refusal that answers it instead."""
    if raw is None:
        return Refusal("empty_message")
    if not isinstance(raw, str):
        return Refusal("not_text")
    text = clean_text(raw)
    if not text:
        return Refusal("empty_message")
    if len(text) > max_chars:
        return Refusal("message_too_long", {"length": len(text), "limit": max_chars})
    return text
