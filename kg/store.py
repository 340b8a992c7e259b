"""The embedded store: a pyoxigraph (RocksDB) dataset on disk, written atomically by each build.

Layout of a store folder (``.kg/`` by default)::

    .kg/kg-store.json   marker: format name and version, what was built and when
    .kg/oxigraph/       the pyoxigraph store: one named graph per article, plus the ontology,
                        reference and inferred graphs (see docs/model.md); the default graph
                        holds their distinct union, which queries read

A build never touches the live store while it works: it writes a brand-new store in a sibling
temporary folder and only swaps it into place once complete, so a failed build leaves the previous
store as it was. The swap is one atomic exchange of the two folders (Linux ``renameat2``), so a reader
or a ``kill -9`` never finds the store half-replaced or missing; writers hold the store lock
(``kg.lock``) and clear what killed builds left behind (``clean_temporaries``).
"""

from __future__ import annotations

import ctypes
import errno
import gc
import glob
import json
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from . import __version__
from ._util import one_line
from .errors import StoreError
from .namespaces import short_hash

__all__ = [
    "StagedStore",
    "StoreWriter",
    "graph_ntriples",
    "in_graph",
    "drop_graph",
    "put_graph",
    "rebuild_union",
    "read_graph",
    "to_rdflib",
    "STORE_ENV",
    "DEFAULT_STORE",
    "MARKER",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "StoreInfo",
    "resolve_store_path",
    "is_store",
    "store_info",
    "open_store",
    "graph_quads",
    "write_store",
    "check_target",
    "clean_temporaries",
]

STORE_ENV = "KG_STORE"
DEFAULT_STORE = ".kg"
MARKER = "kg-store.json"
FORMAT_NAME = "kg-store"
FORMAT_VERSION = 2  # 2: the default graph holds the distinct union of the named graphs
_DATA = "oxigraph"
_BULK_BYTES = 48_000_000  # N-Quads bytes per bulk load when writing a store
OLD_STORE_GRACE = 600.0


@dataclass(frozen=True)
class StoreInfo:
    """What a store's marker says about it."""

    path: Path
    format_version: int
    kg_version: str
    built_at: str
    graphs: int
    quads: int


def resolve_store_path(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the store folder to use: ``path`` if given, else ``$KG_STORE``, else ``.kg`` in the cwd."""
    if path is not None and str(path) != "":
        return Path(path)
    env = os.environ.get(STORE_ENV)
    return Path(env) if env else Path(DEFAULT_STORE)


def is_store(path: Path) -> bool:
    """Return whether ``path`` is a folder holding a kg store marker."""
    return (Path(path) / MARKER).is_file()


def store_info(path: Path) -> StoreInfo:
    """Return the marker of the store at ``path``; raise StoreError if there is none or it is not kg's."""
    path = Path(path)
    if not path.exists():
        raise StoreError(f"no store at {path}: run `kg build` first")
    if not path.is_dir():
        raise StoreError(f"{path} is a file, not a kg store")
    marker = path / MARKER
    if not marker.is_file():
        raise StoreError(f"{path} is not a kg store (it has no {MARKER})")
    try:
        meta = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise StoreError(f"{marker}: unreadable store marker ({e})") from e
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_NAME:
        raise StoreError(f"{path} is not a kg store ({MARKER} does not name the {FORMAT_NAME} format)")
    version = meta.get("version")
    if version != FORMAT_VERSION:
        raise StoreError(
            f"{path} is a kg store of format version {version}; this kg reads version {FORMAT_VERSION}:"
            " run `kg build` again"
        )
    return StoreInfo(
        path=path,
        format_version=version,
        kg_version=str(meta.get("kg_version", "")),
        built_at=str(meta.get("built_at", "")),
        graphs=int(meta.get("graphs", 0)),
        quads=int(meta.get("quads", 0)),
    )


def open_store(path: Path) -> ox.Store:
    """Return the store at ``path`` opened read-only; raise StoreError if it is missing or not a kg store."""
    info = store_info(path)
    try:
        return ox.Store.read_only(str(_pinned(info.path) / _DATA))
    except OSError as e:
        raise StoreError(f"cannot open the store at {path}: {one_line(e)}") from e
    except RuntimeError as e:  # RocksDB's "Corruption: ..."
        raise StoreError(f"the store at {path} is corrupted ({one_line(e)}): run `kg build` again") from e


_PINNED: dict[tuple[int, int], int] = {}
_PINNING = threading.Lock()


def _pinned(folder: Path) -> Path:
    """Return a path that names the store folder now at ``folder`` for as long as this process lives.

    RocksDB opens some of its files only when a query needs them, by path. Through
    ``/proc/self/fd/N`` (N a descriptor of the folder, kept open: one per store generation this
    process opened) those paths stay on the store that was opened, even after a build swapped a new
    store in at ``folder``; a reader never mixes files of two stores. Elsewhere than Linux: ``folder``.
    """
    if not Path("/proc/self/fd").is_dir():
        return folder
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    st = os.fstat(fd)
    with _PINNING:
        kept = _PINNED.setdefault((st.st_dev, st.st_ino), fd)
    if kept != fd:
        os.close(fd)
    return Path(f"/proc/self/fd/{kept}")


def _canonical_bnodes(quads: list[ox.Quad], graph_iri: str) -> list[ox.Quad]:
    """Return ``quads`` with blank nodes renamed canonically, prefixed by a hash of their graph.

    Blank node labels then depend only on the graph's content, so two builds of the same articles
    give identical stores and exports, and blank nodes of different graphs never meet.
    """
    if not any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object)):
        return quads
    dataset = ox.Dataset(quads)
    algorithm = (
        getattr(ox.CanonicalizationAlgorithm, "RDFC_1_0", None) or ox.CanonicalizationAlgorithm.UNSTABLE
    )
    dataset.canonicalize(algorithm)
    prefix = f"g{short_hash(graph_iri, 8)}"

    def rename(term):
        return ox.BlankNode(f"{prefix}{term.value}") if isinstance(term, ox.BlankNode) else term

    return [ox.Quad(rename(q.subject), q.predicate, rename(q.object), q.graph_name) for q in dataset]


def graph_quads(graph: Graph, graph_iri: str) -> list[ox.Quad]:
    """Return the triples of an rdflib ``graph`` as pyoxigraph quads in the named graph ``graph_iri``."""
    data = graph.serialize(format="nt", encoding="utf-8")
    name = ox.NamedNode(graph_iri)
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, name) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    ]
    return _canonical_bnodes(quads, graph_iri)


def graph_ntriples(graph: Graph, graph_iri: str) -> tuple[bytes, int]:
    """Return (N-Triples, number of triples) of an rdflib ``graph`` about to be stored as ``graph_iri``.

    Blank nodes are renamed canonically as in graph_quads; each line ends with `` .\n``.
    """
    data = graph.serialize(format="nt", encoding="utf-8")
    if b"_:" not in data:
        return data, len(graph)
    quads = graph_quads(graph, graph_iri)
    return ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES) or b"", len(quads)


def in_graph(ntriples: bytes, graph_iri: str) -> bytes:
    """Return the N-Triples lines of ``ntriples`` as N-Quads lines in the graph ``graph_iri``.

    An N-Triples line ends with `` .`` and a newline never occurs inside one (literals escape it).
    """
    return ntriples.replace(b" .\n", f" <{graph_iri}> .\n".encode())


class StoreWriter:
    """A new store written in a temporary folder beside ``target``; ``commit()`` swaps it into place.

    Each graph added goes to its named graph and to the default graph (their distinct union, which
    queries read), in bulk loads of a few tens of MB. ``store`` is readable between ``flush()`` calls,
    so the builder can check what it wrote. Leaving the ``with`` block without ``commit()`` deletes the
    new store and leaves ``target`` untouched. Raises StoreError if ``target`` must not be replaced.
    """

    def __init__(self, target: Path) -> None:
        self.target = Path(target)
        check_target(self.target)
        parent = self.target.absolute().parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            self.path = Path(tempfile.mkdtemp(prefix=f"{self.target.name}.tmp-", dir=parent))
        except OSError as e:
            raise StoreError(f"cannot create a store next to {self.target}: {one_line(e)}") from e
        try:
            self.store: ox.Store | None = ox.Store(str(self.path / _DATA))
        except BaseException as e:
            shutil.rmtree(self.path, ignore_errors=True)
            if not isinstance(e, Exception):
                raise
            raise StoreError(f"cannot create a store next to {self.target}: {one_line(e)}") from e
        self.graphs = 0
        self.quads = 0
        self._named: list[bytes] = []
        self._union: list[bytes] = []
        self._pending = 0

    def __enter__(self) -> StoreWriter:
        return self

    def __exit__(self, *exc_info) -> None:
        self.discard()

    def add_ntriples(self, graph_iri: str, ntriples: bytes, triples: int) -> None:
        """Add the graph ``graph_iri`` given as N-Triples (``triples`` lines, from graph_ntriples)."""
        self._named.append(in_graph(ntriples, graph_iri))
        self._union.append(ntriples)
        self.graphs += 1
        self.quads += triples
        self._pending += 2 * len(ntriples)
        if self._pending >= _BULK_BYTES:  # each bulk load writes new RocksDB files: not too many
            self.flush()

    def add_graph(self, graph_iri: str, graph: Graph) -> None:
        """Add the rdflib ``graph`` as the named graph ``graph_iri``."""
        self.add_ntriples(graph_iri, *graph_ntriples(graph, graph_iri))

    def flush(self) -> None:
        """Load what was added into the store."""
        if self.store is None:
            raise StoreError("the new store was already committed or discarded")
        if self._named:
            self.store.bulk_load(input=b"".join(self._named), format=ox.RdfFormat.N_QUADS)
            self.store.bulk_load(input=b"".join(self._union), format=ox.RdfFormat.N_TRIPLES)
        self._named, self._union, self._pending = [], [], 0

    def drop(self, graph_iri: str) -> int:
        """Remove the named graph ``graph_iri`` (already loaded) and its share of the union.

        Returns how many quads went."""
        self.flush()
        gone = drop_graph(self.store, graph_iri)
        self.graphs -= 1
        self.quads -= gone
        return gone

    def commit(self) -> StoreInfo:
        """Swap the new store into place; return its marker. Raises StoreError on failure."""

        def meta() -> dict:
            self.flush()
            return {
                "format": FORMAT_NAME,
                "version": FORMAT_VERSION,
                "kg_version": __version__,
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "graphs": self.graphs,
                "quads": self.quads,
            }

        _publish(self, meta)
        info = store_info(self.target)
        return StoreInfo(**{**asdict(info), "path": self.target})

    def discard(self) -> None:
        """Delete the new store (if not committed); ``target`` stays as it was."""
        self.store = None
        self._named, self._union = [], []
        gc.collect()
        if self.path.exists():
            shutil.rmtree(self.path, ignore_errors=True)


def _publish(new: StoreWriter | StagedStore, meta: Callable[[], dict]) -> None:
    """Close the store being written in ``new.path``, write its marker (``meta()``) and swap it in at
    ``new.target``. On any failure ``new`` is discarded, the old store kept, and StoreError raised."""
    try:
        marker = meta()
        new.store.flush()
        new.store = None
        gc.collect()  # pyoxigraph has no close(): dropping the object releases RocksDB's files
        (new.path / MARKER).write_text(json.dumps(marker, indent=1) + "\n", encoding="utf-8")
        _swap(new.path, new.target)
    except BaseException as e:
        new.discard()
        if isinstance(e, StoreError) or not isinstance(e, Exception):
            raise
        raise StoreError(f"cannot write the store at {new.target}: {one_line(e)}") from e


def check_target(target: Path) -> None:
    """Raise StoreError unless ``target`` is absent, an empty folder or a kg store (safe to replace)."""
    if not target.exists():
        return
    if not target.is_dir():
        raise StoreError(f"{target} is a file, not a kg store; refusing to replace it")
    if is_store(target):
        return
    if any(target.iterdir()):
        raise StoreError(f"{target} is not a kg store (it has no {MARKER}); refusing to replace it")


def write_store(target: Path, graphs: Mapping[str, Graph] | Iterable[tuple[str, Graph]]) -> StoreInfo:
    """Write ``graphs`` (graph IRI → rdflib graph) as a new store that atomically replaces ``target``.

    Returns the new store's marker. On any failure the previous store at ``target`` is left untouched
    and StoreError is raised.
    """
    with StoreWriter(Path(target)) as writer:
        items = graphs.items() if isinstance(graphs, Mapping) else graphs
        try:
            for graph_iri, graph in items:
                writer.add_graph(graph_iri, graph)
        except BaseException as e:
            if isinstance(e, StoreError) or not isinstance(e, Exception):
                raise
            raise StoreError(f"cannot write the store at {target}: {one_line(e)}") from e
        return writer.commit()


def _swap(new: Path, target: Path) -> None:
    """Move the complete store ``new`` to ``target``, replacing (and then deleting) any previous one."""
    old = None
    if target.exists():
        check_target(target)
        old = target.with_name(f"{target.name}.old-{int(time.time())}-{uuid.uuid4().hex[:8]}")
        if _exchange(new, target):  # one atomic step: `new` now holds the previous store
            os.rename(new, old)  # kept for readers that opened it (see clean_temporaries)
            return
        os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        if old is not None:
            os.rename(old, target)
        raise


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap the folders ``a`` and ``b`` in one atomic step (Linux ``renameat2``); return whether it did.

    False when the system or file system cannot (then nothing was changed).
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_cwd = -100
    if renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(b))


def clean_temporaries(target: Path, grace: float = OLD_STORE_GRACE) -> list[Path]:
    """Remove what earlier builds left beside ``target``; return the paths removed or restored.

    A build killed while writing leaves a ``<name>.tmp-*`` folder (removed). A replaced store stays
    as ``<name>.old-<time>-*`` for ``grace`` seconds, since readers that opened it may still read its
    files, then is removed. A build killed between the two renames of the fallback swap (systems
    without an atomic exchange) leaves no ``target``: the newest old store is put back. Call only
    while holding the store lock.
    """
    target = Path(target).absolute()
    done: list[Path] = []
    olds = sorted(target.parent.glob(f"{glob.escape(target.name)}.old-*"), key=_old_time, reverse=True)
    if not target.exists():
        for old in olds:
            if is_store(old):
                os.rename(old, target)
                done.append(old)
                olds.remove(old)
                break
    expired = [old for old in olds if time.time() - _old_time(old) > grace]
    for stale in [*target.parent.glob(f"{glob.escape(target.name)}.tmp-*"), *expired]:
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
            done.append(stale)
    return done


# --- Incremental updates (kg ingest, kg remove) ------------------------------------------------------
# An update works on a staged copy of the store (a RocksDB checkpoint: hard links, instant), changes
# one article graph at a time there, and swaps the copy into place like a build does. A crash or an
# error before the swap leaves the live store exactly as it was, so a reader sees either the old
# graphs or the new ones, never a mix.


class StagedStore:
    """A writable copy of the store at ``target``: ``commit()`` replaces ``target`` with it atomically.

    Use as a context manager; leaving the block without ``commit()`` (or with an exception) deletes
    the copy and leaves ``target`` untouched. Raises StoreError if ``target`` is not a kg store.
    """

    def __init__(self, target: Path) -> None:
        self.target = Path(target)
        self.info = store_info(self.target)
        try:
            parent = self.target.absolute().parent
            self.path = Path(tempfile.mkdtemp(prefix=f"{self.target.name}.tmp-", dir=parent))
        except OSError as e:
            raise StoreError(f"cannot create a store next to {self.target}: {one_line(e)}") from e
        try:
            live = ox.Store.read_only(str(self.target / _DATA))
            live.backup(str(self.path / _DATA))
            del live
            gc.collect()
            self.store: ox.Store | None = ox.Store(str(self.path / _DATA))
        except BaseException as e:
            shutil.rmtree(self.path, ignore_errors=True)
            if isinstance(e, StoreError) or not isinstance(e, Exception):
                raise
            raise StoreError(f"cannot copy the store at {self.target}: {one_line(e)}") from e
        self.graphs = self.info.graphs
        self.quads = self.info.quads

    def put(self, graph_iri: str, graph: Graph | None) -> None:
        """Replace the named graph ``graph_iri`` by ``graph`` (None: remove it), union included."""
        if self.store is None:
            raise StoreError("the staged store was already committed or discarded")
        if self.store.contains_named_graph(ox.NamedNode(graph_iri)):
            self.quads -= drop_graph(self.store, graph_iri)
            self.graphs -= 1
        if graph is not None and len(graph):
            self.quads += put_graph(self.store, graph_iri, graph)
            self.graphs += 1

    def __enter__(self) -> StagedStore:
        return self

    def __exit__(self, *exc_info) -> None:
        self.discard()

    def commit(self) -> StoreInfo:
        """Swap the copy into place as the store; return the new marker. Raises StoreError on failure."""
        if self.store is None:
            raise StoreError("the staged store was already committed or discarded")

        def meta() -> dict:
            old = json.loads((self.target / MARKER).read_text(encoding="utf-8"))
            return {
                **old,
                "kg_version": __version__,
                "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "graphs": self.graphs,
                "quads": self.quads,
            }

        _publish(self, meta)
        return store_info(self.target)

    def discard(self) -> None:
        """Delete the copy (if not committed); the store at ``target`` stays as it was."""
        self.store = None
        gc.collect()
        if self.path.exists() and self.path != self.target:
            shutil.rmtree(self.path, ignore_errors=True)


def put_graph(store: ox.Store, graph_iri: str, graph: Graph) -> int:
    """Add ``graph`` to ``store`` as the named graph ``graph_iri`` and to the union (default graph).

    The named graph must not exist yet (see drop_graph). Returns the number of quads added."""
    quads = graph_quads(graph, graph_iri)
    default = ox.DefaultGraph()
    store.extend(quads + [ox.Quad(q.subject, q.predicate, q.object, default) for q in quads])
    return len(quads)


def drop_graph(store: ox.Store, graph_iri: str) -> int:
    """Remove the named graph ``graph_iri`` from ``store``, and from the union (default graph) the
    triples no other named graph states. Returns how many quads the named graph had."""
    name = ox.NamedNode(graph_iri)
    quads = list(store.quads_for_pattern(None, None, None, name))
    default = ox.DefaultGraph()
    for q in quads:
        stated = store.quads_for_pattern(q.subject, q.predicate, q.object, None)
        if not any(isinstance(f.graph_name, ox.NamedNode) and f.graph_name != name for f in stated):
            store.remove(ox.Quad(q.subject, q.predicate, q.object, default))
    if store.contains_named_graph(name):
        store.remove_graph(name)
    return len(quads)


def rebuild_union(store: ox.Store) -> int:
    """Make the default graph of ``store`` the distinct union of its named graphs; return its size.

    For stores filled by other means than kg (tests, other tools): kg's writers keep it up to date."""
    store.update("DROP DEFAULT")
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def to_rdflib(term):
    """Return the rdflib term of a pyoxigraph term (a plain string literal has no datatype in rdflib)."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


def read_graph(store: ox.Store, graph_iri: str) -> Graph:
    """Return the named graph ``graph_iri`` of ``store`` as an rdflib graph (empty if absent)."""
    graph = Graph()
    for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)):
        graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return graph


def _old_time(old: Path) -> float:
    """Return when the replaced store ``old`` (``<name>.old-<time>-<hex>``) was replaced (0 if unknown)."""
    stamp = old.name.rsplit(".old-", 1)[-1].split("-")[0]
    return float(stamp) if stamp.isdigit() else 0.0
