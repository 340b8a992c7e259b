"""Where kg's data folders (ontology, shapes, queries) are: inside the installed package or the checkout.

An installed wheel carries them as ``kg/_data/<name>``; an editable install or a source checkout has
them at the top of the repository, next to the ``kg`` package.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .errors import KgError

__all__ = [
    "DATA_FOLDERS",
    "REFERENCE_FILE",
    "data_dir",
    "data_files",
    "load_graph",
    "load_ontology",
    "load_reference",
]

DATA_FOLDERS = ("ontology", "shapes", "queries")
REFERENCE_FILE = "agencies.ttl"

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder holding kg's ``name`` data (one of DATA_FOLDERS), installed copy first.

    The returned path may not exist when neither copy is there (e.g. a checkout without that folder).
    """
    if name not in DATA_FOLDERS:
        raise ValueError(f"unknown data folder {name!r}; expected one of {', '.join(DATA_FOLDERS)}")
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def data_files(name: str, pattern: str) -> list[Path]:
    """Return the files in data folder ``name`` matching the glob ``pattern``, sorted by name."""
    folder = data_dir(name)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(pattern) if p.is_file())


def load_graph(files: list[Path]) -> Graph:
    """Return one rdflib graph holding the triples of the RDF ``files``; KgError names a file that fails."""
    graph = Graph()
    for f in files:
        try:
            graph.parse(f)
        except Exception as e:  # rdflib raises many kinds of parse errors
            message = " ".join(str(e).split()) or type(e).__name__
            raise KgError(f"{f}: cannot read RDF: {message}") from e
    return graph


def load_ontology() -> Graph:
    """Return the ontology: every ``ontology/*.ttl`` except the reference list of agencies."""
    return load_graph([f for f in data_files("ontology", "*.ttl") if f.name != REFERENCE_FILE])


def load_reference() -> Graph:
    """Return the reference list of well-known agencies (``ontology/agencies.ttl``), empty if absent."""
    return load_graph(data_files("ontology", REFERENCE_FILE))
