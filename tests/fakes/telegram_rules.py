"""What the Bot API refuses, for the fake: HTML that does not parse, texts too long, bad buttons, bad photos.

Telegram answers 400 to these; the fake does the same, so a rendering
mistake fails a test the way it would fail a user.
"""

from __future__ import annotations

import html
import re
import struct
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


def check_caption(caption: Any, parse_mode: Any) -> str | None:
    """Telegram's error description for a media caption (0-1024 characters), or None."""
    if caption is None or caption == "":
        return None
    plain = parse_html(caption) if parse_mode == "HTML" else caption
    if plain is None:
        return "Bad Request: can't parse entities: unsupported start tag or unmatched end tag"
    if len(plain.encode("utf-16-le")) // 2 > 1024:
        return "Bad Request: message caption is too long"
    return None


_PNG = b"\x89PNG\r\n\x1a\n"
MAX_PHOTO_BYTES = 10 * 1024 * 1024


def check_photo(content: bytes) -> str | None:
    """Telegram's error for an uploaded photo, or None (https://core.telegram.org/bots/api#sendphoto).

    At most 10 MB; width + height at most 10000 and a ratio of at most 20. The fake reads
    PNG headers only (what Orienta sends); JPEG is accepted unchecked, anything else refused.
    """
    if len(content) > MAX_PHOTO_BYTES:
        return "Bad Request: PHOTO_SAVE_FILE_INVALID"
    if content.startswith(b"\xff\xd8\xff"):
        return None
    if not content.startswith(_PNG) or content[12:16] != b"IHDR" or len(content) < 24:
        return "Bad Request: IMAGE_PROCESS_FAILED"
    width, height = struct.unpack(">II", content[16:24])
    if not width or not height or width + height > 10000 or max(width, height) / min(width, height) > 20:
        return "Bad Request: PHOTO_INVALID_DIMENSIONS"
    return None


def png_header(width: int, height: int) -> bytes:
    """The start of a PNG of ``width`` x ``height``: enough for the fake's checks."""
    return _PNG + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", width, height) + b"\x08\x06\x00\x00\x00"


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
