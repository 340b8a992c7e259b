"""Domain knowledge as data: the TOML tables the extraction engine reads, loaded once."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

__all__ = ["LEXICON_DIR", "load_table", "compile_patterns"]

LEXICON_DIR = Path(__file__).resolve().parent


@cache
def load_table(name: str) -> dict:
    """Return the parsed contents of ``kg/lexicon/<name>.toml``."""
    with open(LEXICON_DIR / f"{name}.toml", "rb") as f:
        return tomllib.load(f)


@cache
def compile_patterns(name: str, key: str) -> tuple[re.Pattern[str], ...]:
    """Return the case-insensitive regular expressions listed under ``key`` in table ``name``."""
    return tuple(re.compile(p, re.IGNORECASE) for p in load_table(name).get(key, []))
