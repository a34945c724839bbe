"""Which language the console speaks to this operator, and the header's switch between them.

An operator's own choice (the switch in the header, kept in a cookie for a year) wins; without
one, the browser's ``Accept-Language`` decides (the first language it prefers that the console
has); without that, the deployment's ``ORIENTA_CONSOLE_LANGUAGE``. A cookie rather than the user
record, so the choice also holds on the login page, before anyone is known.
"""

from __future__ import annotations

from collections.abc import Callable

from nlu.language import Languages

COOKIE = "orienta_console_language"
COOKIE_SECONDS = 365 * 86400
SWITCH_PATH = "/console/language"
HOME = "/console"


def preferred(header: str | None, supported: Callable[[str], str | None]) -> str | None:
    """The language of ``Accept-Language`` with the highest weight that ``supported`` knows, or None."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        code = supported(tag) if tag and tag != "*" else None
        if code and weight > 0:
            weighted.append((-weight, position, code))
    return min(weighted)[2] if weighted else None


def choose(cookie: str | None, accept_language: str | None, spoken: Languages, default: str) -> str:
    """The console's language for a request: the cookie's, the browser's, or ``default``."""
    return spoken.supported(cookie) or preferred(accept_language, spoken.supported) or default


def local_path(back: str | None) -> str:
    """``back`` when it is a console page on this site, else the start page (no open redirect)."""
    if not back or not back.startswith(HOME) or "\\" in back or back.startswith(SWITCH_PATH):
        return HOME
    rest = back[len(HOME) :]
    return back if rest == "" or rest[0] in "/?" else HOME
