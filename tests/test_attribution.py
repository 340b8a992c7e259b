"""Tests for kg.extract.attribution through extract(): who each sentence and each figure is attributed to."""

from __future__ import annotations

import pytest

from kg.articles import article_from_text
from kg.extract.attribution import has_quote
from kg.extract.pipeline import Extraction, extract

HEAD = "Pemkot Bogor Tata Ulang Parkir di Pusat Kota\n"
INTRO = "Wali Kota Bogor Arif Wibisono mengatakan penataan parkir dimulai pekan depan."


def _run(*lines: str) -> Extraction:
    return extract(article_from_text("t.txt", HEAD + "\n".join(lines) + "\n"))


def _speakers(x: Extraction) -> dict[str, str]:
    return {s.sentence.span.text: s.official.name for s in x.statements}


@pytest.mark.parametrize(
    "sentence",
    [
        "Ia mengatakan tarif parkir tidak naik.",
        "Dia menyebut tarif parkir tidak naik.",
        "Menurutnya, tarif parkir tidak naik.",
        '"Tarif parkir tidak naik," ujarnya.',
        '"Tarif parkir tidak naik," katanya.',
        "Tarif parkir, lanjutnya, tidak naik.",
        "Beliau menegaskan tarif parkir tidak naik.",
    ],
)
def test_pronoun_sentence_goes_to_the_last_speaker(sentence: str) -> None:
    x = _run(INTRO, sentence)
    assert _speakers(x)[sentence] == "Arif Wibisono"


@pytest.mark.parametrize(
    "sentence",
    [
        '"Tarif parkir tidak naik," kata Arif.',
        "Arif mengatakan tarif parkir tidak naik.",
        "Menurut Arif, tarif parkir tidak naik.",
        "Arif Wibisono juga menegaskan tarif parkir tidak naik.",
        "Hal itu disampaikan Arif di Balai Kota Bogor.",
    ],
)
def test_short_or_full_name_resolves_to_the_official(sentence: str) -> None:
    x = _run(INTRO, sentence)
    assert _speakers(x)[sentence] == "Arif Wibisono"
    assert len(x.officials.officials) == 1


def test_a_new_named_speaker_takes_over() -> None:
    second = "Kepala Dinas Perhubungan Kota Bogor, Rudi Hartanto, menambahkan petugas disiapkan."
    pronoun = "Ia mengatakan ada 40 petugas."
    x = _run(INTRO, second, pronoun)
    assert _speakers(x) == {INTRO: "Arif Wibisono", second: "Rudi Hartanto", pronoun: "Rudi Hartanto"}


def test_unknown_bare_name_next_to_a_speech_verb_becomes_an_official() -> None:
    sentence = '"Kami mendukung penataan ini," kata Yusuf Maulana.'
    x = _run(INTRO, sentence)
    assert _speakers(x)[sentence] == "Yusuf Maulana"
    assert "Yusuf Maulana" in [o.name for o in x.officials.officials]


@pytest.mark.parametrize(
    "sentence",
    [
        "Penataan parkir dimulai pekan depan.",
        "Jumlah kendaraan di pusat kota mencapai 12.000 unit per hari.",
        "Ia mengatakan tarif parkir tidak naik.",
        "Warga berharap penataan berjalan lancar.",
    ],
)
def test_narrative_or_orphan_pronoun_sentence_has_no_speaker(sentence: str) -> None:
    x = _run(sentence)
    assert x.statements == []


def test_figure_in_a_narrative_paragraph_has_no_speaker_figure_in_speech_has_one() -> None:
    quoted = '"Ada 40 petugas yang kami siapkan," kata Arif.'
    narrative = "Jumlah kendaraan di pusat kota mencapai 12.000 unit per hari."
    x = _run(INTRO, quoted, narrative)
    stated = {str(f.quantity.value): (f.stated_by.name if f.stated_by else None) for f in x.figures}
    assert stated == {"40": "Arif Wibisono", "12000": None}


def test_quote_flag_marks_direct_speech() -> None:
    quoted = '"Tarif parkir tidak naik," kata Arif.'
    x = _run(INTRO, quoted)
    direct = {s.sentence.span.text: s.direct for s in x.statements}
    assert direct == {INTRO: False, quoted: True}


def test_journalist_credit_is_not_a_speaker() -> None:
    x = _run(INTRO, "Pewarta: Dodi Kurniawan", "Editor: Maya Sari")
    assert [o.name for o in x.officials.officials] == ["Arif Wibisono"]
    assert list(_speakers(x).values()) == ["Arif Wibisono"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [('"Kami siap," ujarnya.', True), ("“Kami siap,” ujarnya.", True), ("Kami siap, ujarnya.", False)],
)
def test_has_quote(text: str, expected: bool) -> None:
    assert has_quote(text) is expected
