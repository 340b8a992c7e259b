"""Tests for kg.extract.agencies: agency names from heads, acronyms, regions, parents; non-agencies."""

from __future__ import annotations

import pytest

from kg.extract.agencies import AgencyBook, AgencyMention, find_agencies, link_parents
from kg.extract.tokens import tokenize


def _find(sentence: str, book: AgencyBook | None = None) -> list[AgencyMention]:
    book = book if book is not None else AgencyBook()
    tokens = tokenize(sentence)
    found = find_agencies(tokens, book)
    link_parents(tokens, found)
    return found


# (sentence, canonical name, words in the text that name it)
NAMED = [
    (
        "Dinas Pariwisata Kabupaten Sleman membuka festival.",
        "Dinas Pariwisata Kabupaten Sleman",
        "Dinas Pariwisata Kabupaten Sleman",
    ),
    ("Dinas Pendidikan mendata sekolah.", "Dinas Pendidikan", "Dinas Pendidikan"),
    ("Pemkab Sleman menyiapkan anggaran.", "Pemerintah Kabupaten Sleman", "Pemkab Sleman"),
    ("Pemprov Jatim menggelar pameran.", "Pemerintah Provinsi Jawa Timur", "Pemprov Jatim"),
    ("Pemerintah Kota Surabaya menata taman.", "Pemerintah Kota Surabaya", "Pemerintah Kota Surabaya"),
    (
        "Kementerian Kelautan dan Perikanan (KKP) menggelar pelatihan.",
        "Kementerian Kelautan dan Perikanan",
        "Kementerian Kelautan dan Perikanan (KKP)",
    ),
    ("Otoritas Jasa Keuangan (OJK) memantau bank.", "Otoritas Jasa Keuangan", "Otoritas Jasa Keuangan (OJK)"),
    (
        "Badan Perencanaan Pembangunan Daerah (Bappeda) Kota Bogor menyusun rencana.",
        "Badan Perencanaan Pembangunan Daerah Kota Bogor",
        "Badan Perencanaan Pembangunan Daerah (Bappeda) Kota Bogor",
    ),
    (
        "Dinas Koperasi, Usaha Kecil, dan Menengah Kabupaten Bantul hadir.",
        "Dinas Koperasi, Usaha Kecil, dan Menengah Kabupaten Bantul",
        "Dinas Koperasi, Usaha Kecil, dan Menengah Kabupaten Bantul",
    ),
    (
        "PT Bank Rakyat Indonesia (Persero) Tbk menyalurkan kredit.",
        "PT Bank Rakyat Indonesia (Persero) Tbk",
        "PT Bank Rakyat Indonesia (Persero) Tbk",
    ),
    ("Bank Indonesia menahan suku bunga.", "Bank Indonesia", "Bank Indonesia"),
    (
        "Kepala Dinas Perikanan Kabupaten Banyuwangi hadir.",
        "Dinas Perikanan Kabupaten Banyuwangi",
        "Dinas Perikanan Kabupaten Banyuwangi",
    ),
]


@pytest.mark.parametrize(("sentence", "name", "surface"), NAMED)
def test_agency_name_and_offsets(sentence: str, name: str, surface: str) -> None:
    found = _find(sentence)
    assert [m.name for m in found] == [name]
    assert sentence[found[0].start : found[0].end] == surface


@pytest.mark.parametrize(
    ("sentence", "acronym"),
    [
        ("Kementerian Kelautan dan Perikanan (KKP) menggelar pelatihan.", "KKP"),
        ("Otoritas Jasa Keuangan (OJK) memantau bank.", "OJK"),
        ("Badan Perencanaan Pembangunan Daerah (Bappeda) Kota Bogor menyusun rencana.", "Bappeda"),
    ],
)
def test_acronym_in_parentheses_is_a_form_and_resolves_later(sentence: str, acronym: str) -> None:
    book = AgencyBook()
    first = _find(sentence, book)
    for m in first:
        book.add(m, (0, len(sentence)))
    assert acronym in first[0].forms
    later = f"Selanjutnya {acronym} menyusun laporan."
    again = _find(later, book)
    assert [m.name for m in again] == [first[0].name]
    assert later[again[0].start : again[0].end] == acronym


NOT_AGENCIES = [
    "Acara berlangsung di Gedung Balai Kota Semarang.",
    "Acara berlangsung di Balai Kota Semarang.",
    "Warga berkumpul di Balai Desa Sumberagung.",
    "Rapat di Hotel Santika Bogor berjalan lancar.",
    "Kegiatan di Aula Dinas Pendidikan Kota Bogor berjalan.",
    "Peserta menginap di Wisma Badan Diklat.",
    "Kerja sama dengan pemerintah daerah terus diperkuat.",
    "Pemerintah pusat menyalurkan dana ke pemerintah daerah.",
    "Bank Dunia memperkirakan pertumbuhan melambat.",
    "Surat dikirim lewat Kantor Pos terdekat.",
    "Pemprov menyiapkan anggaran.",
    "dinas pariwisata menyiapkan anggaran.",
]


@pytest.mark.parametrize("sentence", NOT_AGENCIES)
def test_buildings_generic_bodies_and_lower_case_are_not_agencies(sentence: str) -> None:
    assert _find(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "child", "parent"),
    [
        (
            "Kementerian Perindustrian melalui Balai Besar Kulit menggelar pelatihan.",
            "Balai Besar Kulit",
            "Kementerian Perindustrian",
        ),
        (
            "Pemkot Bogor melalui Dinas Perhubungan menata parkir.",
            "Dinas Perhubungan Kota Bogor",
            "Pemerintah Kota Bogor",
        ),
        (
            "Balai Besar Kulit di bawah Kementerian Perindustrian meneliti bahan.",
            "Balai Besar Kulit",
            "Kementerian Perindustrian",
        ),
        (
            "Kantor Wilayah Kementerian Hukum Provinsi Bali membuka layanan.",
            "Kantor Wilayah Kementerian Hukum Provinsi Bali",
            "Kementerian Hukum",
        ),
        (
            "Badan Pusat Statistik (BPS) Provinsi Riau mencatat kenaikan.",
            "Badan Pusat Statistik Provinsi Riau",
            "Badan Pusat Statistik",
        ),
    ],
)
def test_parent_from_through_under_and_name(sentence: str, child: str, parent: str) -> None:
    by_name = {m.name: m for m in _find(sentence)}
    assert by_name[child].parent == parent


def test_no_parent_without_a_relation() -> None:
    found = _find("Dinas Pariwisata Kabupaten Sleman dan Dinas Perdagangan Kabupaten Sleman hadir.")
    assert [m.parent for m in found] == [None, None]


def test_person_name_after_an_agency_is_not_part_of_it() -> None:
    sentence = "Pejabat Dinas Pertanian Kabupaten Garut Hendra Wiratama hadir."
    assert [m.name for m in _find(sentence)] == ["Dinas Pertanian Kabupaten Garut"]


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        (
            "Balai Besar Kulit, Karet, dan Plastik di bawah Kementerian Perindustrian hadir.",
            "Balai Besar Kulit, Karet, dan Plastik",
        ),
        ("Balai Riset Kopi di bawah Kementerian Pertanian meneliti varietas.", "Balai Riset Kopi"),
    ],
)
def test_unit_name_keeps_its_last_word(sentence: str, name: str) -> None:
    assert _find(sentence)[0].name == name


def test_mention_text_is_the_covered_words() -> None:
    sentence = "Dinas Pendidikan mendata sekolah."
    m = _find(sentence)[0]
    assert m.text == sentence[m.start : m.end]


def test_offsets_follow_a_token_offset() -> None:
    sentence = "Lalu Pemkab Sleman menyiapkan anggaran."
    tokens = tokenize(sentence, 100)
    (m,) = find_agencies(tokens, AgencyBook())
    assert ("x" * 100 + sentence)[m.start : m.end] == "Pemkab Sleman"
