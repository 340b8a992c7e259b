"""Tests for kg.extract.dates: event dates, ranges, weekdays and statistic periods."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.extract.dates import (
    DateMention,
    find_dates,
    find_periods,
    month_number,
    parse_iso_date,
    resolve_weekday,
    weekday_number,
)

REFERENCE = date(2025, 3, 11)


def _only(text: str, reference: date | None = REFERENCE) -> DateMention:
    found = find_dates(text, reference)
    assert len(found) == 1, found
    return found[0]


# (sentence, mention as written, start, end, kind)
DATES = [
    ("Pameran dibuka Kamis (14/11/2024) di Pontianak.", "Kamis (14/11/2024)", "2024-11-14", None, "date"),
    ("Nota kesepahaman diteken (4/1/2024) di Denpasar.", "(4/1/2024)", "2024-01-04", None, "date"),
    ("Rapat digelar di Jakarta, Senin (10/3).", "Senin (10/3)", "2025-03-10", None, "date"),
    ("Sertifikat diserahkan Selasa (30/05/2023).", "Selasa (30/05/2023)", "2023-05-30", None, "date"),
    ("Uji coba diluncurkan pada 5 Februari 2024.", "5 Februari 2024", "2024-02-05", None, "date"),
    ("Uji coba diluncurkan pada 5 Februari lalu.", "5 Februari", "2025-02-05", None, "date"),
    ("Kegiatan dimulai 8 Jan 2025 di Bandung.", "8 Jan 2025", "2025-01-08", None, "date"),
    ("Surat itu bertanggal 7/2/2024.", "7/2/2024", "2024-02-07", None, "date"),
    ("Jakarta, Rabu, 7 Februari 2024 | 10:15 WIB", "Rabu, 7 Februari 2024", "2024-02-07", None, "date"),
    ("Diperbarui 2024-11-14 pukul 09.00.", "2024-11-14", "2024-11-14", None, "date"),
    ("Pameran digelar 12--17 November 2024.", "12--17 November 2024", "2024-11-12", "2024-11-17", "range"),
    ("Pameran di MICC pada 19-23 November 2024.", "19-23 November 2024", "2024-11-19", "2024-11-23", "range"),
    ("Festival digelar 21-24 April 2015 di Solo.", "21-24 April 2015", "2015-04-21", "2015-04-24", "range"),
    ("Pameran pada 3--7 Desember 2024.", "3--7 Desember 2024", "2024-12-03", "2024-12-07", "range"),
    ("Expo berlangsung 23-25 Agustus 2024.", "23-25 Agustus 2024", "2024-08-23", "2024-08-25", "range"),
    ("Expo berlangsung 23 - 25 Agustus.", "23 - 25 Agustus", "2025-08-23", "2025-08-25", "range"),
    ("Bazar dibuka 12 hingga 14 Juni 2024.", "12 hingga 14 Juni 2024", "2024-06-12", "2024-06-14", "range"),
    (
        "Pekan kriya 30 Oktober - 2 November 2024 di Bali.",
        "30 Oktober - 2 November 2024",
        "2024-10-30",
        "2024-11-02",
        "range",
    ),
    (
        "Pameran akhir tahun 28 Desember - 3 Januari 2025.",
        "28 Desember - 3 Januari 2025",
        "2024-12-28",
        "2025-01-03",
        "range",
    ),
]


@pytest.mark.parametrize(("sentence", "written", "first", "last", "kind"), DATES)
def test_find_dates(sentence: str, written: str, first: str, last: str | None, kind: str) -> None:
    mention = _only(sentence)
    assert mention.text == written
    assert sentence[mention.start : mention.end] == written
    assert mention.start_date == date.fromisoformat(first)
    assert mention.end_date == (date.fromisoformat(last) if last else None)
    assert mention.kind == kind


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Pelatihan dibuka Selasa (18/6) di pendopo.", "date"),
        ("Uji coba diluncurkan pada 5 Februari lalu.", "date"),
        ("Expo berlangsung 23-25 Agustus di Makassar.", "range"),
    ],
)
def test_date_without_year_and_without_reference_is_none(sentence: str, kind: str) -> None:
    mention = _only(sentence, reference=None)
    assert (mention.start_date, mention.end_date, mention.kind) == (None, None, kind)


def test_stated_weekday_picks_the_neighbouring_year() -> None:
    # 18 June is a Tuesday in 2024 but a Wednesday in 2025.
    assert _only("Dibuka Selasa (18/6).", reference=date(2025, 1, 8)).start_date == date(2024, 6, 18)


def test_explicit_year_is_never_replaced() -> None:
    assert _only("Acara Jumat (14/11/2024).", reference=None).start_date == date(2024, 11, 14)


@pytest.mark.parametrize(
    "sentence",
    [
        "Dasar hukumnya PP 28/2021 tentang perindustrian.",
        "Sertifikat ISO 9001:2015 diserahkan.",
        "Nilainya naik 12,4 persen.",
        "Harga 31/02/2024 tidak ada di kalender.",
        "Tanggal 45 Maret 2024 juga tidak.",
        "Minggu lalu pameran ditutup.",
        "Pelatihan berlangsung dua minggu.",
        "Tahun 2024 menjadi tahun pemulihan.",
    ],
)
def test_not_dates(sentence: str) -> None:
    assert find_dates(sentence, REFERENCE) == []


@pytest.mark.parametrize(
    ("sentence", "weekday"),
    [
        ("Penghargaan diserahkan pada Kamis di panggung utama.", "Kamis"),
        ("Pameran ditutup Minggu sore.", "Minggu"),
        ("Salat Jum'at diundur.", "Jum'at"),
        ("Rombongan tiba Sabtu lalu.", "Sabtu"),
    ],
)
def test_bare_weekday(sentence: str, weekday: str) -> None:
    mention = _only(sentence)
    assert (mention.text, mention.kind, mention.start_date) == (weekday, "weekday-only", None)


@pytest.mark.parametrize(
    ("weekday", "first", "last", "expected"),
    [
        ("Kamis", "2024-11-12", "2024-11-17", "2024-11-14"),
        ("kamis", "2024-11-14", "2024-11-14", "2024-11-14"),
        ("Minggu", "2024-11-12", "2024-11-17", "2024-11-17"),
        ("Ahad", "2024-11-12", "2024-11-17", "2024-11-17"),
        ("Senin", "2024-11-12", "2024-11-17", None),  # no Monday inside
        ("Senin", "2024-11-01", "2024-11-30", None),  # four Mondays: not unique
        ("Jumat", "2024-11-17", "2024-11-12", None),  # reversed range
        ("Besok", "2024-11-12", "2024-11-17", None),
    ],
)
def test_resolve_weekday(weekday: str, first: str, last: str, expected: str | None) -> None:
    within = (date.fromisoformat(first), date.fromisoformat(last))
    assert resolve_weekday(weekday, within) == (date.fromisoformat(expected) if expected else None)


PERIODS = [
    ("Kredit tersalur pada 2023 naik.", "2023", "2023"),
    ("Sepanjang 2023 nilai ekspor naik.", "2023", "2023"),
    ("Target tahun 2024 sudah tercapai.", "tahun 2024", "2024"),
    ("Capaian sepanjang tahun 2023 baik.", "tahun 2023", "2023"),
    ("Nilainya pada tahun lalu Rp 3 triliun.", "tahun lalu", "2024"),
    ("Tahun lalu ekspor turun.", "Tahun lalu", "2024"),
    ("Kuota tahun ini 3.000 IKM.", "tahun ini", "2025"),
    ("Tahun depan programnya diperluas.", "Tahun depan", "2026"),
    ("Produksi pada triwulan III 2024 tumbuh.", "triwulan III 2024", "2024-Q3"),
    ("Produksi triwulan IV-2024 tumbuh.", "triwulan IV-2024", "2024-Q4"),
    ("Inflasi kuartal I-2025 rendah.", "kuartal I-2025", "2025-Q1"),
    ("Ekspor kuartal pertama 2025 naik.", "kuartal pertama 2025", "2025-Q1"),
    ("Penjualan Q3 2024 naik.", "Q3 2024", "2024-Q3"),
    ("Produksi triwulan IV tahun lalu turun.", "triwulan IV tahun lalu", "2024-Q4"),
    ("Transaksi Januari 2025 melonjak.", "Januari 2025", "2025-01"),
    ("Jumlah merchant hingga akhir Mei 2024 naik.", "Mei 2024", "2024-05"),
    ("Ekspor Januari–Maret 2025 naik.", "Januari–Maret 2025", "2025-01/2025-03"),
    ("Ekspor pada Januari-Oktober 2024 naik.", "Januari-Oktober 2024", "2024-01/2024-10"),
    ("Ekspor Januari hingga Juni 2024 naik.", "Januari hingga Juni 2024", "2024-01/2024-06"),
    ("Musim Desember 2024 - Februari 2025 basah.", "Desember 2024 - Februari 2025", "2024-12/2025-02"),
    ("Laba semester I 2024 naik.", "semester I 2024", "2024-01/2024-06"),
    ("Laba semester II 2024 naik.", "semester II 2024", "2024-07/2024-12"),
]


@pytest.mark.parametrize(("sentence", "written", "period"), PERIODS)
def test_find_periods(sentence: str, written: str, period: str) -> None:
    found = find_periods(sentence, REFERENCE)
    assert [(mention.text, mention.period) for mention in found] == [(written, period)]
    assert sentence[found[0].start : found[0].end] == written


@pytest.mark.parametrize(
    "sentence",
    [
        "Produksi tumbuh 6,12 persen secara tahunan (year on year/yoy).",
        "Pertumbuhannya 5 persen yoy.",
        "Rapat Kerja Perwakilan Perdagangan 2025 dibuka.",
        "Peluncuran pada 5 Februari 2024 di Jakarta.",
        "Permintaan naik pada Desember.",
        "Dibandingkan triwulan sebelumnya produksi turun.",
        "Saat ini ada 46 kantor.",
        "Pameran Gebyar IKMA 2024 dibuka.",
    ],
)
def test_no_period(sentence: str) -> None:
    assert find_periods(sentence, REFERENCE) == []


def test_relative_years_need_a_reference() -> None:
    assert find_periods("Tahun lalu ekspor turun, tahun ini naik.", None) == []
    assert [m.period for m in find_periods("Tahun lalu ekspor turun, tahun ini naik.", REFERENCE)] == [
        "2024",
        "2025",
    ]


def test_several_periods_in_order() -> None:
    sentence = "Pada triwulan IV 2024 produksi tumbuh, di atas triwulan IV 2023 dan sepanjang 2022."
    assert [m.period for m in find_periods(sentence, REFERENCE)] == ["2024-Q4", "2023-Q4", "2022"]


@pytest.mark.parametrize(
    ("word", "month"),
    [("Januari", 1), ("feb", 2), ("Pebruari", 2), ("Mei", 5), ("Agu", 8), ("Agt.", 8), ("Okt", 10),
     ("Des", 12), ("December", 12), ("Nopember", 11), ("Senin", None)],
)
def test_month_number(word: str, month: int | None) -> None:
    assert month_number(word) == month


@pytest.mark.parametrize(
    ("word", "weekday"),
    [("Senin", 0), ("selasa", 1), ("Rabu", 2), ("Kamis", 3), ("Jumat", 4), ("Jum'at", 4), ("Jum’at", 4),
     ("Sabtu", 5), ("Minggu", 6), ("Ahad", 6), ("Thursday", 3), ("Maret", None)],
)
def test_weekday_number(word: str, weekday: int | None) -> None:
    assert weekday_number(word) == weekday


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024-11-14", date(2024, 11, 14)), (" 2025-01-08 ", date(2025, 1, 8)), ("2024-02-30", None),
     ("14/11/2024", None), ("", None)],
)
def test_parse_iso_date(text: str, expected: date | None) -> None:
    assert parse_iso_date(text) == expected


@given(st.text(), st.one_of(st.none(), st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31))))
def test_no_crash_and_offsets_reproduce_text(text: str, reference: date | None) -> None:
    for mention in find_dates(text, reference):
        assert text[mention.start : mention.end] == mention.text
        assert mention.kind in {"date", "range", "weekday-only"}
        if mention.end_date is not None:
            assert mention.start_date is not None and mention.start_date < mention.end_date
    for period in find_periods(text, reference):
        assert text[period.start : period.end] == period.text


_PIECES = st.sampled_from(
    ["Kamis", "Minggu", "(", ")", "/", "-", "--", "14", "3", "11", "2024", "Februari", "Des", "hingga",
     "tahun", "lalu", "ini", "triwulan", "IV", "Q3", "pada", "sepanjang", ",", " "]
)


@given(st.lists(_PIECES, max_size=10), st.sampled_from([" ", ""]), st.dates())
def test_genre_like_noise_keeps_offsets(pieces: list[str], joiner: str, reference: date) -> None:
    text = joiner.join(pieces)
    for mention in find_dates(text, reference):
        assert text[mention.start : mention.end] == mention.text
    for period in find_periods(text, reference):
        assert text[period.start : period.end] == period.text
        assert period.period[:4].isdigit()


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)))
def test_numeric_date_round_trip(day: date) -> None:
    written = f"({day.day}/{day.month}/{day.year})"
    assert _only(f"Acara berlangsung {written} di Jakarta.").start_date == day
