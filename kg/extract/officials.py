"""Official mentions: a title with its unit, a person's name before or after it, honorifics kept apart.

Titles, honorifics and degrees live in kg/lexicon/titles.toml and words.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..lexicon import load_table
from .agencies import AgencyBook, AgencyMention
from .reference import known_agencies, known_by_label
from .tokens import Token, is_acronym, is_cap, phrase_at, region_at, words

__all__ = [
    "uniform_title",
    "Title",
    "OfficialMention",
    "Official",
    "OfficialBook",
    "find_officials",
    "read_name",
]


@dataclass(frozen=True)
class Title:
    """A title as the lexicon defines it."""

    full: str
    unit: str
    government: str | bool | None = None


@dataclass
class OfficialMention:
    """An official named (or referred to by title) in a sentence."""

    start: int
    end: int
    name: str | None
    title: str | None = None
    short: str | None = None
    agency: str | None = None
    agency_mentioned: bool = False
    honorific_prefix: list[str] = field(default_factory=list)
    honorific_suffix: list[str] = field(default_factory=list)
    head: str | None = None
    unit: str | None = None


@dataclass
class Official:
    """An official of one article: name, aliases, posts as (title, short, agency), honorifics."""

    name: str
    aliases: list[str] = field(default_factory=list)
    posts: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    suffixes: list[str] = field(default_factory=list)
    evidence: tuple[int, int] | None = None
    post_evidence: dict[tuple[str, str | None, str | None], tuple[int, int]] = field(default_factory=dict)


@dataclass
class OfficialBook:
    """The officials of one article and how later references resolve to them."""

    officials: list[Official] = field(default_factory=list)

    def resolve_name(self, name: str) -> Official | None:
        """Return the official a name or part of a name refers to, if exactly one fits."""
        parts = name.split()
        exact = [o for o in self.officials if o.name == name or name in o.aliases]
        if exact:
            return exact[0]
        fits = [o for o in self.officials if all(p in o.name.split() for p in parts)]
        return fits[0] if len(fits) == 1 else None

    def resolve_title(self, head: str | None, unit: str | None, agency: str | None) -> Official | None:
        """Return the official holding a post with this head (and unit or agency) in the article."""
        same_head = []
        for o in reversed(self.officials):
            for title, short, post_agency in o.posts:
                if not head or not title.startswith(head):
                    continue
                same_head.append(o)
                rest = title[len(head) :].strip()
                if (
                    not unit
                    or unit in (rest, short or "")
                    or unit in rest.split()
                    or unit == _initials(rest)
                    or (short and unit in short.split())
                    or (agency and agency == post_agency)
                ):
                    return o
        return same_head[0] if len(set(map(id, same_head))) == 1 else None

    def add(self, m: OfficialMention, sentence: tuple[int, int]) -> Official:
        """Record a named mention, merging it with the official it refers to; return that official."""
        assert m.name
        found = self.resolve_name(m.name)
        if found is None:
            found = Official(m.name, evidence=sentence)
            self.officials.append(found)
        elif len(m.name.split()) > len(found.name.split()) and found.name in m.name.split():
            found.aliases.append(found.name)
            found.name = m.name
        elif m.name != found.name and m.name not in found.aliases:
            found.aliases.append(m.name)
        for p in m.honorific_prefix:
            if p not in found.prefixes:
                found.prefixes.append(p)
        for s in m.honorific_suffix:
            if s not in found.suffixes:
                found.suffixes.append(s)
        if m.title:
            m.title = uniform_title(m.title)
            post = (m.title, m.short, m.agency)
            same = [
                p
                for p in found.posts
                if p[0] == m.title
                or (p[2] == m.agency and m.agency)
                or (not m.agency and m.head and p[0].startswith(m.head))
            ]
            if not same:
                found.posts.append(post)
                found.post_evidence[post] = sentence
            elif m.short and not same[0][1]:
                i = found.posts.index(same[0])
                found.posts[i] = (same[0][0], m.short, same[0][2] or m.agency)
                found.post_evidence[found.posts[i]] = found.post_evidence.pop(same[0], sentence)
        return found


def uniform_title(title: str) -> str:
    """Return a title with its enumeration punctuated one way: "Kecil, Menengah dan Aneka" gets the comma
    before "dan", so the same post written both ways is one post."""
    return re.sub(r"(,\s[^,]*?[^,\s])\s+(dan|serta)\s", r"\1, \2 ", title)


def _initials(words_: str) -> str:
    return "".join(w[0] for w in words_.replace(",", " ").split() if w[:1].isupper())


@lru_cache(maxsize=1)
def _titles() -> dict[str, tuple[Title, bool]]:
    """Return every written form of a title → (title, whether the form is a short one)."""
    table = load_table("titles")
    out: dict[str, tuple[Title, bool]] = {}
    for entry in table["title"]:
        t = Title(entry["full"], entry["unit"], entry.get("government"))
        out[t.full] = (t, False)
        for s in entry.get("short", []):
            out[s] = (t, True)
    return out


@lru_cache(maxsize=1)
def _ministry_compounds() -> dict[str, tuple[str, str]]:
    """Return "Menperin"-style compounds → (full title, ministry name), from the reference list."""
    table = load_table("titles")["ministry_compounds"]
    prefix = table["ministry_acronym_prefix"]
    out: dict[str, tuple[str, str]] = {}
    for a in known_agencies():
        if not a.name.startswith("Kementerian "):
            continue
        for label in a.labels:
            if label.startswith(prefix) and " " not in label:
                stem = label[len(prefix) :]
                for short, full in table.items():
                    if short == "ministry_acronym_prefix":
                        continue
                    field_ = a.name[len("Kementerian ") :]
                    out.setdefault(short + stem, (f"{full} {field_}", a.name))
                    out.setdefault((short + stem).lower(), (f"{full} {field_}", a.name))
    return out


def read_name(tokens: list[Token], j: int) -> tuple[int, str, list[str], list[str]] | None:
    """Return (tokens used, name, honorifics, degrees) for a person's name starting at token ``j``."""
    prefixes: list[str] = []
    k = j
    while k < len(tokens) and tokens[k].text in words("honorific_prefix"):
        prefixes.append(tokens[k].text)
        k += 1
    start = k
    while k < len(tokens) and k - start < 5:
        t = tokens[k]
        if t.text in words("degree_suffix"):
            break
        single_initial = len(t.text) == 1 and t.text.isupper()
        if (
            is_cap(t)
            and (single_initial or not is_acronym(t))
            and t.text not in words("not_names")
            and t.text not in words("institution")
            and t.text not in _titles()
            and region_at(tokens, k) is None
        ):
            k += 1
            continue
        break
    if k == start:
        return None
    name = " ".join(t.text for t in tokens[start:k])
    if len(name) < 3:
        return None
    suffixes: list[str] = []
    while k + 1 < len(tokens) and tokens[k].text == "," and tokens[k + 1].text in words("degree_suffix"):
        suffixes.append(tokens[k + 1].text)
        k += 2
    while k < len(tokens) and tokens[k].text in words("degree_suffix"):
        suffixes.append(tokens[k].text)
        k += 1
    return k - j, name, prefixes, suffixes


def _title_at(tokens: list[Token], i: int) -> tuple[int, Title, str, str | None] | None:
    """Return (tokens used, title, written form, ministry) for a title starting at token ``i``."""
    if not is_cap(tokens[i]):
        return None
    compound = _ministry_compounds().get(tokens[i].text)
    if compound:
        full, ministry = compound
        return 1, Title(full, "none"), tokens[i].text, ministry
    found = phrase_at(tokens, i, _titles(), max_len=4, case_sensitive=True)
    if not found:
        return None
    n, (title, _short) = found
    return n, title, " ".join(t.text for t in tokens[i : i + n]), None


def _acting_at(tokens: list[Token], i: int) -> tuple[int, str] | None:
    acting = {a: a for a in load_table("titles")["acting"]}
    found = phrase_at(tokens, i, acting, max_len=3, case_sensitive=True)
    if not found:
        return None
    n, _ = found
    if i + n + 2 < len(tokens) and tokens[i + n].text == "(" and tokens[i + n + 2].text == ")":
        n += 3
    full = "Pelaksana Tugas" if tokens[i].text.startswith(("Plt", "Pelaksana")) else tokens[i].text
    return n, full


def _ministry_of(unit: str, coordinating: bool = False) -> str | None:
    """Return the ministry a minister's unit names ("Perindustrian" → Kementerian Perindustrian)."""
    name = f"Kementerian {'Koordinator ' if coordinating else ''}{unit}"
    ref = known_by_label().get(name) or known_by_label().get(name.lower())
    return ref.name if ref else None


def find_officials(
    tokens: list[Token], agencies: list[AgencyMention], book: AgencyBook
) -> list[OfficialMention]:
    """Return the officials mentioned in a sentence: by title and name, name and title, or title alone."""
    by_start = {m.start: m for m in agencies}
    out: list[OfficialMention] = []
    i = 0
    while i < len(tokens):
        acting = _acting_at(tokens, i)
        t_start = i + (acting[0] if acting else 0)
        if t_start >= len(tokens):
            break
        found = _title_at(tokens, t_start)
        if not found:
            i += 1
            continue
        n, title, written, ministry = found
        # "Kepala Dinas X": the agency starts inside the title words, so the title is "Kepala".
        short: str | None = written if written != title.full else None
        for k in range(t_start + 1, t_start + n):
            if tokens[k].start in by_start:
                n = k - t_start
                title = Title(" ".join(t.text for t in tokens[t_start:k]), "words")
                short = None
                break
        j = t_start + n
        unit_words: list[Token] = []
        agency: AgencyMention | None = None
        full_title = title.full
        agency_name: str | None = ministry
        if title.unit == "region":
            region = region_at(tokens, j)
            qual = tokens[j].text if j < len(tokens) else ""
            if qual in ("Provinsi", "Kabupaten", "Kota") and j + 1 < len(tokens):
                r2 = region_at(tokens, j + 1)
                if r2:
                    written = " ".join(t.text for t in tokens[j + 1 : j + 1 + r2[0]])
                    full_title = f"{title.full} {qual} {r2[1] if qual == 'Provinsi' else written}"
                    agency_name = _government(qual, tokens[j + 1 : j + 1 + r2[0]], r2)
                    j += 1 + r2[0]
            elif region:
                rn, rfull, rkind = region
                written_region = (
                    rfull if rkind == "province" else " ".join(t.text for t in tokens[j : j + rn])
                )
                full_title = f"{title.full} {written_region}"
                kind = (
                    title.government
                    if isinstance(title.government, str)
                    else ("Provinsi" if rkind == "province" else None)
                )
                agency_name = f"Pemerintah {kind} {written_region}" if kind else None
                j += rn
        elif title.unit == "words":
            while j < len(tokens):
                t = tokens[j]
                if t.start in by_start:
                    agency = by_start[t.start]
                    if not unit_words:
                        full_title = f"{title.full} {_head_free(agency.name)}"
                        if title.full != "Kepala" or short:
                            full_title = f"{title.full} {agency.name}"
                    j = _token_after(tokens, agency.end)
                    break
                if t.text == "(" and j + 4 < len(tokens) and ")" in [x.text for x in tokens[j + 2 : j + 5]]:
                    close = j + 2 + [x.text for x in tokens[j + 2 : j + 5]].index(")")
                    inner = " ".join(x.text for x in tokens[j + 1 : close])
                    if _title_at(tokens, j + 1):
                        short = short or inner
                    j = close + 1
                    continue
                nxt = tokens[j + 1] if j + 1 < len(tokens) else None
                if (is_cap(t) and (t.text in words("institution") or is_acronym(t))) or (
                    t.text in ("dan", "serta", ",")
                    and unit_words
                    and nxt is not None
                    and ((is_cap(nxt) and nxt.text in words("institution")) or nxt.text in ("dan", "serta"))
                ):
                    unit_words.append(t)
                    j += 1
                    continue
                region = region_at(tokens, j + 1) if is_cap(t) and not unit_words else None
                if region:  # "Ketua Kadin Jawa Timur": an organisation of a region
                    unit_words.extend(tokens[j : j + 1 + region[0]])
                    j += 1 + region[0]
                    break
                break
            while unit_words and unit_words[-1].text in ("dan", "serta", ","):
                unit_words.pop()
            unit = _join_words(unit_words)
            if unit:
                full_title = f"{title.full} {unit}"
                if short and short == written and not short.endswith(unit):
                    short = f"{short} {unit}"  # "Dirjen IKMA", as written
                if title.full in ("Menteri", "Wakil Menteri", "Menteri Koordinator") and not agency:
                    agency_name = _ministry_of(unit, coordinating=title.full == "Menteri Koordinator")
                if not agency:
                    agency_name = agency_name or _unit_agency(title.full, unit, book)
        if agency:
            agency_name = agency.name
        if acting:
            full_title = f"{acting[1]} {full_title}"
        mention = OfficialMention(
            tokens[i].start,
            tokens[j - 1].end if j > i else tokens[i].end,
            None,
            full_title,
            short,
            agency_name,
            agency is not None,
            head=title.full,
            unit=_join_words(unit_words) or (agency.name if agency else None),
        )
        # the name: after the title ("Menperin Agus"), or before it in apposition ("Sri, Kepala ...")
        k = j + 1 if j < len(tokens) and tokens[j].text == "," else j
        name = read_name(tokens, k) if k < len(tokens) else None
        if name:
            used, person, pre, suf = name
            mention.name, mention.honorific_prefix, mention.honorific_suffix = person, pre, suf
            mention.end = tokens[k + used - 1].end
            j = k + used
        elif i >= 2 and tokens[i - 1].text == ",":
            back = _name_before(tokens, i - 1)
            if back:
                b, person, pre, suf = back
                mention.name, mention.honorific_prefix, mention.honorific_suffix = person, pre, suf
                mention.start = tokens[b].start
        out.append(mention)
        i = max(j, i + 1)
    return out


def _government(qualifier: str, tokens: list[Token], region: tuple[int, str, str]) -> str:
    name = region[1] if qualifier == "Provinsi" else " ".join(t.text for t in tokens)
    return f"Pemerintah {qualifier} {name}"


def _head_free(name: str) -> str:
    return name


def _unit_agency(head: str, unit: str, book: AgencyBook) -> str | None:
    """Return the agency a title's unit names, when the article or the reference list knows it."""
    units = {
        "Direktur Jenderal": ["Ditjen", "Direktorat Jenderal"],
        "Direktur": ["Direktorat"],
        "Kepala": [""],
        "Sekretaris Jenderal": ["Setjen", "Sekretariat Jenderal"],
    }
    for prefix in units.get(head, []):
        label = f"{prefix} {unit}".strip()
        if label in book.acronyms:
            return book.acronyms[label]
        ref = known_by_label().get(label)
        if ref:
            return ref.name
    return None


def _join_words(tokens: list[Token]) -> str:
    out = ""
    for t in tokens:
        out += ("" if t.text == "," or not out else " ") + t.text
    return out


def _token_after(tokens: list[Token], end: int) -> int:
    for k, t in enumerate(tokens):
        if t.start >= end:
            return k
    return len(tokens)


def _name_before(tokens: list[Token], comma: int) -> tuple[int, str, list[str], list[str]] | None:
    """Return (first token, name, honorifics, degrees) of a name that ends right before ``comma``."""
    k = comma
    degrees = words("degree_suffix")
    while (
        k > 0
        and k - comma > -9
        and (
            is_cap(tokens[k - 1])
            or tokens[k - 1].text in words("honorific_prefix")
            or (tokens[k - 1].text == "," and k < len(tokens) and tokens[k].text in degrees)
        )
    ):
        k -= 1
    for b in range(k, comma):
        found = read_name(tokens, b)
        opens = b == 0 or tokens[b - 1].text in (",", "dan", "oleh", '"', "“") or not is_cap(tokens[b - 1])
        if found and b + found[0] == comma and opens:
            return b, found[1], found[2], found[3]
    return None
