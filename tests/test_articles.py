"""Tests for kg.articles: boilerplate cleaning with offsets, dateline metadata, headline, sentences."""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.articles import Span, article_from_text, split_sentences

BODY = "Dinas Sosial Kota Medan menyalurkan bantuan pangan kepada warga."


def _paragraphs(text: str) -> list[str]:
    return [p.text for p in article_from_text("t.txt", text).paragraphs]


def _assert_offsets(text: str) -> None:
    a = article_from_text("t.txt", text)
    assert a.text == text
    for p in a.paragraphs:
        assert text[p.start : p.end] == p.text
        for s in split_sentences(p):
            assert text[s.start : s.end] == s.text
            assert p.start <= s.start <= s.end <= p.end
    if a.headline:
        assert text[a.headline.start : a.headline.end] == a.headline.text == a.title


# (first body line, place, outlet)
DATELINES = [
    (f"Medan (Kabar Deli) - {BODY}", "Medan", "Kabar Deli"),
    (f"Medan (Kabar Deli) – {BODY}", "Medan", "Kabar Deli"),
    (f"Medan (Kabar Deli) — {BODY}", "Medan", "Kabar Deli"),
    (f"MEDAN.KABARDELI - {BODY}", "MEDAN", "KABARDELI"),
    (f"Medan, Kabar Deli - {BODY}", "Medan", "Kabar Deli"),
    (f"Kabar Deli, Medan – {BODY}", "Medan", "Kabar Deli"),
]


@pytest.mark.parametrize(("line", "place", "outlet"), DATELINES)
def test_dateline_gives_place_and_outlet_and_is_cut_from_the_lead(line: str, place: str, outlet: str) -> None:
    text = f"Bantuan Pangan Disalurkan ke Warga Medan\n{line}\n"
    a = article_from_text("t.txt", text)
    assert (a.dateline_place, a.outlet) == (place, outlet)
    assert a.title == "Bantuan Pangan Disalurkan ke Warga Medan"
    assert a.paragraphs[0].text == BODY
    assert text[a.paragraphs[0].start : a.paragraphs[0].end] == BODY


def test_no_dateline_means_no_place_or_outlet() -> None:
    a = article_from_text("t.txt", f"Bantuan Pangan untuk Warga\n{BODY}\n")
    assert (a.dateline_place, a.outlet) == (None, None)
    assert a.title == "Bantuan Pangan untuk Warga"
    assert [p.text for p in a.paragraphs] == [BODY]


@pytest.mark.parametrize(
    ("meta", "published"),
    [
        ("Senin, 3 Juni 2024 | 09:00 WIB", date(2024, 6, 3)),
        ("Kamis, 14 Maret 2024 10:15 WIB | Pewarta: Rina", date(2024, 3, 14)),
        ("Rabu, 7 Februari 2024 08:45 WITA", date(2024, 2, 7)),
    ],
)
def test_header_meta_line_gives_published_date_and_is_not_the_headline(meta: str, published: date) -> None:
    a = article_from_text("t.txt", f"Pasar Murah Dibuka di Pontianak\n{meta}\n{BODY}\n")
    assert a.published == published
    assert a.title == "Pasar Murah Dibuka di Pontianak"


def test_a_date_only_in_the_body_is_not_the_publication_date() -> None:
    a = article_from_text(
        "t.txt", "Pasar Murah Dibuka\nPemkot membuka pasar murah pada 3 Juni 2024 bagi warga.\n"
    )
    assert a.published is None


DROPPED = [
    "Baca juga: Harga cabai turun di Pontianak",
    "BACA JUGA: Harga cabai turun",
    "Lihat juga: Pemkot gelar operasi pasar",
    "Editor: Joko Prasetyo",
    "Pewarta: Rina Kusumawati",
    "Penulis: Andi",
    "Reporter | Dodi Kurniawan",
    "Sumber: Humas Pemkot",
    "Tag: pasar murah, Pontianak",
    "Copyright © Kabar Deli 2024",
    "Hak cipta dilindungi undang-undang",
    "Wali Kota meninjau lokasi pasar murah. (Foto: Humas Pemkot/Andi)",
    "Warga antre membeli beras murah (KABARDELI/Rudi)",
    "(antara)",
    "facebook | twitter | whatsapp",
    "Advertisement",
    "Telp: (021) 3841230, Faks: (021) 3846702",
    "Narahubung: Rina, Telp. (021) 555 ext. 12",
    "Artikel ini telah dibaca 3.412 kali",
    "Dibaca 1.234 kali",
    "Simak Video \"Video: Menteri Tinjau Pasar\"",
]


@pytest.mark.parametrize("line", DROPPED)
def test_boilerplate_lines_are_dropped(line: str) -> None:
    text = f"Pasar Murah Dibuka\nPemkot Pontianak membuka pasar murah.\n{line}\nWarga antre sejak pagi.\n"
    assert _paragraphs(text) == ["Pemkot Pontianak membuka pasar murah.", "Warga antre sejak pagi."]


@pytest.mark.parametrize(
    "marker", ["Related", "3 Komentar", "Tinggalkan Balasan", "Untuk keterangan lebih lanjut, hubungi:"]
)
def test_tail_marker_drops_everything_after_it(marker: str) -> None:
    text = f"Pasar Murah Dibuka\nPemkot membuka pasar murah.\n{marker}\nPemkot gelar operasi pasar.\n"
    assert _paragraphs(text) == ["Pemkot membuka pasar murah."]


@pytest.mark.parametrize("header", ["Berita Terkait", "Baca juga:", "Baca Juga", "Pilihan Editor"])
def test_link_box_drops_its_headlines_and_the_article_goes_on(header: str) -> None:
    text = (
        "Pasar Murah Dibuka\nPemkot membuka pasar murah.\n"
        f"{header}\nHarga Cabai Naik 15 Persen\nOperasi Pasar Digelar di Lima Kecamatan\n"
        "Wali Kota meminta warga tidak panik.\n"
    )
    assert _paragraphs(text) == ["Pemkot membuka pasar murah.", "Wali Kota meminta warga tidak panik."]


def test_quoted_paragraph_with_a_credit_shape_is_kept_as_content() -> None:
    line = '"Harga beras turun," kata Yusuf. (Kabar Deli/abc)'
    text = f"Pasar Murah Dibuka\nPemkot membuka pasar murah.\n{line}\n"
    paragraphs = article_from_text("t.txt", text).paragraphs
    assert [p.text for p in paragraphs] == ["Pemkot membuka pasar murah.", '"Harga beras turun," kata Yusuf.']
    assert text[paragraphs[1].start : paragraphs[1].end] == paragraphs[1].text


def test_paragraph_offsets_survive_indentation_and_blank_lines() -> None:
    text = "Judul Berita Panjang\r\n\r\n   Pemkot membuka pasar murah.  \r\n\n\tWarga antre sejak pagi.\n"
    a = article_from_text("t.txt", text)
    assert [p.text for p in a.paragraphs] == ["Pemkot membuka pasar murah.", "Warga antre sejak pagi."]
    _assert_offsets(text)


SENTENCES = [
    ("Dinas hadir. Warga senang.", ["Dinas hadir.", "Warga senang."]),
    ("Tarif naik 2,5 persen. Warga mengeluh! Kenapa? Tidak jelas.", None),
    ("Dr. Siti Aminah hadir. Ia bicara.", ["Dr. Siti Aminah hadir.", "Ia bicara."]),
    ("Anggaran Rp. 5 juta. Cukup.", ["Anggaran Rp. 5 juta.", "Cukup."]),
    ("Kantor di Jl. Merdeka No. 5. Buka pukul 8.", ["Kantor di Jl. Merdeka No. 5.", "Buka pukul 8."]),
    ("Prof. Ir. H. Ahmad Fauzi tiba. Acara dimulai.", ["Prof. Ir. H. Ahmad Fauzi tiba.", "Acara dimulai."]),
    ("PT Maju Tbk. Perusahaan itu untung.", ["PT Maju Tbk. Perusahaan itu untung."]),
    ("kecil. huruf kecil tidak memulai kalimat.", ["kecil. huruf kecil tidak memulai kalimat."]),
    ("Satu kalimat tanpa titik", ["Satu kalimat tanpa titik"]),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_split_sentences(text: str, expected: list[str] | None) -> None:
    offset = 17
    found = split_sentences(Span(offset, offset + len(text), text))
    full = "x" * offset + text
    for s in found:
        assert full[s.start : s.end] == s.text
    if expected is None:
        expected = ["Tarif naik 2,5 persen.", "Warga mengeluh!", "Kenapa?", "Tidak jelas."]
    assert [s.text for s in found] == expected


def test_closing_quote_stays_with_its_sentence() -> None:
    text = '"Kami siap." Kata dia.'
    assert [s.text for s in split_sentences(Span(0, len(text), text))] == ['"Kami siap."', "Kata dia."]


_GENRE_WORDS = (
    "Kementerian Perindustrian Dinas Kabupaten Sleman Kepala Bupati ( ) KKP Rp 1,5 juta persen mengatakan "
    'Ia program Festival 2024 di pada Senin 12 Mei , . " “ ” - – Jakarta (Antara) Baca juga: Editor: Budi '
    "Dr. S.E. Pemprov Jatim | 09:00 WIB (Foto: /"
)
GENRE = [*_GENRE_WORDS.split(), "\n", "\n", "\r\n", "  "]
genre_text = st.lists(st.sampled_from(GENRE), max_size=60).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), genre_text))
def test_spans_always_reproduce_their_text(text: str) -> None:
    _assert_offsets(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("Ab .!?\"”'1\n"), max_size=80))
def test_sentences_cover_the_paragraph_without_overlap(text: str) -> None:
    for p in article_from_text("t.txt", text).paragraphs:
        found = split_sentences(p)
        assert all(a.end <= b.start for a, b in itertools.pairwise(found))
        # nothing but separators between sentences
        covered = re.sub(r"\s+", "", "".join(s.text for s in found))
        assert len(covered) >= len(re.sub(r"[\s\"”'’]+", "", p.text))


def test_press_release_header_gives_headline_and_date() -> None:
    text = (
        "KEMENTERIAN KELAUTAN DAN PERIKANAN\nSIARAN PERS\nNOMOR: SP.12/2024\nTanggal: 9 Desember 2024\n"
        "KKP Resmikan Pelabuhan Perikanan Baru di Maluku Tenggara\n"
        "Kementerian Kelautan dan Perikanan meresmikan pelabuhan perikanan baru di Maluku Tenggara pada "
        "Senin (9/12). Pelabuhan itu melayani nelayan dari empat kecamatan di sekitarnya.\n"
    )
    article = article_from_text("sp.txt", text)
    assert article.title == "KKP Resmikan Pelabuhan Perikanan Baru di Maluku Tenggara"
    assert article.published == date(2024, 12, 9)
