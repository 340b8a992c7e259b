"""Export: deterministic output, union vs named graphs, and builds that are reproducible."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

from kg.build import build
from kg.errors import KgError
from kg.export import EXPORT_FORMATS, export_store
from kg.store import open_store

from conftest import SEEDS


def test_two_builds_export_identical_nt(tmp_path: Path) -> None:
    build([SEEDS], tmp_path / "a")
    build([SEEDS], tmp_path / "b")
    a, b = export_store(tmp_path / "a", "nt"), export_store(tmp_path / "b", "nt")
    assert a == b and a
    lines = a.decode().splitlines()
    assert lines == sorted(lines)


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_every_format_is_deterministic_and_parses(people_store: Path, fmt: str) -> None:
    data = export_store(people_store, fmt)
    assert data == export_store(people_store, fmt)
    if fmt == "jsonld":
        json.loads(data)
        return
    parser = {"turtle": "turtle", "trig": "trig", "nt": "nt", "nq": "nquads"}[fmt]
    parsed = (Dataset() if fmt in ("trig", "nq") else Graph()).parse(data=data, format=parser)
    assert len(parsed) > 0


def test_union_and_named_graphs(seeds_store: Path) -> None:
    quads = len(open_store(seeds_store))
    nq = export_store(seeds_store, "nq").decode().splitlines()
    nt = export_store(seeds_store, "nt").decode().splitlines()
    assert len(nq) == quads
    assert len(nt) <= quads and len(nt) == len(set(nt))
    assert all(line.count("<https://w3id.org/kg-indonesia/") for line in nq[:5])
    turtle = export_store(seeds_store, "turtle").decode()
    assert "@prefix kgo: <https://w3id.org/kg-indonesia/ontology#>" in turtle
    assert len(list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))) == len(nt)


def test_unknown_format(people_store: Path) -> None:
    with pytest.raises(KgError, match="unknown export format"):
        export_store(people_store, "xml")
