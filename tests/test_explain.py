"""kg explain: what the graph knows about an entity, with evidence; JSON; the SVG neighbourhood; and the
measure normalization (kg.measures) that conflicting-figures relies on."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kg.errors import QueryError
from kg.explain import explain, to_json, to_svg, to_text
from kg.measures import clean_measure, figure_segment, find_subject, measure_key, measure_label

SEED3 = "003_4528c1cd766606f4.txt"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("name", ["Reni Yanita", "reni", "RÉNI YANITA",
                                  "https://w3id.org/kg-indonesia/id/official/reni-yanita"])
def test_finds_an_official_by_name_alias_or_iri(seeds_store: Path, name: str) -> None:
    x = explain(seeds_store, name)
    assert (x.iri, x.kind, x.name) == ("https://w3id.org/kg-indonesia/id/official/reni-yanita", "Official",
                                       "Reni Yanita")
    assert "Reni" in x.labels


def test_official_facts_carry_their_sentence_and_article(seeds_store: Path) -> None:
    x = explain(seeds_store, "Reni Yanita")
    kinds = {f.kind for f in x.facts}
    assert {"post", "program", "statistic", "statement"} <= kinds
    post = next(f for f in x.facts if f.kind == "post" and f.text.startswith("Direktur Jenderal Industri"))
    assert post.other == "Kementerian Perindustrian"
    assert SEED3 in {e.source for e in post.evidence}
    assert all("Reni" in e.sentence for e in post.evidence)
    program = next(f for f in x.facts if f.kind == "program" and f.other == "scaling up brand")
    assert all("scaling up brand" in e.sentence for e in program.evidence) and program.evidence
    figure = next(f for f in x.facts if f.kind == "statistic" and f.text.startswith("21,44%"))
    assert [e.source for e in figure.evidence] == [SEED3] and "21,44%" in figure.evidence[0].sentence


def test_agency_shows_hierarchy_programs_and_officials(seeds_store: Path) -> None:
    x = explain(seeds_store, "Ditjen IKMA")
    assert x.kind == "Agency"
    parent = next(f for f in x.facts if f.text == "part of")
    assert parent.other == "Kementerian Perindustrian"
    assert "reference list" in {e.source for e in parent.evidence}
    bpifk = ("has sub-unit", "Balai Pemberdayaan Industri Fesyen dan Kriya")
    assert bpifk in {(f.text, f.other) for f in x.facts}
    assert "Klinik KI" in {f.other for f in x.facts if f.kind == "program"}


def test_event_dates_and_place(seeds_store: Path) -> None:
    x = explain(seeds_store, "Gebyar IKMA 2024")
    assert [f.text for f in x.facts if f.kind == "event"] == ["from 2024-11-12 until 2024-11-17 in Jakarta"]


@pytest.mark.parametrize(("name", "error"), [("nobody at all", "no official, agency, program or event"),
                                             ('x" } ; DROP ALL ; #', "no official")])
def test_unknown_entity(seeds_store: Path, name: str, error: str) -> None:
    with pytest.raises(QueryError, match=error):
        explain(seeds_store, name)


def test_text_report(seeds_store: Path) -> None:
    text = to_text(explain(seeds_store, "Reni Yanita"))
    assert text.startswith("Reni Yanita (Official)\n")
    for heading in ("Posts (", "Programs (", "Statistics (", "Statements (", "Sources ("):
        assert f"\n{heading}" in text
    assert f"[{SEED3}] \"" in text


def test_json_report(seeds_store: Path) -> None:
    doc = json.loads(to_json(explain(seeds_store, "scaling up brand")))
    assert doc["kind"] == "Program" and doc["name"] == "scaling up brand"
    assert {(f["text"], f["other"]) for f in doc["facts"]} >= {("announced by", "Reni Yanita")}
    assert all(set(e) == {"sentence", "source"} for f in doc["facts"] for e in f["evidence"])
    assert doc["sources"] == sorted(doc["sources"]) and doc["sources"]


def test_svg_draws_the_neighbourhood(seeds_store: Path) -> None:
    x = explain(seeds_store, "Reni Yanita")
    svg = ET.fromstring(to_svg(x))
    texts = [t.text or "" for t in svg.iter(f"{SVG}text")]
    assert "Reni Yanita" in texts and "scaling up brand" in texts and SEED3 in texts
    neighbours = [f for f in x.facts if f.kind != "statement"]
    boxes = list(svg.iter(f"{SVG}rect"))
    assert len(boxes) >= 1 + len(neighbours) + len(x.sources())
    ys = sorted(float(r.get("y")) for r in boxes if r.get("x") == "430")  # the middle column
    assert all(b - a >= 26 for a, b in itertools.pairwise(ys))  # no two boxes overlap


def test_cli_explain_text_json_and_graph(seeds_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "reni.svg"
    done = subprocess.run([sys.executable, "-m", "kg", "explain", "reni yanita", "--store", str(seeds_store),
                           "--graph", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.startswith("Reni Yanita (Official)")
    assert ET.parse(out).getroot().tag == f"{SVG}svg"
    done = subprocess.run([sys.executable, "-m", "kg", "explain", "Kemenperin", "-f", "json",
                           "--store", str(seeds_store)], capture_output=True, text=True, timeout=120)
    assert json.loads(done.stdout)["kind"] == "Agency"
    done = subprocess.run([sys.executable, "-m", "kg", "explain", "nobody", "--store", str(seeds_store)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stderr.startswith("kg: error: no official")
    assert len(done.stderr.splitlines()) == 1


# --- kg.measures ---------------------------------------------------------------------------------

FAISOL = ("Wamenperin mengatakan pihaknya mencatat industri tersebut mencakup 99,7 persen dari total "
          "unit usaha industri di Indonesia, menyerap 12,37 juta tenaga kerja, serta berkontribusi "
          "sebanyak 20,9 persen dari total nilai output sektor perindustrian di tanah air.")


def _span(sentence: str, figure: str) -> tuple[int, int]:
    start = sentence.index(figure)
    return start, start + len(figure)


FIGURES = [_span(FAISOL, f) for f in ("99,7 persen", "12,37 juta", "20,9 persen")]


@pytest.mark.parametrize(
    ("measure", "sentence", "figure", "unit", "key"),
    [
        ("serta berkontribusi sebanyak", FAISOL, "20,9 persen", "persen", "pangsa output industri ikm"),
        ("industri tersebut mencakup", FAISOL, "99,7 persen", "persen", "pangsa unit usaha industri ikm"),
        ("menyerap tenaga kerja", FAISOL, "12,37 juta", "tenaga kerja", "jumlah tenaga kerja ikm"),
        ("output IKM terhadap industri pengolahan nonmigas tercatat sebesar",
         "Adapun nilai output IKM terhadap industri pengolahan nonmigas tercatat sebesar 21,53 persen dari "
         "total nilai output industri.", "21,53 persen", "persen", "pangsa output industri ikm"),
        ("berkontribusi hingga (hingga)", "Selain itu, berkontribusi hingga 21,44% dari total nilai output "
         "industri, sehingga berperan penting.", "21,44%", "persen", "pangsa output industri ikm"),
        ("laju pertumbuhan PDB IKM year on year sebesar", "Sementara laju pertumbuhan PDB IKM year on year "
         "sebesar 5,26 persen.", "5,26 persen", "persen", "pertumbuhan pdb ikm"),
        ("jumlah IKM pangan yang melakukan ekspor meningkat", "Jumlah IKM pangan yang melakukan ekspor "
         "meningkat 23%.", "23%", "persen", "jumlah ikm pangan melakukan ekspor"),
    ],
)
def test_measure_key(measure: str, sentence: str, figure: str, unit: str, key: str) -> None:
    span = _span(sentence, figure)
    others = [s for s in FIGURES if s != span] if sentence == FAISOL else []
    context = "IKM Berperan Strategis" if "IKM" not in sentence else ""
    assert measure_key(measure, sentence, span, unit, others=others, context=context) == key


def test_measure_key_without_a_sentence_cleans_the_measure() -> None:
    assert measure_key("Adapun populasi IKM yang mencapai unit usaha") == "populasi ikm unit usaha"
    assert clean_measure("mencapai 4,5 juta unit usaha") == "juta unit usaha"


def test_the_figure_before_keeps_its_own_words() -> None:
    segment = figure_segment(FAISOL, *FIGURES[1], others=[FIGURES[0], FIGURES[2]])
    assert segment == " menyerap 12,37 juta tenaga kerja"


@pytest.mark.parametrize(("texts", "subject"), [(("sektor IKM tumbuh",), "ikm"),
                                                (("industri tersebut", "Industri Kecil dan Menengah"), "ikm"),
                                                (("UMKM naik",), "umkm"), (("ekspor naik",), "")])
def test_subject(texts: tuple[str, ...], subject: str) -> None:
    assert find_subject(*texts) == subject


def test_measure_label() -> None:
    assert measure_label("pangsa output industri ikm") == "IKM share of industrial output"
    assert measure_label("pertumbuhan pdb") == "GDP growth"
    assert measure_label("populasi ikm unit usaha") == "populasi ikm unit usaha"
