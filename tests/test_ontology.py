"""The ontology (ontology/kg.ttl) and the reference list of agencies (ontology/agencies.ttl)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.namespaces import KGO, entity_iri, search_key

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
AGENCIES = ROOT / "ontology" / "agencies.ttl"
MODEL = ROOT / "docs" / "model.md"
ORG = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY)


@pytest.fixture(scope="module")
def agencies() -> Graph:
    return Graph().parse(AGENCIES)


def kgo_terms(g: Graph) -> list[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return sorted({s for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(str(KGO))})


def test_ontology_header(onto: Graph) -> None:
    o = URIRef("https://w3id.org/kg-indonesia/ontology")
    assert (o, RDF.type, OWL.Ontology) in onto
    assert {lit.language for lit in onto.objects(o, RDFS.label)} == {"en", "id"}


def test_every_term_has_english_and_indonesian_labels_and_comments(onto: Graph) -> None:
    terms = kgo_terms(onto)
    assert len(terms) > 40
    for t in terms:
        for p in (RDFS.label, RDFS.comment):
            langs = sorted(lit.language for lit in onto.objects(t, p) if isinstance(lit, Literal))
            assert langs == ["en", "id"], f"{t} {p}: {langs}"


def test_every_kgo_term_of_the_model_is_declared(onto: Graph) -> None:
    mentioned = set(re.findall(r"`kgo:(\w+)`", MODEL.read_text(encoding="utf-8")))
    declared = {str(t).removeprefix(str(KGO)) for t in kgo_terms(onto)}
    assert mentioned - declared == set()


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        ("Official", SCHEMA + "Person"),
        ("Official", PROV + "Agent"),
        ("Post", ORG + "Post"),
        ("Agency", ORG + "Organization"),
        ("Agency", SCHEMA + "GovernmentOrganization"),
        ("Event", SCHEMA + "Event"),
        ("Article", SCHEMA + "NewsArticle"),
        ("Article", PROV + "Entity"),
        ("Statistic", SCHEMA + "Observation"),
        ("Statistic", "http://purl.org/linked-data/cube#Observation"),
        ("Sentence", "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Sentence"),
        ("Assertion", str(RDF.Statement)),
    ],
)
def test_subclass_links(onto: Graph, sub: str, sup: str) -> None:
    assert (KGO[sub], RDFS.subClassOf, URIRef(sup)) in onto


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        ("holdsPost", ORG + "holds"),
        ("postHeldBy", ORG + "heldBy"),
        ("postIn", ORG + "postIn"),
        ("partOf", ORG + "subOrganizationOf"),
        ("partOf", str(KGO.transitivelyPartOf)),
        ("transitivelyPartOf", ORG + "transitiveSubOrganizationOf"),
        ("hasPart", ORG + "hasSubOrganization"),
        ("organizer", SCHEMA + "organizer"),
        ("startDate", SCHEMA + "startDate"),
        ("endDate", SCHEMA + "endDate"),
        ("value", SCHEMA + "value"),
        ("unit", SCHEMA + "unitText"),
        ("sourceArticle", PROV + "wasDerivedFrom"),
    ],
)
def test_subproperty_links(onto: Graph, sub: str, sup: str) -> None:
    assert (KGO[sub], RDFS.subPropertyOf, URIRef(sup)) in onto


@pytest.mark.parametrize(
    ("a", "b"),
    [("holdsPost", "postHeldBy"), ("partOf", "hasPart"), ("runBy", "runs"), ("announcedBy", "announced"),
     ("statedBy", "stated")],
)
def test_inverses(onto: Graph, a: str, b: str) -> None:
    assert (KGO[a], OWL.inverseOf, KGO[b]) in onto


def test_axioms(onto: Graph) -> None:
    assert (KGO.transitivelyPartOf, RDF.type, OWL.TransitiveProperty) in onto
    assert (KGO.value, RDF.type, OWL.FunctionalProperty) in onto
    assert (KGO.value, RDFS.range, URIRef("http://www.w3.org/2001/XMLSchema#decimal")) in onto
    assert (KGO.searchKey, RDF.type, OWL.DatatypeProperty) in onto
    assert (KGO.measureKey, RDF.type, OWL.DatatypeProperty) in onto


def test_owlrl_closure_of_a_chain() -> None:
    """partOf links become transitive parts and ORG sub-organizations under OWL-RL."""
    import owlrl

    g = Graph().parse(ONTOLOGY)
    a, b, c = (URIRef(entity_iri("agency", n)) for n in ("a", "b", "c"))
    g.add((a, KGO.partOf, b))
    g.add((b, KGO.partOf, c))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    assert (a, KGO.transitivelyPartOf, c) in g
    assert (a, URIRef(ORG + "transitiveSubOrganizationOf"), c) in g
    assert (c, KGO.hasPart, b) in g
    assert (a, RDF.type, URIRef(ORG + "Organization")) in g


# --- the reference list of agencies ---------------------------------------------------------------


def test_agencies_are_many(agencies: Graph) -> None:
    assert len(set(agencies.subjects(RDF.type, KGO.Agency))) >= 100


def test_every_agency_has_one_preflabel_and_the_iri_of_it(agencies: Graph) -> None:
    for a in agencies.subjects(RDF.type, KGO.Agency):
        labels = list(agencies.objects(a, SKOS.prefLabel))
        assert len(labels) == 1, a
        assert str(a) == entity_iri("agency", str(labels[0]))
        assert (a, DCTERMS.source, URIRef("https://w3id.org/kg-indonesia/ontology/agencies")) in agencies


def test_search_keys_are_those_of_the_labels(agencies: Graph) -> None:
    for a in agencies.subjects(RDF.type, KGO.Agency):
        labels = [*agencies.objects(a, SKOS.prefLabel), *agencies.objects(a, SKOS.altLabel)]
        assert {str(k) for k in agencies.objects(a, KGO.searchKey)} == {search_key(str(x)) for x in labels}, a


def test_no_label_names_two_agencies(agencies: Graph) -> None:
    owners: dict[str, set] = defaultdict(set)
    for a, k in agencies.subject_objects(KGO.searchKey):
        owners[str(k)].add(a)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_parents_are_listed_and_there_is_no_cycle(agencies: Graph) -> None:
    listed = set(agencies.subjects(RDF.type, KGO.Agency))
    parent = {}
    for a, p in agencies.subject_objects(KGO.partOf):
        assert p in listed, p
        assert a not in parent, f"{a} has two parents"
        parent[a] = p
    for a in parent:
        seen, up = {a}, parent.get(a)
        while up is not None:
            assert up not in seen, f"cycle through {a}"
            seen.add(up)
            up = parent.get(up)


@pytest.mark.parametrize(
    ("alias", "name", "parent"),
    [
        ("Kemenperin", "Kementerian Perindustrian", None),
        ("Ditjen IKMA", "Direktorat Jenderal Industri Kecil, Menengah, dan Aneka",
         "Kementerian Perindustrian"),
        ("BPIFK", "Balai Pemberdayaan Industri Fesyen dan Kriya",
         "Direktorat Jenderal Industri Kecil, Menengah, dan Aneka"),
        ("BSKJI", "Badan Standardisasi dan Kebijakan Jasa Industri", "Kementerian Perindustrian"),
        ("Kemenkop UKM", "Kementerian Koperasi dan Usaha Kecil dan Menengah", None),
        ("KemenKopUKM", "Kementerian Koperasi dan Usaha Kecil dan Menengah", None),
        ("Ditjen PEN", "Direktorat Jenderal Pengembangan Ekspor Nasional", "Kementerian Perdagangan"),
        ("ITPC", "Indonesian Trade Promotion Center", "Kementerian Perdagangan"),
        ("BRI", "PT Bank Rakyat Indonesia (Persero) Tbk", None),
        ("BPS", "Badan Pusat Statistik", None),
        ("Bea Cukai", "Direktorat Jenderal Bea dan Cukai", "Kementerian Keuangan"),
    ],
)
def test_well_known_agencies(agencies: Graph, alias: str, name: str, parent: str | None) -> None:
    found = list(agencies.subjects(KGO.searchKey, Literal(search_key(alias))))
    assert len(found) == 1, alias
    a = found[0]
    assert str(agencies.value(a, SKOS.prefLabel)) == name
    p = agencies.value(a, KGO.partOf)
    assert (str(agencies.value(p, SKOS.prefLabel)) if p else None) == parent
