"""SHACL shapes: the hand-written article graphs conform, broken variants violate with plain messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import SH

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
PREFIXES = """
PREFIX kgo: <https://w3id.org/kg-indonesia/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
"""


def iri(path: str) -> str:
    return f"<https://w3id.org/kg-indonesia/id/{path}>"


def drop(s: str, p: str) -> str:
    return f"DELETE WHERE {{ {s} {p} ?x }}"


def add(s: str, p: str, o: str) -> str:
    return f"INSERT DATA {{ {s} {p} {o} }}"


def put(s: str, p: str, o: str) -> str:
    return f"{drop(s, p)} ; {add(s, p, o)}"


STAT = iri("statistic/a01-txt-99")
EVENT = iri("event/gebyar-ikma-2024")
RENI = iri("official/reni-yanita")
POST = iri("post/direktur-jenderal-industri-kecil-menengah-dan-aneka-"
           "direktorat-jenderal-industri-kecil-menengah-dan-aneka")
ARTICLE = iri("article/a01-txt")
SENTENCE = "<https://w3id.org/kg-indonesia/id/article/a01-txt#char=0,80>"
ASSERTION = iri("assertion/a01-txt-0000000001")
DITJEN = iri("agency/direktorat-jenderal-industri-kecil-menengah-dan-aneka")
KEMENPERIN = iri("agency/kementerian-perindustrian")
UNTYPED = iri("agency/x")
PROGRAM = iri("program/scaling-up-brand-melalui-storytelling")
STATEMENT = iri("statement/a01-txt-81")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ROOT / "shapes" / "kg.ttl")


def messages(data: Graph, shapes: Graph) -> tuple[bool, list[str]]:
    conforms, report, _ = validate(data, shacl_graph=shapes, advanced=True)
    return conforms, sorted(str(m) for m in report.objects(None, SH.resultMessage))


def article(update: str = "") -> Graph:
    g = Graph().parse(DATA / "article-a.ttl")
    if update:
        g.update(PREFIXES + update)
    return g


@pytest.mark.parametrize("name", ["article-a.ttl", "article-b.ttl"])
def test_sample_article_graphs_conform(shapes: Graph, name: str) -> None:
    assert messages(Graph().parse(DATA / name), shapes) == (True, [])


BROKEN = [
    ("missing value", drop(STAT, "kgo:value"), "exactly one value"),
    ("two values", add(STAT, "kgo:value", "4410000.0"), "exactly one value"),
    ("string value", put(STAT, "kgo:value", "'4,5 juta'"), "is an xsd:decimal"),
    ("double value", put(STAT, "kgo:value", "4.5e6"), "is an xsd:decimal"),
    ("missing unit", drop(STAT, "kgo:unit"), "exactly one unit"),
    ("missing measure", drop(STAT, "kgo:measure"), "exactly one kgo:measure"),
    ("missing source article", drop(STAT, "kgo:sourceArticle"), "names the article"),
    ("missing sentence", drop(STAT, "prov:wasDerivedFrom"), "sentence it was read from"),
    ("derived from a non-sentence", put(STAT, "prov:wasDerivedFrom", ARTICLE), "sentence it was read from"),
    ("bad period", add(STAT, "kgo:period", "'tahun lalu'"), "period is one of"),
    ("bad bound", add(STAT, "kgo:bound", "'bawah'"), "bound is"),
    ("end before start", put(EVENT, "kgo:endDate", "'2024-11-01'^^xsd:date"), "ends before it starts"),
    ("end without start", drop(EVENT, "kgo:startDate"), "end date but no start date"),
    ("start date as text", put(EVENT, "kgo:startDate", "'12 November 2024'"), "start date is one xsd:date"),
    ("official without name", drop(RENI, "skos:prefLabel"), "official has exactly one name"),
    ("official with two names", add(RENI, "skos:prefLabel", "'Reni'"), "official has exactly one name"),
    ("post without title", drop(POST, "skos:prefLabel"), "post has exactly one title"),
    ("post in two agencies", add(POST, "kgo:postIn", KEMENPERIN), "at most one agency"),
    ("post in an untyped agency", put(POST, "kgo:postIn", UNTYPED), "typed kgo:Agency"),
    ("agency part of itself", add(DITJEN, "kgo:partOf", DITJEN), "part of itself"),
    ("program run by an untyped agency", add(PROGRAM, "kgo:runBy", UNTYPED), "run by"),
    ("sentence ends before it begins", put(SENTENCE, "nif:beginIndex", "'99'^^xsd:integer"),
     "ends before it begins"),
    ("sentence offset as text", put(SENTENCE, "nif:endIndex", "'80'"), "non-negative xsd:integer"),
    ("sentence offset negative", put(SENTENCE, "nif:endIndex", "-3"), "non-negative xsd:integer"),
    ("sentence without article", drop(SENTENCE, "kgo:inArticle"), "belongs to exactly one article"),
    ("assertion without object", drop(ASSERTION, "rdf:object"), "exactly one rdf:object"),
    ("assertion without sentence", drop(ASSERTION, "prov:wasDerivedFrom"), "sentence it was read from"),
    ("assertion of an unstated fact", drop(RENI, "kgo:holdsPost"), "does not state"),
    ("article without file name or URL", drop(ARTICLE, "kgo:fileName"), "file name"),
    ("publication date as text", put(ARTICLE, "schema:datePublished", "'20/11'"), "publication date"),
    ("statement without speaker", drop(STATEMENT, "kgo:speaker"), "exactly one speaker"),
]


@pytest.mark.parametrize(("update", "expected"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_variants_violate(shapes: Graph, update: str, expected: str) -> None:
    conforms, found = messages(article(update), shapes)
    assert not conforms
    assert any(expected in m for m in found), found


# --- whole-graph shapes (entity layer) -------------------------------------------------------------

ENTITIES = """
@prefix kgo: <https://w3id.org/kg-indonesia/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<urn:a> a kgo:Agency ; skos:prefLabel "A" ; kgo:partOf <urn:b> .
<urn:b> a kgo:Agency ; skos:prefLabel "B" ; kgo:partOf <urn:c> .
<urn:c> a kgo:Agency ; skos:prefLabel "C" .
"""


@pytest.fixture(scope="module")
def entity_shapes() -> Graph:
    return Graph().parse(ROOT / "shapes" / "entities.ttl")


def test_entity_layer_conforms(entity_shapes: Graph) -> None:
    assert messages(Graph().parse(data=ENTITIES, format="turtle"), entity_shapes) == (True, [])


def test_reference_agencies_conform(entity_shapes: Graph) -> None:
    assert messages(Graph().parse(ROOT / "ontology" / "agencies.ttl"), entity_shapes) == (True, [])


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("<urn:c> kgo:partOf <urn:a> .", "cycle"),
        ("<urn:a> kgo:partOf <urn:c> .", "more than one agency"),
        ('<urn:a> skos:prefLabel "A2" .', "several different names"),
    ],
)
def test_entity_layer_problems(entity_shapes: Graph, extra: str, expected: str) -> None:
    conforms, found = messages(Graph().parse(data=ENTITIES + extra, format="turtle"), entity_shapes)
    assert not conforms
    assert any(expected in m for m in found), found
