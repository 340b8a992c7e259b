"""Tokens with offsets, and the word classes the rules test (capitalized, acronym, region, ...)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from ..lexicon import load_table

__all__ = [
    "outside_parens",
    "unknown_region_at",
    "Token",
    "tokenize",
    "starts_within",
    "is_cap",
    "is_acronym",
    "words",
    "regions",
    "region_at",
    "phrase_at",
]

_TOKEN = re.compile(r"(?:[A-Za-z]{1,3}\.){2,}|\d+(?:[.,]\d+)*|\w+(?:[-'’]\w+)*|\S")


@dataclass(frozen=True)
class Token:
    """A word or punctuation mark; ``start``/``end`` are offsets into the article text."""

    start: int
    end: int
    text: str


@cache
def _abbreviations() -> frozenset[str]:
    table = load_table("words")
    return (
        frozenset(table["honorific_prefix"])
        | frozenset(table["degree_suffix"])
        | {"Plt.", "Pj.", "Plh.", "Prov.", "Kab."}
    )


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Return the tokens of ``text``; offsets are shifted by ``offset`` (where ``text`` starts)."""
    out: list[Token] = []
    abbreviations = _abbreviations()
    for m in _TOKEN.finditer(text):
        start, end = m.start(), m.end()
        if end < len(text) and text[end] == "." and text[start : end + 1] in abbreviations:
            end += 1
        if out and out[-1].end - offset > start:
            continue  # the period was taken by the abbreviation before
        out.append(Token(offset + start, offset + end, text[start:end]))
    return out


def starts_within(tokens: list[Token], spans: list[tuple[int, int]], *, first: bool = True) -> set[int]:
    """Return the start offsets of the tokens inside any of ``spans`` (``[start, end)``); with
    ``first=False`` the token that opens a span is left out."""
    starts = [t.start for t in tokens]
    out: set[int] = set()
    for start, end in spans:
        k = bisect_left(starts, start if first else start + 1)
        while k < len(starts) and starts[k] < end:
            out.add(starts[k])
            k += 1
    return out


def outside_parens(tokens: list[Token]) -> list[Token]:
    """Return the tokens that are not inside parentheses (the parentheses themselves left out too)."""
    out, depth = [], 0
    for t in tokens:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(t)
    return out


def is_cap(token: Token) -> bool:
    """Whether the token starts with a capital letter."""
    return token.text[:1].isupper()


def is_acronym(token: Token) -> bool:
    """Whether the token is an acronym: two or more capitals and no more lowercase than capitals."""
    t = token.text
    upper = sum(c.isupper() for c in t)
    return upper >= 2 and upper >= sum(c.islower() for c in t)


@cache
def words(kind: str) -> frozenset[str]:
    """Return the word list ``kind`` of kg/lexicon/words.toml."""
    return frozenset(load_table("words")[kind])


@cache
def regions() -> dict[str, tuple[str, str]]:
    """Return region names and short forms (lower-cased) → (full name, "province" or "city")."""
    table = load_table("places")
    out: dict[str, tuple[str, str]] = {c.lower(): (c, "city") for c in table["cities"]["names"]}
    for province in table["provinces"]:
        out[province.lower()] = (province, "province")
    for province, shorts in table["provinces"].items():
        for short in shorts:
            out.setdefault(short.lower(), (province, "province"))
    return out


_PREFILTER_MIN = 16
_HEAD_SPLIT = re.compile(r"[ /-]")
_HEADS: dict[tuple[int, bool], tuple[dict, frozenset[str]]] = {}


def _phrase_heads(phrases: dict[str, object], case_sensitive: bool) -> frozenset[str]:
    """Return the first words (up to a space, '/' or '-') of ``phrases``' keys, cached per table."""
    entry = _HEADS.get((id(phrases), case_sensitive))
    if entry is None or entry[0] is not phrases:
        if len(_HEADS) > 256:  # tables built per call must not pile up
            _HEADS.clear()
        heads = frozenset(_HEAD_SPLIT.split(k if case_sensitive else k.lower(), 1)[0] for k in phrases)
        entry = _HEADS[(id(phrases), case_sensitive)] = (phrases, heads)
    return entry[1]


def phrase_at(
    tokens: list[Token], i: int, phrases: dict[str, object], max_len: int = 6, case_sensitive: bool = False
) -> tuple[int, object] | None:
    """Return (number of tokens, value) of the longest phrase from ``phrases`` starting at token ``i``."""
    if i >= len(tokens):
        return None
    if len(phrases) >= _PREFILTER_MIN:  # most tokens start no phrase: say so without joining tokens
        first = _HEAD_SPLIT.split(tokens[i].text, 1)[0]
        if (first if case_sensitive else first.lower()) not in _phrase_heads(phrases, case_sensitive):
            return None
    for n in range(min(max_len, len(tokens) - i), 0, -1):
        text = " ".join(t.text for t in tokens[i : i + n])
        key = text if case_sensitive else text.lower()
        if key in phrases:
            return n, phrases[key]
        if "/" in key or "-" in key:  # "Barang/Jasa", "Dindagkop-UKM" are written without spaces
            tight = key.replace(" / ", "/").replace(" - ", "-")
            if tight in phrases:
                return n, phrases[tight]
    return None


def unknown_region_at(tokens: list[Token], i: int) -> int:
    """Return how many capitalized words at ``i`` name a region the gazetteer lacks: one word, two after a
    prefix word ("Kepulauan Selayar"), and a direction word after them ("Lombok Timur"); 0 when none."""
    if i >= len(tokens) or not is_cap(tokens[i]) or is_acronym(tokens[i]):
        return 0
    words_ = load_table("places")["region_words"]
    n = 2 if tokens[i].text in words_["prefixes"] and i + 1 < len(tokens) and is_cap(tokens[i + 1]) else 1
    if i + n < len(tokens) and tokens[i + n].text in words_["suffixes"]:
        n += 1
    return n


def region_at(tokens: list[Token], i: int) -> tuple[int, str, str] | None:
    """Return (number of tokens, full name, kind) of a region name starting at token ``i``."""
    if i >= len(tokens) or not is_cap(tokens[i]):
        return None
    found = phrase_at(tokens, i, regions(), max_len=4)
    if not found:
        return None
    n, (full, kind) = found
    return n, full, kind
