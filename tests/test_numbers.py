"""Tests for kg.extract.numbers: quantities in Indonesian news sentences."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.extract.numbers import Quantity, find_quantities, format_decimal, parse_number


def _only(text: str) -> Quantity:
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


# (sentence, figure as written, value, unit, unit class)
SINGLE = [
    ("Jumlah pengrajin binaan kini 4,5 juta orang.", "4,5 juta", "4500000", "orang", "count"),
    ("Dinas mendata 13.762 sentra di seluruh provinsi.", "13.762", "13762", "sentra", "count"),
    ("Pelatihan diikuti 1.250 orang dari pesisir utara.", "1.250", "1250", "orang", "count"),
    ("Anggaran yang disiapkan Rp 7,9 miliar.", "Rp 7,9 miliar", "7900000000", "Rp", "idr"),
    ("Nilai penggantian mesin Rp7,9 miliar tahun ini.", "Rp7,9 miliar", "7900000000", "Rp", "idr"),
    ("Investasi baru tercatat Rp 60,7 miliar.", "Rp 60,7 miliar", "60700000000", "Rp", "idr"),
    ("Plafon kredit Rp1,2 triliun disiapkan bank.", "Rp1,2 triliun", "1200000000000", "Rp", "idr"),
    ("Setiap peserta mendapat Rp 500 ribu.", "Rp 500 ribu", "500000", "Rp", "idr"),
    ("Harga satu paket Rp 250.000 per bulan.", "Rp 250.000", "250000", "Rp", "idr"),
    ("Biaya kemasan Rp. 1.250,50 per unit.", "Rp. 1.250,50", "1250.50", "Rp", "idr"),
    ("Dana hibah sebesar 300 juta rupiah cair.", "300 juta rupiah", "300000000", "Rp", "idr"),
    ("Ekspor mebel mencapai US$ 3,5 miliar.", "US$ 3,5 miliar", "3500000000", "USD", "usd"),
    ("Nilai kontrak US$412,6 juta diteken.", "US$412,6 juta", "412600000", "USD", "usd"),
    ("Pinjaman lunak USD 10 juta disalurkan.", "USD 10 juta", "10000000", "USD", "usd"),
    ("Transaksi pameran 3 miliar dolar AS.", "3 miliar dolar AS", "3000000000", "USD", "usd"),
    ("Porsi usaha kecil 99,77% dari total.", "99,77%", "99.77", "persen", "percent"),
    ("Porsi usaha kecil 99,77 persen dari total.", "99,77 persen", "99.77", "persen", "percent"),
    ("Kontribusinya 99,77% persen dari total.", "99,77% persen", "99.77", "persen", "percent"),
    ("Ekspor Kerajinan Tumbuh 6,12 Persen", "6,12 Persen", "6.12", "persen", "percent"),
    ("Angka kredit macet 0,92 % saja.", "0,92 %", "0.92", "persen", "percent"),
    ("Omzet perajin naik dua kali lipat.", "dua kali lipat", "2", "kali lipat", "multiplier"),
    ("Produksi tumbuh 1,5 kali lipat.", "1,5 kali lipat", "1.5", "kali lipat", "multiplier"),
    ("Balai membina tiga IKM rotan.", "tiga", "3", "IKM", "count"),
    ("Sebanyak empat IKM lolos kurasi.", "empat", "4", "IKM", "count"),
    ("Pelatihan diikuti sebelas peserta.", "sebelas", "11", "peserta", "count"),
    ("Pemkot membagikan dua ratus unit mesin jahit.", "dua ratus", "200", "unit", "count"),
    ("Target tahap ini dua puluh lima desa.", "dua puluh lima", "25", "desa", "count"),
    ("Program menjangkau 1,1 juta merchant.", "1,1 juta", "1100000", "merchant", "count"),
    ("Populasinya 4,41 juta unit usaha.", "4,41 juta", "4410000", "unit usaha", "count"),
    ("Sektor ini menyerap 12,84 juta tenaga kerja.", "12,84 juta", "12840000", "tenaga kerja", "count"),
    ("Kini ada 38 klaster binaan.", "38", "38", "klaster", "count"),
    ("Sudah dilatih 2.400 pendamping lapangan.", "2.400", "2400", "pendamping", "count"),
    ("Pendamping tersebar di 34 provinsi.", "34", "34", "provinsi", "count"),
    ("Tahap awal menyasar 50 pasangan kemitraan.", "50", "50", "pasangan kemitraan", "count"),
    ("Peserta datang dari 38 kabupaten/kota di Jawa Timur.", "38", "38", "kabupaten/kota", "count"),
    ("Pameran diikuti 24 kabupaten dan kota.", "24", "24", "kabupaten dan kota", "count"),
    ("Perajin yang aktif tinggal 8.600, menurut dinas.", "8.600", "8600", None, "count"),
]


@pytest.mark.parametrize(("sentence", "written", "value", "unit", "unit_class"), SINGLE)
def test_single_quantity(sentence: str, written: str, value: str, unit: str | None, unit_class: str) -> None:
    quantity = _only(sentence)
    assert quantity.text == written
    assert sentence[quantity.start : quantity.end] == written
    assert quantity.value == Decimal(value)
    assert quantity.unit == unit
    assert quantity.unit_class == unit_class
    assert quantity.bound is None


RANGES = [
    ("Nilai transaksi QRIS ditargetkan tumbuh 20-25 persen.", "20", "25 persen", "persen", "20", "25"),
    ("Target pertumbuhan 20 - 25 persen tahun ini.", "20", "25 persen", "persen", "20", "25"),
    ("Pertumbuhan diproyeksikan 20 hingga 25 persen.", "20", "25 persen", "persen", "20", "25"),
    ("Kenaikan omzet 10%–15% setelah pelatihan.", "10%", "15%", "persen", "10", "15"),
    ("Modal per usaha Rp 10-20 juta.", "Rp 10", "20 juta", "Rp", "10000000", "20000000"),
    ("Kredit Rp 5 juta sampai Rp 50 juta.", "Rp 5 juta", "Rp 50 juta", "Rp", "5000000", "50000000"),
    ("Tiap kelas diisi 20-30 peserta.", "20", "30", "peserta", "20", "30"),
]


@pytest.mark.parametrize(("sentence", "low_text", "high_text", "unit", "low", "high"), RANGES)
def test_range_gives_two_bounds(
    sentence: str, low_text: str, high_text: str, unit: str, low: str, high: str
) -> None:
    lower, upper = find_quantities(sentence)
    assert (lower.text, lower.bound, lower.value, lower.unit) == (low_text, "lower", Decimal(low), unit)
    assert (upper.text, upper.bound, upper.value, upper.unit) == (high_text, "upper", Decimal(high), unit)


HEDGES = [
    ("Tercatat lebih dari 10 ribu usaha mikro terjaring.", "lebih dari", "10000", "usaha mikro"),
    ("Jumlahnya mencapai sekitar 1,05 juta unit usaha.", "sekitar", "1050000", "unit usaha"),
    ("Tenaga kerja diperkirakan mencapai 2,3 juta orang.", "diperkirakan", "2300000", "orang"),
    ("Dari jumlah itu, hampir 60 persen usaha pangan.", "hampir", "60", "persen"),
    ("Dulu perajinnya di atas 12 ribu orang.", "di atas", "12000", "orang"),
    ("Kredit macet di bawah 2 persen.", "di bawah", "2", "persen"),
    ("Konsumsi air turun hingga 30 persen.", "hingga", "30", "persen"),
    ("Peserta kurang dari 100 orang.", "kurang dari", "100", "orang"),
    ("Sebanyak 65 IKM menerima potongan harga.", None, "65", "IKM"),
]


@pytest.mark.parametrize(("sentence", "hedge", "value", "unit"), HEDGES)
def test_hedge(sentence: str, hedge: str | None, value: str, unit: str) -> None:
    quantity = _only(sentence)
    assert quantity.hedge == hedge
    assert quantity.value == Decimal(value)
    assert quantity.unit == unit


@pytest.mark.parametrize(
    ("sentence", "direction"),
    [
        ("Produksi pakaian jadi turun 3,26 persen.", "turun"),
        ("Nilai ekspor naik 12,4 persen.", "naik"),
        ("Produksi tumbuh sebesar 6 persen.", "tumbuh"),
        ("Penjualan meningkat hingga 40 persen.", "meningkat"),
        ("Pangsa pasar 40 persen.", None),
    ],
)
def test_direction(sentence: str, direction: str | None) -> None:
    assert _only(sentence).direction == direction


@pytest.mark.parametrize(
    ("sentence", "announces"),
    [
        ("Ada empat segmen penghargaan, yakni desain, kemasan, ekspor dan rintisan.", True),
        ("Kemenperin menyiapkan dua skema: hibah dan potongan harga.", True),
        ("Bantuan diberikan kepada tiga kelompok, antara lain perajin rotan.", True),
        ("Program meliputi 12 kabupaten. Kegiatannya yaitu pelatihan.", False),
        ("Balai membina tiga IKM rotan di Cirebon.", False),
    ],
)
def test_announces_list(sentence: str, announces: bool) -> None:
    assert _only(sentence).announces_list is announces


def test_several_figures_in_one_sentence() -> None:
    sentence = "Target peserta naik dari 600 peserta pada 2024 menjadi 1.200 peserta, ujar dia."
    assert [(q.text, q.value, q.unit) for q in find_quantities(sentence)] == [
        ("600", Decimal(600), "peserta"),
        ("1.200", Decimal(1200), "peserta"),
    ]


EXCLUDED = [
    "Gedung itu dibangun pada 2023.",
    "Program dimulai tahun 2024 di Jawa Barat.",
    "Target itu dipatok pada 2030.",
    "Sejak 2019 kebijakan berubah.",
    "Sepanjang 2022-2024 sentra bertambah.",
    "Acara dibuka Kamis (14/11/2024) di Pontianak.",
    "Keterangan disampaikan Senin (10/3).",
    "Kegiatan berlangsung 5 Februari 2024.",
    "Pameran digelar 12--17 November 2024 di Jakarta.",
    "Pameran digelar 19-23 November 2024 di Medan.",
    "Rapat dimulai pukul 09:40 WIB.",
    "Rapat dimulai pukul 10.00.",
    "Acara dimulai jam 10 pagi.",
    "Rombongan tiba 14.30 WIB.",
    "Pelatihan berlangsung selama dua hari.",
    "Pendampingan dilakukan tiga bulan.",
    "Pesertanya berusia 17 hingga 25 tahun.",
    "Masa berlakunya 5 tahun.",
    "Kawasan itu ada di Jalan Lingkar Km 1,5 arah utara.",
    "Kantornya di Jalan Merdeka No. 12 Semarang.",
    "Sertifikat ISO 9001:2015 diserahkan.",
    "Standar SNI 8218 sudah diterapkan.",
    "Aturannya Peraturan Menteri Nomor 5 Tahun 2023.",
    "Dasar hukumnya PP 28/2021.",
    "Penghargaan Startup4industry kembali dibuka.",
    "Transformasi menuju industri 4.0 terus didorong.",
    "Dampak pandemi COVID-19 masih terasa.",
    "Forum G20 membahas hal itu.",
    "Ini tahap ke-2 program tersebut.",
    "Batik menjadi salah satu produk unggulan.",
    "Desa itu satu-satunya sentra tenun.",
    "Gerakan satu desa satu produk diperluas.",
    "Ada dua di antaranya yang lolos.",
]


@pytest.mark.parametrize("sentence", EXCLUDED)
def test_excluded_numbers_give_nothing(sentence: str) -> None:
    assert find_quantities(sentence) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4,5", "4.5"),
        ("13.762", "13762"),
        ("1.250,75", "1250.75"),
        ("4,5 juta", "4500000"),
        ("10 ribu", "10000"),
        ("1,2 triliun", "1200000000000"),
        ("dua ratus", "200"),
        ("sebelas", "11"),
        ("tiga belas", "13"),
        ("dua puluh tiga", "23"),
        ("seratus dua puluh", "120"),
        ("seribu", "1000"),
        ("dua juta lima ratus ribu", "2500000"),
        ("tujuh ratus lima puluh", "750"),
    ],
)
def test_parse_number(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize(
    "text", ["", "abc", "4.0", "1.2.3", "12.4", "4,5 orang", "dua tiga", "belas", "juta", "ribu dua"]
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("4500000.0"), "4500000"),
        (Decimal("4.5E+6"), "4500000"),
        (Decimal("99.770"), "99.77"),
        (Decimal("7.9E+9"), "7900000000"),
        (Decimal("0.00"), "0"),
        (Decimal("12"), "12"),
    ],
)
def test_format_decimal(value: Decimal, expected: str) -> None:
    assert format_decimal(value) == expected


@given(st.text())
def test_no_crash_and_offsets_reproduce_text(text: str) -> None:
    for quantity in find_quantities(text):
        assert text[quantity.start : quantity.end] == quantity.text
        assert quantity.unit_class in {"percent", "idr", "usd", "count", "multiplier"}


_GENRE_WORDS = st.sampled_from(
    ["Rp", "US$", "persen", "%", "juta", "miliar", "ribu", "dua", "puluh", "sekitar", "hingga", "-", "IKM",
     "tahun", "2024", "4,5", "13.762", "(10/3)", "pukul", "No.", "kali", "lipat", "yakni", ":", ".", "\n"]
)


@given(st.lists(st.one_of(_GENRE_WORDS, st.text(max_size=4)), max_size=12), st.sampled_from([" ", "", "  "]))
def test_genre_like_noise_keeps_offsets(words: list[str], joiner: str) -> None:
    text = joiner.join(words)
    for quantity in find_quantities(text):
        assert text[quantity.start : quantity.end] == quantity.text
        assert quantity.value >= 0


def _indonesian(value: Decimal) -> str:
    """Write a non-negative Decimal with dot thousands and a comma before decimals."""
    text = format(value, "f")
    whole, _, fraction = text.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{fraction}" if fraction else grouped


@given(
    st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([None, "ribu", "juta", "miliar", "triliun"]),
)
def test_number_round_trip(value: Decimal, scale: str | None) -> None:
    written = _indonesian(value) + (f" {scale}" if scale else "")
    factor = {None: 1, "ribu": 10**3, "juta": 10**6, "miliar": 10**9, "triliun": 10**12}[scale]
    assert parse_number(written) == value * factor


@given(st.integers(min_value=0, max_value=999_999_999), st.sampled_from(["IKM", "persen", "orang"]))
def test_round_trip_through_sentence(number: int, unit: str) -> None:
    written = _indonesian(Decimal(number))
    sentence = f"Jumlahnya tercatat {written} {unit} pada bulan lalu."
    # Grouping dots ("2.024") keep even year-like counts from being read as years.
    quantity = _only(sentence)
    assert quantity.value == number
    assert quantity.unit == unit
