"""Cross-site request forgery: every console POST must carry its session's token.

SameSite=Lax already keeps the cookie off cross-site POSTs in current browsers; the token is the
defence that does not depend on the browser. It is a hidden ``csrf_token`` form field (or an
``X-CSRF-Token`` header for scripts), compared in constant time with the session's.
"""

from __future__ import annotations

import hmac

FIELD = "csrf_token"
HEADER = "x-csrf-token"


def token_matches(expected: str, given: str | None) -> bool:
    """True when ``given`` is the session's token; a missing or empty one never matches."""
    return bool(given) and hmac.compare_digest(expected.encode("utf-8"), (given or "").encode("utf-8"))
