"""OWL-RL reasoning over the entity layer, once per build; the result is the inferred graph.

Only the entity layer goes in: the ontology, the reference graph and the triples of articles whose
subject is an Official, Agency, Post, Program, Event or Statistic, and of those only rdf:type and the
properties the ontology says something about beyond a domain or range (subproperties, inverses,
transitive properties). Sentences, statements, assertions (evidence), labels and other literals stay
out: they would only slow owlrl down and add nothing worth inferring (every node an article points
to is typed in the article itself, so domains and ranges add no type the entity layer lacks). Only new, useful
triples come out: nothing already asserted, nothing with a literal or blank subject, no reflexive
``owl:sameAs`` tautologies, no schema (TBox) consequences and nothing about the RDF/OWL vocabularies.
"""

from __future__ import annotations

import time
from collections.abc import Container, Iterable
from dataclasses import dataclass

import owlrl
from rdflib import BNode, Graph, Literal, URIRef

from .namespaces import KGO, OWL, RDF, RDFS, XSD

__all__ = ["ENTITY_CLASSES", "ReasonResult", "entity_layer", "reasoned_properties", "infer"]

ENTITY_CLASSES = frozenset({KGO.Official, KGO.Agency, KGO.Post, KGO.Program, KGO.Event, KGO.Statistic})

_VOCABULARIES = (str(RDF), str(RDFS), str(OWL), str(XSD))
_NOISE_TYPES = frozenset({RDFS.Resource, OWL.Thing, RDFS.Class, OWL.Class, RDF.Property, RDFS.Datatype})
_REFLEXIVE = frozenset(
    {OWL.sameAs, RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty}
)
_SCHEMA = frozenset(
    {
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        RDFS.domain,
        RDFS.range,
        OWL.equivalentClass,
        OWL.equivalentProperty,
        OWL.inverseOf,
        OWL.disjointWith,
        OWL.propertyDisjointWith,
    }
)


@dataclass(frozen=True)
class ReasonResult:
    """The inferred triples, how many triples went in, and how long owlrl took (seconds)."""

    graph: Graph
    input_triples: int
    seconds: float


def reasoned_properties(ontology: Graph) -> frozenset:
    """Return rdf:type and the properties with a subproperty, inverse or transitive axiom in ``ontology``."""
    found = {RDF.type}
    for p in (RDFS.subPropertyOf, OWL.inverseOf, OWL.equivalentProperty):
        for s, o in ontology.subject_objects(p):
            found.add(s)
            if p != RDFS.subPropertyOf:
                found.add(o)
    for cls in (OWL.TransitiveProperty, OWL.SymmetricProperty):
        found.update(ontology.subjects(RDF.type, cls))
    return frozenset(found)


def entity_layer(articles: Iterable[Graph], properties: Container | None = None) -> Graph:
    """Return the triples of ``articles`` whose subject is typed with one of ENTITY_CLASSES.

    With ``properties``, only the triples whose predicate is in it.
    """
    layer = Graph()
    for g in articles:
        entities = {s for cls in ENTITY_CLASSES for s in g.subjects(RDF.type, cls)}
        for s in entities:
            for p, o in g.predicate_objects(s):
                if properties is None or p in properties:
                    layer.add((s, p, o))
    return layer


def _useful(triple: tuple, tbox: set) -> bool:
    """Whether an inferred triple is worth keeping: about entities, not schema, vocabulary or noise."""
    s, p, o = triple
    if isinstance(s, (Literal, BNode)) or isinstance(o, BNode):
        return False
    if str(s).startswith(_VOCABULARIES) or s in tbox or p in _SCHEMA:
        return False
    if p in _REFLEXIVE and s == o:
        return False
    if p == RDF.type and (o in _NOISE_TYPES or str(o).startswith(_VOCABULARIES)):
        return False
    return isinstance(p, URIRef)


def infer(
    ontology: Graph, reference: Graph, articles: Iterable[Graph], asserted: Container[tuple] | None = None
) -> ReasonResult:
    """Return the OWL-RL consequences of the entity layer that are new and useful.

    ``asserted`` (optional) holds everything already stored elsewhere: triples in it are not returned.
    """
    work = Graph()
    for g in (ontology, reference, entity_layer(articles, reasoned_properties(ontology))):
        for t in g:
            work.add(t)
    before = set(work)
    started = time.perf_counter()
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, improved_datatypes=False, axiomatic_triples=False, datatype_axioms=False
    ).expand(work)
    seconds = time.perf_counter() - started
    tbox = set(ontology.subjects())
    inferred = Graph()
    for t in work:
        if t in before or not _useful(t, tbox):
            continue
        if asserted is not None and t in asserted:
            continue
        inferred.add(t)
    return ReasonResult(graph=inferred, input_triples=len(before), seconds=seconds)
