"""The mapper: an article's mentions to the triples of its named graph.

(Interface stub; the extraction pipeline is being written.)
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from .articles import Article
from .namespaces import KGO, RDF, XSD

__all__ = ["map_article"]


def map_article(article: Article) -> Graph:
    """Return the triples of ``article``'s named graph (metadata, sentences, entities, facts, evidence)."""
    g = Graph()
    a = URIRef(article.iri)
    g.add((a, RDF.type, KGO.Article))
    g.add((a, KGO.fileName, Literal(article.identifier)))
    g.add((a, KGO.contentHash, Literal(article.content_hash)))
    if article.published:
        g.add((a, URIRef("https://schema.org/datePublished"), Literal(article.published, datatype=XSD.date)))
    return g
