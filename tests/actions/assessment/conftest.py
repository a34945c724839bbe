"""Shared pieces for the self-assessment tests: the data read with plain Python, and the modules."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
import yaml

from actions.assessment.questionnaire import Module, default_modules

DATA = Path(__file__).resolve().parents[3] / "data"


def csv_rows(relative: str) -> list[dict[str, str]]:
    """A data CSV read independently of the code under test."""
    with (DATA / relative).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def yaml_data(relative: str) -> Any:
    """A data YAML read independently of the code under test."""
    with (DATA / relative).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="session")
def modules() -> dict[str, Module]:
    return default_modules()


@pytest.fixture(scope="session")
def interests(modules: dict[str, Module]) -> Module:
    return modules["interests"]


@pytest.fixture(scope="session")
def cms(modules: dict[str, Module]) -> Module:
    return modules["cms"]


@pytest.fixture(scope="session")
def digital(modules: dict[str, Module]) -> Module:
    return modules["digital"]
