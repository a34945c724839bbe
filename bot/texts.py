"""Texts the gateway says itself, loaded from data/content/gateway_texts.yml.

Kept out of Python so a PES can edit and translate them like every other
text; loaded and checked once at start, so a missing key fails the start
rather than a conversation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.config import PROJECT_DIR, ConfigError

TEXTS_PATH = PROJECT_DIR / "data" / "content" / "gateway_texts.yml"
REQUIRED_KEYS = (
    "empty_message",
    "message_too_long",
    "not_text",
    "unavailable",
    "slow",
    "failed",
    "not_answered",
    "kept",
    "kept_expired",
    "kept_full",
    "telegram_unsupported",
    "telegram_location_unused",
    "telegram_group_declined",
    "telegram_unknown_command",
    "telegram_button_expired",
    "telegram_button_chosen",
    "telegram_document_failed",
    "telegram_chart_failed",
    "chart_in_words",
    "card_employer",
    "handoff_asked",
    "handoff_bot_failed",
    "handoff_position",
    "handoff_later",
    "handoff_later_unknown",
    "handoff_meanwhile",
    "handoff_when_format",
    "rating_ask",
    "rating_thanks",
    "card_place",
    "card_published",
    "card_deadline",
    "card_source",
    "card_demo",
    "card_apply",
    "card_open_ad",
    "export_ready",
    "export_caption",
    "export_failed",
    "erased",
    "erase_failed",
    "too_many_messages",
    "operator_joined",
    "operator_left",
)
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class GatewayTexts:
    """The gateway's own replies in one language."""

    texts: dict[str, str]

    def get(self, key: str, **values: object) -> str:
        """The text for ``key`` with its {placeholders} filled in."""
        return self.texts[key].format(**values)

    @classmethod
    def load(cls, path: Path = TEXTS_PATH, language: str = DEFAULT_LANGUAGE) -> GatewayTexts:
        """Read and check the texts; raise ConfigError naming what is missing."""
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise ConfigError([f"{path.name} cannot be read: {error}"]) from error
        texts = document.get(language) if isinstance(document, dict) else None
        if not isinstance(texts, dict):
            raise ConfigError([f"{path.name} has no texts for language {language!r}."])
        missing = [key for key in REQUIRED_KEYS if not isinstance(texts.get(key), str)]
        if missing:
            raise ConfigError([f"{path.name} ({language}) lacks {', '.join(missing)}."])
        return cls(texts={key: texts[key] for key in REQUIRED_KEYS})
