"""Articles: loading text files, dropping boilerplate with offsets kept, dateline metadata, sentences.

A paragraph is a line of the text. Every span keeps ``start``/``end`` offsets into the original text,
so ``article.text[span.start:span.end] == span.text`` always holds.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from .errors import ArticleError
from .extract.dates import find_dates
from .lexicon import compile_patterns, load_table
from .namespaces import article_iri

__all__ = [
    "Article",
    "Span",
    "load_article",
    "article_from_text",
    "find_articles",
    "split_sentences",
    "MAX_ARTICLE_BYTES",
    "MAX_SENTENCE",
    "MAX_LINE_CHARS",
]

MAX_ARTICLE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Span:
    """A piece of an article's text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Article:
    """One article: its original text, its content paragraphs and what is known of its source."""

    identifier: str
    text: str
    title: str | None = None
    outlet: str | None = None
    dateline_place: str | None = None
    published: date | None = None
    url: str | None = None
    paragraphs: tuple[Span, ...] = field(default=())
    headline: Span | None = None
    author: str | None = None
    retrieved: datetime | None = None

    @property
    def iri(self) -> str:
        """Return the article's IRI, which is also the name of its graph."""
        return article_iri(self.identifier)

    @property
    def content_hash(self) -> str:
        """Return the SHA-256 of the text, telling whether an article changed."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


_DASH = r"\s*[-–—]+\s+"
_DATELINE_PAREN = re.compile(r"^(?P<place>[A-Z][\w .'-]{1,40}?)\s*\((?P<outlet>[^()]{2,40})\)" + _DASH)
_DATELINE_DOTTED = re.compile(r"^(?P<place>[A-Z]{3,})\.(?P<outlet>[A-Z][A-Z.]+[A-Z])" + _DASH)
_DATELINE_COMMA = re.compile(r"^(?P<a>[A-Z][^,–—\n]{1,40}?),\s*(?P<b>[A-Z][^,–—\n]{1,40}?)" + _DASH)
_DATELINE_PLACE = re.compile(r"^(?P<place>[A-Z][A-Za-z .]{2,30}?)" + _DASH)
_SENTENCE_END = re.compile(r"(?<=[.!?])(?P<close>[\"”’']?)\s+(?=[\"“‘']?[A-Z0-9])")
_NO_BREAK_BEFORE = re.compile(
    r"(?:\b(?:[A-Z]|St|No|Jl|Km|Tbk|dll|dkk|Sdr|Bpk|Kab|Kec|Kel|Yth|R\.A|a\.n|u\.p|tgl|Rp|US\$|Plt|Plh|Pj)\.)$"
)


@lru_cache(maxsize=1)
def _abbreviation_ends() -> re.Pattern[str]:
    """Return a pattern of honorifics and degrees ("Prof.", "apt.", "M.Si.") at a text's end.

    No sentence ends on one of them.
    """
    table = load_table("words")
    forms = {f for f in table["honorific_prefix"] + table["degree_suffix"] if f.endswith(".")}
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?:^|[\s(,])(?:{alternatives})$")


def _places() -> set[str]:
    table = load_table("places")
    names = {p.lower() for p in table["provinces"]}
    names |= {a.lower() for alts in table["provinces"].values() for a in alts}
    names |= {c.lower() for c in table["cities"]["names"]}
    return names


def _lines(text: str) -> list[Span]:
    """Return the non-blank lines of ``text``, stripped, with their offsets."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped)
            out.append(Span(start, start + len(stripped), stripped))
        pos += len(line)
    return out


def _matches(name: str, key: str, line: str) -> bool:
    return any(p.search(line) for p in compile_patterns(name, key))


def _dateline(line: Span) -> tuple[str | None, str | None, int] | None:
    """Return (place, outlet, length of the dateline) if ``line`` opens with a dateline."""
    t = line.text
    if m := _DATELINE_PAREN.match(t):
        return m["place"].strip(), m["outlet"].strip(), m.end()
    if m := _DATELINE_DOTTED.match(t):
        return m["place"], m["outlet"], m.end()
    if m := _DATELINE_COMMA.match(t):
        a, b = m["a"].strip(), m["b"].strip()
        if len(a.split()) > 4 or len(b.split()) > 4:
            return None
        places = _places()
        if b.lower() in places and a.lower() not in places:
            return b, a, m.end()
        return a, b, m.end()
    if (m := _DATELINE_PLACE.match(t)) and m["place"].strip().lower() in _places():
        return m["place"].strip(), None, m.end()
    return None


def _published(lines: list[Span]) -> date | None:
    for line in lines:
        for mention in find_dates(line.text, None):
            if mention.start_date and mention.start_date.year > 1900:
                return mention.start_date
    return None


def article_from_text(identifier: str, text: str, url: str | None = None) -> Article:
    """Return an Article for ``text``: boilerplate dropped, headline, dateline and body paragraphs found."""
    lines = _lines(text)
    kept: list[Span] = []
    outlet_from_header: str | None = None
    in_link_box = False
    for line in lines:
        if _matches("boilerplate", "tail", line.text):
            break
        if _matches("boilerplate", "link_box", line.text):
            in_link_box = True
            continue
        if in_link_box and _looks_like_headline(line.text):
            continue
        in_link_box = False
        for pattern in compile_patterns("boilerplate", "outlet_line"):
            if m := pattern.match(line.text):
                outlet_from_header = outlet_from_header or m["outlet"]
        if len(line.text) <= _MAX_BOILERPLATE_LINE and _is_boilerplate(line.text):
            continue
        kept.append(line)

    place = outlet = None
    body_from = 0
    header: list[Span] = []
    paragraphs: list[Span] = []
    for i, line in enumerate(kept[:6]):
        found = _dateline(line)
        if found:
            place, outlet, length = found
            header = kept[:i]
            rest = line.text[length:]
            paragraphs.append(Span(line.start + length, line.end, rest))
            body_from = i + 1
            break
    if not paragraphs:
        # No dateline: short lines before the first long paragraph are the header.
        for i, line in enumerate(kept):
            if len(line.text) >= 120 or line.text.rstrip().endswith((".", "”", '"')):
                header, body_from = kept[:i], i
                break
    paragraphs.extend(kept[body_from:])
    paragraphs = [_without_credit(p) for p in paragraphs]
    header_meta = [h for h in header if _is_meta_line(h.text)]
    # the headline is the longest header line that is not a date or byline (a press release's header
    # also names the ministry, "SIARAN PERS" and a release number)
    headline = max((h for h in header if not _is_meta_line(h.text)), key=lambda h: len(h.text), default=None)
    return Article(
        identifier=identifier,
        text=text,
        title=headline.text if headline else None,
        outlet=outlet or outlet_from_header,
        dateline_place=place,
        published=_published(header_meta),
        url=url,
        paragraphs=tuple(paragraphs),
        headline=headline,
    )


# Boilerplate lines are short; a long line that happens to contain "©" or "Foto:" is content.
_MAX_BOILERPLATE_LINE = 300


def _is_boilerplate(text: str) -> bool:
    """Whether a line is boilerplate: a byline, a copyright or share line, a photo caption."""
    caption = _matches("boilerplate", "caption", text) and not any(q in text for q in '"“”')
    return caption or _matches("boilerplate", "line", text)


def _looks_like_headline(text: str) -> bool:
    """Whether a line reads like a linked headline: short, with no sentence-closing mark at its end."""
    return len(text) <= 150 and not text.rstrip().endswith((".", "”", '"', "!", "?"))


_TRAILING_CREDIT = re.compile(r"\s*\([^()]{2,60}/[^()]{2,60}\)\s*$")


def _without_credit(paragraph: Span) -> Span:
    """Return the paragraph without a writer's or photographer's credit at its end: "(MC X/abc)"."""
    m = _TRAILING_CREDIT.search(paragraph.text)
    if not m or m.start() == 0:
        return paragraph
    return Span(paragraph.start, paragraph.start + m.start(), paragraph.text[: m.start()])


def _is_meta_line(text: str) -> bool:
    """Whether a header line is a date/time or byline line rather than the headline."""
    if len(text) <= 60 and any(d.start_date and d.start_date.year > 1900 for d in find_dates(text, None)):
        return True  # "Tanggal: 9 Desember 2024", "Rabu, 7 Februari 2024"
    return bool(re.search(r"\b\d{1,2}[:.]\d{2}\s*(WIB|WITA|WIT)\b|\|", text)) or bool(
        re.match(r"^(Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu),\s*\d", text)
    )


def split_sentences(paragraph: Span) -> list[Span]:
    """Return the sentences of ``paragraph`` as spans with offsets into the same text.

    A run of more than MAX_SENTENCE characters with no sentence end (scraped text without punctuation)
    is cut at a comma or a space, so the work per sentence stays bounded.
    """
    out: list[Span] = []
    start = 0
    t = paragraph.text
    for m in _SENTENCE_END.finditer(t):
        tail_of_head = t[max(start, m.start() - 24) : m.start()]
        if _NO_BREAK_BEFORE.search(tail_of_head) or _abbreviation_ends().search(tail_of_head):
            continue
        _add_sentence(out, paragraph, t, start, m.start() + len(m["close"]))
        start = m.end()
    _add_sentence(out, paragraph, t, start, len(t))
    return out


MAX_SENTENCE = 1000


def _add_sentence(out: list[Span], paragraph: Span, t: str, start: int, end: int) -> None:
    """Append ``t[start:end]``, stripped, to ``out``; cut it into pieces when it is too long."""
    while end - start > MAX_SENTENCE:
        window = t[start : start + MAX_SENTENCE]
        cut = max(window.rfind(", "), window.rfind("; "))
        cut = cut + 1 if cut > MAX_SENTENCE // 2 else window.rfind(" ")
        if cut <= 0:
            cut = MAX_SENTENCE
        _add_sentence(out, paragraph, t, start, start + cut)
        start += cut
    piece = t[start:end].strip()
    if piece:
        s = start + t[start:end].index(piece)
        out.append(Span(paragraph.start + s, paragraph.start + s + len(piece), piece))


def load_article(path: Path, warn: Callable[[str], None] | None = None) -> Article:
    """Return the Article in the text file at ``path``; raise ArticleError if it cannot be read.

    Refused: a missing file, a folder, a file over MAX_ARTICLE_BYTES, a binary file (NUL bytes or
    mostly control characters), an HTML page saved as text, a line over MAX_LINE_CHARS, and a text
    with nothing but white space. Text that is not valid UTF-8 is read anyway (Windows-1252, or UTF-8
    with the bad bytes replaced) and ``warn`` is told how.
    """
    path = Path(path)
    try:
        if not path.exists():
            loop = path.is_symlink()
            raise ArticleError(f"{path}: {'broken or looping symlink' if loop else 'no such file'}")
        if path.is_dir():
            raise ArticleError(f"{path}: is a directory, not an article")
        size = path.stat().st_size
    except OSError as e:  # e.g. a symlink loop (ELOOP)
        raise ArticleError(f"{path}: cannot be read ({e.strerror or e})") from None
    if size > MAX_ARTICLE_BYTES:
        raise ArticleError(f"{path}: too large ({size} bytes; the limit is {MAX_ARTICLE_BYTES})")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ArticleError(f"{path}: cannot be read ({e.strerror})") from None
    text = _decode(path, data, warn)
    if not text.strip():
        raise ArticleError(f"{path}: empty article")
    if _HTML.match(text):
        raise ArticleError(f"{path}: an HTML page, not plain text (save the article's text)")
    longest = max(len(line) for line in text.splitlines())
    if longest > MAX_LINE_CHARS:
        raise ArticleError(
            f"{path}: a line of {longest} characters; an article's paragraphs are at most {MAX_LINE_CHARS}"
        )
    return article_from_text(path.name, text)


MAX_LINE_CHARS = 100_000
_HTML = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>]|<\?xml[^>]*>\s*<html|<head[\s>]|<body[\s>])", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _decode(path: Path, data: bytes, warn: Callable[[str], None] | None) -> str:
    """Return ``data`` as text: UTF-8, else Windows-1252 (telling ``warn``); ArticleError if binary."""
    if b"\x00" in data:
        raise ArticleError(f"{path}: binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        lenient = data.decode("utf-8-sig", errors="replace")
        bad = lenient.count("\ufffd") - data.decode("utf-8-sig", errors="ignore").count("\ufffd")
        if any(ord(c) > 0x7F and c != "\ufffd" for c in lenient):
            # real UTF-8 with some damage: keep its characters, replace the bad bytes
            text = lenient
            how = f"{bad} invalid UTF-8 sequence(s) replaced with U+FFFD (the first at byte {e.start})"
        else:
            text, how = data.decode("cp1252", errors="replace"), "not UTF-8: read as Windows-1252"
        if warn is not None:
            warn(f"{path}: {how}")
    if len(_CONTROL.findall(text)) > max(8, len(text) // 100):
        raise ArticleError(f"{path}: binary file, not text")
    return text


def find_articles(paths: list[Path]) -> list[Path]:
    """Return the article files named by ``paths``: files as given, folders searched for ``*.txt``.

    Symlinked folders are followed, each folder at most once, so a symlink loop ends the search.
    """
    found: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            seen: set[tuple[int, int]] = set()
            files: list[Path] = []
            for root, dirs, names in os.walk(p, followlinks=True):
                try:
                    st = os.stat(root)
                except OSError:
                    dirs[:] = []
                    continue
                if (st.st_dev, st.st_ino) in seen:
                    dirs[:] = []
                    continue
                seen.add((st.st_dev, st.st_ino))
                files += [Path(root, n) for n in names if n.endswith(".txt") and Path(root, n).is_file()]
            found.extend(sorted(files))
        else:
            found.append(p)
    return found
