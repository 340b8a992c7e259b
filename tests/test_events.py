"""Tests for kg.extract.events: named events, reported events, sentences about an event."""

from __future__ import annotations

from datetime import date

import pytest

from kg.articles import article_from_text
from kg.extract.agencies import AgencyBook, find_agencies
from kg.extract.events import EventMention, find_events
from kg.extract.pipeline import extract
from kg.extract.tokens import tokenize

REF = date(2024, 5, 1)


def _events(sentence: str) -> list[EventMention]:
    tokens = tokenize(sentence)
    found = find_agencies(tokens, AgencyBook())
    return find_events(tokens, sentence, 0, found, REF)


def _row(e: EventMention) -> tuple:
    return (e.name, e.start_date, e.end_date, e.place, e.organizer, e.refers_back)


EVENTS = [
    (
        "Dinas Pariwisata Kabupaten Sleman menggelar Festival Kopi Sleman 2024 di Lapangan Denggung, Sleman "
        "pada 12-14 Juli 2024.",
        (
            "Festival Kopi Sleman 2024",
            date(2024, 7, 12),
            date(2024, 7, 14),
            "Lapangan Denggung, Sleman",
            "Dinas Pariwisata Kabupaten Sleman",
            False,
        ),
        "Festival Kopi Sleman 2024",
    ),
    (
        "Pameran Batik Pesisir digelar oleh Dinas Perdagangan Kota Pekalongan pada 3 Mei 2024.",
        ("Pameran Batik Pesisir", date(2024, 5, 3), None, None, "Dinas Perdagangan Kota Pekalongan", False),
        "Pameran Batik Pesisir",
    ),
    (
        "Kementerian Perdagangan menandatangani nota kesepahaman dengan Jepang di Tokyo pada 3 Mei 2024.",
        ("penandatanganan nota kesepahaman", date(2024, 5, 3), None, "Tokyo", None, False),
        "menandatangani nota kesepahaman",
    ),
    (
        "Penyerahan sertifikat berlangsung di Aula Dinas Koperasi.",
        ("penyerahan sertifikat", None, None, "Aula Dinas Koperasi", None, False),
        "Penyerahan sertifikat",
    ),
    (
        "Pameran tersebut berlangsung di Gedung Sate, Bandung.",
        ("pameran", None, None, "Gedung Sate, Bandung", None, True),
        "Pameran tersebut",
    ),
    (
        "Festival ini digelar oleh Dinas Pariwisata Provinsi Bali.",
        ("festival", None, None, None, "Dinas Pariwisata Provinsi Bali", True),
        "Festival ini",
    ),
]


@pytest.mark.parametrize(("sentence", "row", "surface"), EVENTS)
def test_event_fields_and_offsets(sentence: str, row: tuple, surface: str) -> None:
    (e,) = _events(sentence)
    assert _row(e) == row
    assert sentence[e.start : e.end] == surface


@pytest.mark.parametrize(
    "sentence",
    [
        "Harga beras naik pada Mei 2024.",
        "Dinas Pariwisata Kabupaten Sleman menyiapkan anggaran.",
        "Kementerian Perdagangan menandatangani nota kesepahaman.",
        "Warga menonton pertunjukan di alun-alun.",
    ],
)
def test_no_event(sentence: str) -> None:
    assert _events(sentence) == []


def test_acronym_gives_the_short_name() -> None:
    (e,) = _events("Pekan Raya Jakarta (PRJ) 2024 dibuka pada 10 Juni 2024.")
    assert (e.name, e.start_date) == ("PRJ 2024", date(2024, 6, 10))


def test_long_alias_drops_the_acronym() -> None:
    (e,) = _events("Pekan Raya Jakarta (PRJ) 2024 dibuka pada 10 Juni 2024.")
    assert e.aliases == ["Pekan Raya Jakarta 2024"]


@pytest.mark.parametrize(
    ("sentence", "organizer"),
    [
        (
            "Dinas Perikanan Kabupaten Banyuwangi menggelar pelatihan olahan ikan di Muncar pada 13 Maret.",
            "Dinas Perikanan Kabupaten Banyuwangi",
        ),
        (
            # signing is not holding: the guidelines give an organizer only for "menggelar" and the like
            "Kementerian Perdagangan menandatangani nota kesepahaman di Tokyo pada 3 Mei 2024.",
            None,
        ),
    ],
)
def test_verbal_event_organizer(sentence: str, organizer: str | None) -> None:
    (e,) = _events(sentence)
    assert e.organizer == organizer


def test_follow_up_sentence_completes_the_earlier_event() -> None:
    text = (
        "Pameran Kriya Digelar\n"
        "Pameran Kriya Nusantara 2024 dibuka pada 5 Mei 2024.\n"
        "Pameran tersebut digelar Dinas Perindustrian Provinsi Jawa Barat di Gedung Sate, Bandung.\n"
    )
    ((e, sent),) = extract(article_from_text("t.txt", text)).events
    assert _row(e) == (
        "Pameran Kriya Nusantara 2024",
        date(2024, 5, 5),
        None,
        "Gedung Sate, Bandung",
        "Dinas Perindustrian Provinsi Jawa Barat",
        False,
    )
    assert sent.span.text.startswith("Pameran Kriya Nusantara 2024")
