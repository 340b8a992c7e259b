"""Building a store from articles: load → map → validate each article, reason once, write atomically.

Validation is a gate: an article whose graph violates the article shapes, or whose facts break the
entity-layer shapes together with the articles before it (e.g. an agency cycle, a second name for an
official), is refused with its report and left out; ``strict`` refuses the whole build instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from ._util import one_line
from .articles import find_articles, load_article
from .errors import KgError, ValidationError
from .lock import DEFAULT_WAIT, store_lock
from .mapper import map_article
from .namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_REFERENCE
from .reason import infer
from .resources import data_files, load_graph
from .store import check_target, clean_temporaries, resolve_store_path, write_store
from .validate import (
    ValidationReport,
    load_entity_shapes,
    load_shapes,
    validate_entity_layer,
    validate_graph,
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
REFERENCE_FILE = "agencies.ttl"

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

    def summary(self) -> str:
        """Return the one-line summary of the build."""
        return (
            f"built {len(self.built)} articles, skipped {len(self.skipped)}, refused {len(self.refused)}, "
            f"{self.quads} triples in {self.store}"
        )


def load_ontology() -> Graph:
    """Return the ontology: every ``ontology/*.ttl`` except the reference list of agencies."""
    return load_graph([f for f in data_files("ontology", "*.ttl") if f.name != REFERENCE_FILE])


def load_reference() -> Graph:
    """Return the reference list of well-known agencies (``ontology/agencies.ttl``), empty if absent."""
    return load_graph(data_files("ontology", REFERENCE_FILE))


def _map_one(path: Path, seen: dict[str, Path], warn: Progress | None = None) -> tuple[str, Graph]:
    """Return (graph IRI, graph) of the article at ``path``; raise KgError saying why it is skipped.

    ``warn`` hears about text read despite a problem (e.g. not UTF-8)."""
    article = load_article(path, warn)
    if article.iri in seen:
        raise KgError(f"{path}: same article name as {seen[article.iri]}")
    try:
        graph = map_article(article)
    except KgError:
        raise
    except Exception as e:  # a mapper bug on one article must not lose the whole build
        raise KgError(f"{path}: mapping failed: {type(e).__name__}: {one_line(e)}") from e
    return article.iri, graph


def _entity_refusals(
    graphs: dict[str, Graph], paths: dict[str, Path], reference: Graph, shapes: Graph
) -> list[Refusal]:
    """Remove from ``graphs`` the articles whose facts break the entity shapes; return their refusals.

    For each violation, the last article (in build order) stating the bad fact is refused, and the
    entity layer is checked again, until it conforms: earlier articles win over later ones.
    """
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
        if not blamed:  # nothing an article can be blamed for (e.g. the reference list itself)
            break
        for name, found in blamed.items():
            del graphs[name]
            refused.append(Refusal(paths[name], ValidationReport(False, tuple(found), 1)))
    return refused


def build(
    paths: Sequence[Path] | None = None,
    store_path: Path | None = None,
    progress: Progress | None = None,
    strict: bool = False,
    validate: bool = True,
    wait: float = DEFAULT_WAIT,
) -> BuildReport:
    """Build the articles at ``paths`` (default ``seeds/``) into a new store at ``store_path``.

    Returns the BuildReport. Articles that cannot be read or mapped are skipped, articles that violate
    the shapes are refused (``progress`` gets their report); both are listed in the report. KgError is
    raised if no article could be built or the store cannot be written, ValidationError if ``strict``
    and an article is refused; the previous store is then left untouched. ``validate=False`` stores
    the articles without checking them. The build holds the store's lock (``kg.lock``): another build
    of the same store waits up to ``wait`` seconds for it, then fails with StoreError.
    """
    store = resolve_store_path(store_path)
    check_target(store)
    with store_lock(store, wait, progress):
        clean_temporaries(store)
        return _build(paths, store, progress, strict, validate)


def _build(
    paths: Sequence[Path] | None, store: Path, progress: Progress | None, strict: bool, validate: bool
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

    shapes = load_shapes() if validate else None
    graphs: dict[str, Graph] = {}
    refused: list[Refusal] = []
    checked = 0.0
    seen: dict[str, Path] = {}
    built: list[Path] = []
    skipped: list[Skip] = []
    warnings: list[str] = []
    for path in files:
        try:
            iri, graph = _map_one(path, seen, warnings.append)
        except KgError as e:
            skipped.append(Skip(path, one_line(e)))
            say(f"skipped {one_line(e)}")
            continue
        seen[iri] = path
        if shapes is not None:
            checking = time.perf_counter()
            report = validate_graph(graph, shapes, graph_name=iri)
            checked += time.perf_counter() - checking
            if not report.conforms:
                refused.append(_refuse(Refusal(path, report), say))
                continue
        graphs[iri] = graph
        built.append(path)
        say(f"built {path} ({len(graph)} triples)")
    mapped = time.perf_counter()
    ontology, reference = load_ontology(), load_reference()
    if shapes is not None:
        for r in _entity_refusals(graphs, seen, reference, load_entity_shapes()):
            refused.append(_refuse(r, say))
            built.remove(r.path)
    validated = time.perf_counter()
    if refused and strict:
        raise ValidationError(
            f"{len(refused)} article(s) violate the shapes (first: {refused[0].path}); "
            "--strict: nothing stored, the previous store is kept"
        )
    if not built:
        reasons = "; ".join([s.reason for s in skipped[:3]] + [r.line() for r in refused[:3]])
        raise KgError(
            f"no article could be built ({len(skipped)} skipped, {len(refused)} refused: {reasons})"
        )

    asserted = {t for g in graphs.values() for t in g}
    reasoned = infer(ontology, reference, graphs.values(), asserted=asserted | set(reference) | set(ontology))
    say(f"reasoned in {reasoned.seconds:.2f}s: {len(reasoned.graph)} new triples")

    all_graphs = {
        GRAPH_ONTOLOGY: ontology,
        GRAPH_REFERENCE: reference,
        **graphs,
        GRAPH_INFERRED: reasoned.graph,
    }
    info = write_store(store, all_graphs)
    finished = time.perf_counter()
    return BuildReport(
        store=store,
        built=tuple(built),
        skipped=tuple(skipped),
        quads=info.quads,
        inferred=len(reasoned.graph),
        seconds=finished - started,
        reason_seconds=reasoned.seconds,
        timings={
            "map": mapped - started - checked,
            "validate articles": checked,
            "validate entity layer": validated - mapped,
            "reason": reasoned.seconds,
            "write": finished - validated - reasoned.seconds,
        },
        refused=tuple(refused),
        validated=shapes is not None,
        warnings=tuple(warnings),
    )


def _refuse(refusal: Refusal, say: Progress) -> Refusal:
    """Report ``refusal`` through ``say`` (its line, then its validation report) and return it."""
    say(refusal.line())
    for line in refusal.report.text().splitlines():
        say(f"  {line}")
    return refusal
