"""`kg build` as a validation gate: refused articles, --strict keeps the previous store, --no-validate."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal

import kg.prepare
from kg.build import build
from kg.errors import ValidationError
from kg.namespaces import KGO, RDF, SKOS, XSD
from kg.store import store_info

from conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))
TARGET = SEED_FILES[3]  # a later seed that names Reni Yanita and quotes figures
BREAKS = {
    # per article: a statistic with two values
    "article": lambda g: g.add(
        (next(g.subjects(RDF.type, KGO.Statistic)), KGO.value, Literal("1", datatype=XSD.decimal))
    ),
    # entity layer: an official named differently than in the articles before
    "entity": lambda g: g.set((next(g.subjects(SKOS.prefLabel, Literal("Reni Yanita"))), SKOS.prefLabel,
                               Literal("RENI YANITA"))),
}


@pytest.fixture
def break_target(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest):
    """Make the mapper break the graph of TARGET the way ``request.param`` says."""
    original = kg.prepare.map_article

    def mapped(article) -> Graph:
        g = original(article)
        if article.identifier == TARGET.name:
            BREAKS[request.param](g)
        return g

    monkeypatch.setattr(kg.prepare, "map_article", mapped)
    return TARGET


@pytest.mark.parametrize("break_target", ["article", "entity"], indirect=True)
def test_a_violating_article_is_refused_and_the_rest_stored(break_target: Path, tmp_path: Path) -> None:
    said: list[str] = []
    report = build([SEEDS], tmp_path / "s", progress=said.append)
    assert [r.path for r in report.refused] == [break_target]
    assert len(report.built) == len(SEED_FILES) - 1 and break_target not in report.built
    assert report.summary().startswith(f"built {len(SEED_FILES) - 1} articles, skipped 0, refused 1, ")
    assert f"refused {break_target}: 1 shape violation(s)" in said
    assert any(line.startswith("  Violation of ") for line in said)


@pytest.mark.parametrize("break_target", ["article"], indirect=True)
def test_strict_refuses_the_whole_build_and_keeps_the_store(break_target: Path, tmp_path: Path) -> None:
    store = tmp_path / "s"
    build([SEED_FILES[0]], store)
    before = store_info(store)
    with pytest.raises(ValidationError, match="--strict"):
        build([SEEDS], store, strict=True)
    assert store_info(store) == before


@pytest.mark.parametrize("break_target", ["article"], indirect=True)
def test_no_validate_stores_everything(break_target: Path, tmp_path: Path) -> None:
    report = build([SEEDS], tmp_path / "s", validate=False)
    assert not report.refused and len(report.built) == len(SEED_FILES) and not report.validated


def test_seeds_build_conforms(seeds_store: Path) -> None:
    info = store_info(seeds_store)
    assert info.graphs == len(SEED_FILES) + 3  # articles, ontology, reference, inferred
