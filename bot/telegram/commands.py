"""The Telegram command table (data/content/telegram_commands.yml).

Each command sends a Rasa payload such as ``/help``. Only commands whose
intent exists in domain.yml are offered (setMyCommands) and accepted, so a
command appears by itself once the issue that adds its intent lands, and a
user never sends Rasa an intent it does not know.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.config import PROJECT_DIR, ConfigError
from nlu.language import languages

COMMANDS_PATH = PROJECT_DIR / "data" / "content" / "telegram_commands.yml"
DOMAIN_PATH = PROJECT_DIR / "domain.yml"
_NAME = re.compile(r"[a-z0-9_]{1,32}")
_PAYLOAD = re.compile(r"/([A-Za-z0-9_]+)(\{.*\})?", re.DOTALL)


#: The language of a plain description, and of the menu for everyone (data/content/languages.yml).
DEFAULT_LANGUAGE = languages().default


@dataclass(frozen=True)
class Command:
    """One command: ``/name`` in Telegram, ``payload`` sent to Rasa.

    ``description`` is the default language's; ``translations`` the others', by language code.
    """

    name: str
    description: str
    payload: str
    translations: dict[str, str] = field(default_factory=dict, compare=False)

    def described_in(self, language: str) -> str:
        """The menu text in ``language``; the default language's when there is none."""
        return self.translations.get(language, self.description)

    @property
    def intent(self) -> str:
        """The intent the payload triggers (``/inform{...}`` -> ``inform``)."""
        match = _PAYLOAD.fullmatch(self.payload)
        assert match, "checked when loaded"
        return match.group(1)


def load_commands(path: Path = COMMANDS_PATH) -> list[Command]:
    """Read and check the table; ConfigError lists every bad entry."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError([f"{path.name} cannot be read: {error}"]) from error
    entries = document.get("commands") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise ConfigError([f"{path.name} needs a list under 'commands'."])
    commands, problems = [], []
    languages = {str(code) for e in entries if isinstance(e, dict) for code in _descriptions(e.get("description"))}
    for number, entry in enumerate(entries, 1):
        entry = entry if isinstance(entry, dict) else {}
        name, payload = (str(entry.get(k, "")).strip() for k in ("command", "payload"))
        descriptions = _descriptions(entry.get("description"))
        missing = sorted((languages | {DEFAULT_LANGUAGE}) - set(descriptions))
        if not _NAME.fullmatch(name):
            problems.append(f"{path.name} entry {number}: command must be 1-32 of a-z, 0-9 and _.")
        elif missing:
            problems.append(f"{path.name} /{name}: no description in {', '.join(missing)}.")
        elif not all(1 <= len(text) <= 256 for text in descriptions.values()):
            problems.append(f"{path.name} /{name}: description must be 1-256 characters.")
        elif not _PAYLOAD.fullmatch(payload):
            problems.append(f"{path.name} /{name}: payload must look like /intent.")
        else:
            default = descriptions.pop(DEFAULT_LANGUAGE)
            commands.append(Command(name, default, payload, descriptions))
    if len({c.name for c in commands}) < len(commands):
        problems.append(f"{path.name}: a command is listed twice.")
    if problems:
        raise ConfigError(problems)
    return commands


def _descriptions(value: object) -> dict[str, str]:
    """A description per language: a mapping as written, or one text for the default language."""
    if isinstance(value, dict):
        return {str(code): str(text).strip() for code, text in value.items()}
    return {DEFAULT_LANGUAGE: str(value or "").strip()} if value else {}


def menu_languages(commands: Iterable[Command]) -> list[str]:
    """The languages other than the default that have menu texts (setMyCommands language_code)."""
    return sorted({code for command in commands for code in command.translations})


def domain_intents(path: Path = DOMAIN_PATH) -> frozenset[str]:
    """The intents listed in domain.yml (plain names or ``{name: {...}}`` entries)."""
    try:
        domain = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError([f"{path.name} cannot be read: {error}"]) from error
    names: set[str] = set()
    for entry in domain.get("intents") or []:
        if isinstance(entry, str):
            names.add(entry)
        elif isinstance(entry, dict):
            names.update(str(key) for key in entry)
    return frozenset(names)


def available(commands: Iterable[Command], intents: frozenset[str]) -> list[Command]:
    """The commands whose intent the assistant knows, in the table's order."""
    return [command for command in commands if command.intent in intents]


def command_name(text: str) -> str:
    """``"/Help@OrientaBot more"`` -> ``"help"``: the name a user typed."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    return first.removeprefix("/").split("@", 1)[0].lower()
