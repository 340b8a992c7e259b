"""kg.shapecheck: the shapes compiled to SPARQL find what pyshacl finds, on real and broken graphs."""

from __future__ import annotations

import functools
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.articles import load_article
from kg.mapper import map_article
from kg.shapecheck import UNCHECKED, CompiledShapes, ShapeResult, UnsupportedShapes, compile_shapes
from kg.validate import (
    entity_layer,
    load_entity_shapes,
    load_reference_shapes,
    load_shapes,
    validate_graph,
)

from conftest import REPO

SEEDS = sorted((REPO / "seeds").glob("*.txt"))
DEV = Path("/work/shared/dev")
DEV_ARTICLES = sorted(DEV.glob("*.txt")) + sorted(DEV.glob("articles/*.txt"))
PREFIXES = """
PREFIX kgo: <https://w3id.org/kg-indonesia/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
ID = "https://w3id.org/kg-indonesia/id/"
KGO = "https://w3id.org/kg-indonesia/ontology#"
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@functools.cache
def shapes(kind: str = "article") -> Graph:
    loader = {"article": load_shapes, "entity": load_entity_shapes, "reference": load_reference_shapes}[kind]
    return loader()


@functools.cache
def compiled(kind: str = "article") -> CompiledShapes:
    return compile_shapes(shapes(kind))


@functools.cache
def mapped(path: Path) -> Graph:
    return map_article(load_article(path))


def copy(graph: Graph, update: str = "") -> Graph:
    out = Graph()
    out += graph
    if update:
        out.update(PREFIXES + update)
    return out


def pyshacl_results(graph: Graph, shape_graph: Graph) -> set[tuple[str, str, str]]:
    """(severity, focus, shape) of every result pyshacl reports, as kg.validate calls it."""
    return {(v.severity, v.focus, v.shape) for v in validate_graph(graph, shape_graph).violations}


def found(results: list[ShapeResult]) -> set[tuple[str, str, str]]:
    return {(r.severity, r.focus, r.shape) for r in results}


def of(severity: str, results: set[tuple[str, str, str]]) -> set[tuple[str, str]]:
    return {(focus, shape) for s, focus, shape in results if s == severity}


# --- real articles ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SEEDS + DEV_ARTICLES, ids=lambda p: p.name)
def test_real_articles_conform_alike(path: Path) -> None:
    graph = mapped(path)
    expected = pyshacl_results(graph, shapes())
    got = found(compiled().check_graph(graph))
    assert of("Violation", expected) == set() == of("Violation", got)
    assert of("Warning", got) == of("Warning", expected)
    assert got == expected


def test_dev_articles_are_checked_when_present() -> None:
    if not DEV.is_dir():
        pytest.skip(f"{DEV} is absent")
    assert DEV_ARTICLES, f"no articles in {DEV}"


# --- broken copies of a real article: exactly the violations pyshacl finds ---------------------------

def first(pattern: str) -> str:
    """A subquery binding ?x to the first node matching ``pattern``."""
    return f"{{ SELECT ?x WHERE {{ {pattern} }} ORDER BY ?x LIMIT 1 }}"


EVENT = first("?x a kgo:Event")
OFFICIAL = first("?x a kgo:Official")
AGENCY = first("?x a kgo:Agency")
SENTENCE = first("?x a kgo:Sentence")
STATISTIC = first("?x a kgo:Statistic")
STATEMENT = first("?x a kgo:Statement")
ARTICLE = first("?x a kgo:Article")
ASSERTION_RUN = first("?x a kgo:Assertion ; rdf:predicate kgo:runBy")
PROGRAM = first("?x a kgo:Program")
POST = first("?x a kgo:Post")

MUTILATIONS = {
    # cardinalities
    "official-without-name": f"DELETE {{ ?x skos:prefLabel ?l }} WHERE {{ {OFFICIAL} ?x skos:prefLabel ?l }}",
    "agency-with-two-names": f'INSERT {{ ?x skos:prefLabel "Another Name" }} WHERE {{ {AGENCY} }}',
    "two-content-hashes": f'INSERT {{ ?x kgo:contentHash "ffff" }} WHERE {{ {ARTICLE} }}',
    "sentence-not-in-article": f"DELETE {{ ?x kgo:inArticle ?a }} WHERE {{ {SENTENCE} ?x kgo:inArticle ?a }}",
    "end-date-without-start": f"DELETE {{ ?x kgo:startDate ?d }} WHERE {{ {EVENT} ?x kgo:startDate ?d }}",
    # node kinds
    "name-as-iri": f"DELETE {{ ?x skos:prefLabel ?l }} INSERT {{ ?x skos:prefLabel <{ID}name> }} "
                   f"WHERE {{ {OFFICIAL} ?x skos:prefLabel ?l }}",
    "subject-as-literal": f'DELETE {{ ?x rdf:subject ?s }} INSERT {{ ?x rdf:subject "program" }} '
                          f"WHERE {{ {ASSERTION_RUN} ?x rdf:subject ?s }}",
    "about-as-literal": f'INSERT {{ ?x kgo:about "a program" }} WHERE {{ {STATEMENT} }}',
    # IRI patterns
    "program-iri-with-capitals": f"INSERT DATA {{ <{ID}program/Bad_Name> a kgo:Program ; "
                                 'skos:prefLabel "Bad" ; kgo:searchKey "bad" }',
    "sentence-iri-without-offsets": f"INSERT {{ <{ID}article/x-txt#start> a kgo:Sentence ; "
                                    f"nif:beginIndex 0 ; nif:endIndex 1 ; kgo:inArticle ?x }} "
                                    f"WHERE {{ {ARTICLE} }}",
    "search-key-with-capitals": f'INSERT {{ ?x kgo:searchKey "Bad Key" }} WHERE {{ {PROGRAM} }}',
    "period-out-of-pattern": f'INSERT {{ ?x kgo:period "2024-Q5" }} WHERE {{ {STATISTIC} }}',
    # datatypes
    "offset-as-text": f'DELETE {{ ?x nif:beginIndex ?b }} INSERT {{ ?x nif:beginIndex "12" }} '
                      f"WHERE {{ {SENTENCE} ?x nif:beginIndex ?b }}",
    "paragraph-ill-typed": f"DELETE {{ ?x kgo:paragraph ?b }} "
                           f'INSERT {{ ?x kgo:paragraph "abc"^^xsd:integer }} '
                           f"WHERE {{ {SENTENCE} ?x kgo:paragraph ?b }}",
    "value-as-text": f'DELETE {{ ?x kgo:value ?v }} INSERT {{ ?x kgo:value "4500000" }} '
                     f"WHERE {{ {STATISTIC} ?x kgo:value ?v }}",
    "value-as-integer": f'DELETE {{ ?x kgo:value ?v }} INSERT {{ ?x kgo:value "45"^^xsd:integer }} '
                        f"WHERE {{ {STATISTIC} ?x kgo:value ?v }}",
    "date-not-a-date": f"DELETE {{ ?x kgo:startDate ?d }} "
                       f'INSERT {{ ?x kgo:startDate "2024-02-30"^^xsd:date }} '
                       f"WHERE {{ {EVENT} ?x kgo:startDate ?d }}",
    "date-year-zero": f'INSERT {{ ?x kgo:date "0000-01-01"^^xsd:date }} WHERE {{ {STATEMENT} }}',
    "retrieval-time-as-date": f'INSERT {{ ?x kgo:retrievedAt "2024-01-05"^^xsd:date }} WHERE {{ {ARTICLE} }}',
    "quote-flag-as-text": f'DELETE {{ ?x kgo:directQuote ?q }} INSERT {{ ?x kgo:directQuote "ya" }} '
                          f"WHERE {{ {STATEMENT} ?x kgo:directQuote ?q }}",
    "url-as-plain-text": f'INSERT {{ ?x schema:url "https://example.go.id/berita" }} WHERE {{ {ARTICLE} }}',
    # ranges and comparisons
    "negative-offset": f"DELETE {{ ?x nif:beginIndex ?b }} INSERT {{ ?x nif:beginIndex -5 }} "
                       f"WHERE {{ {SENTENCE} ?x nif:beginIndex ?b }}",
    "sentence-ends-before-it-begins": f"DELETE {{ ?x nif:endIndex ?e }} INSERT {{ ?x nif:endIndex 0 }} "
                                      f"WHERE {{ {first('?x nif:beginIndex ?b FILTER(?b > 0)')} "
                                      "?x nif:endIndex ?e }",
    "event-ends-before-it-starts": f"DELETE {{ ?x kgo:endDate ?d }} "
                                   f'INSERT {{ ?x kgo:endDate "2001-01-01"^^xsd:date }} '
                                   f"WHERE {{ {EVENT} ?x kgo:endDate ?d }}",
    "bound-not-in-list": f'INSERT {{ ?x kgo:bound "middle" }} WHERE {{ {STATISTIC} }}',
    # classes of values
    "post-untyped": f"DELETE {{ ?x a kgo:Post }} WHERE {{ {POST} }}",
    "runner-untyped": f"DELETE {{ ?x a kgo:Agency }} WHERE {{ {AGENCY} }}",
    "speaker-is-a-sentence": f"DELETE {{ ?x kgo:speaker ?s }} INSERT {{ ?x kgo:speaker ?t }} "
                             f"WHERE {{ {STATEMENT} ?x kgo:speaker ?s ; kgo:sentence ?t }}",
    "mentioned-in-a-literal": f'INSERT {{ ?x kgo:mentionedIn "article" }} WHERE {{ {PROGRAM} }}',
    # sh:or, qualified value shapes
    "article-without-file-name": f"DELETE {{ ?x kgo:fileName ?f }} WHERE {{ {ARTICLE} ?x kgo:fileName ?f }}",
    "statistic-without-sentence": f"DELETE {{ ?x prov:wasDerivedFrom ?s }} "
                                  f"WHERE {{ {STATISTIC} ?x prov:wasDerivedFrom ?s }}",
    "statistic-from-the-article": f"DELETE {{ ?x prov:wasDerivedFrom ?s }} "
                                  f"INSERT {{ ?x prov:wasDerivedFrom ?a }} "
                                  f"WHERE {{ {STATISTIC} ?x prov:wasDerivedFrom ?s ; kgo:sourceArticle ?a }}",
    # SPARQL constraints
    "fact-without-assertion": f"DELETE {{ ?x ?p ?o }} WHERE {{ {ASSERTION_RUN} ?x ?p ?o }}",
    "assertion-without-fact": f"DELETE {{ ?s kgo:runBy ?o }} WHERE {{ {ASSERTION_RUN} "
                              "?x rdf:subject ?s ; rdf:object ?o . ?s kgo:runBy ?o }",
    "agency-part-of-itself": f"INSERT {{ ?x kgo:partOf ?x }} WHERE {{ {AGENCY} }}",
    "post-held-without-evidence": f"INSERT {{ ?x kgo:postHeldBy <{ID}official/someone> . "
                                  f"<{ID}official/someone> a kgo:Official ; skos:prefLabel \"Someone\" ; "
                                  f'kgo:searchKey "someone" }} WHERE {{ {POST} }}',
}


@pytest.mark.parametrize("update", MUTILATIONS.values(), ids=MUTILATIONS)
def test_broken_article_violations_are_those_of_pyshacl(update: str) -> None:
    graph = copy(mapped(SEEDS[2]), update)
    expected = pyshacl_results(graph, shapes())
    assert of("Violation", expected), "the mutilation breaks no shape: pyshacl finds nothing"
    got = found(compiled().check_graph(graph))
    assert of("Violation", got) == of("Violation", expected)
    assert got == expected


def test_comparison_with_an_ill_typed_value_is_flagged_conservatively() -> None:
    """pyshacl (rdflib) orders 1047 before "abc"^^xsd:integer; the compiled check flags the pair."""
    update = MUTILATIONS["paragraph-ill-typed"].replace("kgo:paragraph", "nif:endIndex")
    graph = copy(mapped(SEEDS[2]), update)
    expected = pyshacl_results(graph, shapes())
    got = found(compiled().check_graph(graph))
    assert {shape for _, _, shape in got - expected} == {"SentenceShape nif:beginIndex"}
    assert expected < got


def test_every_constraint_component_is_exercised() -> None:
    """The mutilations above reach every constraint component and every SPARQL constraint of kg.ttl."""

    def kind(component: str, shape: str) -> str:
        return shape if component == "SPARQLConstraintComponent" else component

    reached = set()
    for update in MUTILATIONS.values():
        results = compiled().check_graph(copy(mapped(SEEDS[2]), update))
        reached |= {kind(r.component, r.shape) for r in results}
    assert {kind(c.component, c.shape) for c in compiled().checks} - reached == set()


def test_blank_node_entity_fails_the_iri_shape() -> None:
    graph = copy(mapped(SEEDS[0]))
    node = BNode("anon")
    graph.add((node, RDF_TYPE, URIRef(KGO + "Official")))
    graph.add((node, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal("Anon")))
    graph.add((node, URIRef(KGO + "searchKey"), Literal("anon")))
    expected = pyshacl_results(graph, shapes())
    got = found(compiled().check_graph(graph))
    assert ("Violation", "anon", "OfficialIriShape") in got
    assert got == expected


# --- the reference graph and the entity layer --------------------------------------------------------

FIRST_AGENCY = "{ SELECT ?x WHERE { ?x a kgo:Agency } ORDER BY ?x LIMIT 1 }"
REFERENCE_CHANGES = {
    "as-is": "",
    "agency-without-source": f"DELETE {{ ?x dcterms:source ?s }} "
                             f"WHERE {{ {FIRST_AGENCY} ?x dcterms:source ?s }}",
    "agency-citing-another-list": "DELETE { ?x dcterms:source ?s } "
                                  "INSERT { ?x dcterms:source <https://example.org/list> } "
                                  f"WHERE {{ {FIRST_AGENCY} ?x dcterms:source ?s }}",
}


@pytest.mark.parametrize("update", REFERENCE_CHANGES.values(), ids=REFERENCE_CHANGES)
def test_reference_graph_alike(update: str) -> None:
    graph = copy(Graph().parse(REPO / "ontology" / "agencies.ttl"), update)
    expected = pyshacl_results(graph, shapes("reference"))
    assert bool(of("Violation", expected)) == bool(update)
    assert found(compiled("reference").check_graph(graph)) == expected


def to_oxigraph(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(term)
    if isinstance(term, BNode):
        return ox.BlankNode(term)
    if term.language:
        return ox.Literal(term, language=term.language)
    return ox.Literal(term, datatype=ox.NamedNode(term.datatype)) if term.datatype else ox.Literal(term)


def store_of(graphs: dict[str, Graph]) -> ox.Store:
    """An in-memory store holding each graph as the named graph of its name."""
    store = ox.Store()
    for name, graph in graphs.items():
        store.extend(ox.Quad(*(to_oxigraph(x) for x in t), ox.NamedNode(name)) for t in graph)
    return store


AGENCY_A, AGENCY_B, AGENCY_C = f"{ID}agency/badan-a", f"{ID}agency/badan-b", f"{ID}agency/badan-c"
RENI = f"{ID}official/reni-yanita"


def two_articles() -> dict[str, Graph]:
    """Two seed articles: Reni Yanita named differently, agencies A and B each part of the other (and
    A of C as well)."""
    a, b = copy(mapped(SEEDS[0])), copy(mapped(SEEDS[2]))
    a.update(PREFIXES + f'INSERT DATA {{ <{RENI}> a kgo:Official ; skos:prefLabel "Reni Yanita" . '
             f'<{AGENCY_A}> a kgo:Agency ; skos:prefLabel "Badan A" ; kgo:partOf <{AGENCY_B}> }}')
    b.update(PREFIXES + f'INSERT DATA {{ <{RENI}> a kgo:Official ; skos:prefLabel "Reni Y." . '
             f'<{AGENCY_B}> a kgo:Agency ; skos:prefLabel "Badan B" ; kgo:partOf <{AGENCY_A}> . '
             f"<{AGENCY_A}> kgo:partOf <{AGENCY_C}> }}")
    return {f"{ID}article/a": a, f"{ID}article/b": b}


def test_entity_layer_of_two_articles_alike() -> None:
    graphs = two_articles()
    expected = pyshacl_results(entity_layer(graphs.values()), shapes("entity"))
    assert {
        ("Violation", RENI, "OfficialNameShape skos:prefLabel"),
        ("Violation", AGENCY_A, "AgencyCycleShape"),
        ("Violation", AGENCY_B, "AgencyCycleShape"),
        ("Warning", AGENCY_A, "AgencyParentShape kgo:partOf"),
    } <= expected
    got = compiled("entity").check(store_of(graphs), union_of=graphs)
    assert found(got) == expected
    cycle = {(r.focus, r.path, r.value) for r in got if r.shape == "AgencyCycleShape"}
    assert cycle == {(AGENCY_A, f"{KGO}partOf", AGENCY_B), (AGENCY_B, f"{KGO}partOf", AGENCY_A)}


def test_entity_check_restricted_to_focus_nodes() -> None:
    graphs = two_articles()
    store = store_of(graphs)
    got = compiled("entity").check(store, union_of=graphs, focus=[AGENCY_B])
    assert {(r.focus, r.shape) for r in got} == {(AGENCY_B, "AgencyCycleShape")}
    assert compiled("entity").check(store, union_of=list(graphs)[:1]) == []  # one article alone is fine


def test_warnings_alike() -> None:
    post_without_agency = (
        f"DELETE {{ ?x kgo:postIn ?a . ?s ?p ?o }} WHERE {{ {POST} ?x kgo:postIn ?a . "
        "?s rdf:subject ?x ; rdf:predicate kgo:postIn ; ?p ?o }"
    )
    graph = copy(mapped(SEEDS[2]), post_without_agency)
    expected = pyshacl_results(graph, shapes())
    assert {severity for severity, _, _ in expected} == {"Warning"}
    assert found(compiled().check_graph(graph)) == expected


# --- many graphs in one store --------------------------------------------------------------------


def test_each_named_graph_checked_by_itself() -> None:
    nameless = copy(mapped(SEEDS[1]), MUTILATIONS["official-without-name"])
    graphs = {
        f"{ID}article/clean": mapped(SEEDS[0]),
        f"{ID}article/nameless": nameless,
        f"{ID}article/selfish": copy(mapped(SEEDS[2]), MUTILATIONS["agency-part-of-itself"]),
        f"{ID}article/skipped": nameless,
    }
    store = store_of(graphs)
    got = compiled().check_graphs(store, exclude=[f"{ID}article/skipped"])
    expected = {
        (name, focus, shape)
        for name, graph in graphs.items() if not name.endswith("skipped")
        for severity, focus, shape in pyshacl_results(graph, shapes()) if severity == "Violation"
    }
    assert {r.graph for r in got} == {f"{ID}article/nameless", f"{ID}article/selfish"}
    assert {(r.graph, r.focus, r.shape) for r in got if r.severity == "Violation"} == expected
    one = compiled().check(store, graph=f"{ID}article/nameless")
    assert {(r.focus, r.shape) for r in one} == {(f, s) for g, f, s in expected if g.endswith("nameless")}
    assert {r.graph for r in one} == {f"{ID}article/nameless"}


def test_queries_run_standalone() -> None:
    store = store_of({f"{ID}article/x": copy(mapped(SEEDS[1]), MUTILATIONS["official-without-name"])})
    rows = list(store.query(compiled().graphs_query()))
    assert rows and {row["g"].value for row in rows} == {f"{ID}article/x"}
    names = {row["shape"].value for row in rows}
    assert "OfficialShape skos:prefLabel" in names
    assert {row["severity"].value for row in rows} == {"http://www.w3.org/ns/shacl#Violation"}
    assert list(store.query(compiled().query())) == []  # the default graph is empty
    assert {r["shape"].value for r in store.query(compiled().query(f"{ID}article/x"))} == names


# --- shapes beyond kg's own: every supported component against pyshacl -------------------------------

CASES = REPO / "tests" / "data" / "shapecheck" / "cases"
UNSUPPORTED = REPO / "tests" / "data" / "shapecheck" / "unsupported"


@functools.cache
def case(name: str) -> tuple[Graph, Graph]:
    """The shapes and the data of tests/data/shapecheck/cases/{name}.*.ttl."""
    return Graph().parse(CASES / f"{name}.shapes.ttl"), Graph().parse(CASES / f"{name}.data.ttl")


@pytest.mark.parametrize("name", sorted(p.name.split(".")[0] for p in CASES.glob("*.shapes.ttl")))
def test_supported_components_alike(name: str) -> None:
    shape_graph, data = case(name)
    expected = pyshacl_results(data, shape_graph)
    assert len(of("Violation", expected)) >= 2
    assert found(compile_shapes(shape_graph).check_graph(data)) == expected


def test_store_checked_as_it_holds_the_data() -> None:
    """check() on a store loaded from the file (dates keep their time zone there; rdflib drops it)."""
    shape_graph, _ = case("comparisons")
    path = CASES / "comparisons.data.ttl"
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    expected = pyshacl_results(Graph().parse(path), shape_graph)
    assert ("Violation", "http://example.org/s12", "SpanShape http://example.org/from") in expected
    assert found(compile_shapes(shape_graph).check(store)) == expected


def test_results_carry_path_value_message() -> None:
    shape_graph, data = case("counts-and-ranges")
    got = [r for r in compile_shapes(shape_graph).check_graph(data) if r.focus == "http://example.org/t1"]
    rank = [r for r in got if r.path == "http://example.org/rank"]
    assert rank == [ShapeResult("", "TeamShape http://example.org/rank", "http://example.org/t1",
                                "http://example.org/rank", "5", "Warning", "Rank 1 to 4.",
                                "MaxExclusiveConstraintComponent")]
    members = [(r.component, r.value, r.severity) for r in got if r.path == "http://example.org/member"]
    assert members == [("MinCountConstraintComponent", "", "Violation")]


# --- what the compiler refuses ---------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(UNSUPPORTED.glob("*.ttl")), ids=lambda p: p.stem)
def test_unsupported_shapes_are_refused(path: Path) -> None:
    with pytest.raises(UnsupportedShapes):
        compile_shapes(Graph().parse(path))


def test_what_is_refused_is_the_unsupported_part() -> None:
    """closed.ttl is refused for sh:closed alone: without it, it compiles; kg's own shapes compile."""
    supported = Graph().parse(UNSUPPORTED / "closed.ttl")
    supported.remove((None, URIRef("http://www.w3.org/ns/shacl#closed"), None))
    assert compile_shapes(supported).checks == ()
    for kind in ("article", "entity", "reference"):
        assert compiled(kind).checks


# --- terms Oxigraph would hold otherwise than rdflib -------------------------------------------------

ODD_LITERALS = {
    "canonical-decimal": Literal("4500000.0", datatype=XSD.decimal),
    "utc-date-time": Literal("2024-01-05T10:00:00Z", datatype=XSD.dateTime),
    "explicit-string": Literal("Jakarta", datatype=XSD.string),
    "ill-typed-boolean": Literal("TRUE", datatype=XSD.boolean),
    "double": Literal("1.5E0", datatype=XSD.double),
    "capital-language": Literal("Jakarta", lang="ID"),
}


@pytest.mark.parametrize("literal", ODD_LITERALS.values(), ids=ODD_LITERALS)
def test_terms_oxigraph_rewrites_are_left_to_pyshacl(literal: Literal) -> None:
    graph = copy(mapped(SEEDS[2]))
    statistic = next(iter(graph.query(PREFIXES + f"SELECT ?x WHERE {STATISTIC}")))[0]
    graph.add((statistic, URIRef(KGO + "note"), literal))
    got = compiled().check_graph(graph)
    assert [(r.shape, r.focus, r.value, r.severity) for r in got] == [
        (UNCHECKED, str(statistic), str(literal), "Violation")
    ]


LEXICAL_FORMS = {
    "integer": ["0", "-0", "5", "-5", "+5", "05", "9223372036854775807", "99999999999999999999", "1.0"],
    "decimal": ["0", "1.5", "1.50", "-0.5", ".5", "1.", "10", "4500000", "4500000.0", "1e5", "0.1234567"],
    "boolean": ["true", "false", "1", "0", "TRUE"],
    "date": ["2024-01-05", "2024-02-30", "0000-01-01", "2024-01-05Z", "2024-01-05+00:00", "2024-01-05+07:00"],
    "dateTime": ["2024-01-05T10:00:00", "2024-01-05T10:00:00.5", "2024-01-05T10:00:00.50",
                 "2024-01-05T24:00:00", "2024-01-05T10:00:00+00:00", "2024-01-05T10:00:00-05:00"],
    "nonNegativeInteger": ["5", "05"],
    "anyURI": ["http://x", "not a uri"],
    "gYear": ["2024", "02024"],
}


@pytest.mark.parametrize("datatype,lexical", [(d, x) for d, forms in LEXICAL_FORMS.items() for x in forms])
def test_literals_said_kept_are_kept_by_oxigraph(datatype: str, lexical: str) -> None:
    from kg.shapecheck import _kept

    iri = str(XSD[datatype])
    store = ox.Store()
    literal = ox.Literal(lexical, datatype=ox.NamedNode(iri))
    store.add(ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://p"), literal))
    if _kept(URIRef(iri), lexical):
        assert next(iter(store)).object.value == lexical
