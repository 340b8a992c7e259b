"""Main text and metadata of an HTML news page, as an Article for the same pipeline as text files.

trafilatura finds the article's main text and drops navigation, related-article boxes and comments;
the in-body "Baca juga: ..." lines it keeps are stripped afterwards. The text handed to
``article_from_text`` is the title then the body paragraphs, one per line, so HTML and text articles
go through the same cleaning and extraction. Title, outlet (site name), author and publication date
come from the page's metadata; the date is parsed with dateparser's Indonesian support
("Senin, 10 Maret 2025 14:30 WIB"), relative to the article's own date: the date the page's metadata
gives, else its retrieval time; with neither, only a date that names its year is accepted (never the
clock's). trafilatura is imported on first use, so other commands start fast.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache

from .articles import Article, article_from_text
from .errors import ArticleError

__all__ = ["PageText", "extract_page", "article_from_html", "parse_date", "decode_html"]

_SEE_ALSO = re.compile(
    r"^\s*[\[(]?\s*(baca juga|baca pula|baca selengkapnya|lihat juga|simak juga|berita terkait|"
    r"artikel terkait)\b",
    re.IGNORECASE,
)
_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "publishdate", "pubdate",
    "publish-date", "publish_date", "date", "dc.date", "dc.date.issued", "dcterms.created",
    "content_publishdate", "parsely-pub-date", "sailthru.date",
)
_DATE_HINT = re.compile(r"date|time|tanggal|tgl|publish|waktu", re.IGNORECASE)
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_MIN_WORDS = 8


@dataclass(frozen=True)
class PageText:
    """What a page holds: title, body paragraphs (one per item), outlet, author, publication date."""

    title: str | None
    paragraphs: tuple[str, ...]
    outlet: str | None = None
    author: str | None = None
    published: date | None = None

    def text(self) -> str:
        """Return the article text: the title, then the body paragraphs, one per line."""
        lines = ([self.title] if self.title else []) + list(self.paragraphs)
        return "\n".join(lines) + "\n"


def decode_html(data: bytes, encoding: str | None = None) -> str:
    """Return the HTML ``data`` as text: by ``encoding`` if given, else its meta charset, else UTF-8."""
    if encoding is None:
        m = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", data[:4096], re.IGNORECASE)
        encoding = m.group(1).decode("ascii") if m else "utf-8"
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


@lru_cache(maxsize=1)
def _date_parser():
    import dateparser

    return dateparser


def parse_date(text: str, base: datetime | date | None = None) -> date | None:
    """Return the date written in ``text`` (Indonesian or ISO), or None.

    Relative or incomplete dates ("2 jam yang lalu", "Senin, 10 Maret") are read relative to
    ``base``, the article's own date; without it only a date naming its year is accepted.
    """
    text = " ".join(text.split())
    if not text or len(text) > 80:
        return None
    if base is None and not _YEAR.search(text):
        return None
    text = re.sub(r"\b(WIB|WITA|WIT)\b", "", text).replace("|", " ")
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        moment = base if isinstance(base, datetime) else datetime(base.year, base.month, base.day)
        settings["RELATIVE_BASE"] = moment.replace(tzinfo=None)
    try:
        found = _date_parser().parse(text, languages=["id", "en"], settings=settings)
    except Exception:  # dateparser raises on odd inputs (overflowing numbers, ...)
        return None
    if found is None or not 1900 < found.year < 2200:
        return None
    return found.date()


def _meta_dates(tree) -> list[str]:
    """Return the publication dates the page's metadata states, best first (meta, JSON-LD, <time>)."""
    found: list[str] = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _DATE_META and meta.get("content"):
            found.append(meta.get("content"))
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            try:
                found.extend(_json_dates(json.loads(script.text)))
            except ValueError:
                continue
    for time_el in tree.iter("time"):
        if time_el.get("datetime"):
            found.append(time_el.get("datetime"))
    return found


def _json_dates(data) -> list[str]:
    if isinstance(data, list):
        return [d for item in data for d in _json_dates(item)]
    if isinstance(data, dict):
        out = [data["datePublished"]] if isinstance(data.get("datePublished"), str) else []
        for key in ("@graph", "mainEntity"):
            out.extend(_json_dates(data.get(key)))
        return out
    return []


def _visible_dates(tree) -> list[str]:
    """Return short texts of elements whose class or id says they hold a date."""
    found = []
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "meta"):
            continue
        if _DATE_HINT.search(f"{el.get('class', '')} {el.get('id', '')}"):
            text = " ".join(el.text_content().split())
            if 6 <= len(text) <= 80:
                found.append(text)
    return found


def _published(tree, extracted: str | None, leading: list[str], retrieved: datetime | None) -> date | None:
    """Return the publication date: metadata first, then visible date lines, then trafilatura's guess."""
    for text in _meta_dates(tree):
        found = parse_date(text)
        if found:
            return found
    for text in leading + _visible_dates(tree):
        found = parse_date(text, retrieved)
        if found:
            return found
    return parse_date(extracted) if extracted else None


def extract_page(html: str, url: str | None = None, retrieved: datetime | None = None) -> PageText:
    """Return the title, body paragraphs and metadata of the news page ``html``.

    Raises ArticleError if the page holds no article text. ``retrieved`` (when the page was fetched)
    is the base of relative dates when the page's metadata gives no date.
    """
    import lxml.html
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            favor_precision=True,
            deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as e:  # a parser failure on one page
        raise ArticleError(f"{url or 'page'}: cannot read the HTML ({type(e).__name__})") from e
    if doc is None or not (doc.text or "").strip():
        raise ArticleError(f"{url or 'page'}: no article text found in the HTML")
    title = " ".join((doc.title or "").split()) or None
    lines = [" ".join(line.split()) for line in doc.text.splitlines()]
    lines = [line for line in lines if line and not _SEE_ALSO.match(line)]
    if title and lines and lines[0] == title:
        lines = lines[1:]
    leading = []
    while lines and len(lines[0]) <= 80 and parse_date(lines[0], retrieved):
        leading.append(lines.pop(0))  # a date line above the body ("Senin, 10 Maret 2025 14:30 WIB")
    if not any(len(line.split()) >= _MIN_WORDS for line in lines):  # menus, link lists, a lone title
        raise ArticleError(f"{url or 'page'}: no article text found in the HTML")
    try:
        tree = lxml.html.fromstring(html)
    except Exception:  # an empty or broken document: no metadata beyond trafilatura's
        tree = lxml.html.fromstring("<html></html>")
    return PageText(
        title=title,
        paragraphs=tuple(lines),
        outlet=" ".join((doc.sitename or "").split()) or None,
        author=" ".join((doc.author or "").split()) or None,
        published=_published(tree, doc.date, leading, retrieved),
    )


def article_from_html(
    html: str, identifier: str, url: str | None = None, retrieved: datetime | None = None
) -> Article:
    """Return the Article of the news page ``html`` (identified by its URL or file name).

    Its text goes through ``article_from_text``; title, outlet, author, publication date and
    retrieval time from the page override what the text alone tells. Raises ArticleError if the page
    holds no article text.
    """
    page = extract_page(html, url, retrieved)
    article = article_from_text(identifier, page.text(), url=url)
    return replace(
        article,
        title=page.title or article.title,
        outlet=page.outlet or article.outlet,
        published=page.published or article.published,
        author=page.author,
        retrieved=retrieved,
    )
