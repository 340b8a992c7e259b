"""Growing a store article by article: ``kg ingest`` adds or replaces articles, ``kg remove`` withdraws.

An article is identified by its URL or, for a file, its file name (the name of its graph is
``article_iri`` of that); its ``kgo:contentHash`` tells whether it changed. Ingesting an unchanged
article does nothing; a changed one replaces its own named graph and nothing else; removing one
drops its graph, and the entities it shared with other articles stay, stated by those. Each new
article graph is validated on its own against the article shapes and, with the rest of the store,
against the entity shapes (for the entities it states). A new article adds its own inferences and the
transitive closure is redone over the store (kg.inference); replacing or removing an article
recomputes the inferred graph from the whole entity layer, once per batch. All changes are made
on a staged copy of the store that replaces it atomically at the end, so a crash leaves the store as
it was before the batch. Ingesting the seeds one by one gives the same store as ``kg build seeds``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ._util import one_line
from .articles import Article, load_article
from .errors import ArticleError, KgError
from .fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, fetch, is_url
from .inference import add_inferences, close_transitive, recompute, unassert
from .lock import store_lock
from .namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_REFERENCE, ID, KGO, RDF, article_iri
from .prepare import Preparer
from .reason import ENTITY_CLASSES
from .resources import load_ontology, load_reference
from .rules import UnsupportedOntology, infer
from .shapecheck import UnsupportedShapes, compile_shapes
from .store import StagedStore, is_store, read_graph, resolve_store_path, write_store
from .validate import (
    ValidationReport,
    Violation,
    load_entity_shapes,
    store_entity_layers,
    validate_entity_layer,
)

__all__ = [
    "ADDED",
    "UNCHANGED",
    "REPLACED",
    "FAILED",
    "FetchOptions",
    "Outcome",
    "IngestReport",
    "RemoveReport",
    "read_source_list",
    "load_source",
    "ingest",
    "remove",
]

ADDED, UNCHANGED, REPLACED, FAILED = "added", "unchanged", "replaced", "failed"
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_SPECIAL_GRAPHS = frozenset({GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_REFERENCE})


@dataclass(frozen=True)
class FetchOptions:
    """Limits for fetching URLs: seconds per connect/read and the largest page in bytes."""

    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class Outcome:
    """What happened to one source: its status, the article's identifier, triples, reason if failed."""

    source: str
    status: str
    article: str = ""
    triples: int = 0
    reason: str = ""
    report: ValidationReport | None = field(default=None, compare=False, repr=False)

    def line(self) -> str:
        """Return the outcome as one line of text."""
        if self.status == FAILED:
            return f"failed {self.reason}"
        extra = f" ({self.triples} triples)" if self.status != UNCHANGED else ""
        return f"{self.status} {self.source}{extra}"


@dataclass(frozen=True)
class IngestReport:
    """What an ingest did: each source's outcome, the store's size after it, and timings (seconds)."""

    store: Path
    outcomes: tuple[Outcome, ...]
    quads: int
    inferred: int | None
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)

    def count(self, status: str) -> int:
        """Return how many sources ended with ``status``."""
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> tuple[Outcome, ...]:
        """Return the outcomes of the sources that failed."""
        return tuple(o for o in self.outcomes if o.status == FAILED)

    def summary(self) -> str:
        """Return the one-line summary: added, unchanged, replaced, failed."""
        return (
            f"ingested {len(self.outcomes)} article(s): {self.count(ADDED)} added, "
            f"{self.count(UNCHANGED)} unchanged, {self.count(REPLACED)} replaced, "
            f"{self.count(FAILED)} failed; {self.quads} triples in {self.store}"
        )


@dataclass(frozen=True)
class RemoveReport:
    """What a removal did: the articles removed (identifiers as given), the store's size, seconds."""

    store: Path
    removed: tuple[str, ...]
    quads: int
    inferred: int
    seconds: float

    def summary(self) -> str:
        """Return the one-line summary of the removal."""
        return f"removed {len(self.removed)} article(s); {self.quads} triples in {self.store}"


def read_source_list(path: Path) -> list[str]:
    """Return the paths and URLs listed in the file at ``path``, one a line (blank and # lines skipped).

    Raises ArticleError if the file cannot be read.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise ArticleError(f"{path}: cannot read the list of articles ({one_line(e)})") from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def load_source(source: str, options: FetchOptions | None = None) -> Article:
    """Return the Article at ``source``: a URL (fetched), an .html page or a text file.

    Raises ArticleError (FetchError for URLs) with one line saying why it cannot be read.
    """
    from .html import article_from_html, decode_html  # imports trafilatura: only when needed

    options = options or FetchOptions()
    if is_url(source):
        page = fetch(source, timeout=options.timeout, max_bytes=options.max_bytes)
        html = decode_html(page.body, page.encoding)
        return article_from_html(html, page.url, url=page.url, retrieved=page.retrieved)
    path = Path(source)
    if path.suffix.lower() in _HTML_SUFFIXES:
        if not path.is_file():
            raise ArticleError(f"{path}: no such file")
        size = path.stat().st_size
        if size > options.max_bytes:
            raise ArticleError(f"{path}: too large ({size} bytes; the limit is {options.max_bytes})")
        try:
            data = path.read_bytes()
        except OSError as e:
            raise ArticleError(f"{path}: cannot be read ({e.strerror})") from None
        return article_from_html(decode_html(data), path.name)
    return load_article(path)


def _content_hash(store: ox.Store, graph_iri: str) -> str | None:
    """Return the kgo:contentHash stored in the graph ``graph_iri``, or None if there is none."""
    pattern = (None, ox.NamedNode(str(KGO.contentHash)), None, ox.NamedNode(graph_iri))
    for q in store.quads_for_pattern(*pattern):
        return q.object.value
    return None


def _init_store(path: Path, ontology: Graph, reference: Graph) -> None:
    """Create a store at ``path`` holding only the ontology, the reference list and their inferences."""
    reasoned = infer(ontology, reference, [], asserted=set(ontology) | set(reference))
    write_store(
        path, {GRAPH_ONTOLOGY: ontology, GRAPH_REFERENCE: reference, GRAPH_INFERRED: reasoned.graph}
    )


class _Batch:
    """One ingest: the staged store, the preparer (shapes, rules), and what changed so far.

    New articles get their local inferences at once; the transitive closure is redone once at the
    end (``finish``). Replacing or removing an article recomputes the inferred graph at the end.
    """

    def __init__(self, staged: StagedStore, validate: bool) -> None:
        self.staged = staged
        self.store = staged.store
        self.preparer = Preparer(validate)
        self.entity_shapes = None
        if validate:
            try:
                self.entity_shapes = compile_shapes(load_entity_shapes())
            except UnsupportedShapes:
                self.entity_shapes = None
                self.pyshacl_entities = load_entity_shapes()
        self.validate = validate
        self.changed = False
        self.recompute = self.preparer.rules is None
        self.subjects: set[str] = set()  # of the new articles' functional-property triples
        self.validating = 0.0

    def one(self, source: str, options: FetchOptions) -> Outcome:
        """Ingest ``source`` into the staged store; return its Outcome (failures included, not raised)."""
        try:
            article = load_source(source, options)
        except KgError as e:
            return Outcome(source, FAILED, reason=one_line(e))
        iri = article.iri
        old = _content_hash(self.store, iri)
        if old == article.content_hash:
            return Outcome(source, UNCHANGED, article.identifier)
        started = time.perf_counter()
        try:
            prepared = self.preparer.prepare(article)
        except Exception as e:  # a mapper bug on one article must not lose the batch
            reason = f"{source}: mapping failed: {type(e).__name__}: {one_line(e)}"
            return Outcome(source, FAILED, reason=reason)
        finally:
            self.validating += time.perf_counter() - started
        if prepared.refused:
            reason = f"{source}: refused, {len(prepared.report.errors)} shape violation(s)"
            return Outcome(source, FAILED, reason=reason, report=prepared.report)
        previous = read_graph(self.store, iri) if old is not None else None
        graph = Graph().parse(data=prepared.ntriples, format="nt")
        self.staged.put(iri, graph)
        blamed = self._entity_check(iri, graph)
        if blamed:
            self.staged.put(iri, previous)
            reason = f"{source}: refused, {len(blamed)} shape violation(s) with the articles in the store"
            return Outcome(source, FAILED, reason=reason, report=ValidationReport(False, blamed, 1))
        if old is not None or not prepared.reasoned:
            self.recompute = True
        elif not self.recompute:
            self.staged.quads -= unassert(self.store, iri)
            local = [q.triple for q in ox.parse(prepared.inferred, format=ox.RdfFormat.N_TRIPLES)]
            self.staged.quads += add_inferences(self.store, local)
            functional = {str(p) for p in self.preparer.rules.functional_properties}
            self.subjects |= {t.subject.value for t in local if t.predicate.value in functional}
            self.subjects |= {str(s) for s, p, _ in graph if str(p) in functional}
        self.changed = True
        return Outcome(source, ADDED if old is None else REPLACED, article.identifier, prepared.triples)

    def _entity_check(self, iri: str, graph: Graph) -> tuple[Violation, ...]:
        """Return the entity-shape violations the article ``iri`` (now in the store) is to blame for."""
        if not self.validate:
            return ()
        started = time.perf_counter()
        try:
            if self.entity_shapes is None:
                return self._entity_check_pyshacl(iri)
            focus = sorted({str(s) for cls in ENTITY_CLASSES for s in graph.subjects(RDF.type, cls)})
            name = ox.NamedNode(iri)
            found = []
            for r in self.entity_shapes.check(self.store, focus=focus):
                if r.severity != "Violation" or not r.path:
                    continue
                pattern = (ox.NamedNode(r.focus), ox.NamedNode(r.path), None, name)
                if next(self.store.quads_for_pattern(*pattern), None) is not None:
                    found.append(Violation(r.focus, r.path, r.message, r.shape, r.severity, r.value, iri))
            return tuple(found)
        finally:
            self.validating += time.perf_counter() - started

    def _entity_check_pyshacl(self, iri: str) -> tuple[Violation, ...]:
        """Return what _entity_check does, with pyshacl over the entity layer of the whole store."""
        layers = store_entity_layers(self.store)
        report = validate_entity_layer(layers, self.pyshacl_entities)
        return tuple(v for v in report.errors if iri in v.graph.split())

    def remove(self, iri: str) -> None:
        """Withdraw the article graph ``iri`` from the staged store (inferences recomputed at the end)."""
        self.staged.put(iri, None)
        self.changed = self.recompute = True

    def finish(self, ontology: Graph, reference: Graph) -> int | None:
        """Bring the inferred graph up to date; return its size if it was recomputed, else None."""
        if self.recompute:
            size, change = recompute(self.store, ontology, reference, self.preparer.rules)
            self.staged.quads += change
            return size
        try:
            self.staged.quads += close_transitive(self.store, self.preparer.rules, self.subjects)
        except UnsupportedOntology:  # e.g. owl:sameAs needed: every triple counts
            size, change = recompute(self.store, ontology, reference, None)
            self.staged.quads += change
            return size
        return None


def ingest(
    sources: Sequence[str],
    store_path: Path | None = None,
    progress: Callable[[Outcome], None] | None = None,
    validate: bool = True,
    options: FetchOptions | None = None,
) -> IngestReport:
    """Add or replace the articles at ``sources`` (paths or URLs) in the store; return the IngestReport.

    A missing store is created (ontology and reference list only) first. A source that cannot be
    read, fetched or mapped, or whose graph violates the shapes, fails with a reason and is left out;
    the others are stored; ``progress`` gets each Outcome as it happens. The store is replaced
    atomically once at the end, only if something changed. Raises KgError (StoreError) only if the
    store itself cannot be read or written.
    """
    started = time.perf_counter()
    store = resolve_store_path(store_path)
    options = options or FetchOptions()
    outcomes: list[Outcome] = []
    timings: dict[str, float] = {}
    inferred = None
    ontology, reference = load_ontology(), load_reference()
    with store_lock(store):
        if not is_store(store):
            _init_store(store, ontology, reference)
        with StagedStore(store) as staged:
            batch = _Batch(staged, validate)
            for source in sources:
                outcome = batch.one(str(source), options)
                outcomes.append(outcome)
                if progress:
                    progress(outcome)
            timings["read, map and validate"] = time.perf_counter() - started
            timings["validate"] = batch.validating
            if batch.changed:
                reasoning = time.perf_counter()
                inferred = batch.finish(ontology, reference)
                timings["reason"] = time.perf_counter() - reasoning
                writing = time.perf_counter()
                quads = staged.commit().quads
                timings["write"] = time.perf_counter() - writing
            else:
                quads = staged.info.quads
    return IngestReport(
        store=store,
        outcomes=tuple(outcomes),
        quads=quads,
        inferred=inferred,
        seconds=time.perf_counter() - started,
        timings=timings,
    )


def _graph_of(store: ox.Store, article: str) -> str | None:
    """Return the graph IRI of ``article`` (IRI, URL or file name) in ``store``, or None if absent."""
    candidates = [article] if article.startswith(f"{ID}article/") else []
    candidates.append(article_iri(article))
    if not is_url(article):
        candidates.append(article_iri(Path(article).name))
    for iri in candidates:
        if store.contains_named_graph(ox.NamedNode(iri)):
            return iri
    return None


def remove(articles: Iterable[str], store_path: Path | None = None) -> RemoveReport:
    """Withdraw the articles (IRI, URL or file name) from the store; return the RemoveReport.

    Their graphs are dropped and the inferred graph recomputed; entities other articles state stay.
    Raises KgError, changing nothing, if one of them is not in the store.
    """
    started = time.perf_counter()
    store = resolve_store_path(store_path)
    articles = list(articles)
    with store_lock(store), StagedStore(store) as staged:
        graphs = []
        for article in articles:
            iri = _graph_of(staged.store, article)
            if iri is None or iri in _SPECIAL_GRAPHS:
                raise KgError(f"no article {article} in the store at {store}")
            graphs.append(iri)
        batch = _Batch(staged, validate=False)
        for iri in graphs:
            batch.remove(iri)
        ontology, reference = load_ontology(), load_reference()
        inferred = batch.finish(ontology, reference) or 0
        info = staged.commit()
    return RemoveReport(store, tuple(articles), info.quads, inferred, time.perf_counter() - started)
