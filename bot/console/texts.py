"""The console's own words for staff, in each language, from data/content/console.yml.

Kept out of the templates and Python so a PES can edit and translate them like every other
text. Loaded and checked once when the gateway starts: every language must have the English
keys with the same {placeholders}, and every key the templates and the console's modules name
must exist, so a missing or broken translation stops the start instead of a page.

Python code that has something to tell an operator (an error, a line of the brief) does not
write the sentence: it returns a ``Phrase`` (a key and its values) or raises a ``ConsoleError``,
and the page says it in the operator's language.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.config import PROJECT_DIR
from bot.environment import ConfigError
from nlu.language import languages

TEXTS_PATH = PROJECT_DIR / "data" / "content" / "console.yml"
HERE = Path(__file__).resolve().parent
#: A key named in a template (``t("list.title")``) or in Python (``Phrase.of("brief.goal")``, ``…Error("…")``).
_TEMPLATE_KEY = re.compile(r"""\bt\(\s*["']([a-z_]+(?:\.[a-z_]+)*)["']""")
_PYTHON_KEY = re.compile(r"""(?:Phrase\.of|Phrase|Error|__init__)\(\s*["']([a-z_]+\.[a-z_.]+)["']""")


@dataclass(frozen=True)
class Phrase:
    """Something to tell an operator, said in their language when the page is rendered."""

    key: str
    values: Mapping[str, object] = field(default_factory=dict)

    @classmethod
    def of(cls, key: str, **values: object) -> Phrase:
        """The phrase ``key`` with its placeholders' values."""
        return cls(key, values)


class ConsoleError(Exception):
    """An error whose message for the operator is a console text (``phrase``).

    ``str(error)`` is the key and values, for logs; pages say ``phrase`` in the operator's language.
    """

    def __init__(self, key: str, **values: object) -> None:
        """Say ``key`` with ``values`` to the operator."""
        super().__init__(key)
        self.phrase = Phrase(key, values)


@dataclass(frozen=True)
class Texts:
    """The console's texts in one language; call it with a key (and values) to get a text."""

    language: str
    texts: Mapping[str, str]

    def __call__(self, key: str, **values: object) -> str:
        """The text for ``key`` with its {placeholders} filled in (KeyError for an unknown key)."""
        return self.texts[key].format(**values)

    def say(self, what: Phrase | str) -> str:
        """A phrase in this language; a plain string (data such as a slot's value) as it is."""
        return self(what.key, **what.values) if isinstance(what, Phrase) else what


@dataclass(frozen=True)
class ConsoleTexts:
    """Every language's console texts, checked at load."""

    by_language: Mapping[str, Texts]
    default: str

    def __getitem__(self, language: str) -> Texts:
        """The texts in ``language`` (a code ``load`` checked), else in the default language."""
        return self.by_language.get(language) or self.by_language[self.default]

    @property
    def codes(self) -> tuple[str, ...]:
        """The languages the console speaks."""
        return tuple(self.by_language)

    @classmethod
    def load(cls, path: Path = TEXTS_PATH, required: Iterable[str] = ()) -> ConsoleTexts:
        """Read and check the file; raise ConfigError naming each problem.

        Each of Orienta's languages (data/content/languages.yml) must be there with the default
        language's keys and placeholders; ``required`` and the keys the templates and the
        console's modules name (``used_keys``) must be among the default language's keys.
        """
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise ConfigError([f"{path.name} cannot be read: {error}"]) from error
        spoken = languages()
        document = document if isinstance(document, dict) else {}
        flat = {code: _flatten(document.get(code)) for code in spoken.codes}
        reference = flat[spoken.default]
        problems = []
        if not reference:
            problems.append(f"{path.name} has no texts for language {spoken.default!r}.")
        for code, texts in flat.items():
            missing = sorted(set(reference) - set(texts))
            if missing:
                problems.append(f"{path.name} ({code}) lacks {', '.join(missing)}.")
            differ = sorted(
                k for k in set(reference) & set(texts) if _placeholders(texts[k]) != _placeholders(reference[k])
            )
            if differ:
                problems.append(
                    f"{path.name} ({code}): other {{placeholders}} than {spoken.default} in {', '.join(differ)}."
                )
        unknown = sorted((set(required) | used_keys()) - set(reference))
        if unknown and reference:
            problems.append(f"{path.name} ({spoken.default}) lacks {', '.join(unknown)}, which the console uses.")
        if problems:
            raise ConfigError(problems)
        return cls({code: Texts(code, texts) for code, texts in flat.items()}, spoken.default)


def key_of(name: str) -> str:
    """A console name as a key's last part: "waiting for a person" -> "waiting_for_a_person"."""
    return name.lower().replace(" ", "_")


def used_keys(directory: Path = HERE) -> set[str]:
    """The literal keys the templates and modules of ``directory`` name."""
    found: set[str] = set()
    for template in (directory / "templates").glob("*.html"):
        found.update(_TEMPLATE_KEY.findall(template.read_text(encoding="utf-8")))
    for module in directory.glob("*.py"):
        found.update(_PYTHON_KEY.findall(module.read_text(encoding="utf-8")))
    return found


def _flatten(node: Any, prefix: str = "") -> dict[str, str]:
    if not isinstance(node, dict):
        return {}
    flat: dict[str, str] = {}
    for key, value in node.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, str):
            flat[name] = value
    return flat


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
