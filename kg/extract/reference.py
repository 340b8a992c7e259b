"""The reference list of well-known agencies (ontology/agencies.ttl), indexed by label and acronym."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph

from ..namespaces import KGO, SKOS
from ..resources import data_dir

__all__ = ["KnownAgency", "known_agencies", "known_by_label"]


@dataclass(frozen=True)
class KnownAgency:
    """An agency of the reference list: canonical name, acronyms and short forms, parent's name."""

    name: str
    labels: tuple[str, ...]
    parent: str | None


@lru_cache(maxsize=1)
def known_agencies() -> tuple[KnownAgency, ...]:
    """Return every agency of the reference list."""
    g = Graph()
    g.parse(data_dir("ontology") / "agencies.ttl", format="turtle")
    names = {s: str(o) for s, o in g.subject_objects(SKOS.prefLabel)}
    out = []
    for s, name in sorted(names.items(), key=lambda kv: kv[1]):
        labels = tuple(sorted(str(o) for o in g.objects(s, SKOS.altLabel)))
        parent = next((names.get(p) for p in g.objects(s, KGO.partOf)), None)
        out.append(KnownAgency(name, labels, parent))
    return tuple(out)


@lru_cache(maxsize=1)
def known_by_label() -> dict[str, KnownAgency]:
    """Return the reference agencies by label: every label as written, and full names lower-cased."""
    index: dict[str, KnownAgency] = {}
    for a in known_agencies():
        for label in (a.name, *a.labels):
            index.setdefault(label, a)
            if len(label.split()) >= 3:
                index.setdefault(label.lower(), a)
    return index
