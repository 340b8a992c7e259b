"""Compiled OWL-RL rules (kg.rules): exactly kg.reason.infer's (owlrl's) output, and split per article."""

from __future__ import annotations

import time
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph

from kg.articles import load_article
from kg.errors import KgError
from kg.mapper import map_article
from kg.reason import infer as owlrl_infer
from kg.rules import EqualityNeeded, Rules, UnsupportedOntology, compile_rules
from kg.rules import infer as rules_infer

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
DEV = Path("/work/shared/dev")
PREFIXES = """
@prefix kgo: <https://w3id.org/kg-indonesia/ontology#> .
@prefix id: <https://w3id.org/kg-indonesia/id/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _turtle(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


@cache
def _ontology() -> Graph:
    """The ontology as kg.build.load_ontology gives it: ontology/*.ttl except the reference list."""
    graph = Graph()
    for path in sorted((REPO / "ontology").glob("*.ttl")):
        if path.name != "agencies.ttl":
            graph.parse(path)
    return graph


@cache
def _reference() -> Graph:
    return Graph().parse(REPO / "ontology" / "agencies.ttl")


@cache
def _rules() -> Rules:
    return compile_rules(_ontology())


def _dev_files() -> list[Path]:
    return sorted((DEV / "articles").glob("*.txt")) or sorted(DEV.glob("*.txt"))


@cache
def _mapped(paths: tuple[Path, ...]) -> tuple[Graph, ...]:
    return tuple(map_article(load_article(p)) for p in paths)


# --- hand-made article graphs on the kg ontology: (articles, with the reference graph) --------------

AGENCY_A, AGENCY_B, AGENCY_C = "id:agency\\/a", "id:agency\\/b", "id:agency\\/c"
REF_MINISTRY_UNIT = (
    "<https://w3id.org/kg-indonesia/id/agency/direktorat-jenderal-industri-kecil-menengah-dan-aneka>"
)

CASES: dict[str, tuple[tuple[str, ...], bool]] = {
    "nested-agencies": (
        (
            f"{AGENCY_A} a kgo:Agency ; kgo:partOf {AGENCY_B} ."
            f" {AGENCY_B} a kgo:Agency ; kgo:partOf {AGENCY_C} . {AGENCY_C} a kgo:Agency .",
        ),
        False,
    ),
    "part-of-in-two-articles": (
        (
            f"{AGENCY_A} a kgo:Agency ; kgo:partOf {AGENCY_B} . {AGENCY_B} a kgo:Agency .",
            f"{AGENCY_B} a kgo:Agency ; kgo:partOf {AGENCY_C} . {AGENCY_C} a kgo:Agency .",
        ),
        False,
    ),
    "has-part-chain": (
        (
            f"{AGENCY_C} a kgo:Agency ; kgo:hasPart {AGENCY_B} .",
            f"{AGENCY_B} a kgo:Agency ; kgo:hasPart {AGENCY_A} .",
        ),
        False,
    ),
    "part-of-meets-has-part": (
        (
            f"{AGENCY_A} a kgo:Agency ; kgo:partOf {AGENCY_B} .",
            f"{AGENCY_C} a kgo:Agency ; kgo:hasPart {AGENCY_B} .",
        ),
        False,
    ),
    "cycle": (
        (
            f"{AGENCY_A} a kgo:Agency ; kgo:partOf {AGENCY_B} ."
            f" {AGENCY_B} a kgo:Agency ; kgo:partOf {AGENCY_A} .",
        ),
        False,
    ),
    "official-holds-post": (
        (
            "id:official\\/x a kgo:Official ; kgo:holdsPost id:post\\/p . id:post\\/p a kgo:Post ;"
            f" kgo:postIn {AGENCY_A} . {AGENCY_A} a kgo:Agency .",
        ),
        False,
    ),
    "post-held-by": (
        ("id:post\\/p a kgo:Post ; kgo:postHeldBy id:official\\/x . id:official\\/x a kgo:Official .",),
        False,
    ),
    "programs-and-statistics": (
        (
            f"id:program\\/p a kgo:Program ; kgo:runBy {AGENCY_A} ; kgo:announcedBy id:official\\/x ."
            " id:statistic\\/s a kgo:Statistic ; kgo:statedBy id:official\\/x ;"
            ' kgo:value 4500000.0 ; kgo:unit "Rp" .'
            " id:event\\/e a kgo:Event ; kgo:organizer id:agency\\/a ;"
            ' kgo:startDate "2024-05-01"^^xsd:date .',
        ),
        False,
    ),
    "domain-types-the-subject": (
        (f"id:statistic\\/odd a kgo:Statistic ; kgo:runBy {AGENCY_A} ; kgo:postIn {AGENCY_B} .",),
        False,
    ),
    "untyped-subject-left-out": (
        (
            f"{AGENCY_A} kgo:partOf {AGENCY_B} . {AGENCY_B} kgo:partOf {AGENCY_C} .",
            f"{AGENCY_A} a kgo:Agency .",
        ),
        False,
    ),
    "article-agency-under-reference": (
        (f"{AGENCY_A} a kgo:Agency ; kgo:partOf {REF_MINISTRY_UNIT} . {REF_MINISTRY_UNIT} a kgo:Agency .",),
        True,
    ),
    "functional-property-two-values": (  # owl:sameAs between the values; s2 shares one of them
        (
            'id:statistic\\/s1 a kgo:Statistic ; kgo:value 1.5, 2.0 ; kgo:unit "persen" .',
            'id:statistic\\/s2 a kgo:Statistic ; kgo:value 1.5 ; kgo:unit "Rp" .',
        ),
        False,
    ),
}


def _case(name: str) -> tuple[list[Graph], Graph]:
    articles, with_reference = CASES[name]
    return [_turtle(a) for a in articles], _reference() if with_reference else Graph()


@cache
def _owlrl(name: str) -> frozenset:
    """owlrl's inferences (kg.reason.infer) for a named case, seeds or dev."""
    articles, reference = _inputs(name)
    return frozenset(owlrl_infer(_ontology(), reference, articles).graph)


def _inputs(name: str) -> tuple[list[Graph], Graph]:
    if name == "seeds":
        return list(_mapped(tuple(sorted(SEEDS.glob("*.txt"))))), _reference()
    if name == "dev":
        if not _dev_files():
            pytest.skip("no dev articles in /work/shared/dev")
        return list(_mapped(tuple(_dev_files()))), _reference()
    if name.startswith("seed:"):
        return list(_mapped((SEEDS / name[5:],))), _reference()
    if name == "reference-alone":
        return [], _reference()
    if name == "ontology-alone":
        return [], Graph()
    return _case(name)


WHOLE = ["seeds", "dev", "reference-alone", "ontology-alone"]
EACH_SEED = [f"seed:{p.name}" for p in sorted(SEEDS.glob("*.txt"))]


@pytest.mark.parametrize("name", WHOLE + EACH_SEED + list(CASES))
def test_same_inferences_as_owlrl(name: str) -> None:
    articles, reference = _inputs(name)
    expected = _owlrl(name)
    got = set(_rules().infer(reference, articles).graph)
    assert got == expected, (sorted(expected - got)[:5], sorted(got - expected)[:5])
    if name in ("nested-agencies", "part-of-in-two-articles", "has-part-chain", "cycle", "seeds"):
        assert any("transitivelyPartOf" in str(p) for _, p, _ in got)  # the case exercises transitivity


def test_input_count_and_asserted_as_owlrl() -> None:
    articles, reference = _inputs("seeds")
    asserted = {t for g in articles for t in g} | set(reference)
    expected = owlrl_infer(_ontology(), reference, articles, asserted=asserted)
    got = _rules().infer(reference, articles, asserted=asserted)
    assert set(got.graph) == set(expected.graph)
    assert got.input_triples == expected.input_triples
    assert len(got.graph) < len(_owlrl("seeds"))  # asserted took something out


def _split(rules: Rules, reference: Graph, articles: list[Graph]) -> set:
    """The build's way: each article alone (a worker), then the union edges closed in the main process."""
    parts = [rules.prepare(g) for g in articles]
    base = rules.base(reference)
    edges = rules.edges(base) + [e for part in parts for e in part.edges]
    found = set(rules.useful(base)) | rules.useful(rules.close(edges))
    for part in parts:
        found |= part.inferred
    return found


@pytest.mark.parametrize(
    "name",
    [
        "seeds",
        "dev",
        "part-of-in-two-articles",
        "has-part-chain",
        "part-of-meets-has-part",
        "article-agency-under-reference",
    ],
)
def test_split_per_article_equals_whole(name: str) -> None:
    articles, reference = _inputs(name)
    rules = _rules()
    stated = set(rules.ontology_triples) | set(reference) | {t for g in articles for t in g}
    whole = set(rules.infer(reference, articles, asserted=stated).graph)
    split = _split(rules, reference, articles) - stated
    assert split == whole
    assert whole == set(owlrl_infer(_ontology(), reference, articles, asserted=stated).graph)
    if name != "seeds" and name != "dev":
        assert any("transitivelyPartOf" in str(p) for _, p, _ in split)


def test_local_distributes_over_union() -> None:
    rules = _rules()
    layers = [rules.article_layer(g) for g in _inputs("seeds")[0]]
    union = rules.local([t for layer in layers for t in layer])
    assert union == set().union(*(rules.local(layer) for layer in layers))
    assert len(union) > sum(len(layer) for layer in layers)


# --- other ontologies: every supported axiom, against owlrl ------------------------------------------

TBOX = """
kgo:boss a owl:ObjectProperty , owl:FunctionalProperty ; rdfs:subPropertyOf kgo:knows ;
    rdfs:domain kgo:Official ; rdfs:range kgo:Official .
kgo:knows a owl:SymmetricProperty .
kgo:near a owl:TransitiveProperty ; owl:inverseOf kgo:nearOf ; rdfs:subPropertyOf kgo:around .
kgo:around a owl:TransitiveProperty ; owl:equivalentProperty kgo:vicinity .
kgo:vicinity rdfs:range kgo:Place .
kgo:Official rdfs:subClassOf kgo:Person . kgo:Person owl:equivalentClass kgo:Human .
kgo:Human rdfs:subClassOf owl:Thing .
"""
OTHER_DATA = {
    "transitive-under-transitive": """
        id:a a kgo:Agency ; kgo:near id:b . id:b a kgo:Agency ; kgo:nearOf id:c .
        id:d a kgo:Agency ; kgo:vicinity id:a . id:c a kgo:Agency ; kgo:near id:e .""",
    "symmetric-and-classes": """
        id:x a kgo:Official ; kgo:knows id:y . id:y a kgo:Official ; kgo:boss id:z .
        id:w a kgo:Agency ; kgo:boss id:v .""",
    "functional-merges-individuals": """
        id:x a kgo:Official ; kgo:boss id:y1 , id:y2 ; kgo:near id:z .
        id:y1 a kgo:Official ; kgo:near id:y1b . id:y2 a kgo:Agency ; kgo:nearOf id:w .
        id:w a kgo:Agency ; kgo:near id:q .""",
}


@pytest.mark.parametrize("name", list(OTHER_DATA))
def test_other_ontology_same_as_owlrl(name: str) -> None:
    ontology, data = _turtle(TBOX), _turtle(OTHER_DATA[name])
    expected = set(owlrl_infer(ontology, Graph(), [data]).graph)
    got = set(compile_rules(ontology).infer(Graph(), [data]).graph)
    assert got == expected, (sorted(expected - got)[:5], sorted(got - expected)[:5])
    assert expected


def test_close_refuses_equality_that_closure_computes() -> None:
    rules = compile_rules(_turtle(TBOX))
    data = list(_turtle(OTHER_DATA["functional-merges-individuals"]))
    with pytest.raises(EqualityNeeded):
        rules.close(rules.edges(rules.local(data)))
    closed = rules.closure(data)
    expected = set(
        owlrl_infer(_turtle(TBOX), Graph(), [_turtle(OTHER_DATA["functional-merges-individuals"])]).graph
    )
    assert rules.useful(closed, stated=set(data)) == expected


def test_equality_on_an_ontology_term_falls_back_to_owlrl() -> None:
    ontology = _turtle(TBOX)
    data = _turtle("id:x a kgo:Official ; kgo:boss kgo:Person , id:y .")
    with pytest.raises(UnsupportedOntology):
        compile_rules(ontology).infer(Graph(), [data])
    assert set(rules_infer(ontology, Graph(), [data]).graph) == set(
        owlrl_infer(ontology, Graph(), [data]).graph
    )


# --- what the rules refuse ------------------------------------------------------------------------

UNSUPPORTED = {
    "property-chain": "kgo:partOf owl:propertyChainAxiom ( kgo:partOf kgo:partOf ) .",
    "inverse-functional": "kgo:holdsPost a owl:InverseFunctionalProperty .",
    "has-key": "kgo:Agency owl:hasKey ( skos:prefLabel ) .",
    "restriction": "kgo:Post rdfs:subClassOf"
    " [ a owl:Restriction ; owl:onProperty kgo:postIn ; owl:someValuesFrom kgo:Agency ] .",
    "union": "kgo:Actor owl:equivalentClass [ owl:unionOf ( kgo:Official kgo:Agency ) ] .",
    "disjoint": "kgo:Agency owl:disjointWith kgo:Official .",
    "same-as": "id:agency\\/a owl:sameAs id:agency\\/b .",
    "asymmetric": "kgo:partOf a owl:AsymmetricProperty .",
    "nothing": "kgo:Ghost rdfs:subClassOf owl:Nothing .",
    "vocabulary-superproperty": "kgo:kind rdfs:subPropertyOf rdf:type .",
    "class-as-range": "kgo:declares rdfs:range owl:Class .",
}


@pytest.mark.parametrize("name", list(UNSUPPORTED))
def test_unsupported_axioms_are_refused(name: str) -> None:
    ontology = _turtle(UNSUPPORTED[name])
    for t in _ontology():
        ontology.add(t)
    with pytest.raises(UnsupportedOntology):
        compile_rules(ontology)


def test_functional_property_is_compiled_and_guarded() -> None:
    rules = _rules()  # kgo:value, kgo:unit and kgo:inArticle are functional in ontology/kg.ttl
    assert rules.functional_properties
    assert isinstance(UnsupportedOntology("x"), KgError) and issubclass(EqualityNeeded, UnsupportedOntology)
    articles, _ = _case("functional-property-two-values")
    with pytest.raises(EqualityNeeded):
        rules.close(rules.edges(rules.local(t for g in articles for t in rules.article_layer(g))))


def test_schema_vocabulary_in_the_data_is_refused() -> None:
    reference = _turtle(
        "kgo:near a owl:TransitiveProperty . id:agency\\/a a kgo:Agency ; kgo:near id:agency\\/b ."
    )
    with pytest.raises(UnsupportedOntology):
        _rules().local(reference)
    articles = [_turtle(CASES["nested-agencies"][0][0])]
    expected = set(owlrl_infer(_ontology(), reference, articles).graph)
    assert set(rules_infer(_ontology(), reference, articles).graph) == expected


def test_much_faster_than_owlrl() -> None:
    articles, reference = _inputs("seeds")
    rules = _rules()
    started = time.perf_counter()
    rules.infer(reference, articles)
    assert time.perf_counter() - started < 0.5
