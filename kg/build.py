"""Building a store from articles: load → map → validate each article, reason once, write atomically."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from ._util import one_line
from .articles import find_articles, load_article
from .errors import KgError
from .mapper import map_article
from .namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_REFERENCE
from .reason import infer
from .resources import data_files, load_graph
from .store import check_target, resolve_store_path, write_store
from .validate import load_shapes, validate_graph

__all__ = ["DEFAULT_ARTICLES", "Skip", "BuildReport", "build", "load_ontology", "load_reference"]

DEFAULT_ARTICLES = Path("seeds")
REFERENCE_FILE = "agencies.ttl"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Skip:
    """An article left out of the build and the one-line reason why."""

    path: Path
    reason: str


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

    def summary(self) -> str:
        """Return the one-line summary of the build."""
        return (
            f"built {len(self.built)} articles, skipped {len(self.skipped)}, "
            f"{self.quads} triples in {self.store}"
        )


def load_ontology() -> Graph:
    """Return the ontology: every ``ontology/*.ttl`` except the reference list of agencies."""
    return load_graph([f for f in data_files("ontology", "*.ttl") if f.name != REFERENCE_FILE])


def load_reference() -> Graph:
    """Return the reference list of well-known agencies (``ontology/agencies.ttl``), empty if absent."""
    return load_graph(data_files("ontology", REFERENCE_FILE))


def _map_one(path: Path, shapes: Graph, seen: dict[str, Path]) -> tuple[str, Graph]:
    """Return (graph IRI, graph) of the article at ``path``; raise KgError saying why it is skipped."""
    article = load_article(path)
    if article.iri in seen:
        raise KgError(f"{path}: same article name as {seen[article.iri]}")
    try:
        graph = map_article(article)
    except KgError:
        raise
    except Exception as e:  # a mapper bug on one article must not lose the whole build
        raise KgError(f"{path}: mapping failed: {type(e).__name__}: {one_line(e)}") from e
    report = validate_graph(graph, shapes)
    if not report.conforms:
        bad = [v for v in report.violations if v.severity == "Violation"]
        raise KgError(f"{path}: {len(bad)} shape violation(s), first: {bad[0].line()}")
    return article.iri, graph


def build(
    paths: Sequence[Path] | None = None,
    store_path: Path | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Build the articles at ``paths`` (default ``seeds/``) into a new store at ``store_path``.

    Returns the BuildReport. Articles that cannot be read, mapped or validated are skipped and listed
    in the report; KgError is raised only if no article could be built or the store cannot be written
    (the previous store is then left untouched).
    """
    started = time.perf_counter()
    say = progress or (lambda _message: None)
    store = resolve_store_path(store_path)
    check_target(store)
    if not paths:
        if not DEFAULT_ARTICLES.is_dir():
            raise KgError(f"no articles given and no {DEFAULT_ARTICLES}/ folder here")
        paths = [DEFAULT_ARTICLES]
    files = find_articles([Path(p) for p in paths])
    if not files:
        raise KgError(f"no articles found in {', '.join(str(p) for p in paths)}")

    shapes = load_shapes()
    graphs: dict[str, Graph] = {}
    seen: dict[str, Path] = {}
    built: list[Path] = []
    skipped: list[Skip] = []
    for path in files:
        try:
            iri, graph = _map_one(path, shapes, seen)
        except KgError as e:
            skipped.append(Skip(path, one_line(e)))
            say(f"skipped {one_line(e)}")
            continue
        graphs[iri] = graph
        seen[iri] = path
        built.append(path)
        say(f"built {path} ({len(graph)} triples)")
    mapped = time.perf_counter()
    if not built:
        reasons = "; ".join(s.reason for s in skipped[:3])
        raise KgError(f"no article could be built ({len(skipped)} skipped: {reasons})")

    ontology, reference = load_ontology(), load_reference()
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
            "map": mapped - started,
            "reason": reasoned.seconds,
            "write": finished - mapped - reasoned.seconds,
        },
    )
