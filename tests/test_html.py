"""HTML pages: main text without navigation, related boxes, comments or 'Baca juga'; metadata; dates."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kg.errors import ArticleError
from kg.html import article_from_html, decode_html, extract_page, parse_date

from conftest import HTML_DATA

PAGES = [
    # file, title, outlet, author, published, a body sentence
    (
        "berita-ikm.html",
        "IKM Diharapkan Jadi Penopang Perekonomian",
        "Warta Industri",
        "Sari Wulandari",
        date(2025, 3, 10),
        "populasi IKM yang saat ini mencapai 4,5 juta unit usaha",
    ),
    (
        "berita-jsonld.html",
        "Festival Budaya Digelar di Sleman",
        "Kabar Daerah",
        "Budi Santoso",
        date(2024, 8, 17),
        "diikuti oleh 40 kelompok kesenian",
    ),
]

# what the pages hold around the article and must not reach its text
NOT_CONTENT = [
    "Beranda", "Indeks Berita", "Berita Terkait", "Ekspor Kerajinan", "Komentar", "Semoga program ini",
    "Mantap", "Hak cipta", "Baca juga", "Menperin Resmikan", "Jadwal Lengkap", "Acaranya seru", "Oleh Budi",
]


@pytest.mark.parametrize(("name", "title", "outlet", "author", "published", "sentence"), PAGES)
def test_page_metadata_and_main_text(
    name: str, title: str, outlet: str, author: str, published: date, sentence: str
) -> None:
    page = extract_page((HTML_DATA / name).read_text(encoding="utf-8"))
    assert (page.title, page.outlet, page.author, page.published) == (title, outlet, author, published)
    text = page.text()
    assert text.startswith(title + "\n") and sentence in text
    for junk in NOT_CONTENT:
        assert junk not in text, junk


@pytest.mark.parametrize(("name", "title", "outlet", "author", "published", "sentence"), PAGES)
def test_article_from_html_keeps_metadata_and_offsets(
    name: str, title: str, outlet: str, author: str, published: date, sentence: str
) -> None:
    retrieved = datetime(2025, 3, 11, 8, 0)
    article = article_from_html(
        (HTML_DATA / name).read_text(encoding="utf-8"), "https://b.go.id/x", "https://b.go.id/x", retrieved
    )
    assert (article.title, article.outlet, article.author, article.published) == (
        title, outlet, author, published
    )
    assert article.url == "https://b.go.id/x" and article.retrieved == retrieved
    assert article.paragraphs and any(sentence in p.text for p in article.paragraphs)
    for p in article.paragraphs:
        assert article.text[p.start : p.end] == p.text


@pytest.mark.parametrize(
    "html",
    [
        (HTML_DATA / "kosong.html").read_text(encoding="utf-8"),
        "",
        "<html><body><p>Pendek.</p></body></html>",
        "bukan html sama sekali \x00\x01",
    ],
)
def test_a_page_without_article_text_is_an_article_error(html: str) -> None:
    with pytest.raises(ArticleError, match=r"no article text|cannot read the HTML"):
        extract_page(html)


@pytest.mark.parametrize(
    ("text", "base", "expected"),
    [
        ("Senin, 10 Maret 2025 14:30 WIB", None, date(2025, 3, 10)),
        ("Senin, 10/03/2025 | 14:30 WIB", None, date(2025, 3, 10)),
        ("2024-08-17T09:00:00+07:00", None, date(2024, 8, 17)),
        ("17 Agustus 2024", None, date(2024, 8, 17)),
        # relative and incomplete dates are read relative to the article's own date, never the clock
        ("10 Maret", datetime(2024, 5, 1), date(2024, 3, 10)),
        ("2 hari yang lalu", datetime(2025, 3, 12, 12, 0), date(2025, 3, 10)),
        ("kemarin", date(2025, 3, 11), date(2025, 3, 10)),
        ("10 Maret", None, None),
        ("2 hari yang lalu", None, None),
        ("bukan tanggal", None, None),
        ("", None, None),
    ],
)
def test_parse_date(text: str, base, expected: date | None) -> None:
    assert parse_date(text, base) == expected


@pytest.mark.parametrize(
    ("data", "encoding", "expected"),
    [
        ("<p>Kabupatén</p>".encode(), None, "<p>Kabupatén</p>"),
        ('<meta charset="iso-8859-1"><p>Kabupatén</p>'.encode("latin-1"), None, "Kabupatén"),
        ("<p>Kabupatén</p>".encode("latin-1"), "latin-1", "Kabupatén"),
        (b"<p>x</p>", "no-such-codec", "<p>x</p>"),
    ],
)
def test_decode_html(data: bytes, encoding: str | None, expected: str) -> None:
    assert expected in decode_html(data, encoding)
