"""The store's default graph is the distinct union of its named graphs, whatever built or changed it.

Queries read the default graph, so after a build (in this process or in worker processes), an
ingest, a replacement and a removal it must hold exactly the triples of the named graphs; the
inferred graph must equal a recomputation from scratch and state nothing another graph states.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.build
from kg.build import build
from kg.inference import store_entity_layer
from kg.ingest import ingest, remove
from kg.namespaces import GRAPH_INFERRED
from kg.resources import load_ontology, load_reference
from kg.rules import infer
from kg.store import open_store, store_info

from conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def _named(store: ox.Store) -> dict[str, set]:
    graphs = store.named_graphs()
    return {g.value: {q.triple for q in store.quads_for_pattern(None, None, None, g)} for g in graphs}


def _check(path: Path) -> dict[str, set]:
    """Assert the store's invariants; return its named graphs (IRI → triples)."""
    store = open_store(path)
    named = _named(store)
    union = {q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert union == set().union(*named.values())
    inferred = named.get(GRAPH_INFERRED, set())
    others = set().union(*(t for g, t in named.items() if g != GRAPH_INFERRED))
    assert not inferred & others
    fresh = infer(load_ontology(), load_reference(), [store_entity_layer(store)]).graph
    data = fresh.serialize(format="nt", encoding="utf-8")
    expected = {q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}
    assert inferred == expected - others
    info = store_info(path)
    assert info.quads == sum(len(t) for t in named.values())
    assert info.graphs == len(named)
    return named


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("union") / "store"
    build([SEEDS], store)
    return store


def test_a_build_stores_the_union(seeds: Path) -> None:
    named = _check(seeds)
    assert len(named) == len(SEED_FILES) + 3


def test_workers_build_the_same_store(seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kg.build, "POOL_MIN_ARTICLES", 0)
    report = build([SEEDS], tmp_path / "s", jobs=2)
    assert report.workers == 2
    assert _check(tmp_path / "s") == _named(open_store(seeds))


@pytest.mark.parametrize("step", ["ingest", "replace", "remove", "remove two"])
def test_changes_keep_the_union(seeds: Path, tmp_path: Path, step: str) -> None:
    store = tmp_path / "s"
    if step == "ingest":
        build(SEED_FILES[:3], store)
        ingest([str(SEED_FILES[3]), str(SEED_FILES[4])], store)
        assert _check(store) == _named(open_store(seeds))
        return
    shutil.copytree(seeds, store)
    if step == "replace":
        changed = tmp_path / SEED_FILES[1].name
        text = SEED_FILES[1].read_text(encoding="utf-8")
        changed.write_text(text + "\n\nTambahan paragraf.\n", encoding="utf-8")
        report = ingest([str(changed)], store)
        assert report.count("replaced") == 1
        _check(store)
    else:
        gone = SEED_FILES[:1] if step == "remove" else SEED_FILES[1:3]
        remove([p.name for p in gone], store)
        named = _check(store)
        assert len(named) == len(SEED_FILES) + 3 - len(gone)
