"""Keeping a store's inferred graph (and its share of the union default graph) up to date.

``kg ingest`` of a new article adds what the article implies by itself (its local inferences, from
kg.prepare) and closes the transitive properties again over the whole store: both cheap, whatever
the store's size. Replacing or removing an article can take away premises, so the inferred graph is
then recomputed from the entity layer of every article (``recompute``). The inferred graph never
holds a triple a named graph states, and the union default graph always holds every triple of the
named graphs (see kg.store).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph

from .namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_REFERENCE
from .reason import ENTITY_CLASSES
from .rules import EqualityNeeded, Rules, infer
from .store import graph_quads, to_rdflib

__all__ = [
    "add_inferences",
    "close_transitive",
    "recompute",
    "store_entity_layer",
    "unassert",
    "union_inferences",
]

_INFERRED = ox.NamedNode(GRAPH_INFERRED)
_DEFAULT = ox.DefaultGraph()


def _stated(store: ox.Store, triple: ox.Triple, besides: ox.NamedNode | None = None) -> bool:
    """Return whether a named graph of ``store`` other than ``besides`` holds ``triple``."""
    return any(
        isinstance(q.graph_name, ox.NamedNode) and q.graph_name != besides
        for q in store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)
    )


def add_inferences(store: ox.Store, triples: Iterable[ox.Triple]) -> int:
    """Add ``triples`` to the inferred graph and the union unless a named graph states them already.

    Returns how many were added."""
    new = [t for t in triples if not _stated(store, t)]
    store.extend(
        [ox.Quad(t.subject, t.predicate, t.object, g) for t in new for g in (_INFERRED, _DEFAULT)]
    )
    return len(new)


def unassert(store: ox.Store, graph_iri: str) -> int:
    """Remove from the inferred graph the triples the named graph ``graph_iri`` now states.

    Returns how many went (they stay in the union, stated by ``graph_iri``)."""
    gone = 0
    for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)):
        inferred = ox.Quad(q.subject, q.predicate, q.object, _INFERRED)
        if inferred in store:
            store.remove(inferred)
            gone += 1
    return gone


def union_inferences(store: ox.Store, rules: Rules, subjects: Iterable[str] | None = None) -> set:
    """Return what the rules with two premises add over the whole store: the closure of the
    transitive properties (and the one-premise consequences of the new edges), useful triples only.

    Raises EqualityNeeded when a functional property has two values for one subject (of ``subjects``
    only, if given: the ones a new article touches), since owl:sameAs then needs every triple."""
    _check_functional(store, rules, subjects)
    edges = set()
    for p in sorted(rules.transitive_properties):
        for graph in (_DEFAULT, _INFERRED):  # the union (each triple once), and what is inferred so far
            for q in store.quads_for_pattern(None, ox.NamedNode(str(p)), None, graph):
                edges.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return rules.useful(rules.close(edges))


def _check_functional(store: ox.Store, rules: Rules, subjects: Iterable[str] | None) -> None:
    """Raise EqualityNeeded if a functional property has two values for one subject in ``store``."""
    if not rules.functional_properties:
        return
    properties = " ".join(f"<{p}>" for p in sorted(rules.functional_properties))
    focus = ""
    if subjects is not None:
        focus = " ".join(f"<{s}>" for s in sorted(set(subjects)))
        if not focus:
            return
        focus = f"VALUES ?s {{ {focus} }} "
    query = (
        f"SELECT ?s ?p WHERE {{ {focus}VALUES ?p {{ {properties} }} GRAPH ?g {{ ?s ?p ?o }} }} "
        "GROUP BY ?s ?p HAVING (COUNT(DISTINCT ?o) > 1) LIMIT 1"
    )
    for row in store.query(query):
        raise EqualityNeeded(f"functional property {row['p']} has several values for {row['s']}")


def close_transitive(store: ox.Store, rules: Rules, subjects: Iterable[str] | None = None) -> int:
    """Add to the inferred graph (and union) what union_inferences gives; return how many."""
    closed = Graph()
    for t in union_inferences(store, rules, subjects):
        closed.add(t)
    return add_inferences(store, (q.triple for q in graph_quads(closed, GRAPH_INFERRED)))


def store_entity_layer(store: ox.Store) -> Graph:
    """Return the entity layer (reason.entity_layer) of the article graphs in ``store``, as one graph."""
    classes = " ".join(f"<{c}>" for c in sorted(ENTITY_CLASSES))
    special = ", ".join(f"<{g}>" for g in (GRAPH_ONTOLOGY, GRAPH_REFERENCE, GRAPH_INFERRED))
    layer = Graph()
    for t in store.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s a ?c . ?s ?p ?o }} VALUES ?c {{ {classes} }}"
        f" FILTER(?g NOT IN ({special})) }}"
    ):
        layer.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return layer


def recompute(
    store: ox.Store, ontology: Graph, reference: Graph, rules: Rules | None
) -> tuple[int, int]:
    """Recompute the inferred graph of ``store`` from its entity layer (kg.rules.infer: compiled rules,
    owlrl when they do not cover the ontology or data; ``rules`` is unused, kept for callers).

    The union keeps what another named graph states. Returns (size of the new inferred graph, change
    in size)."""
    layer = store_entity_layer(store)
    reasoned = infer(ontology, reference, [layer])
    fresh = {q.triple for q in graph_quads(reasoned.graph, GRAPH_INFERRED)}
    fresh = {t for t in fresh if not _stated(store, t, besides=_INFERRED)}
    old = [q.triple for q in store.quads_for_pattern(None, None, None, _INFERRED)]
    for t in old:
        if t not in fresh:
            store.remove(ox.Quad(t.subject, t.predicate, t.object, _INFERRED))
            if not _stated(store, t):
                store.remove(ox.Quad(t.subject, t.predicate, t.object, _DEFAULT))
    store.extend(
        [ox.Quad(t.subject, t.predicate, t.object, g) for t in fresh for g in (_INFERRED, _DEFAULT)]
    )
    return len(fresh), len(fresh) - len(old)
