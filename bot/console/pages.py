"""The console's pages as HTML: the Jinja2 environment, its filters, and each page's language.

Every page and fragment gets ``t``, the console's texts (texts.py) in the operator's language
(language_choice.py), and the header's language switch; ``<html lang>`` follows ``t``. Dates
and times stay ISO 8601 (``2026-05-04 13:05:00``) in every language: Swedish writes dates that
way too, and a list sorts by them as it reads.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

from bot.console import language_choice
from bot.console.access import REASONS
from bot.console.analytics import FUNNEL, METRICS
from bot.console.monitor import FLAGS, STATES
from bot.console.texts import ConsoleTexts, Texts, key_of
from bot.console.users import MIN_PASSWORD_LENGTH, ROLES
from nlu.language import languages

HERE = Path(__file__).resolve().parent
#: Keys the templates build from the console's own names (a state, a flag, a role, a metric).
NAMED_KEYS = tuple(
    f"{group}.{key_of(name)}"
    for group, names in (
        ("states", STATES),
        ("flags", FLAGS),
        ("roles", ROLES),
        ("metrics", METRICS),
        ("funnel", FUNNEL),
        ("forbidden", REASONS),
    )
    for name in names
)


class Pages:
    """Renders templates/ in each operator's language."""

    def __init__(self, timezone: str, language: str | None = None) -> None:
        """Show times in ``timezone``; ``language`` is the default (ORIENTA_CONSOLE_LANGUAGE).

        The texts are loaded and checked here, when the gateway starts.
        """
        self.texts = ConsoleTexts.load(required=NAMED_KEYS)
        self.languages = languages()
        self.language = language or self.languages.default
        zone = self.zone = ZoneInfo(timezone)
        env = self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, undefined=jinja2.StrictUndefined
        )
        env.filters["when"] = lambda ts: datetime.fromtimestamp(ts, zone).strftime("%Y-%m-%d %H:%M:%S") if ts else "-"
        env.filters["idpath"] = lambda cid: quote(cid, safe="")
        env.filters["minutes"] = jinja2.pass_context(
            lambda context, seconds: context["t"]("minutes", n=round(seconds / 60)) if seconds is not None else "-"
        )
        env.filters["say"] = jinja2.pass_context(lambda context, what: context["t"].say(what))
        env.filters["key"] = key_of

    def texts_for(self, request: Request) -> Texts:
        """The texts in the language this operator reads (language_choice.py says which)."""
        code = language_choice.choose(
            request.cookies.get(language_choice.COOKIE),
            request.headers.get("accept-language"),
            self.languages,
            self.language,
        )
        return self.texts[code]

    def render(self, request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        """A page from templates/ in the operator's language, never cached."""
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        switch = [
            (known.code, known.label, f"{language_choice.SWITCH_PATH}?{urlencode({'to': known.code, 'back': here})}")
            for known in self.languages.known
        ]
        context = {"t": self.texts_for(request), "languages": switch, "min_password": MIN_PASSWORD_LENGTH, **context}
        html = self.env.get_template(name).render(**context)
        return HTMLResponse(html, status_code=status_code, headers={"Cache-Control": "no-store"})

    def fragment(self, name: str, texts: Texts, **context: Any) -> str:
        """A part of a page (the list's rows, a transcript's turns) in ``texts``' language."""
        return self.env.get_template(name).render(t=texts, **context)
