"""`kg validate`: store or file, report grouped by shape with the source article, SHACL Turtle, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import SH

from kg.namespaces import KGO, RDF, SKOS
from kg.validate import validate_file

from conftest import REPO

DATA = REPO / "tests" / "data"
RENI = "https://w3id.org/kg-indonesia/id/official/reni-yanita"


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "KG_STORE": ""},
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """article-a.ttl by hand, with Reni Yanita given a second name."""
    path = tmp_path_factory.mktemp("broken") / "broken.ttl"
    text = (DATA / "article-a.ttl").read_text()
    path.write_text(text + f'\n<{RENI}> <{SKOS.prefLabel}> "Reni" .\n')
    return path


def test_seeds_store_conforms(seeds_store: Path) -> None:
    done = kg("validate", "--store", str(seeds_store))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "" and "conforms" in done.stderr


def test_broken_file_exits_1_and_names_the_violation(broken: Path) -> None:
    done = kg("validate", str(broken))
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == (
        "Violation of OfficialShape skos:prefLabel (1): An official has exactly one name (skos:prefLabel)."
    )
    assert lines[1:] == ["  focus kg:official/reni-yanita  path skos:prefLabel  article a01.txt"]
    assert done.stderr.startswith("kg: error: ") and "1 violation(s)" in done.stderr


def test_turtle_is_a_standard_shacl_report(broken: Path) -> None:
    done = kg("validate", str(broken), "--format", "turtle")
    assert done.returncode == 1
    report = Graph().parse(data=done.stdout, format="turtle")
    (node,) = report.subjects(RDF.type, SH.ValidationReport)
    assert report.value(node, SH.conforms) == Literal(False)
    (result,) = report.objects(node, SH.result)
    assert str(report.value(result, SH.focusNode)) == RENI
    assert report.value(result, SH.resultPath) == SKOS.prefLabel


def test_conforming_file_in_turtle(tmp_path: Path) -> None:
    done = kg("validate", str(DATA / "article-a.ttl"), "-f", "turtle")
    assert done.returncode == 0, done.stderr
    report = Graph().parse(data=done.stdout, format="turtle")
    assert set(report.objects(None, SH.conforms)) == {Literal(True)}


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["validate", "missing.ttl"], "no such file"),
        (["validate", str(DATA / "articles" / "festival-sleman.txt")], "cannot read RDF"),
        (["validate", "--store", "/nonexistent/store"], "no store at"),
    ],
)
def test_input_errors_exit_2(args: list[str], fragment: str) -> None:
    done = kg(*args)
    assert done.returncode == 2, done
    assert done.stderr.count("\n") == 1 and fragment in done.stderr and "Traceback" not in done.stderr


def test_bad_format_is_a_usage_error(broken: Path) -> None:
    assert kg("validate", str(broken), "--format", "xml").returncode == 2


def test_dataset_file_is_validated_graph_by_graph(tmp_path: Path) -> None:
    """In TriG, each article stands alone: a second name in another article is an entity-layer violation."""
    a = Graph().parse(DATA / "article-a.ttl")
    b = Graph().parse(DATA / "article-b.ttl")
    b.set((next(b.subjects(SKOS.prefLabel, Literal("Reni Yanita"))), SKOS.prefLabel, Literal("RENI YANITA")))
    path = tmp_path / "two.trig"
    graphs = {"https://w3id.org/kg-indonesia/id/article/a01-txt": a,
              "https://w3id.org/kg-indonesia/id/article/https-example-org-berita-b02-bb478381": b}
    path.write_text("".join(
        f"<{name}> {{\n{g.serialize(format='nt')}}}\n" for name, g in graphs.items()
    ))
    report = validate_file(path)
    assert report.graphs == 2
    (v,) = report.errors
    assert v.shape == "OfficialNameShape skos:prefLabel" and v.focus == RENI
    assert v.article == "a01.txt, https://example.org/berita/b02"


def test_text_report_groups_by_shape(tmp_path: Path) -> None:
    g = Graph().parse(DATA / "article-a.ttl")
    for s in list(g.subjects(RDF.type, KGO.Official)) + list(g.subjects(RDF.type, KGO.Program)):
        g.add((s, SKOS.prefLabel, Literal("second name")))
    path = tmp_path / "two-names.nt"
    g.serialize(path, format="nt")
    text = validate_file(path).text()
    headings = [line for line in text.splitlines() if not line.startswith("  ")]
    assert len(headings) == 2 and all(h.startswith("Violation of ") for h in headings)
    assert "ProgramShape skos:prefLabel (2)" in text and "OfficialShape skos:prefLabel (1)" in text


# --- a store: compiled shapes first, pyshacl where they flag ----------------------------------------


def _pyshacl_report(store_path: Path):
    """The report of every graph of the store validated by pyshacl alone (validate_graphs)."""
    from kg.store import open_store
    from kg.validate import _SKIPPED_GRAPHS, _read, validate_graphs

    store = open_store(store_path)
    names = sorted(g.value for g in store.named_graphs() if g.value not in _SKIPPED_GRAPHS)
    return validate_graphs({name: _read(store, name) for name in names})


def _key(v) -> tuple:
    return (v.severity, v.shape, v.focus, v.path, v.value, v.graph, v.article, v.message)


@pytest.mark.parametrize("damage", ["none", "two names", "article violation"])
def test_store_report_equals_pyshacl(tmp_path: Path, damage: str) -> None:
    import shutil

    from kg.build import build
    from kg.store import StagedStore
    from kg.validate import validate_store

    store = tmp_path / "s"
    build([REPO / "seeds", REPO / "bench" / "eval", REPO / "bench" / "eval2"], store)  # with warnings
    if damage != "none":
        with StagedStore(store) as staged:
            from kg.store import read_graph

            shared = staged.store.query(
                "SELECT ?o ?g WHERE { GRAPH ?g { ?o a kgo:Official } GRAPH ?h { ?o a kgo:Official } "
                "FILTER(?g != ?h) } ORDER BY ?o ?g LIMIT 1",
                prefixes={"kgo": str(KGO)},
            )
            row = next(iter(shared))  # an official two articles name
            graph = row["g"].value
            g = read_graph(staged.store, graph)
            official = next(s for s in g.subjects(RDF.type, KGO.Official) if str(s) == row["o"].value)
            if damage == "two names":
                g.set((official, SKOS.prefLabel, Literal("Nama Lain Sekali")))
            else:
                g.remove((official, SKOS.prefLabel, None))
            staged.put(graph, g)
            staged.commit()
    ours, theirs = validate_store(store), _pyshacl_report(store)
    assert ours.conforms == theirs.conforms == (damage == "none")
    assert sorted(map(_key, ours.violations)) == sorted(map(_key, theirs.violations))
    assert any(v.severity == "Warning" for v in ours.violations)
    shutil.rmtree(store)
