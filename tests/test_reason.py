"""OWL-RL over the entity layer: the right consequences, only new ones, no noise, fast enough."""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef

from kg.build import build, load_ontology, load_reference
from kg.namespaces import KGO, ORG, OWL, RDF, RDFS
from kg.reason import entity_layer, infer

from conftest import DATA, SEEDS

ID = "https://w3id.org/kg-indonesia/id/"


def _entities() -> Graph:
    return Graph().parse(DATA / "entities.ttl")


def test_entity_layer_leaves_out_sentences() -> None:
    layer = entity_layer([_entities()])
    assert not any("#char=" in str(s) for s in layer.subjects())
    assert (URIRef(ID + "agency/unit"), KGO.partOf, URIRef(ID + "agency/directorate")) in layer


def test_inference_is_new_useful_and_clean() -> None:
    g = _entities()
    result = infer(load_ontology(), Graph(), [g], asserted=set(g))
    inferred = result.graph
    unit, ministry = URIRef(ID + "agency/unit"), URIRef(ID + "agency/ministry")
    post, someone = URIRef(ID + "post/director-directorate"), URIRef(ID + "official/someone")
    assert (unit, KGO.transitivelyPartOf, ministry) in inferred
    assert (someone, ORG.holds, post) in inferred or (post, KGO.postHeldBy, someone) in inferred
    for s, p, o in inferred:
        assert (s, p, o) not in g
        assert not isinstance(s, (Literal, BNode)) and not isinstance(o, BNode)
        assert not (p == OWL.sameAs and s == o)
        assert not (p == RDF.type and o in (OWL.Thing, RDFS.Resource))
        assert not str(s).startswith((str(RDF), str(RDFS), str(OWL)))
        assert "#char=" not in str(s)


def test_reasoning_on_the_seeds_is_fast(tmp_path: Path) -> None:
    report = build([SEEDS], tmp_path / "s")
    assert report.reason_seconds < 15, report.timings


def test_reference_graph_gets_hierarchy() -> None:
    reference = load_reference()
    if len(reference) == 0:
        return
    result = infer(load_ontology(), reference, [], asserted=set(reference))
    assert any(p == KGO.transitivelyPartOf for _, p, _ in result.graph)
