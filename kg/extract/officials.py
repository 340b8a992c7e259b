"""Official mentions: a title with its unit, a person's name before or after it, honorifics kept apart.

Titles, honorifics and degrees live in kg/lexicon/titles.toml and words.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..lexicon import load_table
from .agencies import AgencyBook, AgencyMention, enumeration_follows
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

    def note_short(self, official: Official, m: OfficialMention) -> None:
        """Keep the short title a later reference writes ("Dirjen IKMA") on the post it refers to."""
        if not m.short or not m.head:
            return
        for k, (title, short, agency) in enumerate(official.posts):
            if title.startswith(m.head) and not short:
                official.posts[k] = (title, m.short, agency)
                evidence = official.post_evidence.pop((title, short, agency), official.evidence)
                official.post_evidence[official.posts[k]] = evidence
                return

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
                    field_ = a.name[len("Kementerian ") :].split("/")[0]
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
    """Return (tokens used, full form) of an acting prefix at ``i``: "Plt.", "Pj", "Pelaksana Harian"."""
    found = phrase_at(tokens, i, load_table("titles")["acting"], max_len=3, case_sensitive=True)
    if not found:
        return None
    n, full = found
    if i + n + 2 < len(tokens) and tokens[i + n].text == "(" and tokens[i + n + 2].text == ")":
        n += 3
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
        if not found or (
            t_start > 0 and tokens[t_start - 1].text in load_table("titles")["not_a_post"]["before"]
        ):
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
            region = _read_region(tokens, j, title)
            if region:
                used, written_region, agency_name = region
                full_title = f"{title.full} {written_region}"
                j += used
        elif title.unit == "words":
            read = _read_unit(tokens, j, by_start, book)
            unit_words, agency, j = read.words, read.agency, read.end
            short = short or read.short
            if agency and not unit_words:
                field_ = agency.name.split("/")[0]
                if title.full in ("Menteri", "Wakil Menteri") and field_.startswith("Kementerian "):
                    field_ = field_[len("Kementerian ") :]  # "Menteri ESDM" is "Menteri Energi dan ..."
                full_title = f"{title.full} {field_}"
            if agency and read.second_head:
                full_title = f"{title.full} {_join_words(unit_words)} {agency.name}"
                unit_words = []
            while unit_words and unit_words[-1].text in ("dan", "serta", ","):
                unit_words.pop()
            unit = _join_words(unit_words)
            if unit:
                full_title = f"{title.full} {unit}"
                if short and short == written and not short.endswith(unit):
                    short = f"{short} {unit}"  # "Dirjen IKMA", as written
                if title.full in ("Menteri", "Wakil Menteri", "Menteri Koordinator") and not agency:
                    coordinating = title.full == "Menteri Koordinator"
                    agency_name = _ministry_of(unit.split("/")[0], coordinating=coordinating)
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
        name = read_name(tokens, k) if k < len(tokens) and tokens[k].start not in by_start else None
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


@dataclass
class _Unit:
    """What follows a title: the unit's words, the agency named after them, a short title in
    parentheses, whether a second title follows a slash, and where the person's name starts."""

    words: list[Token]
    agency: AgencyMention | None
    short: str | None
    second_head: bool
    end: int


def _read_unit(tokens: list[Token], j: int, by_start: dict[int, AgencyMention], book: AgencyBook) -> _Unit:
    """Return the unit after a title at token ``j``: capitalized words, enumerations and acronyms, up to
    an agency mention; trailing words that look like a person's name are left for the name."""
    words_: list[Token] = []
    agency: AgencyMention | None = None
    short: str | None = None
    second_head = False
    while j < len(tokens):
        t = tokens[j]
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        if t.start in by_start:
            agency = by_start[t.start]
            j = _token_after(tokens, agency.end)
            # a sub-unit written as acronyms or a place after the agency ("Manager PLN UP3 Malang, ..."),
            # or the body the unit belongs to ("Ketua Komisi V DPRD NTB ...")
            while j < len(tokens) and (
                is_acronym(tokens[j]) or region_at(tokens, j) or tokens[j].start in by_start
            ):
                if tokens[j].start in by_start:
                    j = _token_after(tokens, by_start[tokens[j].start].end)
                else:
                    j += 1
            break
        if t.text == "(" and ")" in [x.text for x in tokens[j + 2 : j + 6]]:
            close = j + 2 + [x.text for x in tokens[j + 2 : j + 6]].index(")")
            if _title_at(tokens, j + 1):
                short = " ".join(x.text for x in tokens[j + 1 : close])
            j = close + 1
            continue
        if t.text == "/" and nxt is not None and _title_at(tokens, j + 1):
            n = _title_at(tokens, j + 1)[0]
            words_.extend(tokens[j : j + 1 + n])
            second_head = True
            j += 1 + n
            continue
        if t.text in words("honorific_prefix"):
            return _Unit(words_, agency, short, second_head, j)  # the name starts at the honorific
        if is_cap(t) and t.text not in words("name_stops") and not _acting_at(tokens, j):
            words_.append(t)
            j += 1
            continue
        if t.text in ("dan", "serta", "&") and words_ and nxt is not None and is_cap(nxt):
            words_.append(t)
            j += 1
            continue
        if t.text == "," and words_ and enumeration_follows(tokens, j):
            words_.append(t)
            j += 1
            continue
        break
    if agency is None:
        keep = _name_split(words_)
        if keep < len(words_):
            j = _token_after(tokens, words_[keep].start)
            words_ = words_[:keep]
    return _Unit(words_, agency, short, second_head, j)


def _name_like(t: Token) -> bool:
    return (
        is_cap(t)
        and (len(t.text) == 1 or not is_acronym(t))
        and t.text not in words("institution")
        and t.text not in words("not_names")
        and t.text not in _titles()
        and region_at([t], 0) is None
    )


def _name_split(unit: list[Token]) -> int:
    """Return where a person's name starts at the end of a unit's words (``len(unit)`` when none does).

    The name is the run of name-like words at the end; a word right after "dan" belongs to the unit
    ("Bea dan Cukai"), a long run keeps its last three words, and a single word counts as a name only
    when the title has no other unit words ("Menperin Agus").
    """
    k = len(unit)
    while k > 0 and _name_like(unit[k - 1]):
        k -= 1
    if k > 0 and unit[k - 1].text in ("dan", "serta", "&", ",", "/") and k < len(unit):
        k += 1
    if len(unit) - k > 4:
        k = len(unit) - 3
    if len(unit) - k == 1:
        return len(unit)  # "Dirjen Gatrik", "Kadis Koperindag": one word after such a title is its unit
    return k


def _read_region(tokens: list[Token], j: int, title: Title) -> tuple[int, str, str | None] | None:
    """Return (tokens used, region as the title writes it, its government) after a regional title.

    "Gubernur Kalimantan Barat", "Sekretaris Daerah Provinsi Jawa Tengah", "Bupati Jepara"; a region
    the gazetteer does not know is the capitalized words up to a comma ("Bupati Ogan Ilir, ..."), or one
    word when a name follows ("Camat Bumiaji Suharyanto").
    """
    qualifier = tokens[j].text if j < len(tokens) else ""
    if qualifier in ("Provinsi", "Kabupaten", "Kota") and j + 1 < len(tokens):
        found = region_at(tokens, j + 1)
        if found:
            written = " ".join(t.text for t in tokens[j + 1 : j + 1 + found[0]])
            name = found[1] if qualifier == "Provinsi" else written
            return 1 + found[0], f"{qualifier} {name}", f"Pemerintah {qualifier} {name}"
        return None
    kind = title.government if isinstance(title.government, str) else None
    found = region_at(tokens, j)
    places = load_table("places")
    prefixes, suffixes = set(places["region_words"]["prefixes"]), set(places["region_words"]["suffixes"])
    if found:
        used, full, rkind = found
        if rkind == "city" and j + used < len(tokens) and tokens[j + used].text in suffixes:
            used += 1  # "Lombok Timur", "Bandung Barat"
        written = full if rkind == "province" else " ".join(t.text for t in tokens[j : j + used])
        kind = kind or ("Provinsi" if title.government and rkind == "province" else None)
        return used, written, (f"Pemerintah {kind} {written}" if kind else None)
    k = j
    while (
        k < len(tokens)
        and k - j < 4
        and is_cap(tokens[k])
        and (_name_like(tokens[k]) or tokens[k].text in prefixes | suffixes)
    ):
        k += 1
    if k == j:
        return None
    if not (k < len(tokens) and tokens[k].text == ","):
        # no comma: the region is one word ("Camat Bumiaji Suharyanto"), two after a prefix word
        # ("Kepulauan Selayar"), and a direction word after it belongs to it ("Lombok Timur")
        end = j + (2 if tokens[j].text in prefixes else 1)
        if end < len(tokens) and tokens[end].text in suffixes:
            end += 1
        k = end if k - j > end - j else j
    if k == j:
        return None
    written = " ".join(t.text for t in tokens[j:k])
    return k - j, written, (f"Pemerintah {kind} {written}" if kind else None)


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
        if label in book.forms:  # the unit named in full earlier in the article
            return label
        ref = known_by_label().get(label)
        if ref:
            return ref.name
    return None


def _join_words(tokens: list[Token]) -> str:
    out = ""
    for t in tokens:
        glue = "" if t.text in (",", "/") or not out or out.endswith("/") else " "
        out += glue + t.text
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
