"""Program mentions: "program X", named facilities ("Klinik KI"), activities an agency provides, lists.

The words that name programs live in kg/lexicon/programs.toml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ..lexicon import load_table
from .agencies import AgencyMention
from .tokens import Token, is_acronym, is_cap, outside_parens, phrase_at, starts_within

__all__ = ["ProgramMention", "find_programs"]


@dataclass
class ProgramMention:
    """A program named in a sentence, with its acronym if the text gives one."""

    start: int
    end: int
    name: str
    aliases: list[str] = field(default_factory=list)
    agency: str | None = None


@lru_cache(maxsize=1)
def _table() -> dict:
    return load_table("programs")


def _cap_run(tokens: list[Token], j: int, agency_starts: set[int]) -> tuple[int, list[str]]:
    """Return (end index, acronyms) of a capitalized name starting at ``j``."""
    k = j
    acronyms: list[str] = []
    while k < len(tokens):
        t = tokens[k]
        if t.start in agency_starts and k > j:
            break
        if t.text == "(" and k > j and _paren_alias(tokens, k):
            acronyms.append(tokens[k + 1].text)
            k += 3
            break
        if is_cap(t) or (t.text[:1].isdigit() and k > j):
            k += 1
            continue
        if t.text in ("dan", "and", "&", "of", "for") and k + 1 < len(tokens) and is_cap(tokens[k + 1]):
            k += 1
            continue
        break
    return k, acronyms


def _paren_alias(tokens: list[Token], k: int) -> bool:
    """Whether ``(X)`` at ``k`` gives a short name: one word in capitals or capitalized ("KUR", "Oplah")."""
    return (
        k + 2 < len(tokens)
        and tokens[k + 2].text == ")"
        and (is_acronym(tokens[k + 1]) or (is_cap(tokens[k + 1]) and len(tokens[k + 1].text) <= 10))
    )


def _is_verb(word: str) -> bool:
    """Whether a word reads as a verb ("dimulai", "menyasar", "berjalan"), which names no program."""
    if word.startswith(("me", "ber", "ter")) and len(word) > 5:
        return True
    return word.startswith("di") and word.endswith(("kan", "i")) and not word.endswith("si") and len(word) > 5


def _lower_run(tokens: list[Token], j: int) -> int:
    """Return the end index of a lower-case program name starting at ``j``."""
    stops = set(_table()["stops"])
    k = j
    while k < len(tokens) and k - j < 9:
        t = tokens[k]
        w = t.text.lower()
        if w in stops or not t.text[:1].isalpha() or t.text[:1].isdigit():
            break
        if w in ("dan", "serta", "atau") and (
            k + 1 >= len(tokens)
            or tokens[k + 1].text.lower() in stops
            or not tokens[k + 1].text[:1].isalpha()
        ):
            break
        k += 1
    while k > j and tokens[k - 1].text.lower() in ("dan", "serta", "atau"):
        k -= 1
    return k


def _name(tokens: list[Token], j: int, k: int) -> str:
    out = ""
    for t in outside_parens(tokens[j:k]):
        out += ("" if not out or t.text == "," else " ") + t.text
    return out


def find_programs(tokens: list[Token], agencies: list[AgencyMention]) -> list[ProgramMention]:
    """Return the programs named in a sentence's tokens."""
    table = _table()
    agency_starts = {m.start for m in agencies}
    inside_agency = starts_within(tokens, [(m.start, m.end) for m in agencies], first=False)
    introducers = set(table["introducers"])
    heads = {h: h for h in table["named_heads"]}
    name_introducers = set(table["name_introducers"])
    events = load_table("events")
    event_words = {w for k in events["name_keywords"] if k not in events["weak_keywords"] for w in k.split()}
    activities = {a: a for a in table["activities"]}
    verbs = set(table["providing_verbs"])
    lowered = [t.text.lower() for t in tokens]
    out: list[ProgramMention] = []
    taken: set[int] = set()
    # "Program tersebut memberikan pembinaan ...": what a program already named does is not a new one.
    about_named_program = len(lowered) > 1 and lowered[0] in introducers and lowered[1] in table["anaphora"]

    def add(j: int, k: int, acronyms: list[str]) -> None:
        if k <= j or any(x in taken for x in range(j, k)):
            return
        if any(tokens[x].text in event_words for x in range(j, k)):
            return  # "penghargaan Gebyar IKMA 2024" names an event, not a program
        name = _name(tokens, j, k)
        if len(name) < 4:
            return
        taken.update(range(j, k))
        out.append(ProgramMention(tokens[j].start, tokens[k - 1].end, name, acronyms))

    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.text in introducers and i + 1 < len(tokens):
            j = i + 1
            if lowered[j] in table["anaphora"]:
                i += 2
                continue
            if lowered[j] == "," and j + 1 < len(tokens) and lowered[j + 1] in table["list_markers"]:
                j += 2
            if is_cap(tokens[j]) and tokens[j].start not in agency_starts:
                k, acr = _cap_run(tokens, j, agency_starts)
                add(j, k, acr)
                i = k
                continue
            k = _lower_run(tokens, j)
            if k < len(tokens) and lowered[k] in table["anaphora"]:
                i = k + 1
                continue
            if k - j >= 1 and not _is_verb(lowered[j]):
                add(j, k, [])
                i = k
                continue
        if (
            lowered[i] in name_introducers
            and t.text[:1].islower()
            and i + 2 < len(tokens)
            and is_cap(tokens[i + 1])
            and is_cap(tokens[i + 2])
            and tokens[i + 1].start not in agency_starts
        ):
            k, acr = _cap_run(tokens, i + 1, agency_starts)
            add(i + 1, k, acr)
            i = k
            continue
        if (
            is_cap(t)
            and t.start not in inside_agency
            and phrase_at(tokens, i, heads, max_len=1, case_sensitive=True)
            and i + 1 < len(tokens)
            and is_cap(tokens[i + 1])
        ):
            k, acr = _cap_run(tokens, i, agency_starts)
            add(i, k, acr)
            i = k
            continue
        act = phrase_at(tokens, i, activities, max_len=2)
        if (
            act
            and not about_named_program
            and t.text[:1].islower()
            and i > 0
            and (lowered[i - 1] in verbs or (lowered[i - 1] in ("dan", "serta") and out))
        ):
            k = _lower_run(tokens, i)
            if k < len(tokens) and is_cap(tokens[k]) and tokens[k].start not in agency_starts:
                k2, acr = _cap_run(tokens, k, agency_starts)
                if k2 - k <= 6:
                    k = k2
                    add(i, k, acr)
                    i = k
                    continue
            if k - i >= 2:
                add(i, k, [])
                i = k
                continue
        if (
            i + 2 < len(tokens)
            and f"{lowered[i]} {lowered[i + 1]}" in table["purpose_markers"]
            and is_cap(tokens[i + 2])
            and tokens[i + 2].start not in agency_starts
        ):
            j = i + 2
            while j < len(tokens) and is_cap(tokens[j]):
                k, acr = _cap_run(tokens, j, agency_starts)
                if k - j >= 2:
                    add(j, k, acr)
                if k < len(tokens) - 1 and lowered[k] in table["joiners"] and is_cap(tokens[k + 1]):
                    j = k + 1
                    continue
                j = max(k, j + 1)
                break
            i = j
            continue
        if (
            lowered[i] == table["means_marker"]
            and i + 2 < len(tokens)
            and any(m.end <= t.start for m in agencies)
            and tokens[i + 1].text[:1].islower()
            and lowered[i + 1] not in table["not_means"]
            and lowered[i + 1] not in table["stops"]
        ):
            k = _lower_run(tokens, i + 1)
            if k - (i + 1) >= 2 and (k >= len(tokens) or tokens[k].text in (",", ".")):
                add(i + 1, k, [])
                i = k
                continue
        if (
            lowered[i] in table["list_markers"]
            and i > 0
            and any(
                w in ("penghargaan", "penganugerahan", "program", "skema", "kategori")
                for w in lowered[max(0, i - 4) : i]
            )
        ):
            j = i + 1
            while j < len(tokens):
                while j < len(tokens) and (lowered[j] in ("penghargaan", "program", ",", "dan", "serta")):
                    j += 1
                if j >= len(tokens) or not is_cap(tokens[j]):
                    break
                k, acr = _cap_run(tokens, j, agency_starts)
                add(j, k, acr)
                j = max(k, j + 1)
            i = j
            continue
        i += 1
    return out
