"""Texts the gateway says itself, loaded from data/content/gateway_texts.yml.

Kept out of Python so a PES can edit and translate them like every other
text; loaded and checked once at start, so a missing key fails the start
rather than a conversation.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from bot.config import PROJECT_DIR, ConfigError
from bot.languages import ConversationLanguages
from nlu.language import languages

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
    "language_guessed",
)
DEFAULT_LANGUAGE = languages().default  # data/content/languages.yml


@dataclass(frozen=True)
class GatewayTexts:
    """The gateway's own replies, in every language of gateway_texts.yml.

    ``get`` speaks ``language``; ``to(conversation_id)`` gives the texts in that conversation's
    language, as ``conversations`` knows it (bot/languages.py), so a channel answers a Swedish
    speaker in Swedish without knowing how the language was chosen.
    """

    texts: dict[str, str]
    language: str = DEFAULT_LANGUAGE
    by_language: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, repr=False)
    conversations: ConversationLanguages = field(
        default_factory=lambda: ConversationLanguages(DEFAULT_LANGUAGE), compare=False, repr=False
    )

    def get(self, key: str, **values: object) -> str:
        """The text for ``key`` with its {placeholders} filled in."""
        return self.texts[key].format(**values)

    def in_language(self, language: str) -> GatewayTexts:
        """The same texts in ``language``; these when the file has no such language."""
        texts = self.by_language.get(language)
        if texts is None or language == self.language:
            return self
        return replace(self, texts=texts, language=language)

    def to(self, conversation_id: str) -> GatewayTexts:
        """The texts in the language of ``conversation_id``."""
        return self.in_language(self.conversations.of(conversation_id))

    @classmethod
    def load(cls, path: Path = TEXTS_PATH, language: str = DEFAULT_LANGUAGE) -> GatewayTexts:
        """Read and check every language's texts; raise ConfigError naming what is missing.

        ``language`` is the one ``get`` speaks by default (and for conversations not seen yet).
        """
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise ConfigError([f"{path.name} cannot be read: {error}"]) from error
        if not isinstance(document, dict) or not isinstance(document.get(language), dict):
            raise ConfigError([f"{path.name} has no texts for language {language!r}."])
        by_language: dict[str, dict[str, str]] = {}
        problems = []
        for code, texts in document.items():
            texts = texts if isinstance(texts, dict) else {}
            missing = [key for key in REQUIRED_KEYS if not isinstance(texts.get(key), str)]
            if missing:
                problems.append(f"{path.name} ({code}) lacks {', '.join(missing)}.")
            else:
                by_language[str(code)] = {key: texts[key] for key in REQUIRED_KEYS}
        if problems:
            raise ConfigError(problems)
        return cls(
            texts=by_language[language],
            language=language,
            by_language=by_language,
            conversations=ConversationLanguages(language),
        )
