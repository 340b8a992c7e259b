"""Who speaks in a sentence: speech verbs next to an official, "menurut X", and pronouns for the last speaker.

Speech verbs and pronoun forms live in kg/lexicon/speech.toml.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..lexicon import load_table
from .officials import Official, OfficialBook, OfficialMention, read_name
from .tokens import Token, is_cap, words

__all__ = ["Speech", "find_speaker", "has_quote"]


@dataclass(frozen=True)
class Speech:
    """The official a sentence is attributed to, and how: "named", "title" or "pronoun"."""

    official: Official
    how: str


@lru_cache(maxsize=1)
def _verbs() -> frozenset[str]:
    return frozenset(v.lower() for v in load_table("speech")["verbs"])


@lru_cache(maxsize=1)
def _table() -> dict:
    return load_table("speech")


def _is_verb(t: Token) -> bool:
    w = t.text.lower()
    return w in _verbs() or (w.endswith("nya") and w[:-3] in _verbs())


def _is_pronoun_verb(t: Token) -> bool:
    w = t.text.lower()
    return w.endswith(_table()["pronoun_suffix"]) and w[:-3] in _verbs() | {
        "menurut",
        "dikatakan",
        "dijelaskan",
    }


def has_quote(text: str) -> bool:
    """Whether the text holds direct speech (a quote mark)."""
    return any(q in text for q in _table()["open_quotes"])


def find_speaker(
    tokens: list[Token],
    mentions: list[OfficialMention],
    book: OfficialBook,
    last: Official | None,
    sentence: tuple[int, int],
    taken: set[int] = frozenset(),
) -> Speech | None:
    """Return who the sentence is attributed to, creating an official for an unknown named speaker.

    ``taken`` holds the offsets of tokens that belong to agency names, which are never speakers' names.
    """
    lowered = [t.text.lower() for t in tokens]
    skip = {"juga", ",", "pun", "kembali", "lebih", "lanjut", "pula", "dalam", "saat"}
    # 0. an interview's answer: "Maria: ..." names a known official before a colon
    if len(tokens) > 2 and tokens[1].text == ":" and is_cap(tokens[0]):
        official = book.resolve_name(tokens[0].text)
        if official is not None:
            return Speech(official, "named")
    # 1. an official mention next to a speech verb, or after "menurut"
    for m in mentions:
        k_end = next((k for k, t in enumerate(tokens) if t.end == m.end), None)
        k_start = next((k for k, t in enumerate(tokens) if t.start == m.start), None)
        if k_end is None or k_start is None:
            continue
        near_after = any(
            _is_verb(tokens[k])
            for k in range(k_end + 1, min(k_end + 4, len(tokens)))
            if all(lowered[x] in skip for x in range(k_end + 1, k))
        ) or _verb_after_relative_clause(tokens, lowered, k_end + 1)
        near_before = k_start > 0 and (
            _is_verb(tokens[k_start - 1])
            or lowered[k_start - 1] in ("menurut", *_table()["passive_prefixes"])
        )
        after_context = k_end + 1 < len(tokens) and lowered[k_end + 1] in ("dalam", "saat", "di", "ketika")
        if near_after or near_before or (after_context and any(_is_verb(t) for t in tokens[k_end + 1 :])):
            official = _resolve(m, book, sentence)
            if official:
                return Speech(official, "named" if m.name else "title")
    # 2. a bare name next to a speech verb ("kata Reni", "Margalis mengatakan", "Menurut Agus")
    for k, t in enumerate(tokens):
        if not _is_verb(t) and lowered[k] not in ("menurut", *_table()["passive_prefixes"]):
            continue
        if _is_pronoun_verb(t):
            continue
        cands = []
        inverted = lowered[k] in _table()["inverted"] or lowered[k] in _table()["passive_prefixes"]
        if inverted and k + 1 < len(tokens) and is_cap(tokens[k + 1]):
            cands.append(k + 1)
        b = k - 1
        while b >= 0 and lowered[b] in skip - {","}:
            b -= 1
        if b >= 0 and is_cap(tokens[b]):
            start = b
            while start > 0 and is_cap(tokens[start - 1]) and start > b - 3:
                start -= 1
            cands.append(start)
        for c in cands:
            if tokens[c].start in taken:
                continue
            found = read_name(tokens, c)
            if not found:
                continue
            used, name, pre, suf = found
            if c + used - 1 != b and c != k + 1:
                continue
            official = book.resolve_name(name)
            if official is not None and name != official.name and name not in official.aliases:
                official.aliases.append(name)
            if official is None and name not in words("not_names") and c > 0 and len(name) > 2:
                official = book.add(
                    OfficialMention(
                        tokens[c].start,
                        tokens[c + used - 1].end,
                        name,
                        None,
                        honorific_prefix=pre,
                        honorific_suffix=suf,
                    ),
                    sentence,
                )
            if official:
                return Speech(official, "named")
    # 3. a pronoun or -nya form points back to the last speaker
    if last is not None:
        text = " ".join(lowered)
        if any(_is_pronoun_verb(t) for t in tokens):
            return Speech(last, "pronoun")
        for phrase in _table()["pronoun_phrases"]:
            if f" {phrase} " in f" {text} ":
                k = text.split().index(phrase.split()[0]) if phrase.split()[0] in text.split() else -1
                if len(phrase.split()) > 1 or (
                    0 <= k < len(tokens) - 1 and (_is_verb(tokens[k + 1]) or lowered[k + 1] in skip)
                ):
                    return Speech(last, "pronoun")
    return None


def _verb_after_relative_clause(tokens: list[Token], lowered: list[str], k: int) -> bool:
    """Whether "…, yang memimpin rapat mengatakan" follows at ``k``: a speech verb after a short
    relative clause about the speaker."""
    if k < len(tokens) and lowered[k] == ",":
        k += 1
    if k >= len(tokens) or lowered[k] != "yang":
        return False
    for x in range(k + 1, min(k + 9, len(tokens))):
        if lowered[x] in (",", ".", '"', "“"):
            return False
        if _is_verb(tokens[x]) and lowered[x] not in ("meminta", "mendorong", "menargetkan"):
            return True
    return False


def _resolve(m: OfficialMention, book: OfficialBook, sentence: tuple[int, int]) -> Official | None:
    if m.name:
        return book.add(m, sentence)
    official = book.resolve_title(m.head, m.unit, m.agency)
    if official is not None:
        book.note_short(official, m)
    return official
