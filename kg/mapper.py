"""The mapper: what the extraction pipeline found in an article → the triples of its named graph.

The shapes of the triples are the contract in docs/model.md. Every relation between entities is
asserted directly and described by a kgo:Assertion that points to the sentence it came from.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from .articles import Article
from .extract.numbers import format_decimal
from .extract.pipeline import Extraction, Sentence, extract
from .measures import measure_key
from .namespaces import (
    ID,
    KGO,
    NIF,
    PREFIXES,
    PROV,
    RDF,
    SCHEMA,
    SKOS,
    entity_iri,
    search_key,
    sentence_iri,
    short_hash,
)

__all__ = ["map_article", "map_extraction"]


class _Writer:
    """Adds triples for one article: labels with their search keys, sentences, facts with evidence."""

    def __init__(self, article: Article) -> None:
        self.g = Graph(bind_namespaces="none")  # rdflib's default bindings cost more than the mapping
        for prefix, ns in PREFIXES.items():
            self.g.bind(prefix, ns)
        self.article = article
        self.a = URIRef(article.iri)
        self.slug = self.a.split("/")[-1]
        self.sentences: set[tuple[int, int]] = set()
        self.paragraph_of: dict[tuple[int, int], int] = {}

    def add(self, s, p, o) -> None:
        self.g.add((s, p, o))

    def maybe(self, s, p, value, datatype: URIRef | None = None) -> None:
        """Add ``s p value`` as a literal when the value is known (not None or empty)."""
        if value:
            self.add(s, p, Literal(value, datatype=datatype))

    def label(self, node: URIRef, pref: str, alts: list[str] = ()) -> None:
        self.add(node, SKOS.prefLabel, Literal(pref))
        self.add(node, KGO.searchKey, Literal(search_key(pref)))
        for alt in alts:
            if alt and alt != pref:
                self.add(node, SKOS.altLabel, Literal(alt))
                self.add(node, KGO.searchKey, Literal(search_key(alt)))

    def sentence(self, span: tuple[int, int]) -> URIRef:
        start, end = span
        node = URIRef(sentence_iri(self.article.iri, start, end))
        if span not in self.sentences:
            self.sentences.add(span)
            self.add(node, RDF.type, KGO.Sentence)
            self.add(node, NIF.anchorOf, Literal(self.article.text[start:end]))
            self.add(node, NIF.beginIndex, Literal(start, datatype=XSD.integer))
            self.add(node, NIF.endIndex, Literal(end, datatype=XSD.integer))
            self.add(node, KGO.inArticle, self.a)
            if span in self.paragraph_of:
                self.add(node, KGO.paragraph, Literal(self.paragraph_of[span], datatype=XSD.integer))
        return node

    def fact(self, s: URIRef, p: URIRef, o: URIRef, span: tuple[int, int] | None) -> None:
        """Assert ``s p o`` and, with a sentence, an Assertion that gives its evidence."""
        self.add(s, p, o)
        if span is None:
            return
        node = URIRef(f"{ID}assertion/{self.slug}-{short_hash(f'{s} {p} {o}')}")
        self.add(node, RDF.type, KGO.Assertion)
        self.add(node, RDF.subject, s)
        self.add(node, RDF.predicate, p)
        self.add(node, RDF.object, o)
        self.add(node, PROV.wasDerivedFrom, self.sentence(span))
        self.add(node, KGO.sourceArticle, self.a)

    def agency(self, name: str, mentioned: bool = False) -> URIRef:
        node = URIRef(entity_iri("agency", name))
        self.add(node, RDF.type, KGO.Agency)
        self.add(node, SKOS.prefLabel, Literal(name))
        self.add(node, KGO.searchKey, Literal(search_key(name)))
        if mentioned:
            self.add(node, KGO.mentionedIn, self.a)
        return node


def _span(sentence: Sentence | None) -> tuple[int, int] | None:
    return (sentence.span.start, sentence.span.end) if sentence else None


def map_extraction(x: Extraction) -> Graph:
    """Return the triples of an article's graph for what the pipeline extracted from it."""
    article = x.article
    w = _Writer(article)
    w.paragraph_of = {(s.span.start, s.span.end): s.paragraph for s in x.sentences}
    a = w.a
    w.add(a, RDF.type, KGO.Article)
    if article.url:
        w.add(a, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI))
    else:
        w.add(a, KGO.fileName, Literal(article.identifier))
    w.add(a, KGO.contentHash, Literal(article.content_hash))
    w.maybe(a, SCHEMA.headline, article.title)
    w.maybe(a, KGO.outlet, article.outlet)
    w.maybe(a, KGO.datelinePlace, article.dateline_place)
    w.maybe(a, SCHEMA.datePublished, article.published and article.published.isoformat(), XSD.date)
    if article.author:
        w.add(a, SCHEMA.author, Literal(article.author))
    if article.retrieved:
        when = article.retrieved.isoformat(timespec="seconds")
        w.add(a, KGO.retrievedAt, Literal(when, datatype=XSD.dateTime))

    book = x.agencies
    for name in book.order:
        node = w.agency(name, mentioned=True)
        w.label(node, name, book.forms.get(name, []))
        parent = book.canonical(book.parents.get(name))
        if parent and parent != name:
            w.fact(node, KGO.partOf, w.agency(parent), book.evidence.get(name))

    people: dict[int, URIRef] = {}
    for o in x.officials.officials:
        node = URIRef(entity_iri("official", o.name))
        people[id(o)] = node
        w.add(node, RDF.type, KGO.Official)
        w.label(node, o.name, o.aliases)
        w.add(node, KGO.mentionedIn, a)
        for p in o.prefixes:
            w.add(node, SCHEMA.honorificPrefix, Literal(p))
        for s in o.suffixes:
            w.add(node, SCHEMA.honorificSuffix, Literal(s))
        for post in o.posts:
            title, short, agency = post
            agency = book.canonical(agency)
            post_node = URIRef(entity_iri("post", f"{title} {agency or ''}"))
            span = o.post_evidence.get(post, o.evidence)
            w.add(post_node, RDF.type, KGO.Post)
            w.label(post_node, title, [short] if short else [])
            w.fact(node, KGO.holdsPost, post_node, span)
            w.add(post_node, KGO.postHeldBy, node)
            if agency:
                w.fact(post_node, KGO.postIn, w.agency(agency), span)

    for p in x.programs:
        node = URIRef(entity_iri("program", p.name))
        w.add(node, RDF.type, KGO.Program)
        w.label(node, p.name, p.aliases)
        w.add(node, KGO.mentionedIn, a)
        span = _span(p.sentence)
        agency = book.canonical(p.agency)
        if agency:
            w.fact(node, KGO.runBy, w.agency(agency), span)
        for who in p.announced_by:
            w.fact(node, KGO.announcedBy, people[id(who)], span)

    for ev, sent in x.events:
        node = URIRef(entity_iri("event", ev.name))
        w.add(node, RDF.type, KGO.Event)
        w.label(node, ev.name, ev.aliases)
        w.add(node, KGO.mentionedIn, a)
        w.add(node, PROV.wasDerivedFrom, w.sentence(_span(sent)))
        if ev.start_date:
            w.add(node, KGO.startDate, Literal(ev.start_date.isoformat(), datatype=XSD.date))
        if ev.end_date and ev.start_date and ev.end_date >= ev.start_date:
            w.add(node, KGO.endDate, Literal(ev.end_date.isoformat(), datatype=XSD.date))
        if ev.place:
            w.add(node, KGO.place, Literal(ev.place))
        organizer = book.canonical(ev.organizer)
        if organizer:
            w.fact(node, KGO.organizer, w.agency(organizer), _span(sent))

    for f in x.figures:
        q = f.quantity
        start = f.sentence.span.start + q.start
        node = URIRef(f"{ID}statistic/{w.slug}-{start}")
        span = _span(f.sentence)
        w.add(node, RDF.type, KGO.Statistic)
        w.add(node, KGO.value, Literal(format_decimal(q.value), datatype=XSD.decimal))
        w.add(node, KGO.unit, Literal(_unit(q.unit, q.unit_class)))
        w.add(node, KGO.measure, Literal(f.measure))
        others = [
            (g.quantity.start, g.quantity.end) for g in x.figures if g.sentence is f.sentence and g is not f
        ]
        key = measure_key(
            f.measure,
            f.sentence.span.text,
            (q.start, q.end),
            _unit(q.unit, q.unit_class),
            others=others,
            context=article.title or "",
        )
        w.add(node, KGO.measureKey, Literal(key))
        w.add(node, KGO.surfaceForm, Literal(q.text))
        w.add(node, KGO.sourceArticle, a)
        w.add(node, PROV.wasDerivedFrom, w.sentence(span))
        w.maybe(node, KGO.period, f.period)
        w.maybe(node, KGO.qualifier, q.hedge)
        w.maybe(node, KGO.bound, q.bound)
        if f.stated_by is not None and id(f.stated_by) in people:
            w.add(node, KGO.statedBy, people[id(f.stated_by)])

    for st in x.statements:
        if id(st.official) not in people:
            continue
        span = _span(st.sentence)
        node = URIRef(f"{ID}statement/{w.slug}-{span[0]}")
        w.add(node, RDF.type, KGO.Statement)
        w.add(node, KGO.speaker, people[id(st.official)])
        w.add(node, KGO.sentence, w.sentence(span))
        w.add(node, KGO.directQuote, Literal(st.direct))
        w.add(node, KGO.sourceArticle, a)
        if st.when:
            w.add(node, KGO.date, Literal(st.when.isoformat(), datatype=XSD.date))
    return w.g


def _unit(unit: str | None, unit_class: str) -> str:
    if unit_class == "percent":
        return "persen"
    if unit_class == "idr":
        return "Rp"
    if unit_class == "usd":
        return "USD"
    return unit or "unit"


def map_article(article: Article) -> Graph:
    """Return the triples of ``article``'s named graph (metadata, sentences, entities, facts, evidence)."""
    return map_extraction(extract(article))
