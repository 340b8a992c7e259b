"""Exporting a store as RDF, deterministically: the same store gives the same bytes every time.

``turtle`` and ``nt`` write the union of all graphs (each triple once); ``trig``, ``nq`` and ``jsonld``
keep the named graphs (one per article, plus the reference, ontology and inferred graphs). Every
export carries a dataset description (VoID and DCAT: title, licence, triple count, the articles it
came from) in the graph ``DESCRIPTION_GRAPH``. Nothing in an export comes from the clock: its dates
are the articles' own (the retrieval time of an article fetched from a URL is the one exception).
N-Triples/N-Quads are streamed from pyoxigraph and their lines sorted; Turtle/TriG are written by
pyoxigraph from sorted input with kg's prefixes; JSON-LD by rdflib, compacted with kg's prefixes as
its ``@context``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from .errors import KgError
from .namespaces import (
    BASE,
    DCAT,
    DCTERMS,
    GRAPH_INFERRED,
    GRAPH_ONTOLOGY,
    GRAPH_REFERENCE,
    ID,
    KGO,
    PREFIXES,
    RDF,
    SCHEMA,
    VOID,
    XSD,
)
from .store import open_store, to_rdflib

__all__ = [
    "EXPORT_FORMATS",
    "MEDIA_TYPES",
    "DATASET_IRI",
    "DESCRIPTION_GRAPH",
    "DATASET_TITLE",
    "DATASET_LICENSE",
    "store_quads",
    "article_graphs",
    "describe_dataset",
    "export_quads",
    "serialize",
    "export_store",
]

EXPORT_FORMATS = ("turtle", "trig", "nt", "nq", "jsonld")
MEDIA_TYPES = {
    "turtle": "text/turtle",
    "trig": "application/trig",
    "nt": "application/n-triples",
    "nq": "application/n-quads",
    "jsonld": "application/ld+json",
}

DATASET_IRI = BASE + "dataset"
DESCRIPTION_GRAPH = BASE + "graph/description"
DATASET_TITLE = "Knowledge graph of Indonesian government news"
DATASET_DESCRIPTION = (
    "Officials, posts, agencies, programs, events and figures stated in Indonesian government news"
    " articles, each fact linked to the sentence it came from."
)
# The licence the exported data is published under (the code itself is MIT).
DATASET_LICENSE = "https://creativecommons.org/licenses/by/4.0/"

_SPECIAL_GRAPHS = (GRAPH_ONTOLOGY, GRAPH_REFERENCE, GRAPH_INFERRED, DESCRIPTION_GRAPH)

# Instance IRIs (kg: = .../id/) have slashes in their local part, which Turtle would have to escape.
_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "kg"}


def _stable_prefixes(data: bytes) -> bytes:
    """Return Turtle/TriG ``data`` with its ``@prefix`` lines in the order of namespaces.PREFIXES."""
    lines = data.splitlines(keepends=True)
    declared = {line.split()[1][:-1].decode() for line in lines if line.startswith(b"@prefix ")}
    head = [f"@prefix {k}: <{v}> .\n".encode() for k, v in _PREFIXES.items() if k in declared]
    return b"".join(head + [line for line in lines if not line.startswith(b"@prefix ")])


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted(set(line for line in data.splitlines() if line.strip()))
    return b"".join(line + b"\n" for line in lines)


def _quad_key(q: ox.Quad) -> tuple[str, str, str, str]:
    return (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))


def store_quads(store: ox.Store, inferred: bool = True) -> list[ox.Quad]:
    """Return the quads of ``store``, sorted, without the inferred graph unless ``inferred``."""
    skip = None if inferred else ox.NamedNode(GRAPH_INFERRED)
    graphs = [g for g in store.named_graphs() if g != skip]  # the default graph is their union
    return sorted(
        (q for g in graphs for q in store.quads_for_pattern(None, None, None, g)), key=_quad_key
    )


def article_graphs(quads: list[ox.Quad]) -> list[str]:
    """Return the IRIs of the article graphs among ``quads`` (every named graph but kg's own), sorted."""
    names = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    return sorted(n for n in names if n not in _SPECIAL_GRAPHS)


def describe_dataset(quads: list[ox.Quad], statements: int) -> list[ox.Quad]:
    """Return the VoID/DCAT description of an export of ``quads`` holding ``statements`` statements.

    The quads are in DESCRIPTION_GRAPH. The dataset's dates (``dcterms:issued``/``modified``) are the
    earliest and latest publication dates of its articles, never the time of the export.
    """
    g = ox.NamedNode(DESCRIPTION_GRAPH)
    ds = ox.NamedNode(DATASET_IRI)

    def iri(term) -> ox.NamedNode:
        return ox.NamedNode(str(term))

    out = [
        ox.Quad(ds, iri(RDF.type), iri(VOID.Dataset), g),
        ox.Quad(ds, iri(RDF.type), iri(DCAT.Dataset), g),
        ox.Quad(ds, iri(DCTERMS.title), ox.Literal(DATASET_TITLE, language="en"), g),
        ox.Quad(ds, iri(DCTERMS.description), ox.Literal(DATASET_DESCRIPTION, language="en"), g),
        ox.Quad(ds, iri(DCTERMS.license), ox.NamedNode(DATASET_LICENSE), g),
        ox.Quad(ds, iri(VOID.triples), ox.Literal(str(statements), datatype=iri(XSD.integer)), g),
        ox.Quad(ds, iri(VOID.uriSpace), ox.Literal(str(ID)), g),
        ox.Quad(ds, iri(VOID.vocabulary), ox.NamedNode(str(KGO)), g),
    ]
    articles = article_graphs(quads)
    out += [ox.Quad(ds, iri(DCTERMS.source), ox.NamedNode(a), g) for a in articles]
    published = iri(SCHEMA.datePublished)
    wanted = set(articles)
    dates = sorted(
        q.object.value
        for q in quads
        if q.predicate == published and isinstance(q.object, ox.Literal) and q.graph_name.value in wanted
    )
    if dates:
        date = iri(XSD.date)
        out.append(ox.Quad(ds, iri(DCTERMS.issued), ox.Literal(dates[0], datatype=date), g))
        out.append(ox.Quad(ds, iri(DCTERMS.modified), ox.Literal(dates[-1], datatype=date), g))
    return sorted(out, key=_quad_key)


def export_quads(store_path: Path, named: bool = True, inferred: bool = True) -> list[ox.Quad]:
    """Return the quads an export of the store at ``store_path`` holds, description included, sorted.

    With ``named`` the quads keep their graphs; otherwise they are the union of all graphs (each
    triple once, in the default graph). ``inferred=False`` leaves out the inferred graph.
    """
    quads = store_quads(open_store(store_path), inferred)
    if named:
        return quads + describe_dataset(quads, len(quads))
    triples = {str(q.triple): q.triple for q in quads}
    described = describe_dataset(quads, len(triples))
    for q in described:
        triples.setdefault(str(q.triple), q.triple)
    return [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for _, t in sorted(triples.items())]


def serialize(quads: list[ox.Quad], fmt: str) -> bytes:
    """Return the sorted ``quads`` written as ``fmt`` (one of EXPORT_FORMATS), the same bytes every time."""
    if fmt in ("nt", "nq"):
        rdf_format = ox.RdfFormat.N_TRIPLES if fmt == "nt" else ox.RdfFormat.N_QUADS
        items = [q.triple for q in quads] if fmt == "nt" else quads
        return _sorted_lines(ox.serialize(items, format=rdf_format) or b"")
    if fmt == "turtle":
        data = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.TURTLE, prefixes=_PREFIXES)
        return _stable_prefixes(data or b"")
    if fmt == "trig":
        return _stable_prefixes(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_PREFIXES) or b"")
    if fmt == "jsonld":
        dataset = Dataset()
        for q in quads:  # term by term, so blank nodes keep their (canonical) labels
            graph = None if isinstance(q.graph_name, ox.DefaultGraph) else to_rdflib(q.graph_name)
            dataset.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), graph))
        text = dataset.serialize(format="json-ld", context=_PREFIXES, indent=1, sort_keys=True)
        return _sorted_jsonld(text).encode("utf-8")
    raise KgError(f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")


def _sorted_jsonld(text: str) -> str:
    """Return the JSON-LD document ``text`` with its node lists sorted by ``@id`` (stable output)."""
    doc = json.loads(text)

    def key(node) -> str:
        return json.dumps(node, sort_keys=True, ensure_ascii=False)

    def walk(node):
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return sorted((walk(v) for v in node), key=key)
        return node

    return json.dumps(walk(doc), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def export_store(store_path: Path, fmt: str = "turtle", inferred: bool = True) -> bytes:
    """Return the store at ``store_path`` serialized as ``fmt`` (one of EXPORT_FORMATS).

    ``turtle`` and ``nt`` hold the union of the graphs, the others keep the named graphs; all carry
    the dataset description. ``inferred=False`` exports only asserted triples (no inferred graph).
    """
    if fmt not in EXPORT_FORMATS:
        raise KgError(f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")
    return serialize(export_quads(store_path, named=fmt not in ("turtle", "nt"), inferred=inferred), fmt)
