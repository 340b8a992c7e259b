"""Building a store from articles: prepare each article (in parallel), check the entity layer, reason.

Each article is read, mapped and checked against the article shapes on its own (kg.prepare), by a
pool of worker processes (one per core) when there are many articles. The main process streams the
prepared graphs into a new store (bulk loads), then checks the facts of all articles together
against the entity shapes (e.g. an agency cycle, a second name for an official), completes the
inferences (the workers' local ones, plus the transitive closure over all articles), and swaps the
new store in atomically. Validation is a gate: an article that violates the shapes is refused with
its report and left out (for the entity shapes: the last article stating the bad fact, so earlier
articles win over later ones); ``strict`` refuses the whole build instead.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ._util import one_line
from .articles import find_articles, load_article
from .errors import KgError, StoreError, ValidationError
from .inference import store_entity_layer, union_inferences
from .lock import DEFAULT_WAIT, store_lock
from .namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_REFERENCE
from .prepare import Prepared, Preparer
from .resources import load_ontology, load_reference
from .rules import UnsupportedOntology
from .rules import infer as infer_all
from .shapecheck import UnsupportedShapes, compile_shapes
from .store import StoreWriter, check_target, clean_temporaries, graph_ntriples, resolve_store_path
from .validate import (
    ValidationReport,
    Violation,
    load_entity_shapes,
    store_entity_layers,
    validate_entity_layer,
)

__all__ = [
    "DEFAULT_ARTICLES",
    "Skip",
    "Refusal",
    "BuildReport",
    "build",
    "load_ontology",
    "load_reference",
]

DEFAULT_ARTICLES = Path("seeds")
POOL_MIN_ARTICLES = 40  # fewer articles are prepared in this process: starting workers costs more
_BATCH = 24  # articles per task: the compiled shapes check a batch at once (Oxigraph plans per query)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Skip:
    """An article left out of the build and the one-line reason why."""

    path: Path
    reason: str


@dataclass(frozen=True)
class Refusal:
    """An article refused because its graph violates the shapes, with the validation report."""

    path: Path
    report: ValidationReport

    def line(self) -> str:
        """Return the one-line reason the article was refused."""
        return f"refused {self.path}: {len(self.report.errors)} shape violation(s)"


@dataclass(frozen=True)
class BuildReport:
    """What a build did: the store, articles built and skipped, triple counts and timings (seconds)."""

    store: Path
    built: tuple[Path, ...]
    skipped: tuple[Skip, ...]
    quads: int
    inferred: int
    seconds: float
    reason_seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    refused: tuple[Refusal, ...] = ()
    validated: bool = True
    warnings: tuple[str, ...] = ()
    workers: int = 1

    def summary(self) -> str:
        """Return the one-line summary of the build."""
        return (
            f"built {len(self.built)} articles, skipped {len(self.skipped)}, refused {len(self.refused)}, "
            f"{self.quads} triples in {self.store}"
        )


# --- Preparing articles, in this process or in workers ---------------------------------------------

_PREPARER: Preparer | None = None


def _prepare_paths(preparer: Preparer, paths: Sequence[Path]) -> list[tuple[Prepared | str, tuple[str, ...]]]:
    """Return, for each path, (the Prepared article or the one-line reason it is skipped, warnings)."""
    loaded: list[tuple[Path, object, tuple[str, ...]]] = []
    for path in paths:
        warnings: list[str] = []
        try:
            loaded.append((path, load_article(path, warnings.append), tuple(warnings)))
        except KgError as e:
            loaded.append((path, one_line(e), tuple(warnings)))
    articles = [a for _, a, _ in loaded if not isinstance(a, str)]
    prepared = iter(preparer.prepare_many(articles))
    out: list[tuple[Prepared | str, tuple[str, ...]]] = []
    for path, article, warnings in loaded:
        if isinstance(article, str):
            out.append((article, warnings))
            continue
        result = next(prepared)
        if isinstance(result, KgError):
            out.append((one_line(result), warnings))
        elif isinstance(result, Exception):  # a mapper bug on one article must not lose the whole build
            out.append((f"{path}: mapping failed: {type(result).__name__}: {one_line(result)}", warnings))
        else:
            out.append((result, warnings))
    return out


def _start_worker(validate: bool) -> None:
    """Set up a worker process: Ctrl-C is the main process's business; die with it; load the rules."""
    global _PREPARER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):  # Linux: die with a killed build (PR_SET_PDEATHSIG)
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    _PREPARER = Preparer(validate)


def _work(paths: list[Path]) -> list[tuple[Prepared | str, tuple[str, ...]]]:
    """Prepare a batch of articles in a worker process."""
    assert _PREPARER is not None
    return _prepare_paths(_PREPARER, paths)


def default_jobs() -> int:
    """Return how many worker processes a build uses by default: one per usable core."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


@contextmanager
def _prepared(
    files: Sequence[Path], validate: bool, jobs: int
) -> Iterator[Iterator[tuple[Path, Prepared | str, tuple[str, ...]]]]:
    """Give an iterator of (path, Prepared or skip reason, warnings) for each of ``files``, in order.

    The workers (if any) start on entering the block, before the caller opens a store: a process
    forked while RocksDB's threads run could inherit their locks.
    """
    batches = [list(files[i : i + _BATCH]) for i in range(0, len(files), _BATCH)]
    if jobs <= 1 or len(files) < POOL_MIN_ARTICLES:
        preparer = Preparer(validate)
        results = (r for batch in batches for r in _prepare_paths(preparer, batch))
        yield ((path, *result) for path, result in zip(files, results, strict=True))
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(jobs, _start_worker, (validate,)) as pool:
        results = (r for batch in pool.imap(_work, batches) for r in batch)
        yield ((path, *result) for path, result in zip(files, results, strict=True))


def _entity_refusals(writer: StoreWriter, order: dict[str, Path], reference: Graph) -> list[Refusal]:
    """Drop from the new store the articles whose facts break the entity shapes; return their refusals.

    The store's default graph (the union of what is loaded, before inferences) is checked with the
    compiled entity shapes. For each violation, the last article (in build order, ``order``) stating
    the bad fact is refused and dropped, and the check runs again until it conforms: earlier articles
    win over later ones. Shapes the compiler cannot take are run by pyshacl on the entity layer.
    """
    writer.flush()
    shapes = load_entity_shapes()
    try:
        compiled = compile_shapes(shapes)
    except UnsupportedShapes:
        return _entity_refusals_pyshacl(writer, order, reference, shapes)
    refused: list[Refusal] = []
    while True:
        blamed: dict[str, list[Violation]] = {}
        for r in compiled.check(writer.store):
            if r.severity != "Violation" or not r.path:
                continue
            pattern = (ox.NamedNode(r.focus), ox.NamedNode(r.path), None, None)
            stating = {
                q.graph_name.value
                for q in writer.store.quads_for_pattern(*pattern)
                if isinstance(q.graph_name, ox.NamedNode)
            }
            names = [n for n in order if n in stating]
            if names:
                v = Violation(r.focus, r.path, r.message, r.shape, r.severity, r.value, " ".join(names))
                blamed.setdefault(names[-1], []).append(v)
        if not blamed:  # conforms, or nothing an article can be blamed for (e.g. the reference list)
            return refused
        for name, found in blamed.items():
            writer.drop(name)
            path = order.pop(name)
            found = [Violation(**{**v.__dict__, "article": str(path)}) for v in found]
            refused.append(Refusal(path, ValidationReport(False, tuple(found), 1)))


def _entity_refusals_pyshacl(
    writer: StoreWriter, order: dict[str, Path], reference: Graph, shapes: Graph
) -> list[Refusal]:
    """Do what _entity_refusals does with pyshacl, on the entity layer of each article read back."""
    layers = store_entity_layers(writer.store)
    graphs: dict[str, Graph] = {name: layers.get(name, Graph()) for name in order}
    refused: list[Refusal] = []
    while graphs:
        report = validate_entity_layer({GRAPH_REFERENCE: reference, **graphs}, shapes)
        if report.conforms:
            break
        blamed: dict[str, list] = {}
        for v in report.errors:
            names = [n for n in v.graph.split() if n in graphs]
            if names:
                blamed.setdefault(names[-1], []).append(v)
        if not blamed:
            break
        for name, found in blamed.items():
            del graphs[name]
            writer.drop(name)
            refused.append(Refusal(order.pop(name), ValidationReport(False, tuple(found), 1)))
    return refused


def build(
    paths: Sequence[Path] | None = None,
    store_path: Path | None = None,
    progress: Progress | None = None,
    strict: bool = False,
    validate: bool = True,
    wait: float = DEFAULT_WAIT,
    jobs: int | None = None,
) -> BuildReport:
    """Build the articles at ``paths`` (default ``seeds/``) into a new store at ``store_path``.

    Returns the BuildReport. Articles that cannot be read or mapped are skipped, articles that violate
    the shapes are refused (``progress`` gets their report); both are listed in the report. KgError is
    raised if no article could be built or the store cannot be written, ValidationError if ``strict``
    and an article is refused; the previous store is then left untouched. ``validate=False`` stores
    the articles without checking them. The build holds the store's lock (``kg.lock``): another build
    of the same store waits up to ``wait`` seconds for it, then fails with StoreError. ``jobs`` worker
    processes prepare the articles (default: one per core; 1: all in this process).
    """
    store = resolve_store_path(store_path)
    check_target(store)
    with store_lock(store, wait, progress):
        clean_temporaries(store)
        try:
            return _build(paths, store, progress, strict, validate, jobs)
        except OSError as e:  # disk full, no permission, ...: the new store is gone, the old one kept
            raise StoreError(f"cannot write the store at {store}: {one_line(e)}") from e


def _build(
    paths: Sequence[Path] | None,
    store: Path,
    progress: Progress | None,
    strict: bool,
    validate: bool,
    jobs: int | None,
) -> BuildReport:
    """Do the build of ``build`` (which holds the store lock) and return its report."""
    started = time.perf_counter()
    say = progress or (lambda _message: None)
    check_target(store)
    if not paths:
        if not DEFAULT_ARTICLES.is_dir():
            raise KgError(f"no articles given and no {DEFAULT_ARTICLES}/ folder here")
        paths = [DEFAULT_ARTICLES]
    files = find_articles([Path(p) for p in paths])
    if not files:
        raise KgError(f"no articles found in {', '.join(str(p) for p in paths)}")

    refused: list[Refusal] = []
    skipped: list[Skip] = []
    warnings: list[str] = []
    order: dict[str, Path] = {}  # graph IRI → path of the articles stored, in build order
    all_local = True  # whether every article's local inferences came with it
    ontology, reference = load_ontology(), load_reference()
    workers = jobs if jobs is not None else default_jobs()
    with (
        _prepared(files, validate, workers) as results,
        StoreWriter(store) as writer,
        tempfile.TemporaryFile() as spool,  # the articles' local inferences, until they are kept
    ):
        parts: dict[str, tuple[int, int]] = {}
        writer.add_graph(GRAPH_ONTOLOGY, ontology)
        writer.add_graph(GRAPH_REFERENCE, reference)
        seen: dict[str, Path] = {}
        for path, result, read_warnings in results:
            warnings.extend(read_warnings)
            if isinstance(result, str):
                skipped.append(Skip(path, result))
                say(f"skipped {result}")
                continue
            if result.iri in seen:
                reason = f"{path}: same article name as {seen[result.iri]}"
                skipped.append(Skip(path, reason))
                say(f"skipped {reason}")
                continue
            seen[result.iri] = path
            if result.refused:
                refused.append(_refuse(Refusal(path, result.report), say))
                continue
            writer.add_ntriples(result.iri, result.ntriples, result.triples)
            parts[result.iri] = (spool.tell(), len(result.inferred))
            spool.write(result.inferred)
            all_local = all_local and result.reasoned
            order[result.iri] = path
            say(f"built {path} ({result.triples} triples)")
        mapped = time.perf_counter()
        if validate:
            for r in _entity_refusals(writer, order, reference):
                refused.append(_refuse(r, say))
        validated = time.perf_counter()
        if refused and strict:
            raise ValidationError(
                f"{len(refused)} article(s) violate the shapes (first: {refused[0].path}); "
                "--strict: nothing stored, the previous store is kept"
            )
        if not order:
            reasons = "; ".join([s.reason for s in skipped[:3]] + [r.line() for r in refused[:3]])
            raise KgError(
                f"no article could be built ({len(skipped)} skipped, {len(refused)} refused: {reasons})"
            )
        inferred = _complete_inferences(
            writer, spool, [parts[n] for n in order], ontology, reference, all_local
        )
        reasoned = time.perf_counter()
        info = writer.commit()
    finished = time.perf_counter()
    say(f"reasoned in {reasoned - validated:.2f}s: {inferred} new triples")
    return BuildReport(
        store=store,
        built=tuple(order.values()),
        skipped=tuple(skipped),
        quads=info.quads,
        inferred=inferred,
        seconds=finished - started,
        reason_seconds=reasoned - validated,
        timings={
            "prepare and load articles": mapped - started,
            "validate entity layer": validated - mapped,
            "reason": reasoned - validated,
            "write": finished - reasoned,
        },
        refused=tuple(refused),
        validated=validate,
        warnings=tuple(warnings),
        workers=workers if len(files) >= POOL_MIN_ARTICLES else 1,
    )


def _complete_inferences(
    writer: StoreWriter,
    spool,
    parts: list[tuple[int, int]],
    ontology: Graph,
    reference: Graph,
    all_local: bool,
) -> int:
    """Write the inferred graph of the new store and its share of the union; return its size.

    It holds the articles' local inferences (read back from ``spool`` at ``parts``: offset, length),
    those of the ontology and reference list, and what the rules with two premises add over all of
    them (kg.inference.union_inferences); else (``all_local`` False, or data the compiled rules do
    not cover) the closure of the whole entity layer by kg.rules.infer (owlrl when needed).
    Triples some graph states are left out.
    """
    writer.flush()
    rules = Preparer(validate=False).rules if all_local else None
    inferred = ox.NamedNode(GRAPH_INFERRED)
    try:
        if rules is None:
            raise UnsupportedOntology("the articles need reasoning over their union")
        extra = Graph()
        for t in rules.useful(rules.base(reference)):
            extra.add(t)
        data, _ = graph_ntriples(extra, GRAPH_INFERRED)
        chunks = [data]
        for offset, length in parts:
            spool.seek(offset)
            chunks.append(spool.read(length))
            if sum(len(c) for c in chunks) > 32_000_000:
                _load(writer.store, chunks, inferred)
                chunks = []
        _load(writer.store, chunks, inferred)
        closed = Graph()
        for t in union_inferences(writer.store, rules):  # EqualityNeeded: two values, owl:sameAs
            closed.add(t)
        data, _ = graph_ntriples(closed, GRAPH_INFERRED)
        _load(writer.store, [data], inferred)
    except UnsupportedOntology:  # owl:sameAs, schema terms in the data, ...: kg.rules or owlrl over all
        writer.store.remove_graph(inferred)
        graph = infer_all(ontology, reference, [store_entity_layer(writer.store)]).graph
        data, _ = graph_ntriples(graph, GRAPH_INFERRED)
        writer.store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES, to_graph=inferred)
    g = f"<{GRAPH_INFERRED}>"
    writer.store.update(
        f"DELETE {{ GRAPH {g} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }}"
        f" GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {g}) }}"
    )
    data = writer.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=inferred) or b""
    count = data.count(b"\n")
    writer.store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
    writer.quads += count
    writer.graphs += 1 if count else 0
    return count


def _load(store: ox.Store, chunks: list[bytes], graph: ox.NamedNode) -> None:
    """Bulk-load the N-Triples ``chunks`` into ``graph`` of ``store``."""
    store.bulk_load(input=b"".join(chunks), format=ox.RdfFormat.N_TRIPLES, to_graph=graph)


def _refuse(refusal: Refusal, say: Progress) -> Refusal:
    """Report ``refusal`` through ``say`` (its line, then its validation report) and return it."""
    say(refusal.line())
    for line in refusal.report.text().splitlines():
        say(f"  {line}")
    return refusal
