"""``GET /widget.js`` (the embeddable widget) and ``GET /demo`` (a PES page embedding it).

The widget is built from ``widget/`` by ``make widget`` into ``widget/dist/widget.js``; its
texts are not built in but come from ``data/content/widget.yml``, loaded and checked when
the gateway starts, so a PES edits or translates them like every other text without a
JavaScript toolchain. The gateway puts them (and the longest message it accepts) into the
script in place of the placeholder string ``"__ORIENTA_WIDGET_CONFIG__"`` and serves the
result with an ETag, so browsers revalidate cheaply and see a rebuilt widget within minutes.

The demo page is served with the strict Content-Security-Policy README's embed guide asks
of a site, so it proves the widget needs nothing more: no inline script or style, no
third-party origin.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.config import PROJECT_DIR, ConfigError
from bot.security import page_policy

logger = logging.getLogger(__name__)

WIDGET_TEXTS_PATH = PROJECT_DIR / "data" / "content" / "widget.yml"
BUNDLE_PATH = PROJECT_DIR / "widget" / "dist" / "widget.js"
DEMO_PAGE = Path(__file__).resolve().parent / "static" / "demo.html"
PLACEHOLDER = '"__ORIENTA_WIDGET_CONFIG__"'
DEFAULT_LANGUAGE = "en"
SCRIPT_HEADERS = {
    # Short, then revalidated by ETag: an embedding site picks up a new widget quickly.
    "Cache-Control": "public, max-age=300, must-revalidate",
    "X-Content-Type-Options": "nosniff",
    # Sites that isolate themselves (Cross-Origin-Embedder-Policy) may still load it.
    "Cross-Origin-Resource-Policy": "cross-origin",
}
SETTINGS_KEYS = ("handoff_payload", "greet_payload")


def demo_csp(request: Request) -> str:
    """The demo page's policy: only this gateway, as README's embed guide lists for a site."""
    return page_policy(request.headers.get("host", ""))


@dataclass(frozen=True)
class WidgetTexts:
    """The widget's settings and per-language UI strings from widget.yml."""

    settings: dict[str, str]
    languages: dict[str, dict[str, str]]

    @classmethod
    def load(cls, path: Path = WIDGET_TEXTS_PATH, intents: frozenset[str] | None = None) -> WidgetTexts:
        """Read and check widget.yml; raise ConfigError naming every problem.

        Args:
            path: the file.
            intents: the domain's intents; when given, the hidden payloads must name one.
        """
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise ConfigError([f"{path.name} cannot be read: {error}"]) from error
        if not isinstance(document, dict):
            raise ConfigError([f"{path.name} must be a mapping."])
        problems: list[str] = []
        settings = {key: document.get(key) for key in SETTINGS_KEYS}
        for key, value in settings.items():
            if not isinstance(value, str) or not value:
                problems.append(f"{path.name}: {key} must be a text.")
        for key in ("handoff_payload", "greet_payload"):
            value = settings.get(key)
            if intents is not None and isinstance(value, str) and value.removeprefix("/") not in intents:
                problems.append(f"{path.name}: {key} {value!r} is not an intent in domain.yml.")
        languages = document.get("languages")
        if not isinstance(languages, dict) or not isinstance(languages.get(DEFAULT_LANGUAGE), dict):
            raise ConfigError([*problems, f"{path.name} has no texts for language {DEFAULT_LANGUAGE!r}."])
        required = list(languages[DEFAULT_LANGUAGE])
        for language, texts in languages.items():
            missing = [k for k in required if not isinstance(texts, dict) or not isinstance(texts.get(k), str)]
            if missing:
                problems.append(f"{path.name} ({language}) lacks {', '.join(missing)}.")
        if problems:
            raise ConfigError(problems)
        return cls(
            settings={k: str(v) for k, v in settings.items()},
            languages={str(lang): {k: texts[k] for k in required} for lang, texts in languages.items()},
        )

    def as_config(self, max_message_chars: int) -> dict[str, Any]:
        """What the widget reads at start (its ``CONFIG``)."""
        return {
            **self.settings,
            "default_language": DEFAULT_LANGUAGE,
            "languages": self.languages,
            "max_message_chars": max_message_chars,
        }


@dataclass
class WidgetScript:
    """The built bundle with the configuration put in, re-read when the build changes."""

    config: dict[str, Any]
    bundle_path: Path = BUNDLE_PATH
    _cached: tuple[float, bytes, str] | None = field(default=None, init=False, repr=False)

    def body(self) -> tuple[bytes, str] | None:
        """The script and its ETag, or None when the widget was not built."""
        try:
            mtime = self.bundle_path.stat().st_mtime
        except OSError:
            return None
        if self._cached is None or self._cached[0] != mtime:
            source = self.bundle_path.read_text(encoding="utf-8")
            if source.count(PLACEHOLDER) != 1:
                logger.error("%s has no single config placeholder; rebuild it with make widget", self.bundle_path)
                return None
            # ASCII-only JSON is a valid JavaScript expression wherever it is put.
            script = source.replace(PLACEHOLDER, json.dumps(self.config, ensure_ascii=True)).encode("utf-8")
            self._cached = (mtime, script, '"' + hashlib.sha256(script).hexdigest()[:20] + '"')
        return self._cached[1], self._cached[2]


def widget_routes(script: WidgetScript, demo_page: Path = DEMO_PAGE) -> list[Route]:
    """``/widget.js`` and ``/demo``."""

    async def widget_js(request: Request) -> Response:
        built = script.body()
        if built is None:
            return PlainTextResponse("widget.js is not built: run `make widget`.", status_code=503)
        content, etag = built
        headers = {**SCRIPT_HEADERS, "ETag": etag}
        if etag in {tag.strip() for tag in request.headers.get("if-none-match", "").split(",")}:
            return Response(status_code=304, headers=headers)
        return Response(content, media_type="text/javascript; charset=utf-8", headers=headers)

    async def demo(request: Request) -> Response:
        return FileResponse(
            demo_page,
            media_type="text/html; charset=utf-8",
            headers={"Cache-Control": "no-cache", "Content-Security-Policy": demo_csp(request)},
        )

    return [Route("/widget.js", widget_js), Route("/demo", demo)]
