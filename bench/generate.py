"""Synthetic corpora of Indonesian government news, deterministic from a seed, for benchmarks.

Every article is made from templates written for this benchmark (nothing copied from real
articles): a headline, a date line, a dateline with place and outlet, then paragraphs in which
officials with titles and agencies are quoted, state figures (values, units, periods), announce
programs, and agencies hold events with dates and places; sub-units are placed under their parent
agency. Names of officials are fictional, composed from lists of given names and family names;
agencies are Indonesian ministries and their units. The same (seed, index) always gives the same
text, so two runs generate byte-identical corpora.

    python bench/generate.py --articles 1000 --out /tmp/corpus-1k
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Generated", "article_text", "articles", "minister_of", "write_corpus"]

GIVEN = [
    "Andi",
    "Budi",
    "Citra",
    "Dewi",
    "Eko",
    "Fitri",
    "Gilang",
    "Hendra",
    "Indah",
    "Joko",
    "Kartika",
    "Lestari",
    "Maya",
    "Nugroho",
    "Oktavia",
    "Putri",
    "Rizky",
    "Sari",
    "Teguh",
    "Utami",
    "Wahyu",
    "Yuliana",
    "Zainal",
    "Agus",
    "Bambang",
    "Dian",
    "Fajar",
    "Hadi",
    "Irwan",
    "Nurul",
    "Rahmat",
    "Siti",
    "Tri",
    "Yudi",
    "Ratna",
    "Surya",
    "Wulan",
    "Arief",
    "Bayu",
]
FAMILY = [
    "Pratama",
    "Santoso",
    "Wibowo",
    "Saputra",
    "Hidayat",
    "Kusuma",
    "Lubis",
    "Siregar",
    "Nasution",
    "Wijaya",
    "Gunawan",
    "Halim",
    "Purnomo",
    "Setiawan",
    "Rahman",
    "Hakim",
    "Sembiring",
    "Situmorang",
    "Tanjung",
    "Harahap",
    "Suryadi",
    "Permana",
    "Firmansyah",
    "Nugraha",
    "Syahputra",
    "Marpaung",
    "Simanjuntak",
    "Ginting",
    "Hasibuan",
    "Tambunan",
]

# (ministry, acronym, minister's title, [(unit, unit acronym, head's title), ...], sector words)
MINISTRIES = (
    (
        "Kementerian Perindustrian",
        "Kemenperin",
        "Menteri Perindustrian",
        (
            ("Direktorat Jenderal Industri Kecil, Menengah, dan Aneka", "IKMA", "Direktur Jenderal"),
            ("Badan Standardisasi dan Kebijakan Jasa Industri", "BSKJI", "Kepala"),
        ),
        ("industri kecil dan menengah", "IKM"),
    ),
    (
        "Kementerian Perdagangan",
        "Kemendag",
        "Menteri Perdagangan",
        (
            ("Direktorat Jenderal Perdagangan Dalam Negeri", "PDN", "Direktur Jenderal"),
            ("Badan Pengawas Perdagangan Berjangka Komoditi", "Bappebti", "Kepala"),
        ),
        ("eksportir", "UKM ekspor"),
    ),
    (
        "Kementerian Pertanian",
        "Kementan",
        "Menteri Pertanian",
        (
            ("Direktorat Jenderal Tanaman Pangan", "Ditjen TP", "Direktur Jenderal"),
            ("Badan Penyuluhan dan Pengembangan Sumber Daya Manusia Pertanian", "BPPSDMP", "Kepala"),
        ),
        ("petani", "kelompok tani"),
    ),
    (
        "Kementerian Kesehatan",
        "Kemenkes",
        "Menteri Kesehatan",
        (
            ("Direktorat Jenderal Pelayanan Kesehatan", "Yankes", "Direktur Jenderal"),
            ("Badan Kebijakan Pembangunan Kesehatan", "BKPK", "Kepala"),
        ),
        ("puskesmas", "tenaga kesehatan"),
    ),
    (
        "Kementerian Koperasi dan Usaha Kecil dan Menengah",
        "KemenKopUKM",
        "Menteri Koperasi dan UKM",
        (
            ("Deputi Bidang Usaha Mikro", "Deputi UM", "Deputi"),
            ("Lembaga Pengelola Dana Bergulir", "LPDB", "Direktur Utama"),
        ),
        ("pelaku UMKM", "koperasi"),
    ),
    (
        "Kementerian Pendidikan Dasar dan Menengah",
        "Kemendikdasmen",
        "Menteri Pendidikan Dasar dan Menengah",
        (
            (
                "Direktorat Jenderal Pendidikan Anak Usia Dini, Pendidikan Dasar, dan Pendidikan Menengah",
                "PAUD Dikdasmen",
                "Direktur Jenderal",
            ),
            ("Badan Standar, Kurikulum, dan Asesmen Pendidikan", "BSKAP", "Kepala"),
        ),
        ("sekolah", "guru"),
    ),
    (
        "Kementerian Kelautan dan Perikanan",
        "KKP",
        "Menteri Kelautan dan Perikanan",
        (
            ("Direktorat Jenderal Perikanan Budidaya", "DJPB", "Direktur Jenderal"),
            ("Badan Penyuluhan dan Pengembangan SDM Kelautan dan Perikanan", "BPPSDM KP", "Kepala"),
        ),
        ("nelayan", "pembudidaya ikan"),
    ),
    (
        "Kementerian Pariwisata",
        "Kemenpar",
        "Menteri Pariwisata",
        (
            ("Deputi Bidang Industri dan Investasi", "Deputi Industri", "Deputi"),
            ("Deputi Bidang Pemasaran", "Deputi Pemasaran", "Deputi"),
        ),
        ("desa wisata", "pelaku usaha pariwisata"),
    ),
)

PLACES = (
    "Jakarta",
    "Bandung",
    "Surabaya",
    "Semarang",
    "Yogyakarta",
    "Medan",
    "Makassar",
    "Denpasar",
    "Palembang",
    "Balikpapan",
    "Pontianak",
    "Manado",
    "Padang",
    "Mataram",
    "Kupang",
    "Ambon",
)
OUTLETS = ("ANTARA", "Kabar Niaga", "Warta Ekonomi", "Berita Daerah", "Suara Pembangunan", "Info Publik")
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
PROGRAM_HEADS = ("Gerakan", "Program", "Sekolah", "Kampung", "Pasar", "Festival Digital")
PROGRAM_WORDS = (
    "Nusantara",
    "Mandiri",
    "Berdaya",
    "Maju",
    "Sejahtera",
    "Digital",
    "Hijau",
    "Tangguh",
    "Bersinar",
    "Inovatif",
    "Produktif",
    "Berkelanjutan",
)
EVENT_HEADS = ("Pameran", "Festival", "Gelar Karya", "Expo", "Temu Bisnis", "Bazar")
MEASURES = (
    ("jumlah {s}", "unit usaha", True),
    ("serapan tenaga kerja sektor {s}", "orang", True),
    ("nilai transaksi {s}", "rupiah", False),
    ("pertumbuhan produksi {s}", "persen", False),
    ("realisasi anggaran pembinaan {s}", "rupiah", False),
    ("jumlah peserta pelatihan {s}", "orang", True),
)
SPEECH = ("kata", "ujar", "jelas", "tutur", "tegas")


@dataclass(frozen=True)
class Generated:
    """One synthetic article: its file name and text."""

    name: str
    text: str


def _person(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def _number(rng: random.Random, unit: str) -> str:
    """Return a figure as an Indonesian article writes it (decimal comma, juta/miliar/triliun)."""
    if unit == "persen":
        return f"{rng.randint(1, 60)},{rng.randint(1, 99):02d} persen"
    if unit == "rupiah":
        scale = rng.choice(("miliar", "triliun", "juta"))
        return f"Rp{rng.randint(2, 950)},{rng.randint(1, 9)} {scale}"
    if rng.random() < 0.5:
        return f"{rng.randint(2, 99)},{rng.randint(1, 9)} juta {unit}"
    return f"{rng.randint(120, 98_000):,}".replace(",", ".") + f" {unit}"


def article_text(seed: int, index: int) -> Generated:
    """Return the synthetic article number ``index`` of the corpus made from ``seed``."""
    rng = random.Random(f"{seed}:{index}")
    ministry, acronym, minister_title, units, (sector, sector_short) = rng.choice(MINISTRIES)
    unit, unit_acronym, head_title = rng.choice(units)
    year = rng.choice((2023, 2024, 2025))
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    weekday = DAYS[(day + month) % 7]
    place = rng.choice(PLACES)
    outlet = rng.choice(OUTLETS)
    # a pool of officials per ministry and unit, so the same people come back across articles
    minister = minister_of(ministry, seed)
    head = _person(random.Random(f"{seed}:{unit}:{rng.randint(0, 3)}"))
    head_short = head.split()[0]
    program = " ".join(
        (rng.choice(PROGRAM_HEADS), sector_short.split()[0].capitalize(), rng.choice(PROGRAM_WORDS))
    )
    event = f"{rng.choice(EVENT_HEADS)} {sector_short} {rng.choice(PROGRAM_WORDS)} {year}"
    e_day = rng.randint(1, 24)
    e_month = MONTHS[rng.randint(0, 11)]
    e_place = rng.choice(PLACES)
    m1, m2 = rng.sample(MEASURES, 2)
    fig1, fig2 = _number(rng, m1[1]), _number(rng, m2[1])
    period = rng.choice((f"tahun {year - 1}", f"semester I {year}", f"sepanjang {year - 1}"))

    if unit.startswith("Direktorat Jenderal "):
        post = "Direktur Jenderal " + unit.removeprefix("Direktorat Jenderal ")
    elif unit.startswith("Deputi "):
        post = unit
    else:
        post = f"{head_title} {unit}"
    headline = f"{acronym} Dorong {sector.capitalize()} Lewat {program}"
    optional = [
        f"{unit} ({unit_acronym}) berada di bawah {ministry}.",
        f"Menurut {head_short}, {m2[0].format(s=sector)} tercatat sebesar {fig2} pada {period}.",
        f"{minister_title} {minister} mengatakan {program} akan diperluas ke {rng.randint(3, 38)} provinsi "
        f"pada {year + 1}.",
        f"Selain itu, {acronym} akan menggelar {event} pada {e_day}-{e_day + rng.randint(1, 3)} {e_month} "
        f"{year} di {e_place}.",
    ]
    body = [rng.choice(optional)]
    lines = [
        headline,
        f"{weekday}, {day} {MONTHS[month - 1]} {year} {rng.randint(7, 21):02d}:{rng.randint(0, 59):02d} WIB",
        "",
        f"{place.upper()} ({outlet}) - {ministry} ({acronym}) terus mendorong {sector} agar semakin "
        f"produktif dan berdaya saing melalui {program}.",
        f"“{m1[0].format(s=sector).capitalize()} pada {period} mencapai {fig1},” {rng.choice(SPEECH)} "
        f"{post} ({unit_acronym}) {acronym}, {head} di {place}, {weekday} ({day}/{month}).",
        *body,
        f"Editor: {_person(rng)}",
    ]
    name = f"syn_{index:06d}_{seed}.txt"
    return Generated(name, "\n".join(lines) + "\n")


def minister_of(ministry: str, seed: int) -> str:
    """Return the (fictional) minister of ``ministry`` in the corpus ``seed``: the same in every article."""
    key = hash_int(ministry)
    return f"{GIVEN[(key + seed) % len(GIVEN)]} {FAMILY[(key * 7) % len(FAMILY)]}"


def hash_int(text: str) -> int:
    """Return a stable integer for ``text`` (Python's hash() varies between runs)."""
    return sum((i + 1) * ord(c) for i, c in enumerate(text))


def articles(n: int, seed: int = 1) -> Iterator[Generated]:
    """Yield the ``n`` articles of the corpus made from ``seed``."""
    for i in range(n):
        yield article_text(seed, i)


def write_corpus(folder: Path, n: int, seed: int = 1) -> list[Path]:
    """Write the ``n`` articles of the corpus ``seed`` into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for a in articles(n, seed):
        path = folder / a.name
        path.write_text(a.text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="how many articles (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the articles into")
    args = parser.parse_args()
    paths = write_corpus(args.out, args.articles, args.seed)
    print(f"wrote {len(paths)} articles to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
