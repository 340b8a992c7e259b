"""Tests for kg.extract.programs: "program X", named facilities, provided activities, purposes, lists."""

from __future__ import annotations

import pytest

from kg.articles import article_from_text
from kg.extract.agencies import AgencyBook, find_agencies
from kg.extract.pipeline import extract
from kg.extract.programs import ProgramMention, find_programs
from kg.extract.tokens import tokenize


def _programs(sentence: str) -> list[ProgramMention]:
    tokens = tokenize(sentence)
    return find_programs(tokens, find_agencies(tokens, AgencyBook()))


# (sentence, name, aliases, words the mention covers)
PROGRAMS = [
    (
        "Pemerintah menjalankan program Kartu Tani Sejahtera (KTS) bagi petani.",
        "Kartu Tani Sejahtera",
        ["KTS"],
        "Kartu Tani Sejahtera (KTS)",
    ),
    (
        "Dinas itu menggulirkan program kredit usaha rakyat untuk petani.",
        "kredit usaha rakyat",
        [],
        "kredit usaha rakyat",
    ),
    (
        "Dinas Koperasi Kota Medan menyiapkan skema Kredit Ultra Mikro.",
        "Kredit Ultra Mikro",
        [],
        "Kredit Ultra Mikro",
    ),
    (
        "Kementerian Pertanian memberikan pendampingan budidaya padi organik kepada petani.",
        "pendampingan budidaya padi organik",
        [],
        "pendampingan budidaya padi organik",
    ),
    (
        "Balai tersebut membuka Klinik Desain Kemasan bagi pelaku usaha.",
        "Klinik Desain Kemasan",
        [],
        "Klinik Desain Kemasan",
    ),
    (
        "Warga diajak ikut Gerakan Bersih Sungai setiap pekan.",
        "Gerakan Bersih Sungai",
        [],
        "Gerakan Bersih Sungai",
    ),
    (
        "Bantuan itu diberikan dalam rangka Pemulihan Ekonomi Nasional.",
        "Pemulihan Ekonomi Nasional",
        [],
        "Pemulihan Ekonomi Nasional",
    ),
]


@pytest.mark.parametrize(("sentence", "name", "aliases", "surface"), PROGRAMS)
def test_program_name_aliases_offsets(sentence: str, name: str, aliases: list[str], surface: str) -> None:
    (p,) = _programs(sentence)
    assert (p.name, p.aliases) == (name, aliases)
    assert sentence[p.start : p.end] == surface


@pytest.mark.parametrize(
    "sentence",
    [
        "Program tersebut akan dilanjutkan tahun depan.",
        "Program ini diikuti warga.",
        "Ia membeli pelatihan.",
        "Petani menanam padi organik di sawah.",
        "Klinik itu buka setiap hari.",
        "Pemkot menyampaikan hal itu melalui siaran pers.",
    ],
)
def test_no_program(sentence: str) -> None:
    assert _programs(sentence) == []


def test_program_gets_the_agency_named_before_it_and_the_speaker() -> None:
    text = (
        "Kementan Perluas Pendampingan Petani\n"
        "Menteri Pertanian Hasan Basri mengatakan Kementerian Pertanian memberikan pendampingan "
        "budidaya padi organik kepada 5.000 petani.\n"
        "Pemkab Garut juga menjalankan program Lumbung Pangan Desa (LPD).\n"
    )
    x = extract(article_from_text("t.txt", text))
    got = {p.name: (p.aliases, p.agency, [o.name for o in p.announced_by]) for p in x.programs}
    assert got == {
        "pendampingan budidaya padi organik": ([], "Kementerian Pertanian", ["Hasan Basri"]),
        "Lumbung Pangan Desa": (["LPD"], "Pemerintah Kabupaten Garut", []),
    }


def test_program_repeated_by_acronym_is_one_program() -> None:
    text = (
        "Lumbung Pangan Desa Diperluas\n"
        "Pemkab Garut menjalankan program Lumbung Pangan Desa (LPD) di 40 desa.\n"
        "Bupati Garut Asep Mulyana mengatakan LPD akan diperluas.\n"
    )
    (p,) = extract(article_from_text("t.txt", text)).programs
    assert (p.name, p.aliases, [o.name for o in p.announced_by]) == (
        "Lumbung Pangan Desa",
        ["LPD"],
        ["Asep Mulyana"],
    )
