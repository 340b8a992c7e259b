"""Export: every format parsed back (pyoxigraph, and Debian's rapper for Turtle/N-Triples) equals the
store, deterministic bytes, the dataset description, union vs named graphs, asserted-only exports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.build import build
from kg.errors import KgError
from kg.export import (
    DATASET_IRI,
    DATASET_LICENSE,
    DESCRIPTION_GRAPH,
    EXPORT_FORMATS,
    article_graphs,
    export_store,
)
from kg.namespaces import GRAPH_INFERRED
from kg.store import open_store, store_info, write_store

from conftest import SEEDS, need_binary

PARSERS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
NAMED = {"trig", "nq", "jsonld"}
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _key(term) -> str:
    return "" if isinstance(term, ox.DefaultGraph) else str(term)


def parsed(data: bytes, fmt: str) -> set[tuple[str, str, str, str]]:
    """Return the statements of ``data`` as (graph, s, p, o) strings (graph "" for the union formats)."""
    quads = ox.parse(data, format=PARSERS[fmt])
    return {(_key(q.graph_name), str(q.subject), str(q.predicate), str(q.object)) for q in quads}


def store_statements(store: Path, named: bool, inferred: bool = True) -> set[tuple[str, str, str, str]]:
    skip = "" if inferred else f"<{GRAPH_INFERRED}>"
    quads = [q for q in open_store(store) if str(q.graph_name) != skip and q.graph_name != ox.DefaultGraph()]
    return {
        (_key(q.graph_name) if named else "", str(q.subject), str(q.predicate), str(q.object)) for q in quads
    }


def without_description(statements: set) -> set:
    return {s for s in statements if s[0] != f"<{DESCRIPTION_GRAPH}>" and s[1] != f"<{DATASET_IRI}>"}


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
@pytest.mark.parametrize("inferred", [True, False])
def test_every_format_parses_back_to_the_store(seeds_store: Path, fmt: str, inferred: bool) -> None:
    data = export_store(seeds_store, fmt, inferred=inferred)
    got = parsed(data, fmt)
    assert without_description(got) == store_statements(seeds_store, fmt in NAMED, inferred)
    description = got - without_description(got)
    assert any(s[2] == f"<{DCT}license>" and s[3] == f"<{DATASET_LICENSE}>" for s in description)
    graphs_in_export = {s[0] for s in got}
    assert (f"<{GRAPH_INFERRED}>" in graphs_in_export) == (inferred and fmt in NAMED)


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_every_format_is_deterministic(people_store: Path, fmt: str) -> None:
    assert export_store(people_store, fmt) == export_store(people_store, fmt)


def test_same_bytes_from_two_builds_and_two_processes(tmp_path: Path) -> None:
    build([SEEDS], tmp_path / "a")
    build([SEEDS], tmp_path / "b")
    for fmt in EXPORT_FORMATS:
        assert export_store(tmp_path / "a", fmt) == export_store(tmp_path / "b", fmt), fmt
    lines = export_store(tmp_path / "a", "nt").decode().splitlines()
    assert lines == sorted(lines)
    # another interpreter with another hash seed writes the same JSON-LD (rdflib) and TriG
    code = (
        "import sys; from kg.export import export_store;"
        " sys.stdout.buffer.write(export_store(sys.argv[1], sys.argv[2]))"
    )
    for fmt in ("jsonld", "trig"):
        done = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path / "a"), fmt],
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": "12345"},
            check=True,
        )
        assert done.stdout == export_store(tmp_path / "a", fmt), fmt


def test_dataset_description(seeds_store: Path) -> None:
    data = export_store(seeds_store, "nq")
    got = parsed(data, "nq")
    desc = {(p, o) for g, s, p, o in got if s == f"<{DATASET_IRI}>"}
    assert all(g == f"<{DESCRIPTION_GRAPH}>" for g, s, _, _ in got if s == f"<{DATASET_IRI}>")
    assert ("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<http://rdfs.org/ns/void#Dataset>") in desc
    assert (
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
        "<http://www.w3.org/ns/dcat#Dataset>",
    ) in desc
    assert any(p == f"<{DCT}title>" for p, _ in desc)
    triples = [o for p, o in desc if p == "<http://rdfs.org/ns/void#triples>"]
    assert triples == [f'"{store_info(seeds_store).quads}"^^<http://www.w3.org/2001/XMLSchema#integer>']
    sources = sorted(o for p, o in desc if p == f"<{DCT}source>")
    articles = article_graphs([q for q in open_store(seeds_store) if q.graph_name != ox.DefaultGraph()])
    assert len(articles) == len(list(SEEDS.glob("*.txt")))
    assert sources == sorted(f"<{a}>" for a in articles)


def test_turtle_has_the_project_prefixes(seeds_store: Path) -> None:
    turtle = export_store(seeds_store, "turtle").decode()
    assert turtle.startswith("@prefix kgo: <https://w3id.org/kg-indonesia/ontology#> .\n")
    assert "@prefix skos: <http://www.w3.org/2004/02/skos/core#> ." in turtle
    jsonld = export_store(seeds_store, "jsonld").decode()
    assert '"@context"' in jsonld and '"kgo": "https://w3id.org/kg-indonesia/ontology#"' in jsonld


@pytest.mark.parametrize(("fmt", "syntax"), [("turtle", "turtle"), ("nt", "ntriples")])
def test_rapper_reads_turtle_and_ntriples(seeds_store: Path, tmp_path: Path, fmt: str, syntax: str) -> None:
    rapper = need_binary("rapper", "raptor2-utils")
    path = tmp_path / f"kg.{fmt}"
    path.write_bytes(export_store(seeds_store, fmt))
    done = subprocess.run(
        [rapper, "-i", syntax, "-o", "ntriples", str(path), "http://example.org/base"],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert b"Error" not in done.stderr, done.stderr.decode()
    rapper_triples = parsed(done.stdout, "nt")
    assert rapper_triples == parsed(export_store(seeds_store, "nt"), "nt")


def test_unknown_format(people_store: Path) -> None:
    with pytest.raises(KgError, match="unknown export format"):
        export_store(people_store, "xml")


def test_description_dates_come_from_the_articles(tmp_path: Path) -> None:
    graphs = {}
    for name, date in [("x", "2024-03-02"), ("y", "2023-12-30"), ("z", None)]:
        iri = f"https://w3id.org/kg-indonesia/id/article/{name}"
        text = f"<{iri}> a <https://w3id.org/kg-indonesia/ontology#Article> .\n"
        if date:
            text += f' <{iri}> <https://schema.org/datePublished> "{date}"^^<{XSD}date> .'
        graphs[iri] = Graph().parse(data=text, format="turtle")
    write_store(tmp_path / "s", graphs)
    got = parsed(export_store(tmp_path / "s", "nt"), "nt")
    wanted = (f"<{DCT}issued>", f"<{DCT}modified>")
    dates = {p: o for _, s, p, o in got if s == f"<{DATASET_IRI}>" and p in wanted}
    assert dates == {wanted[0]: f'"2023-12-30"^^<{XSD}date>', wanted[1]: f'"2024-03-02"^^<{XSD}date>'}
