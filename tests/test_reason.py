"""OWL-RL over the entity layer: the right consequences, only new ones, no noise, fast enough."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef

from kg.build import build, load_ontology, load_reference
from kg.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, KGO, ORG, OWL, RDF, RDFS, search_key
from kg.queries import run_query, run_sparql
from kg.reason import entity_layer, infer
from kg.store import open_store, write_store

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


# --- saved queries that need the hierarchy, on three nested agencies and on the seeds -------------

NESTED = """
@prefix kgo: <https://w3id.org/kg-indonesia/ontology#> .
@prefix kg: <https://w3id.org/kg-indonesia/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
kg:agency\\/kementerian-a a kgo:Agency ; skos:prefLabel "Kementerian A" ; kgo:searchKey "kementerian a" .
kg:agency\\/ditjen-b a kgo:Agency ; skos:prefLabel "Ditjen B" ; kgo:searchKey "ditjen b" ;
    kgo:partOf kg:agency\\/kementerian-a .
kg:agency\\/balai-c a kgo:Agency ; skos:prefLabel "Balai C" ; kgo:searchKey "balai c" ;
    kgo:partOf kg:agency\\/ditjen-b .
kg:program\\/p-a a kgo:Program ; skos:prefLabel "P-A" ; kgo:runBy kg:agency\\/kementerian-a .
kg:program\\/p-b a kgo:Program ; skos:prefLabel "P-B" ; kgo:runBy kg:agency\\/ditjen-b .
kg:program\\/p-c a kgo:Program ; skos:prefLabel "P-C" ; kgo:runBy kg:agency\\/balai-c .
kg:official\\/o-b a kgo:Official ; skos:prefLabel "O-B" ; kgo:holdsPost kg:post\\/dirjen-b .
kg:post\\/dirjen-b a kgo:Post ; skos:prefLabel "Dirjen B" ; kgo:postIn kg:agency\\/ditjen-b .
kg:official\\/o-c a kgo:Official ; skos:prefLabel "O-C" ; kgo:holdsPost kg:post\\/kepala-c .
kg:post\\/kepala-c a kgo:Post ; skos:prefLabel "Kepala C" ; kgo:postIn kg:agency\\/balai-c .
"""
# What only the inferred graph answers: sub-units through kgo:transitivelyPartOf, programs through
# the inverse kgo:runs, officials as schema:Person holding an org:Post (subclass and subproperty links).
INFERRED_PROGRAMS = """
PREFIX kgo: <https://w3id.org/kg-indonesia/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?name WHERE {
  ?top kgo:searchKey ?key .
  { ?top kgo:runs ?p } UNION { ?unit kgo:transitivelyPartOf ?top . ?unit kgo:runs ?p }
  ?p skos:prefLabel ?name .
}"""
INFERRED_OFFICIALS = """
PREFIX kgo: <https://w3id.org/kg-indonesia/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?name WHERE {
  ?top kgo:searchKey ?key .
  { ?post org:postIn ?top } UNION { ?post org:postIn ?unit . ?unit org:transitiveSubOrganizationOf ?top }
  ?post org:heldBy ?o .
  ?o a schema:Person ; skos:prefLabel ?name .
}"""
NESTED_CASES = [
    ("Kementerian A", {"P-A", "P-B", "P-C"}, {"O-B", "O-C"}),
    ("Ditjen B", {"P-B", "P-C"}, {"O-B", "O-C"}),
    ("Balai C", {"P-C"}, {"O-C"}),
]


@pytest.fixture(scope="module")
def nested_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the nested graph as kg build lays it out, with the inferred graph."""
    graph = Graph().parse(data=NESTED, format="turtle")
    ontology = load_ontology()
    inferred = infer(ontology, Graph(), [graph], asserted=set(graph) | set(ontology)).graph
    store = tmp_path_factory.mktemp("nested") / "store"
    write_store(store, {GRAPH_ONTOLOGY: ontology, ID + "article/nested": graph, GRAPH_INFERRED: inferred})
    return store


def _names(store: Path, query: str, key: str, column: str = "name") -> set[str]:
    result = run_sparql(open_store(store), query, {"key": ox.Literal(search_key(key))}, None)
    i = result.variables.index(column)
    return {row[i].value for row in result.rows if row[i] is not None}


@pytest.mark.parametrize(("agency", "programs", "officials"), NESTED_CASES)
def test_inferred_facts_answer_for_nested_agencies(
    nested_store: Path, agency: str, programs: set[str], officials: set[str]
) -> None:
    assert _names(nested_store, INFERRED_PROGRAMS, agency) == programs
    assert _names(nested_store, INFERRED_OFFICIALS, agency) == officials


def test_without_the_inferred_graph_they_do_not(tmp_path: Path) -> None:
    store = tmp_path / "s"
    write_store(store, {ID + "article/nested": Graph().parse(data=NESTED, format="turtle")})
    assert _names(store, INFERRED_PROGRAMS, "Kementerian A") == set()


@pytest.mark.parametrize(("agency", "programs", "officials"), NESTED_CASES)
def test_saved_queries_on_nested_agencies(
    nested_store: Path, agency: str, programs: set[str], officials: set[str]
) -> None:
    rows = run_query(nested_store, "programs-of-agency", {"agency": agency})
    assert {r[rows.variables.index("program")].value for r in rows.rows} == programs
    rows = run_query(nested_store, "officials-of-agency", {"agency": agency})
    assert {r[rows.variables.index("name")].value for r in rows.rows} == officials


def test_saved_queries_on_the_seeds_include_sub_units(seeds_store: Path) -> None:
    """Kemenperin's programs include those run by Ditjen IKMA; every official is a schema:Person."""
    rows = run_query(seeds_store, "programs-of-agency", {"agency": "Kemenperin"})
    units = {r[rows.variables.index("unit")].value for r in rows.rows}
    assert {"Kementerian Perindustrian", "Direktorat Jenderal Industri Kecil, Menengah, dan Aneka"} <= units
    ikma = run_query(seeds_store, "programs-of-agency", {"agency": "Ditjen IKMA"})
    assert 0 < len(ikma.rows) < len(rows.rows)
    assert _names(seeds_store, INFERRED_PROGRAMS, "Kemenperin") >= {
        r[ikma.variables.index("program")].value for r in ikma.rows
    }
    officials = run_query(seeds_store, "officials-of-agency", {"agency": "Kemenperin"})
    assert "Reni Yanita" in {r[officials.variables.index("name")].value for r in officials.rows}
    persons = run_sparql(open_store(seeds_store), """
        PREFIX kgo: <https://w3id.org/kg-indonesia/ontology#> PREFIX schema: <https://schema.org/>
        SELECT ?o WHERE { ?o a kgo:Official FILTER NOT EXISTS { ?o a schema:Person } }""", {}, None)
    assert persons.rows == ()
