"""Tests for kg.extract.officials: title + name, name + title, honorifics kept apart, non-officials."""

from __future__ import annotations

import pytest

from kg.articles import article_from_text
from kg.extract.agencies import AgencyBook, find_agencies
from kg.extract.officials import OfficialMention, find_officials, read_name
from kg.extract.pipeline import extract
from kg.extract.tokens import tokenize


def _officials(sentence: str) -> list[OfficialMention]:
    book = AgencyBook()
    tokens = tokenize(sentence)
    found = find_agencies(tokens, book)
    for m in found:
        book.add(m, (0, len(sentence)))
    return find_officials(tokens, found, book)


def _named(sentence: str) -> list[OfficialMention]:
    return [m for m in _officials(sentence) if m.name]


# (sentence, name, full title, agency of the post, words the mention covers)
OFFICIALS = [
    (
        "Bupati Sleman Ratna Purnama meninjau lokasi.",
        "Ratna Purnama",
        "Bupati Sleman",
        "Pemerintah Kabupaten Sleman",
        "Bupati Sleman Ratna Purnama",
    ),
    (
        "Wakil Bupati Sleman Danang Wirasetya hadir.",
        "Danang Wirasetya",
        "Wakil Bupati Sleman",
        "Pemerintah Kabupaten Sleman",
        "Wakil Bupati Sleman Danang Wirasetya",
    ),
    (
        "Gubernur Jawa Barat Ridwan Santoso hadir.",
        "Ridwan Santoso",
        "Gubernur Jawa Barat",
        "Pemerintah Provinsi Jawa Barat",
        "Gubernur Jawa Barat Ridwan Santoso",
    ),
    (
        "Wali Kota Madiun Sardi Santoso meresmikan pasar.",
        "Sardi Santoso",
        "Wali Kota Madiun",
        "Pemerintah Kota Madiun",
        "Wali Kota Madiun Sardi Santoso",
    ),
    (
        "Walikota Madiun Sardi Santoso meresmikan pasar.",
        "Sardi Santoso",
        "Wali Kota Madiun",
        "Pemerintah Kota Madiun",
        "Walikota Madiun Sardi Santoso",
    ),
    (
        "Sekda Provinsi Jawa Tengah Sugeng Hadi hadir.",
        "Sugeng Hadi",
        "Sekretaris Daerah Provinsi Jawa Tengah",
        "Pemerintah Provinsi Jawa Tengah",
        "Sekda Provinsi Jawa Tengah Sugeng Hadi",
    ),
    (
        "Menteri Kesehatan Budi Harjono membuka acara.",
        "Budi Harjono",
        "Menteri Kesehatan",
        "Kementerian Kesehatan",
        "Menteri Kesehatan Budi Harjono",
    ),
    (
        "Menperin Bagus Wirawan hadir.",
        "Bagus Wirawan",
        "Menteri Perindustrian",
        "Kementerian Perindustrian",
        "Menperin Bagus Wirawan",
    ),
    (
        "Plt. Kepala Dinas Perdagangan Kota Bandung Elly Rosdiana hadir.",
        "Elly Rosdiana",
        "Pelaksana Tugas Kepala Dinas Perdagangan Kota Bandung",
        "Dinas Perdagangan Kota Bandung",
        "Plt. Kepala Dinas Perdagangan Kota Bandung Elly Rosdiana",
    ),
    (
        "Hal itu disampaikan Kepala Dinas Pertanian Kabupaten Garut, Hendra Wiratama, di Garut.",
        "Hendra Wiratama",
        "Kepala Dinas Pertanian Kabupaten Garut",
        "Dinas Pertanian Kabupaten Garut",
        "Kepala Dinas Pertanian Kabupaten Garut, Hendra Wiratama",
    ),
    (
        "Siti Rahmawati, Kepala Balai Besar Industri Agro, menjelaskan hal itu.",
        "Siti Rahmawati",
        "Kepala Balai Besar Industri Agro",
        "Balai Besar Industri Agro",
        "Siti Rahmawati, Kepala Balai Besar Industri Agro",
    ),
    (
        "Kepala BPS Provinsi Riau Misran Amin menyebut angka itu.",
        "Misran Amin",
        "Kepala Badan Pusat Statistik Provinsi Riau",
        "Badan Pusat Statistik Provinsi Riau",
        "Kepala BPS Provinsi Riau Misran Amin",
    ),
]


@pytest.mark.parametrize(("sentence", "name", "title", "agency", "surface"), OFFICIALS)
def test_official_name_title_agency_offsets(
    sentence: str, name: str, title: str, agency: str, surface: str
) -> None:
    (m,) = _named(sentence)
    assert (m.name, m.title, m.agency) == (name, title, agency)
    assert sentence[m.start : m.end] == surface


@pytest.mark.parametrize(
    ("sentence", "short"),
    [
        ("Walikota Madiun Sardi Santoso meresmikan pasar.", "Walikota"),
        ("Sekda Provinsi Jawa Tengah Sugeng Hadi hadir.", "Sekda"),
        ("Menperin Bagus Wirawan hadir.", "Menperin"),
        ("Menteri Kesehatan Budi Harjono membuka acara.", None),
    ],
)
def test_short_title_as_written(sentence: str, short: str | None) -> None:
    assert _named(sentence)[0].short == short


@pytest.mark.parametrize(
    ("sentence", "name", "prefixes", "suffixes"),
    [
        ("Kepala Dinas Kesehatan Kota Bogor Dr. Siti Aminah hadir.", "Siti Aminah", ["Dr."], []),
        ("Dr. Siti Rahmawati, Kepala Balai Besar Industri Agro, menjelaskan.", "Siti Rahmawati", ["Dr."], []),
        ("Bupati Sleman Hj. Ratna Purnama hadir.", "Ratna Purnama", ["Hj."], []),
        ("Bupati Sleman Prof. Dr. Ir. Ratna Purnama hadir.", "Ratna Purnama", ["Prof.", "Dr.", "Ir."], []),
        ("Gubernur Bali Wayan Sukarta, S.E., M.Si. hadir.", "Wayan Sukarta", [], ["S.E.", "M.Si."]),
    ],
)
def test_honorifics_and_degrees_are_kept_apart_from_the_name(
    sentence: str, name: str, prefixes: list[str], suffixes: list[str]
) -> None:
    (m,) = _named(sentence)
    assert (m.name, m.honorific_prefix, m.honorific_suffix) == (name, prefixes, suffixes)


def test_name_with_degree_before_an_appositive_title() -> None:
    (m,) = _named("Siti Rahmawati, S.E., Kepala Balai Besar Industri Agro, menjelaskan hal itu.")
    assert (m.name, m.honorific_suffix) == ("Siti Rahmawati", ["S.E."])


def test_organisation_after_a_title_is_not_a_person() -> None:
    names = [m.name for m in _named("Ketua Kadin Jawa Timur Adi Putranto hadir.")]
    assert names == ["Adi Putranto"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Para menteri hadir di acara itu.",
        "Kepala sekolah itu tidak hadir.",
        "Menteri Kesehatan meninjau puskesmas.",
        "Bupati Sleman meninjau lokasi.",
        "Dinas Pariwisata Kabupaten Sleman membuka festival.",
        "Warga Sleman antre sejak pagi.",
    ],
)
def test_no_named_official(sentence: str) -> None:
    assert _named(sentence) == []


def test_title_alone_is_a_mention_without_a_name() -> None:
    (m,) = _officials("Menteri Kesehatan meninjau puskesmas.")
    assert (m.name, m.title, m.agency) == (None, "Menteri Kesehatan", "Kementerian Kesehatan")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Budi Harjono mengatakan", (2, "Budi Harjono", [], [])),
        ("Dr. Ir. Siti Aminah , M.Si. hadir", (6, "Siti Aminah", ["Dr.", "Ir."], ["M.Si."])),
        ("Ia mengatakan", None),
        ("Senin pagi", None),
        ("BPS mencatat", None),
        ("hadir di sana", None),
    ],
)
def test_read_name(words: str, expected: tuple | None) -> None:
    assert read_name(tokenize(words), 0) == expected


@pytest.mark.parametrize(
    "credit",
    ["Editor: Joko Prasetyo", "Pewarta: Joko Prasetyo", "Penulis: Joko Prasetyo", "Reporter: Joko Prasetyo"],
)
def test_journalist_in_a_credit_line_is_not_an_official(credit: str) -> None:
    text = (
        "Pasar Murah Dibuka di Madiun\n"
        "Wali Kota Madiun Sardi Santoso meresmikan pasar murah di alun-alun.\n"
        f"{credit}\n"
    )
    names = [o.name for o in extract(article_from_text("t.txt", text)).officials.officials]
    assert names == ["Sardi Santoso"]


def test_later_short_name_merges_with_the_full_name() -> None:
    text = (
        "Pasar Murah Dibuka di Madiun\n"
        "Wali Kota Madiun Sardi Santoso meresmikan pasar murah di alun-alun.\n"
        '"Harga beras turun," kata Sardi.\n'
    )
    (o,) = extract(article_from_text("t.txt", text)).officials.officials
    assert (o.name, o.aliases) == ("Sardi Santoso", ["Sardi"])
    assert o.posts == [("Wali Kota Madiun", None, "Pemerintah Kota Madiun")]
