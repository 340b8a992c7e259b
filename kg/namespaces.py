"""The one place where kg's IRIs are decided: base namespace, vocabularies and instance IRIs.

Instance IRIs are deterministic: ``{BASE}id/{kind}/{slug}`` where the slug is built from the
normalized canonical name, so the same text gives the same IRIs on every run and machine.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

__all__ = [
    "BASE",
    "KGO",
    "ID",
    "ORG",
    "SCHEMA",
    "NIF",
    "QB",
    "VOID",
    "DCAT",
    "PREFIXES",
    "GRAPH_ONTOLOGY",
    "GRAPH_REFERENCE",
    "GRAPH_INFERRED",
    "GRAPH_ENTITIES",
    "slugify",
    "entity_iri",
    "article_iri",
    "sentence_iri",
    "short_hash",
    "search_key",
    "RDF",
    "RDFS",
    "OWL",
    "XSD",
    "SKOS",
    "PROV",
    "DCTERMS",
]

BASE = "https://w3id.org/kg-indonesia/"
KGO = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
QB = Namespace("http://purl.org/linked-data/cube#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")

GRAPH_ONTOLOGY = BASE + "graph/ontology"
GRAPH_REFERENCE = BASE + "graph/reference"
GRAPH_INFERRED = BASE + "graph/inferred"
GRAPH_ENTITIES = BASE + "graph/entities"

PREFIXES: dict[str, str] = {
    "kgo": str(KGO),
    "kg": str(ID),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "skos": str(SKOS),
    "prov": str(PROV),
    "nif": str(NIF),
    "qb": str(QB),
    "dcterms": str(DCTERMS),
    "void": str(VOID),
    "dcat": str(DCAT),
    "owl": str(OWL),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "xsd": str(XSD),
}


def slugify(text: str) -> str:
    """Return a lower-case ASCII slug of ``text`` (accents folded, runs of other characters as '-')."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return slug or "x"


def short_hash(text: str, length: int = 10) -> str:
    """Return a short, stable hex digest of ``text`` (for IRIs of things without a name)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def entity_iri(kind: str, name: str) -> str:
    """Return the IRI of an entity of ``kind`` (official, agency, post, ...) named ``name``."""
    return f"{ID}{kind}/{slugify(name)}"


def article_iri(identifier: str) -> str:
    """Return the IRI of the article identified by its URL or local file name.

    The IRI doubles as the name of the article's named graph.
    """
    if re.match(r"^https?://", identifier):
        return f"{ID}article/{slugify(identifier)}-{short_hash(identifier, 8)}"
    return f"{ID}article/{slugify(identifier)}"


def sentence_iri(article: str, start: int, end: int) -> str:
    """Return the IRI of the span ``[start, end)`` of an article's text (RFC 5147 / NIF style)."""
    return f"{article}#char={start},{end}"


def search_key(text: str) -> str:
    """Return the key a name is looked up by: lower case, accents folded, punctuation as spaces.

    The mapper stores it as ``kgo:searchKey`` on every label; the query engine binds each parameter
    ``?x`` also as ``?xKey`` with this key, so "reni yanita", "RENI YANITA" and "Réni Yanita" match.
    """
    return slugify(text).replace("-", " ")
