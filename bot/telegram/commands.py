"""The Telegram command table (data/content/telegram_commands.yml).

Each command sends a Rasa payload such as ``/help``. Only commands whose
intent exists in domain.yml are offered (setMyCommands) and accepted, so a
command appears by itself once the issue that adds its intent lands, and a
user never sends Rasa an intent it does not know.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.config import PROJECT_DIR, ConfigError

COMMANDS_PATH = PROJECT_DIR / "data" / "content" / "telegram_commands.yml"
DOMAIN_PATH = PROJECT_DIR / "domain.yml"
_NAME = re.compile(r"[a-z0-9_]{1,32}")
_PAYLOAD = re.compile(r"/([A-Za-z0-9_]+)(\{.*\})?", re.DOTALL)


@dataclass(frozen=True)
class Command:
    """One command: ``/name`` in Telegram, ``payload`` sent to Rasa."""

    name: str
    description: str
    payload: str

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
    for number, entry in enumerate(entries, 1):
        entry = entry if isinstance(entry, dict) else {}
        name, description, payload = (str(entry.get(k, "")).strip() for k in ("command", "description", "payload"))
        if not _NAME.fullmatch(name):
            problems.append(f"{path.name} entry {number}: command must be 1-32 of a-z, 0-9 and _.")
        elif not 1 <= len(description) <= 256:
            problems.append(f"{path.name} /{name}: description must be 1-256 characters.")
        elif not _PAYLOAD.fullmatch(payload):
            problems.append(f"{path.name} /{name}: payload must look like /intent.")
        else:
            commands.append(Command(name, description, payload))
    if len({c.name for c in commands}) < len(commands):
        problems.append(f"{path.name}: a command is listed twice.")
    if problems:
        raise ConfigError(problems)
    return commands


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
