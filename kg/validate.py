"""SHACL validation of article graphs and stores against the shapes in ``shapes/*.ttl``.

Two kinds of shapes: ``shapes/entities.ttl`` holds checks over the whole entity layer (all article
graphs and the reference graph together); every other ``shapes/*.ttl`` is for one article graph.
Each article graph is validated on its own (no inference, no ontology mixed in): it must be
well-formed by itself, whatever other articles say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import Graph
from rdflib.namespace import SH

from .namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_REFERENCE, RDF
from .resources import data_files, load_graph
from .store import open_store

__all__ = [
    "ENTITY_SHAPES",
    "Violation",
    "ValidationReport",
    "load_shapes",
    "load_entity_shapes",
    "validate_graph",
    "validate_store",
]

ENTITY_SHAPES = "entities.ttl"


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node, the property path, the message, the shape and its severity."""

    focus: str
    path: str
    message: str
    shape: str
    severity: str = "Violation"
    value: str = ""
    graph: str = ""

    def line(self) -> str:
        """Return the violation as one line of text."""
        where = f" in {self.graph}" if self.graph else ""
        path = f" {self.path}" if self.path else ""
        return f"{self.severity}: {self.focus}{path}: {self.message}{where}"


@dataclass(frozen=True)
class ValidationReport:
    """Whether the data conforms (no result of severity Violation), and every result found."""

    conforms: bool
    violations: tuple[Violation, ...] = field(default=())
    graphs: int = 0


def load_shapes(files: list[Path] | None = None) -> Graph:
    """Return the shapes graph for one article graph, read from ``files`` (default: kg's own shapes)."""
    if files is None:
        files = [f for f in data_files("shapes", "*.ttl") if f.name != ENTITY_SHAPES]
    return load_graph(files)


def load_entity_shapes() -> Graph:
    """Return the shapes over the whole entity layer (``shapes/entities.ttl``), empty if absent."""
    return load_graph(data_files("shapes", ENTITY_SHAPES))


def _text(graph: Graph, node, prop) -> str:
    value = graph.value(node, prop)
    return "" if value is None else str(value)


def validate_graph(graph: Graph, shapes: Graph | None = None, graph_name: str = "") -> ValidationReport:
    """Return the SHACL validation report of ``graph`` against ``shapes`` (default: load_shapes())."""
    shapes = load_shapes() if shapes is None else shapes
    if len(shapes) == 0:
        return ValidationReport(conforms=True, graphs=1)
    _, results, _ = pyshacl.validate(
        graph,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        allow_infos=True,
    )
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = _text(results, result, SH.resultSeverity).rsplit("#", 1)[-1]
        violations.append(
            Violation(
                focus=_text(results, result, SH.focusNode),
                path=_text(results, result, SH.resultPath),
                message=" ".join(_text(results, result, SH.resultMessage).split()),
                shape=_text(results, result, SH.sourceShape),
                severity=severity or "Violation",
                value=_text(results, result, SH.value),
                graph=graph_name,
            )
        )
    violations.sort(key=lambda v: (v.severity != "Violation", v.graph, v.focus, v.path, v.message))
    conforms = not any(v.severity == "Violation" for v in violations)
    return ValidationReport(conforms=conforms, violations=tuple(violations), graphs=1)


def validate_store(
    store_path: Path, shapes: Graph | None = None, entity_shapes: Graph | None = None
) -> ValidationReport:
    """Return the validation report of a store.

    Each article graph is validated on its own against ``shapes`` (default: load_shapes()); all article
    graphs and the reference graph together against ``entity_shapes`` (default: load_entity_shapes()).
    The ontology and inferred graphs are not validated.
    """
    shapes = load_shapes() if shapes is None else shapes
    entity_shapes = load_entity_shapes() if entity_shapes is None else entity_shapes
    store = open_store(store_path)
    skip = {GRAPH_ONTOLOGY, GRAPH_INFERRED}
    names = sorted(
        g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value not in skip
    )
    violations: list[Violation] = []
    layer = Graph()
    for name in names:
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
        graph = Graph().parse(data=data, format="nt")
        layer.parse(data=data, format="nt")
        if name != GRAPH_REFERENCE:
            violations.extend(validate_graph(graph, shapes, graph_name=name).violations)
    violations.extend(validate_graph(layer, entity_shapes, graph_name="(all graphs)").violations)
    conforms = not any(v.severity == "Violation" for v in violations)
    return ValidationReport(conforms=conforms, violations=tuple(violations), graphs=len(names))
