"""``kg push``: send the store to a SPARQL 1.1 Graph Store Protocol server, one named graph at a time.

Each graph of the store (one per article, plus the reference, ontology and inferred graphs) and the
dataset description go out as ``PUT {graph store}?graph=IRI`` with an N-Triples body: PUT replaces
the graph, so pushing twice leaves no duplicates. Works with Oxigraph server (``/store``), Fuseki
(``/DATASET/data``), GraphDB (``/repositories/REPO/rdf-graphs/service``) and Virtuoso
(``/sparql-graph-crud-auth``, digest auth); when no graph store URL is given it is guessed from the
query endpoint's URL by those conventions.
"""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .export import describe_dataset, store_quads
from .remote import DEFAULT_TIMEOUT, Credentials, RemoteError, http_session, send
from .store import open_store

__all__ = ["PushReport", "guess_graph_store", "push"]


@dataclass(frozen=True)
class PushReport:
    """What a push sent: the graph store URL, the graphs and triples sent, and how long it took (s)."""

    graph_store: str
    graphs: int
    triples: int
    seconds: float

    def summary(self) -> str:
        """Return the one-line summary of the push."""
        return (
            f"pushed {self.graphs} graphs ({self.triples} triples) to {self.graph_store}"
            f" in {self.seconds:.2f}s"
        )


def guess_graph_store(endpoint: str, authenticated: bool = False) -> str:
    """Return the Graph Store Protocol URL that goes with the SPARQL query ``endpoint``.

    Oxigraph ``/query`` → ``/store``; Fuseki ``/DS/query`` or ``/DS/sparql`` → ``/DS/data``;
    GraphDB ``/repositories/R`` → ``/repositories/R/rdf-graphs/service``; Virtuoso ``/sparql`` →
    ``/sparql-graph-crud-auth`` (``/sparql-graph-crud`` without credentials); otherwise the
    endpoint itself.
    """
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    segments = path.split("/")
    if path == "/query":
        new = "/store"
    elif len(segments) == 3 and segments[-1] in ("query", "sparql") and segments[1] != "repositories":
        new = f"/{segments[1]}/data"
    elif len(segments) == 3 and segments[1] == "repositories":
        new = f"{path}/rdf-graphs/service"
    elif path == "/sparql":
        new = "/sparql-graph-crud-auth" if authenticated else "/sparql-graph-crud"
    else:
        new = path
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, new, "", ""))


def push(
    store_path: Path,
    endpoint: str,
    graph_store: str | None = None,
    credentials: Credentials | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Callable[[str], None] | None = None,
) -> PushReport:
    """Send every graph of the store at ``store_path`` to a Graph Store Protocol server.

    Returns what was sent. RemoteError (one line) for refused authentication, an unreachable
    host, a timeout or a non-2xx answer; graphs sent before the error stay sent.
    """
    url = graph_store or guess_graph_store(endpoint, credentials is not None)
    if not urllib.parse.urlsplit(url).scheme.startswith("http"):
        raise RemoteError(f"push: {url!r} is not an http(s) URL")
    started = time.monotonic()
    quads = store_quads(open_store(store_path))
    quads += describe_dataset(quads, len(quads))
    by_graph: dict[str, list[ox.Triple]] = {}
    for q in quads:
        if isinstance(q.graph_name, ox.NamedNode):
            by_graph.setdefault(q.graph_name.value, []).append(q.triple)
    session = http_session(credentials)
    headers = {"Content-Type": "application/n-triples"}
    for n, (graph, triples) in enumerate(sorted(by_graph.items()), 1):
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        target = f"{url}?{urllib.parse.urlencode({'graph': graph})}"
        send(session, "PUT", target, f"push of {graph}", timeout, data=body, headers=headers)
        if progress is not None:
            progress(f"[{n}/{len(by_graph)}] {graph} ({len(triples)} triples)")
    triples = sum(len(t) for t in by_graph.values())
    return PushReport(url, len(by_graph), triples, time.monotonic() - started)
