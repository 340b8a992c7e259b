"""The store: location, marker, refusal of foreign folders, atomic replacement."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from kg import build as build_module
from kg.build import build
from kg.errors import KgError, StoreError
from kg.store import MARKER, clean_temporaries, open_store, resolve_store_path, store_info, write_store

from conftest import SEEDS

G = "https://w3id.org/kg-indonesia/id/article/x"


def _graph(value: str) -> Graph:
    g = Graph()
    g.add((URIRef("https://example.org/s"), URIRef("https://example.org/p"), Literal(value)))
    return g


def _values(store: Path) -> list[str]:
    return sorted(q.object.value for q in open_store(store) if q.graph_name != ox.DefaultGraph())


def test_store_path_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("KG_STORE", raising=False)
    assert resolve_store_path(None) == Path(".kg")
    monkeypatch.setenv("KG_STORE", str(tmp_path / "env"))
    assert resolve_store_path(None) == tmp_path / "env"
    assert resolve_store_path(tmp_path / "flag") == tmp_path / "flag"


def test_write_then_read(tmp_path: Path) -> None:
    info = write_store(tmp_path / "s", {G: _graph("one")})
    assert info.quads == 1 and info.graphs == 1
    assert json.loads((tmp_path / "s" / MARKER).read_text())["format"] == "kg-store"
    assert _values(tmp_path / "s") == ["one"]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: None, "no store at"),
        (lambda p: p.mkdir() or (p / "notes.txt").write_text("mine"), "not a kg store"),
        (lambda p: p.write_text("a file"), "is a file"),
        (lambda p: p.mkdir() or (p / MARKER).write_text('{"format": "other"}'), "not a kg store"),
        (
            lambda p: p.mkdir() or (p / MARKER).write_text('{"format": "kg-store", "version": 99}'),
            "version 99",
        ),
    ],
)
def test_not_a_store_is_refused(tmp_path: Path, setup, message: str) -> None:
    target = tmp_path / "s"
    setup(target)
    with pytest.raises(StoreError, match=message):
        store_info(target)
    with pytest.raises(StoreError, match=message):
        open_store(target)


@pytest.mark.parametrize("kind", ["folder", "file"])
def test_build_refuses_to_replace_a_foreign_folder(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "precious"
    if kind == "folder":
        target.mkdir()
        (target / "thesis.txt").write_text("do not delete")
    else:
        target.write_text("do not delete")
    with pytest.raises(StoreError, match="refusing"):
        build([SEEDS], target)
    with pytest.raises(StoreError, match="refusing"):
        write_store(target, {G: _graph("x")})
    assert (target / "thesis.txt" if kind == "folder" else target).read_text() == "do not delete"


def test_empty_folder_may_become_a_store(tmp_path: Path) -> None:
    (tmp_path / "s").mkdir()
    write_store(tmp_path / "s", {G: _graph("one")})
    assert _values(tmp_path / "s") == ["one"]


def test_rebuild_replaces_the_store_and_leaves_no_temporaries(tmp_path: Path) -> None:
    write_store(tmp_path / "s", {G: _graph("one")})
    write_store(tmp_path / "s", {G: _graph("two")})
    assert _values(tmp_path / "s") == ["two"]
    # the replaced store stays a while for readers that opened it, then the next build removes it
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names[0] == "s" and len(names) == 2 and names[1].startswith("s.old-"), names
    assert clean_temporaries(tmp_path / "s", grace=0) == [tmp_path / names[1]]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s"]


class _Boom(Graph):
    def serialize(self, *args, **kwargs):  # type: ignore[override]
        raise RuntimeError("disk on fire")


def test_failed_write_leaves_the_previous_store(tmp_path: Path) -> None:
    write_store(tmp_path / "s", {G: _graph("one")})
    with pytest.raises(StoreError, match="disk on fire"):
        write_store(tmp_path / "s", {G: _graph("two"), G + "2": _Boom()})
    assert _values(tmp_path / "s") == ["one"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s"]


def test_failed_build_leaves_the_previous_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "s"
    build([SEEDS], store)
    before = _values(store)

    def broken(*args, **kwargs):
        raise RuntimeError("reasoner crashed")

    monkeypatch.setattr(build_module, "_complete_inferences", broken)
    with pytest.raises(RuntimeError):
        build([SEEDS], store)
    assert _values(store) == before


def test_build_with_nothing_buildable_fails_and_keeps_the_store(tmp_path: Path) -> None:
    store = tmp_path / "s"
    build([SEEDS], store)
    before = _values(store)
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    with pytest.raises(KgError, match="no article could be built"):
        build([empty], store)
    assert _values(store) == before


def test_build_skips_bad_articles_and_reports_them(tmp_path: Path) -> None:
    bad = tmp_path / "binary.txt"
    bad.write_bytes(b"\x00\x01\x02")
    report = build([SEEDS, bad, tmp_path / "missing.txt"], tmp_path / "s")
    assert len(report.built) == len(list(SEEDS.glob("*.txt")))
    assert [s.path.name for s in report.skipped] == ["binary.txt", "missing.txt"]
    assert all("\n" not in s.reason for s in report.skipped)
    assert report.summary().startswith(f"built {len(report.built)} articles, skipped 2, ")


def test_build_has_one_graph_per_article_and_the_fixed_graphs(seeds_store: Path) -> None:
    from kg.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_REFERENCE

    names = {g.value for g in open_store(seeds_store).named_graphs()}
    assert {GRAPH_ONTOLOGY, GRAPH_REFERENCE} <= names
    articles = [n for n in names if "/id/article/" in n]
    assert len(articles) == len(list(SEEDS.glob("*.txt")))
    assert not [
        n for n in names if n not in articles and n not in {GRAPH_ONTOLOGY, GRAPH_REFERENCE, GRAPH_INFERRED}
    ]


def test_store_normalizes_integer_subtypes(tmp_path: Path) -> None:
    """pyoxigraph stores xsd:nonNegativeInteger, xsd:int, ... as xsd:integer (value kept, datatype not).

    Shapes run by `kg validate` on a store see xsd:integer, so the data model uses xsd:integer where a
    shape checks the datatype of a stored integer.
    """
    from rdflib.namespace import XSD

    g = Graph()
    g.add(
        (
            URIRef("https://example.org/s"),
            URIRef("https://example.org/p"),
            Literal(5, datatype=XSD.nonNegativeInteger),
        )
    )
    write_store(tmp_path / "s", {G: g})
    (quad,) = [q for q in open_store(tmp_path / "s") if q.graph_name != ox.DefaultGraph()]
    assert (quad.object.value, quad.object.datatype.value) == ("5", str(XSD.integer))
