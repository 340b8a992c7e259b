"""SHACL validation of article graphs, stores and RDF files against the shapes in ``shapes/*.ttl``.

Three sets of shapes (docs/model.md):

- ``shapes/entities.ttl`` checks the whole entity layer (all article graphs and the reference graph
  together): agency cycles, one name per official across articles;
- ``shapes/reference.ttl`` is added for the reference graph (its agencies cite the reference list);
- every other ``shapes/*.ttl`` is for one article graph, validated on its own (no inference, no
  ontology mixed in): it must be well-formed by itself, whatever other articles say.

Every result names the article the bad fact came from (its file name or URL), so a report can be
acted on. ``ValidationReport.text()`` groups results by shape; ``ValidationReport.turtle()`` is the
standard SHACL validation report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.plugins.sparql import prepareQuery

from ._util import one_line
from .errors import InputError, StoreError
from .namespaces import (
    GRAPH_INFERRED,
    GRAPH_ONTOLOGY,
    GRAPH_REFERENCE,
    KGO,
    PREFIXES,
    RDF,
    SCHEMA,
    SKOS,
)
from .resources import data_files, load_graph
from .store import open_store, to_rdflib

__all__ = [
    "ENTITY_SHAPES",
    "REFERENCE_SHAPES",
    "Violation",
    "ValidationReport",
    "load_shapes",
    "load_entity_shapes",
    "load_reference_shapes",
    "entity_layer",
    "store_entity_layers",
    "validate_graph",
    "validate_entity_layer",
    "validate_graphs",
    "validate_store",
    "validate_file",
]

ENTITY_SHAPES = "entities.ttl"
REFERENCE_SHAPES = "reference.ttl"
_SPECIAL = {ENTITY_SHAPES, REFERENCE_SHAPES}
_SKIPPED_GRAPHS = {GRAPH_ONTOLOGY, GRAPH_INFERRED}
_ENTITY_CLASSES = (KGO.Official, KGO.Agency, KGO.Post, KGO.Program, KGO.Event)
_ENTITY_CLASS_IRIS = frozenset(str(c) for c in _ENTITY_CLASSES)
_DATASET_FORMATS = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads"}
_ALL_GRAPHS = "(all graphs)"


@dataclass(frozen=True)
class Violation:
    """One SHACL result: node, property path, message, shape, severity, value, graph and source article."""

    focus: str
    path: str
    message: str
    shape: str
    severity: str = "Violation"
    value: str = ""
    graph: str = ""
    article: str = ""

    def line(self) -> str:
        """Return the result as one line of text."""
        where = f" (article {self.article})" if self.article else (f" in {self.graph}" if self.graph else "")
        path = f" {_short(self.path)}" if self.path else ""
        return f"{self.severity}: {_short(self.focus)}{path}: {self.message}{where}"


@dataclass(frozen=True)
class ValidationReport:
    """Whether the data conforms (no result of severity Violation), every result, and the SHACL report."""

    conforms: bool
    violations: tuple[Violation, ...] = field(default=())
    graphs: int = 0
    results: Graph = field(default_factory=Graph, compare=False, repr=False)

    @property
    def errors(self) -> tuple[Violation, ...]:
        """Return the results of severity Violation (warnings and infos left out)."""
        return tuple(v for v in self.violations if v.severity == "Violation")

    def text(self) -> str:
        """Return the results grouped by shape: a heading per shape and message, a line per focus node."""
        groups: dict[tuple[str, str, str], list[Violation]] = {}
        for v in self.violations:
            groups.setdefault((v.shape, v.severity, v.message), []).append(v)
        lines = []
        for (shape, severity, message), found in groups.items():
            lines.append(f"{severity} of {shape} ({len(found)}): {message}")
            for v in found:
                parts = [f"focus {_short(v.focus)}"]
                if v.path:
                    parts.append(f"path {_short(v.path)}")
                if v.value:
                    parts.append(f"value {_short(v.value)}")
                parts.append(f"article {v.article or '?'}")
                lines.append("  " + "  ".join(parts))
        return "".join(line + "\n" for line in lines)

    def turtle(self) -> str:
        """Return the standard SHACL validation report (one sh:ValidationReport) as Turtle."""
        out = Graph()
        for prefix, ns in (("sh", str(SH)), *PREFIXES.items()):
            out.bind(prefix, ns)
        report = BNode()
        out.add((report, RDF.type, SH.ValidationReport))
        out.add((report, SH.conforms, Literal(self.conforms)))
        for s, p, o in self.results:
            if p == SH.result or (s, RDF.type, SH.ValidationReport) in self.results or p == SH.conforms:
                continue
            out.add((s, p, o))
        for result in self.results.subjects(RDF.type, SH.ValidationResult):
            out.add((report, SH.result, result))
        return out.serialize(format="turtle")


def _short(term: str) -> str:
    """Return ``term`` with a known namespace written as its prefix (kg:, kgo:, skos:, ...)."""
    for prefix, ns in PREFIXES.items():
        if term.startswith(ns) and len(term) > len(ns):
            return f"{prefix}:{term[len(ns):]}"
    return term


def load_shapes(files: list[Path] | None = None) -> Graph:
    """Return the shapes graph for one article graph, read from ``files`` (default: kg's own shapes)."""
    if files is None:
        files = [f for f in data_files("shapes", "*.ttl") if f.name not in _SPECIAL]
    return load_graph(files)


def load_entity_shapes() -> Graph:
    """Return the shapes over the whole entity layer (``shapes/entities.ttl``), empty if absent."""
    return load_graph(data_files("shapes", ENTITY_SHAPES))


def load_reference_shapes() -> Graph:
    """Return the article shapes plus ``shapes/reference.ttl``: the shapes for the reference graph."""
    shapes = load_shapes()
    for t in load_graph(data_files("shapes", REFERENCE_SHAPES)):
        shapes.add(t)
    return shapes


# pyshacl hands each SPARQL constraint's text to Graph.query once per focus node, and rdflib parses it
# every time: most of the validation time. The data graph is wrapped in this subclass (sharing its
# store, no copy) so each text is parsed once per process.
_PREPARED: dict[str, object] = {}


class _PreparedQueries(Graph):
    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            prepared = _PREPARED.get(query_object)
            if prepared is None:
                prepared = _PREPARED[query_object] = prepareQuery(query_object)
            query_object = prepared
        return super().query(query_object, *args, **kwargs)


def _text(graph: Graph, node, prop) -> str:
    value = graph.value(node, prop)
    return "" if value is None else str(value)


def _shape_name(shapes: Graph, shape) -> str:
    """Return a readable name for a shape: its local name, or its node shape's and the property path."""
    if isinstance(shape, BNode):
        parent = shapes.value(None, SH.property, shape)
        path = shapes.value(shape, SH.path)
        if parent is not None:
            suffix = f" {_short(str(path))}" if isinstance(path, URIRef) else ""
            return _shape_name(shapes, parent) + suffix
        return "(anonymous shape)"
    return str(shape).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _article_label(graph: Graph, article) -> str:
    """Return the file name or URL of ``article`` in ``graph``, else its IRI."""
    for prop in (KGO.fileName, SCHEMA.url):
        value = graph.value(article, prop)
        if value is not None:
            return str(value)
    return str(article)


def _source_article(graph: Graph, focus, path, value) -> str:
    """Return the article that a bad fact (focus, path, value) came from, as far as ``graph`` tells."""
    if (focus, RDF.type, KGO.Article) in graph:
        return _article_label(graph, focus)
    if path is not None and value is not None:
        for assertion in graph.subjects(RDF.subject, focus):
            if (assertion, RDF.predicate, path) in graph and (assertion, RDF.object, value) in graph:
                article = graph.value(assertion, KGO.sourceArticle)
                if article is not None:
                    return _article_label(graph, article)
    for prop in (KGO.sourceArticle, KGO.inArticle, KGO.mentionedIn):
        article = graph.value(focus, prop)
        if article is not None:
            return _article_label(graph, article)
    articles = list(graph.subjects(RDF.type, KGO.Article))
    return _article_label(graph, articles[0]) if len(articles) == 1 else ""


def validate_graph(
    graph: Graph, shapes: Graph | None = None, graph_name: str = "", article: str = ""
) -> ValidationReport:
    """Return the SHACL validation report of ``graph`` against ``shapes`` (default: load_shapes()).

    Each result names its source article: ``article`` if given, else what ``graph`` says about the
    focus node (its assertion's, statistic's or sentence's article, or the graph's only article).
    """
    shapes = load_shapes() if shapes is None else shapes
    if len(shapes) == 0:
        return ValidationReport(conforms=True, graphs=1)
    data = _PreparedQueries(store=graph.store, identifier=graph.identifier)
    _, results, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        allow_infos=True,
        inplace=True,
    )
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = _text(results, result, SH.resultSeverity).rsplit("#", 1)[-1]
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        violations.append(
            Violation(
                focus=str(focus),
                path="" if path is None or isinstance(path, BNode) else str(path),
                message=" ".join(_text(results, result, SH.resultMessage).split()),
                shape=_shape_name(shapes, results.value(result, SH.sourceShape)),
                severity=severity or "Violation",
                value="" if value is None else str(value),
                graph=graph_name,
                article=article or _source_article(graph, focus, path, value),
            )
        )
    violations.sort(key=lambda v: (v.severity != "Violation", v.shape, v.message, v.focus, v.path, v.value))
    conforms = not any(v.severity == "Violation" for v in violations)
    return ValidationReport(conforms=conforms, violations=tuple(violations), graphs=1, results=results)


def entity_layer(graphs: Iterable[Graph]) -> Graph:
    """Return what the entity shapes read from ``graphs``: entity types, skos:prefLabel and kgo:partOf."""
    layer = Graph()
    for g in graphs:
        for cls in _ENTITY_CLASSES:
            for s in g.subjects(RDF.type, cls):
                layer.add((s, RDF.type, cls))
        for prop in (SKOS.prefLabel, KGO.partOf):
            for t in g.triples((None, prop, None)):
                layer.add(t)
    return layer


def store_entity_layers(store: ox.Store) -> dict[str, Graph]:
    """Return, per named graph of ``store`` but the ontology and inferred ones, what the entity shapes
    read (entity_layer): rdf:type, skos:prefLabel and kgo:partOf triples."""
    skipped = ", ".join(f"<{g}>" for g in sorted(_SKIPPED_GRAPHS))
    layers: dict[str, Graph] = {}
    for row in store.query(
        "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER(?p IN (rdf:type, skos:prefLabel, kgo:partOf)) FILTER(?g NOT IN ({skipped})) }}",
        prefixes=dict(PREFIXES),
    ):
        if row["p"].value == str(RDF.type) and row["o"].value not in _ENTITY_CLASS_IRIS:
            continue
        triple = (to_rdflib(row["s"]), to_rdflib(row["p"]), to_rdflib(row["o"]))
        layers.setdefault(row["g"].value, Graph()).add(triple)
    return layers


def validate_entity_layer(
    graphs: Mapping[str, Graph], entity_shapes: Graph | None = None
) -> ValidationReport:
    """Return the report of all ``graphs`` (graph IRI → graph) together against the entity shapes.

    Each result's ``graph`` names the graphs that state the bad fact (focus node and path), in the
    order of ``graphs``, separated by spaces; its ``article`` their file names or URLs.
    """
    entity_shapes = load_entity_shapes() if entity_shapes is None else entity_shapes
    report = validate_graph(entity_layer(graphs.values()), entity_shapes, graph_name=_ALL_GRAPHS, article="-")
    labels: dict[str, str] = {}
    found = []
    for v in report.violations:
        focus, path = URIRef(v.focus), URIRef(v.path) if v.path else None
        names = [name for name, g in graphs.items() if (focus, path, None) in g] if path else []
        for name in names:
            if name not in labels:
                articles = list(graphs[name].subjects(RDF.type, KGO.Article))
                labels[name] = "reference list" if name == GRAPH_REFERENCE else (
                    _article_label(graphs[name], articles[0]) if articles else name
                )
        found.append(
            replace(v, graph=" ".join(names) or _ALL_GRAPHS, article=", ".join(labels[n] for n in names))
        )
    return ValidationReport(report.conforms, tuple(found), len(graphs), report.results)


def _merge(reports: list[ValidationReport], graphs: int) -> ValidationReport:
    results = Graph()
    for r in reports:
        results += r.results
    violations = tuple(v for r in reports for v in r.violations)
    conforms = not any(v.severity == "Violation" for v in violations)
    return ValidationReport(conforms, violations, graphs, results)


def validate_graphs(
    graphs: Mapping[str, Graph],
    shapes: Graph | None = None,
    entity_shapes: Graph | None = None,
) -> ValidationReport:
    """Return the report of a dataset (graph IRI → graph), laid out as in docs/model.md.

    Each article graph is validated on its own against ``shapes`` (default: load_shapes()), the
    reference graph against those and ``shapes/reference.ttl``, and all of them together against
    ``entity_shapes`` (default: load_entity_shapes()). The ontology and inferred graphs are skipped.
    """
    shapes = load_shapes() if shapes is None else shapes
    data = {name: g for name, g in graphs.items() if name not in _SKIPPED_GRAPHS}
    reports = []
    for name, graph in data.items():
        if name == GRAPH_REFERENCE:
            reports.append(validate_graph(graph, load_reference_shapes(), name, article="reference list"))
        else:
            reports.append(validate_graph(graph, shapes, name))
    # a fact one article graph already breaks (two names for one official) is reported once, there
    seen = {(v.focus, v.path) for r in reports for v in r.errors}
    layer = validate_entity_layer(data, entity_shapes)
    kept = tuple(v for v in layer.violations if (v.focus, v.path) not in seen)
    results = layer.results if len(kept) == len(layer.violations) else _drop_results(layer.results, seen)
    reports.append(ValidationReport(not any(v.severity == "Violation" for v in kept), kept, 0, results))
    return _merge(reports, len(data))


def _drop_results(results: Graph, seen: set[tuple[str, str]]) -> Graph:
    """Return ``results`` without the sh:ValidationResult nodes whose (focus, path) is in ``seen``."""
    out = Graph()
    drop = {
        r
        for r in results.subjects(RDF.type, SH.ValidationResult)
        if (str(results.value(r, SH.focusNode)), str(results.value(r, SH.resultPath) or "")) in seen
    }
    for s, p, o in results:
        if s not in drop and o not in drop:
            out.add((s, p, o))
    return out


def validate_store(
    store_path: Path, shapes: Graph | None = None, entity_shapes: Graph | None = None
) -> ValidationReport:
    """Return the validation report of the store at ``store_path`` (the report of validate_graphs).

    The shapes compiled to SPARQL (kg.shapecheck) check every article graph in one query; pyshacl
    then validates the graphs they flag, for the authoritative report, and the reference graph. The
    entity shapes run compiled over the union (the store's default graph). Shapes the compiler cannot
    take are all run by pyshacl. Raises InputError (exit code 2) if there is no readable store there.
    """
    from .shapecheck import UnsupportedShapes, compile_shapes

    try:
        store = open_store(store_path)
    except StoreError as e:
        raise InputError(str(e)) from e
    names = sorted(g.value for g in store.named_graphs() if g.value not in _SKIPPED_GRAPHS)
    shapes = load_shapes() if shapes is None else shapes
    entity_shapes = load_entity_shapes() if entity_shapes is None else entity_shapes
    try:
        article_check, entity_check = compile_shapes(shapes), compile_shapes(entity_shapes)
    except UnsupportedShapes:
        return validate_graphs({name: _read(store, name) for name in names}, shapes, entity_shapes)
    skipped = sorted(_SKIPPED_GRAPHS | {GRAPH_REFERENCE})
    flagged = sorted({r.graph for r in article_check.check_graphs(store, exclude=skipped)})
    reports = []
    if GRAPH_REFERENCE in names:
        reference = _read(store, GRAPH_REFERENCE)
        reports.append(validate_graph(reference, load_reference_shapes(), GRAPH_REFERENCE, "reference list"))
    reports += [validate_graph(_read(store, name), shapes, name) for name in flagged]
    # a fact one article graph already breaks (two names for one official) is reported once, there
    seen = {(v.focus, v.path) for r in reports for v in r.errors}
    found = []
    for r in entity_check.check(store):
        if (r.focus, r.path) in seen:
            continue
        stating = _stating(store, r.focus, r.path)
        found.append(
            Violation(r.focus, r.path, r.message, r.shape, r.severity, r.value,
                      " ".join(stating) or _ALL_GRAPHS, ", ".join(_graph_label(store, n) for n in stating))
        )
    conforms = not any(v.severity == "Violation" for v in found)
    reports.append(ValidationReport(conforms, tuple(found), 0, _results_graph(found)))
    return _merge(reports, len(names))


def _read(store: ox.Store, name: str) -> Graph:
    """Return the named graph ``name`` of ``store`` as an rdflib graph."""
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
    return Graph().parse(data=data, format="nt")


def _stating(store: ox.Store, focus: str, path: str) -> list[str]:
    """Return the graphs of ``store`` (but kg's ontology and inferred ones) that give ``focus`` a ``path``."""
    if not path or not focus.startswith(("http://", "https://", "urn:")):
        return []
    quads = store.quads_for_pattern(ox.NamedNode(focus), ox.NamedNode(path), None, None)
    names = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    return sorted(names - _SKIPPED_GRAPHS)


def _graph_label(store: ox.Store, name: str) -> str:
    """Return the file name or URL of the article in graph ``name`` ("reference list" for that one)."""
    if name == GRAPH_REFERENCE:
        return "reference list"
    for prop in (KGO.fileName, SCHEMA.url):
        for q in store.quads_for_pattern(None, ox.NamedNode(str(prop)), None, ox.NamedNode(name)):
            return q.object.value
    return name


def _results_graph(violations: Iterable[Violation]) -> Graph:
    """Return SHACL validation results (sh:ValidationResult nodes) for ``violations``."""
    out = Graph()
    for v in violations:
        node = BNode()
        out.add((node, RDF.type, SH.ValidationResult))
        out.add((node, SH.focusNode, URIRef(v.focus)))
        if v.path:
            out.add((node, SH.resultPath, URIRef(v.path)))
        if v.value:
            value = URIRef(v.value) if v.value.startswith(("http://", "https://")) else Literal(v.value)
            out.add((node, SH.value, value))
        out.add((node, SH.resultSeverity, SH[v.severity]))
        out.add((node, SH.resultMessage, Literal(v.message)))
        out.add((node, SH.sourceShape, Literal(v.shape)))
    return out


def validate_file(
    path: Path, shapes: Graph | None = None, entity_shapes: Graph | None = None
) -> ValidationReport:
    """Return the validation report of the RDF file at ``path``.

    A TriG or N-Quads file is a dataset (see validate_graphs; its default graph counts as one more
    article graph); any other RDF file (Turtle, N-Triples, RDF/XML, JSON-LD) is one graph, validated
    against the article shapes and the entity shapes. Raises InputError (exit code 2) if the file is
    missing or is not RDF.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    fmt = _DATASET_FORMATS.get(path.suffix.lower())
    try:
        graphs = {str(path): Graph().parse(path)} if fmt is None else _read_dataset(path, fmt)
    except Exception as e:  # rdflib raises many kinds of parse errors
        raise InputError(f"{path}: cannot read RDF: {one_line(e)}") from e
    return validate_graphs(graphs, shapes, entity_shapes)


def _read_dataset(path: Path, fmt: str) -> dict[str, Graph]:
    """Return the graphs of a TriG or N-Quads file by name (the default graph under the file's name)."""
    dataset = Dataset()
    dataset.parse(path, format=fmt)
    graphs: dict[str, Graph] = {}
    for context in dataset.graphs():
        if len(context) == 0:
            continue
        default = context.identifier == dataset.default_graph.identifier
        name = str(path) if default else str(context.identifier)
        graph = graphs.setdefault(name, Graph())
        for t in context:
            graph.add(t)
    return dict(sorted(graphs.items()))
