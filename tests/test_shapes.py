"""SHACL shapes: the hand-written article graphs conform, broken variants violate with plain messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import SH

from kg.validate import load_entity_shapes, load_reference_shapes, load_shapes, validate_graph

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
    return load_shapes()


def messages(data: Graph, shapes: Graph) -> tuple[bool, list[str]]:
    conforms, report, _ = validate(data, shacl_graph=shapes, advanced=True)
    return conforms, sorted(str(m) for m in report.objects(None, SH.resultMessage))


SECOND = iri("assertion/a01-txt-eeeeeeeeee")  # a second assertion of Reni's post, in article()
AGUS = iri("official/agus")


def article(update: str = "") -> Graph:
    g = Graph().parse(DATA / "article-a.ttl")
    g.update(PREFIXES + f"""INSERT {{ {SECOND} ?p ?o }} WHERE {{ {ASSERTION} ?p ?o }}""")
    if update:
        g.update(PREFIXES + update)
    return g


def fact(s: str, p: str, o: str) -> str:
    """Insert the fact ``s p o`` with its evidence (an assertion pointing to a sentence)."""
    return add(s, p, o) + f""" ; INSERT DATA {{ {iri("assertion/a01-txt-ffffffffff")} a kgo:Assertion ;
        rdf:subject {s} ; rdf:predicate {p} ; rdf:object {o} ;
        prov:wasDerivedFrom {SENTENCE} ; kgo:sourceArticle {ARTICLE} }}"""


def retype(old: str, new: str, cls: str) -> str:
    """Rename the node ``old`` (of class ``cls``) to ``new`` everywhere."""
    return f"""DELETE {{ {old} ?p ?o }} INSERT {{ {new} ?p ?o }} WHERE {{ {old} ?p ?o }} ;
        DELETE {{ ?s ?p {old} }} INSERT {{ ?s ?p {new} }} WHERE {{ ?s ?p {old} }}"""


@pytest.mark.parametrize("name", ["article-a.ttl", "article-b.ttl"])
def test_sample_article_graphs_conform(shapes: Graph, name: str) -> None:
    assert messages(Graph().parse(DATA / name), shapes) == (True, [])


BROKEN = [
    # statistic
    ("missing value", drop(STAT, "kgo:value"), "exactly one value"),
    ("two values", add(STAT, "kgo:value", "4410000.0"), "exactly one value"),
    ("string value", put(STAT, "kgo:value", "'4,5 juta'"), "is an xsd:decimal"),
    ("double value", put(STAT, "kgo:value", "4.5e6"), "is an xsd:decimal"),
    ("missing unit", drop(STAT, "kgo:unit"), "exactly one unit"),
    ("missing measure", drop(STAT, "kgo:measure"), "exactly one kgo:measure"),
    ("two measure keys", add(STAT, "kgo:measureKey", "'x'"), "at most one measure key"),
    ("missing source article", drop(STAT, "kgo:sourceArticle"), "statistic names the article"),
    ("missing sentence", drop(STAT, "prov:wasDerivedFrom"), "statistic points to the sentence"),
    ("derived from a non-sentence", put(STAT, "prov:wasDerivedFrom", ARTICLE),
     "statistic points to the sentence"),
    ("bad period", add(STAT, "kgo:period", "'tahun lalu'"), "period is one of"),
    ("bad bound", add(STAT, "kgo:bound", "'bawah'"), "bound is"),
    ("stated by an untyped official", add(STAT, "kgo:statedBy", iri("official/x")),
     "stated by (kgo:statedBy)"),
    ("statistic IRI", retype(STAT, iri("statistic/A01"), "Statistic"), "statistic's IRI"),
    # event
    ("end before start", put(EVENT, "kgo:endDate", "'2024-11-01'^^xsd:date"), "ends before it starts"),
    ("end without start", drop(EVENT, "kgo:startDate"), "end date but no start date"),
    ("start date as text",
     put(EVENT, "kgo:startDate", "'12 November 2024'") + " ; " + drop(EVENT, "kgo:endDate"),
     "start date is one xsd:date"),
    ("two end dates", add(EVENT, "kgo:endDate", "'2024-11-18'^^xsd:date"), "end date is one xsd:date"),
    ("event without name", drop(EVENT, "skos:prefLabel"), "event has exactly one name"),
    ("event place as IRI", add(EVENT, "kgo:place", ARTICLE), "place is text"),
    ("event without sentence", drop(EVENT, "prov:wasDerivedFrom"), "event points to the sentence"),
    ("organizer untyped", fact(EVENT, "kgo:organizer", UNTYPED), "organizer (kgo:organizer) must be typed"),
    ("mentioned in a non-article", add(EVENT, "kgo:mentionedIn", UNTYPED), "mentionedIn must point"),
    ("event IRI", retype(EVENT, "<urn:event:gebyar>", "Event"), "event's IRI"),
    # official, post, agency
    ("official without name", drop(RENI, "skos:prefLabel"), "official has exactly one name"),
    ("official with two names", add(RENI, "skos:prefLabel", "'Reni'"), "official has exactly one name"),
    ("official holds an untyped post", fact(RENI, "kgo:holdsPost", iri("post/x")), "must be typed kgo:Post"),
    ("official IRI", retype(RENI, iri("official/Reni_Yanita"), "Official"), "official's IRI"),
    ("post without title", drop(POST, "skos:prefLabel"), "post has exactly one title"),
    ("post in two agencies", fact(POST, "kgo:postIn", KEMENPERIN), "at most one agency"),
    ("post in an untyped agency",
     fact(POST, "kgo:postIn", UNTYPED) + " ; "
     + f"DELETE WHERE {{ {POST} kgo:postIn {DITJEN} . ?a rdf:subject {POST} ; rdf:object {DITJEN} ; ?p ?o }}",
     "typed kgo:Agency"),
    ("post held by an untyped official",
     add(POST, "kgo:postHeldBy", iri("official/x")) + " ; " + fact(iri("official/x"), "kgo:holdsPost", POST),
     "held by officials"),
    ("post IRI", retype(POST, iri("jabatan/dirjen"), "Post"), "post's IRI"),
    ("agency without name", drop(KEMENPERIN, "skos:prefLabel"), "agency has exactly one name"),
    ("agency part of itself", fact(DITJEN, "kgo:partOf", DITJEN), "part of itself"),
    ("agency part of an untyped agency", fact(DITJEN, "kgo:partOf", UNTYPED), "another agency, typed"),
    ("agency IRI", retype(KEMENPERIN, iri("agency/Kemenperin"), "Agency"), "agency's IRI"),
    ("search key with capitals", add(KEMENPERIN, "kgo:searchKey", "'Kemenperin'"), "search key"),
    # program
    ("program without name", drop(PROGRAM, "skos:prefLabel"), "program has exactly one name"),
    ("program run by an untyped agency", fact(PROGRAM, "kgo:runBy", UNTYPED), "run by"),
    ("program announced by an untyped official", fact(PROGRAM, "kgo:announcedBy", iri("official/x")),
     "announced by (kgo:announcedBy)"),
    ("program IRI", retype(PROGRAM, iri("program/Scaling"), "Program"), "program's IRI"),
    # sentence
    ("sentence ends before it begins", put(SENTENCE, "nif:beginIndex", "'99'^^xsd:integer"),
     "ends before it begins"),
    ("two end offsets", add(SENTENCE, "nif:endIndex", "90"), "end offset"),
    ("sentence offset negative", put(SENTENCE, "nif:beginIndex", "-3"), "begin offset"),
    ("sentence without article", drop(SENTENCE, "kgo:inArticle"), "belongs to exactly one article"),
    ("sentence with two texts", add(SENTENCE, "nif:anchorOf", "'x'"), "at most one text"),
    ("paragraph as text", put(SENTENCE, "kgo:paragraph", "'nol'"), "paragraph number"),
    ("sentence IRI", retype(SENTENCE, "<https://w3id.org/kg-indonesia/id/article/a01-txt#0-80>", "Sentence"),
     "sentence's IRI"),
    # assertion and evidence
    ("assertion without subject", drop(SECOND, "rdf:subject"), "exactly one rdf:subject"),
    ("assertion without predicate", drop(SECOND, "rdf:predicate"), "exactly one rdf:predicate"),
    ("assertion without object", drop(SECOND, "rdf:object"), "exactly one rdf:object"),
    ("assertion without sentence", drop(ASSERTION, "prov:wasDerivedFrom"),
     "assertion points to the sentence"),
    ("assertion without article", drop(ASSERTION, "kgo:sourceArticle"), "assertion names the article"),
    ("assertion of an unstated fact", drop(RENI, "kgo:holdsPost") + " ; " + drop(POST, "kgo:postHeldBy"),
     "does not state"),
    ("assertion IRI", retype(ASSERTION, iri("assertion/1"), "Assertion"), "assertion's IRI"),
    ("fact without evidence", add(PROGRAM, "kgo:runBy", KEMENPERIN), "has no evidence"),
    ("post held without evidence", add(POST, "kgo:postHeldBy", AGUS) + " ; "
     + f"INSERT DATA {{ {AGUS} a kgo:Official ; skos:prefLabel 'Agus' ; kgo:searchKey 'agus' }}",
     "no kgo:Assertion of the official holding it"),
    # article metadata
    ("article without file name or URL", drop(ARTICLE, "kgo:fileName"), "file name"),
    ("article with two file names", add(ARTICLE, "kgo:fileName", "'b.txt'"), "at most one file name"),
    ("URL as an IRI", add(ARTICLE, "schema:url", "<https://example.org/a>"), "xsd:anyURI"),
    ("publication date as text", put(ARTICLE, "schema:datePublished", "'20/11'"), "publication date"),
    ("retrieval time as a date", add(ARTICLE, "kgo:retrievedAt", "'2024-11-20'^^xsd:date"), "retrieval time"),
    ("two outlets", add(ARTICLE, "kgo:outlet", "'Antara'"), "at most one outlet"),
    ("author as an IRI", add(ARTICLE, "schema:author", "<https://example.org/b>"), "author is given as text"),
    ("no content hash", drop(ARTICLE, "kgo:contentHash"), "content hash"),
    ("two headlines", add(ARTICLE, "schema:headline", "'x'"), "at most one headline"),
    ("two dateline places", add(ARTICLE, "kgo:datelinePlace", "'Bandung'"), "dateline place"),
    ("article IRI", retype(ARTICLE, iri("article/A01.txt"), "Article"), "article's IRI"),
    # statement
    ("statement without speaker", drop(STATEMENT, "kgo:speaker"), "exactly one speaker"),
    ("statement without sentence", drop(STATEMENT, "kgo:sentence"), "statement points to its sentence"),
    ("statement date as text", put(STATEMENT, "kgo:date", "'kemarin'"), "statement's date"),
    ("direct quote as text", put(STATEMENT, "kgo:directQuote", "'ya'"), "directQuote is one xsd:boolean"),
    ("statement without article", drop(STATEMENT, "kgo:sourceArticle"), "statement names the article"),
    ("statement about a literal", add(STATEMENT, "kgo:about", "'program'"), "statement is about"),
    ("statement IRI", retype(STATEMENT, iri("statement/x"), "Statement"), "statement's IRI"),
]


@pytest.mark.parametrize(("update", "expected"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_variants_violate_exactly_that_shape(shapes: Graph, update: str, expected: str) -> None:
    report = validate_graph(article(update), shapes)
    found = {v.message for v in report.errors}
    assert not report.conforms
    assert len(found) == 1 and expected in next(iter(found)), found


# Incomplete but not wrong: the article is kept and the report warns.
WARNED = [
    ("post in no agency",
     f"DELETE WHERE {{ {POST} kgo:postIn ?x . ?a rdf:subject {POST} ; rdf:predicate kgo:postIn ; ?p ?o }}",
     "should belong to an agency"),
]


@pytest.mark.parametrize(("update", "expected"), [w[1:] for w in WARNED], ids=[w[0] for w in WARNED])
def test_incomplete_variants_conform_with_that_warning(shapes: Graph, update: str, expected: str) -> None:
    report = validate_graph(article(update), shapes)
    warnings = {v.message for v in report.violations if v.severity == "Warning"}
    assert report.conforms
    assert len(warnings) == 1 and expected in next(iter(warnings)), warnings


def shape_messages(*names: str) -> set[str]:
    g = Graph()
    for name in names:
        g.parse(ROOT / "shapes" / name)
    return {" ".join(str(m).split()) for m in g.objects(None, SH.message)}


def test_every_article_shape_has_a_broken_variant() -> None:
    covered = {b[2] for b in BROKEN + WARNED}
    missing = {m for m in shape_messages("kg.ttl") if not any(c in m for c in covered)}
    assert not missing


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


ENTITY_BROKEN = [
    ("<urn:c> kgo:partOf <urn:a> .", "Violation", "cycle"),
    ("<urn:c> kgo:partOf <urn:c> .", "Violation", "cycle"),
    ("<urn:a> kgo:partOf <urn:c> .", "Warning", "more than one agency"),
    ('<urn:a> skos:prefLabel "A2" .', "Warning", "several different names (skos:prefLabel) across graphs"),
    ('<urn:p> a kgo:Official ; skos:prefLabel "Reni Yanita" , "RENI YANITA" .', "Violation",
     "official has several different names"),
]


@pytest.mark.parametrize(("extra", "severity", "expected"), ENTITY_BROKEN)
def test_entity_layer_reports_exactly_that(extra: str, severity: str, expected: str) -> None:
    report = validate_graph(Graph().parse(data=ENTITIES + extra, format="turtle"), load_entity_shapes())
    found = {(v.severity, v.message) for v in report.violations}
    assert len(found) == 1 and next(iter(found))[0] == severity and expected in next(iter(found))[1], found


def test_reference_graph_conforms_and_cites_its_source() -> None:
    reference = Graph().parse(ROOT / "ontology" / "agencies.ttl")
    assert validate_graph(reference, load_reference_shapes()).conforms
    reference.update(PREFIXES + f"DELETE WHERE {{ {KEMENPERIN} <http://purl.org/dc/terms/source> ?s }}")
    report = validate_graph(reference, load_reference_shapes())
    assert {(v.focus, v.message.split(" (")[0]) for v in report.errors} == {
        (KEMENPERIN.strip("<>"), "An agency of the reference list cites the list as its source"),
    }


def test_every_whole_graph_shape_has_a_broken_variant() -> None:
    covered = {b[2] for b in ENTITY_BROKEN} | {"cites the list as its source"}
    missing = {m for m in shape_messages("entities.ttl", "reference.ttl") if not any(c in m for c in covered)}
    assert not missing
