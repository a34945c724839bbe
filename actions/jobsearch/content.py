"""How the job-search data files hold their languages: shared settings, then one section per language.

Why this layout: numbers, ids, payloads and the words Orienta *matches* (skip words, "I applied
for ...") are the same whatever language the user speaks, so they are written once at the top;
the texts Orienta *shows* are in one section per language code (``en:``, ``sv:``) with the same
ids in each, which tests/content/test_translations.py checks. A loader asks for one language's
view: the shared settings with that language's texts beside them.
"""

from __future__ import annotations

from typing import Any

from nlu.language import languages


def in_language(raw: dict[str, Any], language: str, source: str) -> dict[str, Any]:
    """The shared entries of ``raw`` and those of its ``language`` section, side by side.

    ``ValueError`` naming ``source`` when the language has no section, or when a key is both
    shared and in the section (one of the two would be silently ignored).
    """
    codes = set(languages().codes)
    texts = raw.get(language)
    if language not in codes or not isinstance(texts, dict):
        raise ValueError(f"{source}: no section of texts for the language {language!r}")
    shared = {key: value for key, value in raw.items() if key not in codes}
    both = sorted(set(shared) & set(texts))
    if both:
        raise ValueError(f"{source}: {both} are both shared and in the {language!r} section")
    return {**shared, **texts}


def default_language() -> str:
    """The language a loader reads when none is asked for (callers outside a conversation)."""
    return languages().default
