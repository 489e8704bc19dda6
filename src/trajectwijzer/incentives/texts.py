"""Texts and incentive descriptions, kept as data in ``data/*.yaml`` (nl, fr, en)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"
LANGUAGES = ("nl", "fr", "en")
DEFAULT_LANGUAGE = "nl"


@cache
def load(name: str) -> Any:
    with (DATA_DIR / f"{name}.yaml").open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def validation_message(kind: str, language: str, **values: str) -> str:
    template = load("texts")["validation"][kind][language]
    return template.format(**values)


def warning(kind: str, language: str, **values: str) -> str:
    return load("texts")["warnings"][kind][language].format(**values)
