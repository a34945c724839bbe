"""Bot messages -> what is sent to Telegram: pure functions, no I/O.

Parse mode is HTML: only ``<``, ``>`` and ``&`` are special, and
``html.escape`` handles all three, so a user's or an ad's text can never
break a message (MarkdownV2 would need 18 characters escaped, differently
inside links and code). Every text that is not ours is escaped; our own
markup is a handful of tags.

Long texts are split at Telegram's limit on paragraph boundaries (then
lines, then words, then anywhere), counting as Telegram does, in UTF-16 code
units of the text after entity parsing; splitting happens before escaping,
so an entity is never cut in half.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.dialogue.messages import BotMessage, Button
from bot.media import is_media_name
from bot.texts import GatewayTexts

logger = logging.getLogger(__name__)

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
_SEPARATORS = ("\n\n", "\n", " ")


@dataclass(frozen=True)
class InlineButton:
    """One inline keyboard button: a callback button or a URL button."""

    text: str
    callback_data: str | None = None
    url: str | None = None


Keyboard = tuple[tuple[InlineButton, ...], ...]


@dataclass(frozen=True)
class TextOut:
    """A sendMessage call: HTML text and an optional inline keyboard."""

    html: str
    keyboard: Keyboard = ()


@dataclass(frozen=True)
class DocumentOut:
    """A sendDocument call: the file is fetched from ``url`` first."""

    url: str
    filename: str
    caption_html: str | None = None


@dataclass(frozen=True)
class PhotoOut:
    """A sendPhoto call: the image is fetched from ``url``, a path on the gateway, first."""

    url: str
    caption_html: str | None = None


Outgoing = TextOut | DocumentOut | PhotoOut


def escape(text: str) -> str:
    """Text safe to put in an HTML-mode message (quotes need no escaping there)."""
    return html.escape(text, quote=False)


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split ``text`` into parts of at most ``limit``, preferring paragraph breaks."""
    return [part for part in _split(text, limit, _SEPARATORS) if part.strip()]


def _split(text: str, limit: int, separators: tuple[str, ...]) -> list[str]:
    if telegram_length(text) <= limit:
        return [text]
    if not separators:
        return _hard_cut(text, limit)
    separator, finer = separators[0], separators[1:]
    parts: list[str] = []
    current = ""
    for piece in text.split(separator):
        candidate = f"{current}{separator}{piece}" if current else piece
        if telegram_length(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        if telegram_length(piece) <= limit:
            current = piece
        else:
            *whole, current = _split(piece, limit, finer)
            parts.extend(whole)
    if current:
        parts.append(current)
    return parts


def _hard_cut(text: str, limit: int) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    used = 0
    for char in text:
        size = telegram_length(char)
        if used + size > limit:
            parts.append("".join(current))
            current, used = [], 0
        current.append(char)
        used += size
    if current:
        parts.append("".join(current))
    return parts


def render(message: BotMessage, texts: GatewayTexts, callback_data: Callable[[str], str]) -> list[Outgoing]:
    """What to send for one bot message, in order.

    Args:
        message: one message from Rasa (or the gateway).
        texts: the gateway's texts, for the vacancy card's labels.
        callback_data: turns a button payload into callback data of at most
            64 bytes (see ``callbacks.CallbackStore``).
    """
    outgoing: list[Outgoing] = [TextOut(escape(part)) for part in split_text(message.text or "")]
    if message.image:
        outgoing.append(TextOut(escape(message.image)))
    if message.custom:
        outgoing.extend(render_custom(message.custom, texts))
    if message.buttons:
        rows = button_rows(message.buttons, callback_data)
        last_text = next((i for i in range(len(outgoing) - 1, -1, -1) if isinstance(outgoing[i], TextOut)), None)
        if last_text is None:
            # Buttons alone: Telegram needs some text to attach a keyboard to.
            outgoing.append(TextOut("…", rows))
        else:
            target = outgoing[last_text]
            assert isinstance(target, TextOut)
            outgoing[last_text] = TextOut(target.html, target.keyboard + rows)
    return outgoing


def button_rows(buttons: tuple[Button, ...], callback_data: Callable[[str], str]) -> Keyboard:
    """One button per row: titles are sentences, which two per row would cut off."""
    return tuple((InlineButton(b.title, callback_data=callback_data(b.payload)),) for b in buttons)


def render_custom(custom: dict[str, Any], texts: GatewayTexts) -> list[Outgoing]:
    """Render a custom payload this channel knows; skip (and log) any other."""
    kind = custom.get("type")
    if kind == "vacancy_card" and isinstance(custom.get("vacancy"), dict):
        card = vacancy_card(custom["vacancy"], texts)
        return [card] if card else []
    if kind == "document":
        document = document_out(custom)
        return [document] if document else []
    if kind == "chart":
        return chart_out(custom, texts)
    logger.info("custom payload of type %.40r not shown on Telegram", kind)
    return []


def vacancy_card(vacancy: dict[str, Any], texts: GatewayTexts) -> TextOut | None:
    """A vacancy as one message: bold title, facts, source, and an Apply button."""
    title = _text(vacancy.get("title"))
    if not title:
        logger.warning("vacancy card without a title skipped")
        return None
    lines = [f"<b>{escape(title)}</b>"]
    if vacancy.get("demo") is True:
        lines.append(f"<i>{escape(texts.get('card_demo'))}</i>")
    for key, label in (("employer", "card_employer"), ("place", "card_place")):
        if value := _text(vacancy.get(key)):
            lines.append(escape(texts.get(label, **{key: value})))
    for key, label in (("published", "card_published"), ("deadline", "card_deadline")):
        if value := _text(vacancy.get(key)):
            lines.append(escape(texts.get(label, date=value)))
    if source := _text(vacancy.get("source")):
        lines.append(f"<i>{escape(texts.get('card_source', source=source))}</i>")
    button: InlineButton | None = None
    if apply_url := _web_url(vacancy.get("apply_url")):
        button = InlineButton(texts.get("card_apply"), url=apply_url)
    elif ad_url := _web_url(vacancy.get("url")):
        button = InlineButton(texts.get("card_open_ad"), url=ad_url)
    return TextOut("\n".join(lines), ((button,),) if button else ())


def document_out(custom: dict[str, Any]) -> DocumentOut | None:
    """A document to send; the file name is reduced to a safe base name."""
    url = _text(custom.get("url"))
    if not url:
        logger.warning("document payload without a url skipped")
        return None
    name = (_text(custom.get("filename")) or "document.pdf").replace("\\", "/").rsplit("/", 1)[-1]
    caption = _text(custom.get("caption"))
    if caption:
        caption = escape(split_text(caption, CAPTION_LIMIT)[0])
    return DocumentOut(url=url, filename=name or "document.pdf", caption_html=caption or None)


def chart_out(custom: dict[str, Any], texts: GatewayTexts) -> list[Outgoing]:
    """A chart as a photo captioned with its title, then its text alternative as a message.

    The alt text states every score, so it is sent as text too: readable by everyone,
    searchable, and read by screen readers, which announce a Telegram photo only as
    "photo" with its caption. Only the gateway's own ``/media/`` images are sent (the
    payload's contract); an image that cannot be used still leaves the words.
    """
    out: list[Outgoing] = []
    url = _text(custom.get("url"))
    if url and url.startswith("/media/") and is_media_name(url.removeprefix("/media/")):
        title = _text(custom.get("title"))
        caption = escape(split_text(title, CAPTION_LIMIT)[0]) if title else None
        out.append(PhotoOut(url=url, caption_html=caption))
    else:
        logger.warning("chart payload without a /media/ image url: image skipped")
    if alt := _text(custom.get("alt")):
        out.extend(TextOut(escape(part)) for part in split_text(texts.get("chart_in_words", alt=alt)))
    return out


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _web_url(value: object) -> str | None:
    """Only http(s) URLs: Telegram refuses the whole message for a bad button URL."""
    url = _text(value)
    return url if url and url.lower().startswith(("https://", "http://")) and " " not in url else None
