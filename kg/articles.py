"""Articles: loading text files, cleaning boilerplate with offsets kept, and dateline metadata.

(Interface stub; the real cleaner and metadata reader are being written.)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import ArticleError
from .namespaces import article_iri

__all__ = ["Article", "Span", "load_article", "article_from_text", "find_articles", "MAX_ARTICLE_BYTES"]

MAX_ARTICLE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Span:
    """A piece of an article's text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Article:
    """One article: its original text and what is known about where it came from."""

    identifier: str
    text: str
    title: str | None = None
    outlet: str | None = None
    dateline_place: str | None = None
    published: date | None = None
    url: str | None = None
    paragraphs: tuple[Span, ...] = field(default=())

    @property
    def iri(self) -> str:
        """Return the article's IRI, which is also the name of its graph."""
        return article_iri(self.identifier)

    @property
    def content_hash(self) -> str:
        """Return the SHA-256 of the text, telling whether an article changed."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def article_from_text(identifier: str, text: str, url: str | None = None) -> Article:
    """Return an Article for ``text``, with paragraphs cleaned and metadata read from it."""
    paras = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped)
            paras.append(Span(start, start + len(stripped), stripped))
        pos += len(line)
    return Article(identifier=identifier, text=text, url=url, paragraphs=tuple(paras))


def load_article(path: Path) -> Article:
    """Return the Article in the text file at ``path``; raise ArticleError if it cannot be read."""
    path = Path(path)
    if not path.exists():
        raise ArticleError(f"{path}: no such file")
    if path.is_dir():
        raise ArticleError(f"{path}: is a directory, not an article")
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        raise ArticleError(f"{path}: too large ({size} bytes; the limit is {MAX_ARTICLE_BYTES})")
    data = path.read_bytes()
    if b"\x00" in data:
        raise ArticleError(f"{path}: binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if not text.strip():
        raise ArticleError(f"{path}: empty article")
    return article_from_text(path.name, text)


def find_articles(paths: list[Path]) -> list[Path]:
    """Return the article files named by ``paths``: files as given, folders searched for ``*.txt``."""
    found: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found.extend(sorted(q for q in p.rglob("*.txt") if q.is_file()))
        else:
            found.append(p)
    return found
