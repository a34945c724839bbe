"""Reading configuration variables: the ``.env`` file and a reader that collects problems.

Why a module of its own: the gateway's settings (bot/config.py) and the Telegram channel's
(bot/telegram/settings.py) are read the same way, and every problem must be reported at once,
naming its variable, instead of stopping at the first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path


class ConfigError(Exception):
    """The configuration cannot be used; ``problems`` says why, one line each.

    Each line names the variable or file at fault and what would fix it, so
    the first thing a user sees is an instruction, not a traceback.
    """

    def __init__(self, problems: list[str]) -> None:
        """Keep every problem, so the user can fix them all in one go."""
        super().__init__("\n".join(problems))
        self.problems = problems

    def __str__(self) -> str:
        """Render as the message printed when Orienta refuses to start."""
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        return f"Orienta cannot start, the configuration has problems:\n{lines}"


def read_env_file(path: Path) -> dict[str, str]:
    """Parse a ``.env`` file of ``KEY=value`` lines (``#`` starts a comment).

    Deliberately small: no interpolation or multi-line values, so what the
    file says is exactly what the process gets.
    """
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.removeprefix("export ").partition("=")
        key = key.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise ConfigError([f"{path.name} line {number}: expected KEY=value"])
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


class EnvReader:
    """Reads variables one by one, collecting problems instead of raising."""

    def __init__(self, env: Mapping[str, str]) -> None:
        """Read from ``env``; problems accumulate in ``problems``."""
        self.env = env
        self.problems: list[str] = []

    def text(self, name: str, default: str) -> str:
        """The stripped value, or ``default`` when unset or blank."""
        value = self.env.get(name, "").strip()
        return value or default

    def port(self, name: str, default: int) -> int:
        """A TCP port number."""
        raw = self.text(name, str(default))
        if raw.isdigit() and 1 <= int(raw) <= 65535:
            return int(raw)
        self.problems.append(f"{name}={raw!r} is not a port number (1-65535).")
        return default

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        """A whole number in [low, high]."""
        raw = self.text(name, str(default))
        if raw.isdigit() and low <= int(raw) <= high:
            return int(raw)
        self.problems.append(f"{name}={raw!r} must be a whole number from {low} to {high}.")
        return default

    def seconds(self, name: str, default: float, low: float, high: float, unit: str = "seconds") -> float:
        """A number in [low, high], of ``unit`` (named in the problem text)."""
        raw = self.text(name, str(default))
        try:
            value = float(raw)
        except ValueError:
            value = float("nan")
        if low <= value <= high:
            return value
        self.problems.append(f"{name}={raw!r} must be a number of {unit} from {low:g} to {high:g}.")
        return default

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        """One of ``choices``, compared in upper case."""
        raw = self.text(name, default).upper()
        if raw in choices:
            return raw
        self.problems.append(f"{name}={raw!r} must be one of {', '.join(choices)}.")
        return default
