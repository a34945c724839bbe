"""What the Bot API refuses, for the fake: HTML that does not parse, texts too long, bad buttons.

Telegram answers 400 to these; the fake does the same, so a rendering
mistake fails a test the way it would fail a user.
"""

from __future__ import annotations

import html
import re
from typing import Any

_ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler"}
_TAG = re.compile(r"<(/?)([a-z-]+)(\s[^<>]*)?>")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


def parse_html(text: str) -> str | None:
    """The plain text of a Bot API HTML message, or None where Telegram would refuse it."""
    out, stack, i = [], [], 0
    while i < len(text):
        char = text[i]
        if char == "<":
            tag = _TAG.match(text, i)
            if not tag or tag.group(2) not in _ALLOWED_TAGS:
                return None
            if tag.group(1):
                if not stack or stack.pop() != tag.group(2):
                    return None
            else:
                stack.append(tag.group(2))
            i = tag.end()
        elif char == "&":
            entity = _ENTITY.match(text, i)
            if not entity:
                return None
            out.append(html.unescape(entity.group(0)))
            i = entity.end()
        elif char == ">":
            return None
        else:
            out.append(char)
            i += 1
    return None if stack else "".join(out)


def check_text(text: Any, parse_mode: Any, limit: int) -> str | None:
    """Telegram's error description for a message text, or None if it is accepted."""
    if not isinstance(text, str) or not text:
        return "Bad Request: message text is empty"
    plain = parse_html(text) if parse_mode == "HTML" else text
    if plain is None:
        return "Bad Request: can't parse entities: unsupported start tag or unmatched end tag"
    if len(plain.encode("utf-16-le")) // 2 > limit:
        return "Bad Request: message is too long"
    return None


def check_keyboard(markup: Any) -> str | None:
    """Telegram's error description for an inline keyboard, or None if it is accepted."""
    for row in (markup or {}).get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= 64:
                return "Bad Request: BUTTON_DATA_INVALID"
            url = button.get("url")
            if url is not None and not url.startswith(("http://", "https://", "tg://")):
                return "Bad Request: inline keyboard button URL is invalid"
    return None
