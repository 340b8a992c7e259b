"""Event mentions: named events ("Gebyar IKMA 2024"), reported ones ("meluncurkan X pada ... di ..."),
and sentences about an event ("Penyerahan sertifikat berlangsung di ..."), with place, dates and organizer.

Event words live in kg/lexicon/events.toml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ..lexicon import load_table
from .agencies import AgencyMention
from .dates import find_dates
from .tokens import Token, is_acronym, is_cap, outside_parens, phrase_at, regions, starts_within

__all__ = ["EventMention", "find_events"]


@dataclass
class EventMention:
    """An event in a sentence: name, aliases, dates, place, organizer and whether it names itself."""

    start: int
    end: int
    name: str
    aliases: list[str] = field(default_factory=list)
    start_date: date | None = None
    end_date: date | None = None
    place: str | None = None
    organizer: str | None = None
    refers_back: bool = False


@lru_cache(maxsize=1)
def _table() -> dict:
    return load_table("events")


def _text(tokens: list[Token]) -> str:
    out = ""
    for t in tokens:
        out += ("" if not out or t.text in ",)" or out.endswith("(") else " ") + t.text
    return out


def _named(tokens: list[Token], agency_starts: set[int]) -> list[tuple[int, int, list[str]]]:
    """Return (start, end, acronyms) of capitalized runs that hold an event keyword."""
    keywords = {k: k for k in _table()["name_keywords"]}
    out = []
    i = 0
    while i < len(tokens):
        if not is_cap(tokens[i]) or tokens[i].start in agency_starts:
            i += 1
            continue
        k = i
        acronyms: list[str] = []
        has_keyword = False
        while k < len(tokens):
            t = tokens[k]
            if phrase_at(tokens, k, keywords, max_len=2, case_sensitive=True):
                has_keyword = True
            if is_cap(t) or (t.text[:1].isdigit() and len(t.text) == 4 and k > i):
                k += 1
                continue
            if (
                t.text == "("
                and k + 2 < len(tokens)
                and tokens[k + 2].text == ")"
                and is_acronym(tokens[k + 1])
            ):
                acronyms.append(tokens[k + 1].text)
                k += 3
                continue
            if t.text in ("dan", "and", "&") and k + 1 < len(tokens) and is_cap(tokens[k + 1]):
                k += 1
                continue
            break
        if has_keyword and k - i >= 2:
            out.append((i, k, acronyms))
        elif has_keyword and tokens[i].text in ("Bimtek", "Workshop", "Seminar", "Lokakarya", "Pelatihan"):
            e = k
            while (
                e < len(tokens)
                and tokens[e].text[:1].isalpha()
                and tokens[e].text not in ("di", "pada", "yang")
            ):
                e += 1
            if e - i >= 2:
                out.append((i, e, acronyms))
            k = e
        i = max(k, i + 1)
    return out


def _place(tokens: list[Token], k: int) -> str | None:
    """Return the place after "di" at or after token ``k``: "di Hotel X, Jakarta" → "Hotel X, Jakarta"."""
    while k < len(tokens) and tokens[k].text.lower() != "di":
        if tokens[k].text in (".", ";"):
            return None
        k += 1
    while k < len(tokens) and tokens[k].text.lower() == "di":
        k += 1
    j = k
    weekdays = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
    while j < len(tokens) and tokens[j].text not in weekdays:
        t = tokens[j]
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        if is_cap(t):
            j += 1
        elif t.text == "." and nxt is not None and is_cap(nxt) and len(tokens[j - 1].text) <= 2:
            j += 1  # initials: "R.A. Kartini"
        elif (
            t.text in ("dan", "&") and j > k and nxt is not None and is_cap(nxt) and nxt.text not in weekdays
        ):
            j += 1
        elif (
            t.text == "(" and j + 2 < len(tokens) and tokens[j + 2].text == ")" and is_acronym(tokens[j + 1])
        ):
            break
        else:
            break
    if j == k:
        return None
    place = _text(tokens[k:j])
    if j + 1 < len(tokens) and tokens[j].text == "," and tokens[j + 1].text.lower() in regions():
        place += ", " + tokens[j + 1].text
    if j < len(tokens) and tokens[j].text == "(" and j + 2 < len(tokens) and tokens[j + 2].text == ")":
        pass
    return place


def _dates(sentence: str, reference: date | None) -> tuple[date | None, date | None]:
    for d in find_dates(sentence, reference):
        if d.start_date:
            return d.start_date, d.end_date
    return None, None


def _organizer(tokens: list[Token], agencies: list[AgencyMention], i: int, k: int) -> str | None:
    """Return who holds the event: "X menggelar <event>" or "<event> yang digelar X"."""
    table = _table()["organizer"]
    lowered = [t.text.lower() for t in tokens]
    for m in agencies:
        ks = next((x for x, t in enumerate(tokens) if t.start == m.start), None)
        ke = next((x for x, t in enumerate(tokens) if t.end == m.end), None)
        if ks is None or ke is None:
            continue
        if ke < i and any(w in table["active"] for w in lowered[ke + 1 : i + 1]) and i - ke <= 5:
            return m.name
        if ks >= k and any(w in table["passive"] for w in lowered[k:ks]) and ks - k <= 4:
            return m.name
    return None


def find_events(
    tokens: list[Token],
    sentence: str,
    offset: int,
    agencies: list[AgencyMention],
    reference: date | None,
    previous: list[Token] | None = None,
) -> list[EventMention]:
    """Return the events a sentence names or reports, with what the sentence says of them.

    ``previous`` holds the tokens of the sentence before, where a sentence that opens with an event
    noun ("Penandatanganan berlangsung di ...") finds what was signed ("menandatangani nota ...").
    """
    table = _table()
    agency_starts = {m.start for m in agencies}
    lowered = [t.text.lower() for t in tokens]
    start_date, end_date = _dates(sentence, reference)
    out: list[EventMention] = []

    def event(
        first: int,
        last: int,
        name: str,
        aliases: list[str],
        place_from: int,
        organizer: str | None,
        refers_back: bool = False,
    ) -> EventMention:
        """Return the event of tokens ``first..last`` with the sentence's dates and the place after it."""
        return EventMention(
            tokens[first].start,
            tokens[last].end,
            name,
            aliases,
            start_date,
            end_date,
            _place(tokens, place_from),
            organizer,
            refers_back,
        )

    weak = set(table["weak_keywords"])
    inside_agency = starts_within(tokens, [(m.start, m.end) for m in agencies])
    for i, k, acronyms in _named(tokens, agency_starts):
        if any(t.start in inside_agency for t in tokens[i:k]):
            continue  # "Balai Besar Pelatihan ..." is an agency, not an event
        if tokens[i].text in weak and not (start_date or _place(tokens, k)):
            continue  # "Pelatihan Berbasis Kompetensi" with no date or place is a program, not an event
        name = _text(outside_parens(tokens[i:k]))
        aliases = []
        if acronyms:
            short = _short_name(tokens[i:k], acronyms[0])
            if short:
                aliases.append(name)
                name = short
        out.append(event(i, k - 1, name, aliases, k, _organizer(tokens, agencies, i, k)))
    if out:
        return out
    for i, w in enumerate(lowered):
        noun = table["verbal"].get(w)
        if noun is None or i + 1 >= len(tokens):
            continue
        k, obj, short = _object(tokens, i + 1)
        if not obj or not (start_date or _place(tokens, k)):
            continue
        name = f"{noun} {obj}".strip()
        aliases = [f"{noun} {short}".strip()] if short != obj else []
        out.append(event(i, k - 1, name, aliases, k, _organizer(tokens, agencies, i, i)))
        return out
    for i, w in enumerate(lowered):
        noun = table["passive"].get(w)
        if noun is None or i == 0 or not (start_date or _place(tokens, i)):
            continue
        # "Hasil rehabilitasi itu diresmikan di ...": the subject before the verb is what was opened
        subject = [t for t in tokens[:i] if t.text.lower() not in ("itu", "ini", "tersebut", "telah", "akan")]
        subject = subject[-6:]
        if subject and all(t.text[:1].isalpha() for t in subject):
            name = f"{noun} {_text(subject)[0].lower()}{_text(subject)[1:]}"
            out.append(event(0, i, name, [], i, _organizer(tokens, agencies, i, i + 1)))
            return out
    if tokens and tokens[0].text[:1].isupper():
        happens = set(table["nominal"]["happens"])
        for k in range(1, min(len(tokens), 8)):
            if lowered[k] in happens:
                head = tokens[0].text
                refers = head in table["nominal"]["generic"] or lowered[k - 1] in ("tersebut", "ini")
                name = _text([t for t in tokens[:k] if lowered[tokens.index(t)] not in ("tersebut", "ini")])
                name = _with_object(name, previous or [])
                out.append(event(0, k - 1, name, [], k, _organizer(tokens, agencies, 0, 1), refers))
                break
    return out


def _object(tokens: list[Token], k: int) -> tuple[int, str, str]:
    """Return (end index, words, short words) of the object that starts at token ``k``. The short form
    writes a name followed by its acronym in parentheses as the acronym ("sertifikat SNI")."""
    stops = set(_table()["object_stops"])
    words: list[str] = []
    short: list[str] = []
    j = k
    while j < len(tokens):
        t = tokens[j]
        if t.text == "(" and j + 2 < len(tokens) and tokens[j + 2].text == ")" and is_acronym(tokens[j + 1]):
            while short and short[-1][:1].isupper():
                short.pop()
            short.append(tokens[j + 1].text)
            j += 3
            continue
        if not t.text[:1].isalpha() or t.text.lower() in stops:
            break
        words.append(t.text)
        short.append(t.text)
        j += 1
    return j, " ".join(words), " ".join(short)


def _with_object(name: str, previous: list[Token]) -> str:
    """Return "penandatanganan nota kesepahaman" for "Penandatanganan" when the sentence before says
    "menandatangani nota kesepahaman"; the name unchanged otherwise."""
    head = name.split()[0].lower()
    verbs = [v for v, noun in _table()["verbal"].items() if noun == head]
    for k, t in enumerate(previous):
        if t.text.lower() in verbs:
            _, obj, _short = _object(previous, k + 1)
            if obj and len(name.split()) <= len(obj.split()) + 1:
                return f"{head} {obj}"
    return name[0].lower() + name[1:]


def _short_name(tokens: list[Token], acronym: str) -> str | None:
    """Return the name with the words an acronym stands for replaced by it ("Gebyar IKMA 2024")."""
    words = [t.text for t in tokens]
    if "(" not in words:
        return None
    p = words.index("(")
    before = [w for w in words[:p] if w not in ("dan", "and", "&")]
    initials = "".join(w[0] for w in before)
    for n in range(len(before), 0, -1):
        if initials[-n:].upper() == acronym.upper():
            keep = before[: len(before) - n]
            head = " ".join(keep)
            tail = " ".join(words[p + 3 :])
            return " ".join(x for x in (head, acronym, tail) if x)
    return None
