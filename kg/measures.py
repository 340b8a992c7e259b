"""Normalizing what a figure measures, so that figures of different articles can be compared.

The concepts, subjects and stop words are data: kg/lexicon/measures.toml.

The mapper's ``kgo:measure`` is the text before a figure ("serta berkontribusi sebanyak"), which
rarely says what is measured; the words after the figure usually do ("20,9 persen dari total nilai
output sektor perindustrian"). ``measure_key`` reads the figure's *segment* of its sentence (from the
figure before it, or the clause start, to the figure after it, or the sentence end), the figure's
unit and the subject (the sentence's, or the article's when the sentence has none) and returns:

* for a known concept, ``"{concept} {subject}"``, e.g. ``"pangsa output industri ikm"`` for "the share
  of IKM in industrial output", whether the article says "nilai output IKM terhadap industri
  pengolahan nonmigas tercatat sebesar 21,53 persen" or "berkontribusi hingga 21,44% dari total
  nilai output industri";
* otherwise a cleaned form of the measure text: the search key without numbers, hedges, verbs of
  reporting and linking words (``"populasi ikm unit usaha"``).

Keys are lower-case plain strings, the same for the same measure in any article; the saved query
``conflicting-figures`` pairs figures of different articles by key and unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import load_table
from .namespaces import search_key

__all__ = [
    "Concept",
    "CONCEPTS",
    "SUBJECTS",
    "figure_segment",
    "find_concept",
    "find_subject",
    "clean_measure",
    "measure_key",
    "measure_label",
]


@dataclass(frozen=True)
class Concept:
    """A measure kg knows: its key (Indonesian, lower case), English label, unit kind and cues.

    ``units`` are the unit kinds the figure must have ("percent", "money", or a counted noun's
    search key); every group of ``cues`` must have one regular expression matching the segment.
    """

    key: str
    label: str
    units: tuple[str, ...]
    cues: tuple[tuple[str, ...], ...]


def _load_concepts() -> tuple[Concept, ...]:
    table = load_table("measures")
    groups = table["cue_groups"]
    return tuple(
        Concept(c["key"], c["label"], tuple(c["units"]), tuple(tuple(groups[g]) for g in c["cues"]))
        for c in table["concept"]
    )


CONCEPTS: tuple[Concept, ...] = _load_concepts()
# Subjects: search key of the written form → the key used in measure keys.
SUBJECTS: dict[str, str] = dict(load_table("measures")["subjects"])
_STOP = frozenset(load_table("measures")["stop_words"].split())
_CLAUSE = re.compile(r"[,;:()“”\"]|\b(?:dan|serta|sedangkan|sementara)\b")
_NUMBER = re.compile(r"\d")


def figure_segment(sentence: str, start: int, end: int, others: list[tuple[int, int]] | None = None) -> str:
    """Return the part of ``sentence`` that speaks of the figure at ``start:end``.

    It runs from the first clause break (comma, "dan", "serta", ...) after the figure before it (or
    from the sentence start) to the first clause break after the figure (or the next figure, or the
    sentence end). ``others`` are the spans of the sentence's other figures.
    """
    before = max((e for s, e in others or [] if e <= start), default=0)
    after = min((s for s, e in others or [] if s >= end), default=len(sentence))
    left = sentence[before:start]
    breaks = [m.end() for m in _CLAUSE.finditer(left)]
    if before and breaks:  # the words right after the figure before belong to it
        left = left[breaks[0] :]
    right = sentence[end:after]
    cut = _CLAUSE.search(right)
    if cut:
        right = right[: cut.start()]
    return f"{left}{sentence[start:end]}{right}"


def _unit_kind(unit: str) -> str:
    key = search_key(unit)
    if key in ("persen", "percent", "%"):
        return "percent"
    if key in ("rp", "usd", "idr", "rupiah", "dolar"):
        return "money"
    return key


def find_concept(segment: str, unit: str) -> Concept | None:
    """Return the first concept whose unit kind and cues match ``segment``, or None."""
    text = search_key(segment)
    kind = _unit_kind(unit)
    for concept in CONCEPTS:
        if kind in concept.units and all(any(re.search(c, text) for c in group) for group in concept.cues):
            return concept
    return None


def find_subject(*texts: str) -> str:
    """Return the subject key (e.g. "ikm") of the first text that names one, or ""."""
    for text in texts:
        key = f" {search_key(text)} "
        found = [(key.find(f" {k} "), v) for k, v in SUBJECTS.items() if f" {k} " in key]
        if found:
            return min(found)[1]
    return ""


def clean_measure(measure: str) -> str:
    """Return ``measure``'s search key without numbers, hedges, reporting verbs and linking words."""
    words = [w for w in search_key(measure).split() if w not in _STOP and not _NUMBER.search(w)]
    return " ".join(words)


def measure_key(
    measure: str,
    sentence: str = "",
    span: tuple[int, int] | None = None,
    unit: str = "",
    *,
    others: list[tuple[int, int]] | None = None,
    subject: str = "",
    context: str = "",
) -> str:
    """Return the normalized key of a figure's measure (see the module docstring).

    ``measure`` is the mapper's measure text, ``sentence`` the sentence with the figure at ``span``
    (offsets into ``sentence``), ``others`` the spans of its other figures, ``unit`` the figure's unit
    ("persen", "Rp", "USD" or a counted noun), ``subject`` an explicit subject and ``context`` text
    to take the subject from when the sentence names none (e.g. the article's headline).
    """
    if sentence and span is not None:
        concept = find_concept(figure_segment(sentence, span[0], span[1], others), unit)
        if concept is not None:
            who = find_subject(subject) if subject else find_subject(sentence, context)
            return f"{concept.key} {who}".strip()
    return clean_measure(measure) or search_key(measure)


def measure_label(key: str) -> str:
    """Return an English label for a measure key ("IKM share of industrial output"), or the key itself."""
    for concept in CONCEPTS:
        if key == concept.key or key.startswith(concept.key + " "):
            who = key[len(concept.key) :].strip()
            return f"{who.upper()} {concept.label}" if who else concept.label[:1].upper() + concept.label[1:]
    return key
