"""Pure text and date helpers shared by every vacancy adapter.

Why here: ads arrive as HTML (JobTech ``text_formatted``), Markdown-like text (BA), or plain text
with CR-LF line ends and NBSP, and with naive local timestamps. Each adapter must turn them into the same
clean, capped, PII-scrubbed text and timezone-aware UTC datetimes, so the rules live in one place.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

#: Longest description we store; the spec caps stored ad text at 20 000 characters.
MAX_STORED_CHARS = 20_000
#: Replacements for contact details found in ad texts (the ad's own words stay, the person goes).
EMAIL_PLACEHOLDER = "[e-mail]"
PHONE_PLACEHOLDER = "[phone]"

STOCKHOLM = ZoneInfo("Europe/Stockholm")
BERLIN = ZoneInfo("Europe/Berlin")

_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article"}
)
_SKIP_TAGS = frozenset({"script", "style", "head", "title"})
_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A phone starts with "+", "00" or a trunk "0" (SE, DE) and has 7-15 digits; dates and years start
# otherwise, so they survive. The digit count is checked in the callback.
_PHONE = re.compile(r"(?<![\w+])(?:\+|0)\d[\d \u00a0\-/()]{5,20}\d(?![\w])")
_SENTENCE_END = re.compile(r"[.!?…](?=\s)")


class _TextExtractor(HTMLParser):
    """Collects text, turning block elements into line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n" if tag == "br" else "\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS and tag != "br":
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def normalize_whitespace(text: str) -> str:
    """Unify line endings and spaces, keep paragraph breaks (at most one empty line).

    Why: JobTech plain text mixes CR-LF line ends, NBSP and zero-width characters; chat cards and the
    full-text index both want plain spaces and single blank lines between paragraphs.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "").replace("\t", " ")
    lines = [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment: tags dropped, entities unescaped, paragraphs kept."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return normalize_whitespace(html.unescape("".join(parser.parts)))


def strip_markdown(text: str) -> str:
    """Plain text of BA's Markdown-like descriptions (``**bold**``, ``- `` bullets, ``#`` headings)."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text, flags=re.DOTALL)
    text = re.sub(r"__(.+?)__", r"\1", text, flags=re.DOTALL)
    text = re.sub(r"^\s*#{1,6}\s*", "", text, flags=re.MULTILINE)
    text = re.sub(r"^\s*[-*•]\s+", "- ", text, flags=re.MULTILINE)
    return normalize_whitespace(text.replace("**", ""))


def _phone_or_keep(match: re.Match[str]) -> str:
    digits = sum(ch.isdigit() for ch in match.group(0))
    return PHONE_PLACEHOLDER if 7 <= digits <= 15 else match.group(0)


def scrub_contacts(text: str) -> str:
    """Replace e-mail addresses and phone numbers in ad text (they identify recruiters)."""
    return _PHONE.sub(_phone_or_keep, _EMAIL.sub(EMAIL_PLACEHOLDER, text))


def cap(text: str, limit: int = MAX_STORED_CHARS) -> str:
    """At most ``limit`` characters, cut at a word boundary with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def clean_description(text: str | None, *, markup: str = "plain") -> str:
    """The stored description: converted from ``markup`` ("plain", "html", "markdown"), scrubbed, capped."""
    if not text:
        return ""
    if markup == "html":
        plain = html_to_text(text)
    elif markup == "markdown":
        plain = strip_markdown(text)
    else:
        plain = normalize_whitespace(text)
    return cap(scrub_contacts(plain))


def summary(text: str, limit: int = 300) -> str:
    """A one-paragraph teaser for a chat card, ending at a sentence or word boundary.

    Why not a hard slice: a card that stops mid-word reads as a bug. The result is at most
    ``limit`` characters; it ends with "…" when the text was longer.
    """
    flat = re.sub(r"\s+", " ", text).strip()
    if len(flat) <= limit:
        return flat
    window = flat[: limit - 2]
    ends = [m.end() for m in _SENTENCE_END.finditer(window + " ")]
    if ends and ends[-1] >= limit // 2:
        return window[: ends[-1]] + " …"
    space = window.rfind(" ")
    if space >= limit // 2:
        window = window[:space]
    return window.rstrip(" ,;:-") + "…"


def parse_local_datetime(value: object, zone: ZoneInfo) -> datetime | None:
    """A timestamp as tz-aware UTC; naive values are read as local time in ``zone``.

    Accepts ISO datetimes (with or without offset or ``Z``, with fractions) and bare dates
    (midnight local). Anything else, including ``None``, gives ``None``: a bad date never fails
    a whole ad.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    raw = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(raw[:10]), datetime.min.time())
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    return parsed.astimezone(timezone.utc)


def parse_jobtech_datetime(value: object) -> datetime | None:
    """JobTech's naive timestamps (``2024-05-08T23:59:59``) are Swedish local time."""
    return parse_local_datetime(value, STOCKHOLM)


def parse_ba_date(value: object) -> datetime | None:
    """BA dates (``2024-05-08`` or ``…T10:00:00.123``) are German local time."""
    return parse_local_datetime(value, BERLIN)


def from_epoch_ms(value: object) -> datetime | None:
    """Epoch milliseconds (JobTech ``timestamp``) as UTC; ``None`` for anything unusable."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value / 1000, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def format_stockholm(moment: datetime) -> str:
    """``YYYY-mm-ddTHH:MM:SS`` in Swedish local time, the form JobTech's ``published-after`` takes."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m-%dT%H:%M:%S")
