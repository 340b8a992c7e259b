"""Agency mentions: names built from head patterns, acronyms, the reference list and regions.

Patterns live in kg/lexicon/agencies.toml; this module is the engine that applies them to tokens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from ..lexicon import load_table
from .reference import KnownAgency, known_by_label
from .tokens import Token, is_acronym, is_cap, outside_parens, phrase_at, region_at, unknown_region_at, words

__all__ = ["AgencyMention", "AgencyBook", "find_agencies", "link_parents", "enumeration_follows"]

_BUILDINGS = {
    "gedung",
    "hotel",
    "aula",
    "wisma",
    "mall",
    "mal",
    "jalan",
    "jl.",
    "graha",
    "balairung",
    "kampus",
}


@dataclass
class AgencyMention:
    """An agency named in a sentence: offsets of the words, canonical name, forms used, parent."""

    start: int
    end: int
    text: str
    name: str
    forms: list[str] = field(default_factory=list)
    parent: str | None = None
    regional_government: bool = False
    region: str | None = None


@dataclass
class AgencyBook:
    """The agencies of one article: canonical names, acronyms defined in the text, parents."""

    acronyms: dict[str, str] = field(default_factory=dict)
    forms: dict[str, list[str]] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    evidence: dict[str, tuple[int, int]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)

    def canonical(self, name: str | None) -> str | None:
        """Return the name an agency goes by in this article after merges (or ``name`` itself)."""
        seen = set()
        while name in self.redirects and name not in seen:
            seen.add(name)
            name = self.redirects[name]
        return name

    def add(self, m: AgencyMention, sentence: tuple[int, int]) -> None:
        """Record a mention: its name, the forms it was written in and its parent."""
        if m.name not in self.forms:
            self.forms[m.name] = []
            self.order.append(m.name)
            self.evidence[m.name] = sentence
        for f in m.forms:
            if f != m.name and f not in self.forms[m.name]:
                self.forms[m.name].append(f)
            if _is_acronym_form(f):
                self.acronyms.setdefault(f, m.name)
        if m.parent and m.parent != m.name and m.name not in self.parents:
            self.parents[m.name] = m.parent


def _is_acronym_form(form: str) -> bool:
    return len(form.split()) <= 3


@lru_cache(maxsize=1)
def _table() -> dict:
    return load_table("agencies")


@lru_cache(maxsize=1)
def _heads() -> dict[str, str]:
    return {h: h for h in _table()["heads"]}


@lru_cache(maxsize=1)
def _known_exact() -> dict[str, KnownAgency]:
    return {k: v for k, v in known_by_label().items() if k != k.lower()}


@lru_cache(maxsize=1)
def _known_lower() -> dict[str, KnownAgency]:
    return {k: v for k, v in known_by_label().items() if k == k.lower()}


@lru_cache(maxsize=1)
def _not_agencies() -> frozenset[str]:
    return frozenset(_table()["not_agencies"])


def _region_after(tokens: list[Token], j: int) -> tuple[int, str] | None:
    """Return (tokens used, canonical region phrase) for a region qualifier or region name at ``j``."""
    qualifiers = _table()["region_qualifiers"]
    if j < len(tokens) and tokens[j].text in qualifiers and j + 1 < len(tokens) and is_cap(tokens[j + 1]):
        kind = qualifiers[tokens[j].text]
        found = region_at(tokens, j + 1)
        if found:
            n, full, rkind = found
            name = (
                full
                if (kind == "Provinsi" and rkind == "province")
                else " ".join(t.text for t in tokens[j + 1 : j + 1 + n])
            )
            return 1 + n, f"{kind} {name}"
        return 2, f"{kind} {tokens[j + 1].text}"
    found = region_at(tokens, j)
    if found:
        n, full, rkind = found
        return n, (f"Provinsi {full}" if rkind == "province" else full)
    return None


def _paren_acronym(tokens: list[Token], j: int) -> tuple[int, str] | None:
    """Return (tokens used, acronym) for "(ACR)" or "(ACR ACR)" at ``j``."""
    if j >= len(tokens) or tokens[j].text != "(":
        return None
    for k in range(j + 2, min(j + 6, len(tokens))):
        if tokens[k].text == ")":
            inner = tokens[j + 1 : k]
            if (
                inner
                and all(is_cap(t) or t.text == "-" for t in inner)
                and len(inner) <= 4
                and inner[0].text not in ("Persero",)
            ):
                return k - j + 1, _join(inner)
            return None
    return None


def _join(tokens: list[Token]) -> str:
    out = ""
    for i, t in enumerate(tokens):
        glue = "" if i == 0 or t.text in ",)-" or tokens[i - 1].text in "(-" else " "
        out += glue + t.text
    return out


def _starts_agency(tokens: list[Token], j: int, book: AgencyBook) -> bool:
    return bool(phrase_at(tokens, j, _heads(), case_sensitive=True) or _known_at(tokens, j, book))


def _known_at(tokens: list[Token], j: int, book: AgencyBook) -> tuple[int, str, str | None] | None:
    """Return (tokens used, canonical name, parent) of an agency known by label at token ``j``."""
    if j >= len(tokens) or not is_cap(tokens[j]):
        return None
    in_article = phrase_at(tokens, j, book.acronyms, case_sensitive=True)
    exact = phrase_at(tokens, j, _known_exact(), case_sensitive=True)
    lower = phrase_at(tokens, j, _known_lower(), max_len=12)
    best = max((x for x in (exact, lower, in_article) if x), key=lambda x: x[0], default=None)
    if best is None:
        return None
    n, value = best
    if isinstance(value, KnownAgency):
        return n, value.name, value.parent
    return n, str(value), book.parents.get(str(value))


def _company_goes_on(tokens: list[Token], j: int) -> bool:
    """Whether a company name continues after a known company's label ("PT Pertamina Patra Niaga")."""
    return (
        j < len(tokens)
        and is_cap(tokens[j])
        and tokens[j].text not in words("name_stops")
        and tokens[j].text != "("
        and region_at(tokens, j) is None
    )


def _is_name_like(t: Token) -> bool:
    return (
        is_cap(t)
        and not is_acronym(t)
        and t.text not in words("institution")
        and t.text not in words("not_names")
        and region_at([t], 0) is None
    )


def enumeration_follows(tokens: list[Token], j: int) -> bool:
    """Whether the comma at ``j`` continues an enumeration of capitalized words ending in "dan X"."""
    for k in range(j + 1, min(j + 8, len(tokens))):
        t = tokens[k]
        if t.text in ("dan", "serta") and k + 1 < len(tokens) and is_cap(tokens[k + 1]):
            return True
        if not (is_cap(t) or t.text == ","):
            return False
    return False


def _read_agency(tokens: list[Token], i: int, book: AgencyBook) -> tuple[int, AgencyMention] | None:
    """Return (tokens used, mention) for an agency name starting at token ``i``."""
    if i > 0 and tokens[i - 1].text.lower() in _BUILDINGS and not _known_at(tokens, i, book):
        return None
    if phrase_at(tokens, i, {p: p for p in _not_agencies()}, case_sensitive=True):
        return None
    bare_office = phrase_at(tokens, i, _heads(), case_sensitive=True) == (1, "Kantor")
    if bare_office and i > 0 and tokens[i - 1].text.lower() in ("di", "ke", "dari"):
        return None  # "di Kantor Kemenhub": a place
    known = _known_at(tokens, i, book)
    head = phrase_at(tokens, i, _heads(), case_sensitive=True)
    if known and tokens[i].text == "PT" and _company_goes_on(tokens, i + known[0]):
        known = None  # "PT Pertamina Patra Niaga ...": a subsidiary, read by the pattern below
    if known and (not head or known[0] >= head[0]):
        n, name, parent = known
        forms = [_join(tokens[i : i + n])]
        j = i + n
        if j + 1 < len(tokens) and tokens[j].text == "/" and _known_at(tokens, j + 1, book):
            other = _known_at(tokens, j + 1, book)  # "Kementerian Investasi/BKPM": one body, two names
            forms.append(_join(tokens[i : j + 1 + other[0]]))
            j += 1 + other[0]
        acr = _paren_acronym(tokens, j)
        if acr:
            forms.append(acr[1])
            j += acr[0]
        region = _region_after(tokens, j)
        if region and not name.endswith(region[1].split(" ", 1)[-1]):
            parent, name = name, f"{name} {region[1]}"
            forms = [_join(tokens[i : i + n] + tokens[j : j + region[0]])]
            j += region[0]
        elif region and name.endswith(region[1].split(" ", 1)[-1]):
            forms.append(_join(tokens[i : j + region[0]]))
            j += region[0]
        return j - i, _mention(tokens, i, j, name, forms, parent)
    if not head:
        return None
    n_head, head_text = head
    table = _table()
    expand = table["expand"]
    j = i + n_head
    forms: list[str] = []
    if head_text in table["regional"]:
        acr = _paren_acronym(tokens, j)
        if acr:
            j += acr[0]
        region = _region_after(tokens, j)
        if not region and (n := unknown_region_at(tokens, j)):
            region = (n, _join(tokens[j : j + n]))  # "Pemkab Sumbawa", "Pemkab Kepulauan Selayar"
        if not region:
            return None
        full_head = expand.get(head_text, head_text)
        kind = full_head.split()[-1]
        phrase = region[1] if region[1].startswith(kind) else f"{kind} {region[1].split(' ', 1)[-1]}"
        name = f"{full_head.rsplit(' ', 1)[0]} {phrase}"
        j += region[0]
        forms.append(_join(tokens[i:j]))
        if acr:
            forms.append(f"{acr[1]} {_join(tokens[j - region[0] : j])}")
        after = _paren_acronym(tokens, j)
        if after:
            forms.append(after[1])
            j += after[0]
        m = _mention(tokens, i, j, name, forms, None)
        m.regional_government = True
        m.region = phrase
        return j - i, m
    parent: str | None = None
    unit_end = j
    written_region: tuple[int, str] | None = None  # (token where the region starts, canonical form)
    while j < len(tokens):
        t = tokens[j]
        acr = _paren_acronym(tokens, j)
        if acr:
            forms.append(acr[1])
            j += acr[0]
            region = _region_after(tokens, j)
            if region:
                written_region = (j, region[1])
                unit_end = j + region[0]
                j = unit_end
                break
            if head_text in table["parent_in_name"] and _known_at(tokens, j, book):
                continue
            break
        if head_text == "PT" and t.text in ("Tbk", "Tbk."):
            j += 1
            unit_end = j
            continue
        if head_text == "PT" and t.text == "(" and j + 2 < len(tokens) and tokens[j + 1].text == "Persero":
            j += 3
            unit_end = j
            continue
        region = _region_after(tokens, j)
        if region and j > i + n_head:
            written_region = (j, region[1])
            j += region[0]
            unit_end = j
            break
        if head_text in table["parent_in_name"] and _known_at(tokens, j, book):
            kn = _known_at(tokens, j, book)
            parent = kn[1]
            j += kn[0]
            unit_end = j
            region = _region_after(tokens, j)
            if region:
                j += region[0]
                unit_end = j
                break
            continue
        if j > i + n_head and _starts_agency(tokens, j, book):
            break
        if is_cap(t) and t.text not in words("name_stops"):
            j += 1
            unit_end = j
            continue
        if (
            t.text in ("dan", "serta", "&")
            and j + 1 < len(tokens)
            and is_cap(tokens[j + 1])
            and not _starts_agency(tokens, j + 1, book)
        ):
            j += 1
            continue
        if t.text == "," and enumeration_follows(tokens, j):
            j += 1
            continue
        break
    # A person's name right after an agency ("Kementerian Perindustrian Reni Yanita mengatakan") is not
    # part of it: trailing name-like words before a speech verb are left to the official's reader.
    k = unit_end
    while k > i + n_head and _is_name_like(tokens[k - 1]) and not forms and unit_end - k < 4:
        k -= 1
    if i + n_head < k < unit_end and _speech_follows(tokens, unit_end):
        unit_end = k
    body = [t for t in tokens[i + n_head : unit_end]]
    if not body or not any(is_cap(t) for t in body):
        return None
    words_ = tokens[i:unit_end] if head_text == "PT" else outside_parens(tokens[i:unit_end])
    text = _join(words_)
    full_head = expand.get(head_text, head_text)
    name = full_head + text[len(head_text) :] if text.startswith(head_text) else text
    if written_region and head_text != "PT":
        # the region written out in the canonical name: "... NTB" → "... Provinsi Nusa Tenggara Barat"
        before = _join(outside_parens(tokens[i : written_region[0]]))
        canonical = f"{full_head}{before[len(head_text) :]} {written_region[1]}"
        if canonical != name:
            forms.append(text)
            name = canonical
    if head_text != full_head:
        forms.append(text)
    ref = _known_lower().get(name.lower())
    if ref:
        name, parent = ref.name, parent or ref.parent
    m = _mention(tokens, i, max(unit_end, j), name, forms, parent)
    return max(unit_end, j) - i, m


def _mention(
    tokens: list[Token], i: int, j: int, name: str, forms: list[str], parent: str | None
) -> AgencyMention:
    start, end = tokens[i].start, tokens[j - 1].end
    return AgencyMention(start, end, _join(tokens[i:j]), " ".join(name.split()), forms, parent)


@lru_cache(maxsize=1)
def _speech_verbs() -> frozenset[str]:
    return frozenset(v.lower() for v in load_table("speech")["verbs"])


def _speech_follows(tokens: list[Token], j: int) -> bool:
    """Whether a speech verb follows token ``j`` (after "juga", "pun" or a comma): "X mengatakan"."""
    while j < len(tokens) and tokens[j].text.lower() in ("juga", "pun", ",", "kembali", "dalam", "saat"):
        j += 1
    return j < len(tokens) and tokens[j].text.lower() in _speech_verbs()


def find_agencies(tokens: list[Token], book: AgencyBook) -> list[AgencyMention]:
    """Return the agencies named in a sentence's tokens, left to right, resolved against ``book``."""
    out: list[AgencyMention] = []
    i = 0
    while i < len(tokens):
        found = _read_agency(tokens, i, book) if is_cap(tokens[i]) else None
        if found:
            n, m = found
            out.append(m)
            i += max(n, 1)
        else:
            i += 1
    return out


def link_parents(tokens: list[Token], mentions: list[AgencyMention]) -> None:
    """Set parents stated in the sentence: "A melalui B", "B A" adjacency and "di bawah B"."""
    rel = _table()["relations"]
    by_start = {m.start: m for m in mentions}
    starts = sorted(by_start)
    index = {t.start: k for k, t in enumerate(tokens)}
    for a, b in pairwise(starts):
        ma, mb = by_start[a], by_start[b]
        ka = next((k for k, t in enumerate(tokens) if t.end == ma.end), None)
        kb = index.get(mb.start)
        if ka is None or kb is None:
            continue
        between = " ".join(t.text.lower() for t in tokens[ka + 1 : kb])
        if between in rel["through"]:
            if (
                ma.regional_government
                and not mb.regional_government
                and ma.region
                and ma.region not in mb.name
            ):
                mb.forms.append(mb.name)
                mb.name = f"{mb.name} {ma.region}"
            mb.parent = mb.parent or ma.name
        elif between == "" and not mb.regional_government and mb.name != ma.name and mb.parent != ma.name:
            ma.parent = ma.parent or mb.name
        elif any(between.endswith(u) for u in rel["under"]):
            ma.parent = mb.name
