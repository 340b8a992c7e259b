"""Shared fixtures: paths to test data and stores built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kg.build import build
from kg.store import write_store

DATA = Path(__file__).resolve().parent / "data" / "platform"
REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
PEOPLE_GRAPH = "https://w3id.org/kg-indonesia/id/article/test-a"


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from seeds/ (whatever the mapper currently produces)."""
    store = tmp_path_factory.mktemp("seeds") / "store"
    build([SEEDS], store)
    return store


@pytest.fixture(scope="session")
def people_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding only the hand-made graph tests/data/platform/people.ttl."""
    store = tmp_path_factory.mktemp("people") / "store"
    write_store(store, {PEOPLE_GRAPH: Graph().parse(DATA / "people.ttl")})
    return store


@pytest.fixture
def query_dir() -> Path:
    """The folder of test queries."""
    return DATA / "queries"
