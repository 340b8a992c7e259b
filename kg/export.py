"""Exporting a store as RDF, deterministically: the same store gives the same bytes every time.

``turtle`` and ``nt`` write the union of all graphs (each triple once); ``trig``, ``nq`` and ``jsonld``
keep the named graphs. N-Triples/N-Quads are streamed from pyoxigraph and their lines sorted;
Turtle/TriG are written by pyoxigraph from sorted input with kg's prefixes.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from .errors import KgError
from .namespaces import PREFIXES
from .store import open_store

__all__ = ["EXPORT_FORMATS", "export_store"]

EXPORT_FORMATS = ("turtle", "trig", "nt", "nq", "jsonld")


# Instance IRIs (kg: = .../id/) have slashes in their local part, which Turtle would have to escape.
_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "kg"}


def _stable_prefixes(data: bytes) -> bytes:
    """Return Turtle/TriG ``data`` with its ``@prefix`` lines in the order of namespaces.PREFIXES."""
    lines = data.splitlines(keepends=True)
    declared = {line.split()[1][:-1].decode() for line in lines if line.startswith(b"@prefix ")}
    head = [f"@prefix {k}: <{v}> .\n".encode() for k, v in _PREFIXES.items() if k in declared]
    return b"".join(head + [line for line in lines if not line.startswith(b"@prefix ")])


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted(set(line for line in data.splitlines() if line.strip()))
    return b"".join(line + b"\n" for line in lines)


def _quads(store: ox.Store) -> list[ox.Quad]:
    return sorted(store, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def _union_triples(store: ox.Store) -> list[ox.Triple]:
    triples = {str(q.triple): q.triple for q in store}
    return [triples[k] for k in sorted(triples, key=lambda k: k)]


def export_store(store_path: Path, fmt: str = "turtle") -> bytes:
    """Return the store at ``store_path`` serialized as ``fmt`` (one of EXPORT_FORMATS)."""
    if fmt not in EXPORT_FORMATS:
        raise KgError(f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")
    store = open_store(store_path)
    if fmt == "nq":
        return _sorted_lines(store.dump(format=ox.RdfFormat.N_QUADS))
    if fmt == "nt":
        return _sorted_lines(ox.serialize([q.triple for q in store], format=ox.RdfFormat.N_TRIPLES) or b"")
    if fmt == "turtle":
        data = ox.serialize(_union_triples(store), format=ox.RdfFormat.TURTLE, prefixes=_PREFIXES)
        return _stable_prefixes(data or b"")
    if fmt == "trig":
        return _stable_prefixes(
            ox.serialize(_quads(store), format=ox.RdfFormat.TRIG, prefixes=_PREFIXES) or b""
        )
    if hasattr(ox.RdfFormat, "JSON_LD"):  # pyoxigraph >= 0.5 writes JSON-LD itself
        return ox.serialize(_quads(store), format=ox.RdfFormat.JSON_LD, prefixes=_PREFIXES) or b""
    dataset = Dataset()
    dataset.parse(data=_sorted_lines(store.dump(format=ox.RdfFormat.N_QUADS)), format="nquads")
    text = dataset.serialize(format="json-ld", context=_PREFIXES, indent=1, sort_keys=True)
    return text.encode("utf-8")
