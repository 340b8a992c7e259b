"""Preparing one article for the store: map it, check it against the article shapes, infer locally.

This is the per-article work of ``kg build`` (run in worker processes, see build.py) and ``kg
ingest``. The check runs the shapes compiled to SPARQL (kg.shapecheck) with pyoxigraph on the
article graph alone; pyshacl runs only on an article the compiled check flags, to confirm it and
write the report, so pyshacl stays the authority at a fraction of its cost. The local inferences
are the OWL-RL rules with one premise (kg.rules), which distribute over articles; what needs the
union (transitive and functional properties) is left to the caller (kg.inference.union_inferences).
When the shapes or the ontology use something the compiled forms do not cover, pyshacl checks every
article and the caller reasons with owlrl over the whole entity layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph

from .articles import Article
from .mapper import map_article
from .resources import load_ontology
from .rules import Rules, UnsupportedOntology, compile_rules
from .shapecheck import CompiledShapes, UnsupportedShapes, compile_shapes
from .store import graph_ntriples, in_graph
from .validate import ValidationReport, load_shapes, validate_graph

__all__ = ["Prepared", "Preparer"]


@dataclass(frozen=True)
class Prepared:
    """One article ready for the store: its graph as N-Triples and its local inferences (N-Triples).

    ``report`` is the validation report of a refused article (then nothing else is set), else None.
    ``reasoned`` is False when the compiled rules could not take the article: the caller must then
    reason over the union.
    """

    iri: str
    ntriples: bytes = b""
    triples: int = 0
    inferred: bytes = b""
    report: ValidationReport | None = None
    reasoned: bool = True

    @property
    def refused(self) -> bool:
        """Return whether the article violates the shapes."""
        return self.report is not None and not self.report.conforms


class Preparer:
    """What preparing articles needs, loaded once per process: shapes (compiled) and rules."""

    def __init__(self, validate: bool = True, reason: bool = True) -> None:
        self.shapes: Graph | None = load_shapes() if validate else None
        self.compiled: CompiledShapes | None = None
        if self.shapes is not None:
            try:
                self.compiled = compile_shapes(self.shapes)
            except UnsupportedShapes:
                self.compiled = None  # pyshacl checks every article
        self.rules: Rules | None = None
        if reason:
            try:
                self.rules = compile_rules(load_ontology())
            except UnsupportedOntology:
                self.rules = None  # the caller reasons with owlrl

    def prepare(self, article: Article) -> Prepared:
        """Return the Prepared article (refused with its report if it violates the shapes).

        Raises what map_article raises."""
        result = self.prepare_many([article])[0]
        if isinstance(result, Exception):
            raise result
        return result

    def prepare_many(self, articles: Sequence[Article]) -> list[Prepared | Exception]:
        """Return, for each of ``articles`` in order, its Prepared form or the exception mapping raised.

        The compiled shapes check the whole batch in one in-memory store (a named graph per article),
        which costs a third of checking each alone: the query is parsed and planned once. They check
        what the store will hold: the graphs as N-Triples, as Oxigraph reads them."""
        mapped: list[tuple[Article, Graph, bytes, int] | Exception] = []
        for article in articles:
            try:
                graph = map_article(article)
            except Exception as e:  # one article's mapper bug is that article's failure
                mapped.append(e)
                continue
            mapped.append((article, graph, *graph_ntriples(graph, article.iri)))
        flagged = self._flagged([m for m in mapped if not isinstance(m, Exception)])
        out: list[Prepared | Exception] = []
        for m in mapped:
            if isinstance(m, Exception):
                out.append(m)
                continue
            article, graph, ntriples, count = m
            if article.iri in flagged:
                report = validate_graph(graph, self.shapes, graph_name=article.iri)
                if not report.conforms:
                    out.append(Prepared(article.iri, report=report))
                    continue
            out.append(self._reasoned(article.iri, graph, ntriples, count))
        return out

    def _reasoned(self, iri: str, graph: Graph, ntriples: bytes, count: int) -> Prepared:
        """Return the Prepared article with its local inferences."""
        if self.rules is None:
            return Prepared(iri, ntriples, count, reasoned=False)
        try:
            local = self.rules.prepare(graph)
        except UnsupportedOntology:  # the article uses schema vocabulary: owlrl over the union decides
            return Prepared(iri, ntriples, count, reasoned=False)
        inferred = Graph()
        for t in local.inferred:
            inferred.add(t)
        data = inferred.serialize(format="nt", encoding="utf-8") if local.inferred else b""
        return Prepared(iri, ntriples, count, data)

    def _flagged(self, mapped: list[tuple[Article, Graph, bytes, int]]) -> set[str]:
        """Return the IRIs of the mapped articles pyshacl must look at: those with a violation by the
        compiled shapes (all of them without compiled shapes; none without shapes)."""
        if self.shapes is None or not mapped:
            return set()
        if self.compiled is None:
            return {article.iri for article, *_ in mapped}
        store = ox.Store()
        store.load(b"".join(in_graph(nt, a.iri) for a, _, nt, _ in mapped), format=ox.RdfFormat.N_QUADS)
        return {r.graph for r in self.compiled.check_graphs(store) if r.severity == "Violation"}
