"""What the graph knows about one entity, each fact with the sentence and article that support it.

``explain(store, "Reni Yanita")`` finds the official, agency, program or event by IRI, name, alias or
acronym (case and accents ignored; an official also by the title of a post they hold) and returns an
Explanation: its labels, then its facts (posts, programs, events, statistics, statements, parent and
sub-units) with their evidence. ``to_text``, ``to_json`` and ``to_svg`` write it as a readable report,
a JSON document and a picture of the entity's neighbourhood.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import pyoxigraph as ox

from .errors import QueryError
from .namespaces import GRAPH_REFERENCE, PREFIXES, search_key
from .store import open_store

__all__ = ["Evidence", "Fact", "Explanation", "find_entity", "explain", "to_text", "to_json", "to_svg"]

_KINDS = ("Official", "Agency", "Program", "Event")


@dataclass(frozen=True)
class Evidence:
    """Where a fact comes from: the sentence (empty for the reference list) and the source's name."""

    sentence: str
    source: str


@dataclass(frozen=True)
class Fact:
    """One thing known about the entity: its kind ("post", "program", ...), a text, the other entity
    (its label and kind, when the fact links to one) and the evidence."""

    kind: str
    text: str
    other: str = ""
    other_kind: str = ""
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Explanation:
    """An entity (IRI, kind, preferred label, other labels) and the facts about it."""

    iri: str
    kind: str
    name: str
    labels: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = field(default=())

    def sources(self) -> list[str]:
        """Return the sources (article file names or URLs) of all facts, sorted."""
        return sorted({e.source for f in self.facts for e in f.evidence})


def _select(store: ox.Store, text: str, iri: str) -> list[dict[str, str]]:
    """Return the rows of ``text`` (a SELECT DISTINCT) with ``?e`` bound to ``iri``, as plain strings."""
    answer = store.query(
        text.replace("SELECT DISTINCT ", "SELECT DISTINCT ?e ", 1),  # pyoxigraph binds projected variables
        prefixes=dict(PREFIXES),
        substitutions={ox.Variable("e"): ox.NamedNode(iri)},
    )
    names = [v.value for v in answer.variables if v.value != "e"]
    return [{n: (s[n].value if s[n] is not None else "") for n in names} for s in answer]


_SOURCE = """
  OPTIONAL { ?a kgo:fileName ?fileName }
  OPTIONAL { ?a schema:url ?url }
  BIND (STR(COALESCE(?fileName, ?url, ?a)) AS ?source)
"""

# The evidence of a binary fact (?s ?p ?o): its Assertion's sentence and article, or the reference list.
_EVIDENCE = (
    """
  OPTIONAL {
    { ?f rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kgo:sourceArticle ?a .
      OPTIONAL { ?f prov:wasDerivedFrom/nif:anchorOf ?sentence } """
    + _SOURCE
    + """ }
    UNION
    { GRAPH <"""
    + GRAPH_REFERENCE
    + """> { ?s ?p ?o } BIND ("reference list" AS ?source) }
  }
"""
)


def _facts_query(body: str) -> str:
    """Return a SELECT of ?text ?other ?otherKind and the evidence, for a ``body`` binding ?s ?p ?o."""
    return f"SELECT DISTINCT ?text ?other ?otherKind ?sentence ?source WHERE {{ {body} {_EVIDENCE} }}"


def _link(predicate: str, forward: bool, text: str, other_kind: str) -> str:
    """Return the facts query for ``?e predicate ?n`` (``forward``) or ``?n predicate ?e``."""
    if forward:
        where = f"?e {predicate} ?n . ?n skos:prefLabel ?label . BIND (?e AS ?s) BIND (?n AS ?o)"
    else:
        where = f"?n {predicate} ?e ; skos:prefLabel ?label . BIND (?n AS ?s) BIND (?e AS ?o)"
    return _facts_query(
        f'{where} BIND ({predicate} AS ?p) BIND ("{text}" AS ?text) BIND (STR(?label) AS ?other)'
        f' BIND ("{other_kind}" AS ?otherKind)'
    )


# relation → (fact kind, query of its facts, with ?e the entity)
_RELATIONS: dict[str, tuple[str, str]] = {
    "post": ("post", _facts_query("""
  ?e kgo:holdsPost ?post . ?post skos:prefLabel ?postLabel .
  OPTIONAL { ?post kgo:postIn ?ag . ?ag skos:prefLabel ?agLabel }
  BIND (?e AS ?s) BIND (kgo:holdsPost AS ?p) BIND (?post AS ?o)
  BIND (STR(?postLabel) AS ?text) BIND (STR(?agLabel) AS ?other)
  BIND (IF(BOUND(?ag), "agency", "") AS ?otherKind)""")),
    "official": ("official", _facts_query("""
  ?post kgo:postIn ?e ; skos:prefLabel ?postLabel ; kgo:postHeldBy|^kgo:holdsPost ?who .
  ?who skos:prefLabel ?label .
  BIND (?post AS ?s) BIND (kgo:postIn AS ?p) BIND (?e AS ?o)
  BIND (STR(?postLabel) AS ?text) BIND (STR(?label) AS ?other) BIND ("official" AS ?otherKind)""")),
    "announced program": ("program", _link("kgo:announcedBy", False, "announced", "program")),
    "runs program": ("program", _link("kgo:runBy", False, "runs", "program")),
    "run by": ("agency", _link("kgo:runBy", True, "run by", "agency")),
    "announced by": ("official", _link("kgo:announcedBy", True, "announced by", "official")),
    "part of": ("agency", _link("kgo:partOf", True, "part of", "agency")),
    "sub-unit": ("agency", _link("kgo:partOf", False, "has sub-unit", "agency")),
    "organizes event": ("event", _link("kgo:organizer", False, "organizes", "event")),
    "organizer": ("agency", _link("kgo:organizer", True, "organized by", "agency")),
}


_NODE_FACTS = {
    "event": """SELECT DISTINCT ?text ?sentence ?source WHERE {
  ?e a kgo:Event .
  OPTIONAL { ?e kgo:startDate ?start } OPTIONAL { ?e kgo:endDate ?end } OPTIONAL { ?e kgo:place ?place }
  FILTER (BOUND(?start) || BOUND(?place))
  ?e prov:wasDerivedFrom ?sent . ?sent nif:anchorOf ?sentence ; kgo:inArticle ?a .
  BIND (CONCAT(IF(BOUND(?start), CONCAT("from ", STR(?start)), ""),
               IF(BOUND(?end), CONCAT(" until ", STR(?end)), ""),
               IF(BOUND(?place), CONCAT(" in ", STR(?place)), "")) AS ?text)
  """ + _SOURCE + "}",
    "statistic": """SELECT DISTINCT ?text ?sentence ?source WHERE {
  ?st kgo:statedBy ?e ; kgo:surfaceForm ?figure ; kgo:sourceArticle ?a .
  OPTIONAL { ?st kgo:measure ?measure } OPTIONAL { ?st kgo:period ?period }
  OPTIONAL { ?st prov:wasDerivedFrom/nif:anchorOf ?sentence }
  BIND (CONCAT(STR(?figure), IF(BOUND(?measure), CONCAT(" — ", STR(?measure)), ""),
               IF(BOUND(?period), CONCAT(" (", STR(?period), ")"), "")) AS ?text)
  """ + _SOURCE + "}",
    "statement": """SELECT DISTINCT ?text ?sentence ?source WHERE {
  ?st kgo:speaker ?e ; kgo:sentence/nif:anchorOf ?sentence ; kgo:sourceArticle ?a .
  OPTIONAL { ?st kgo:date ?d } OPTIONAL { ?st kgo:directQuote ?q }
  BIND (CONCAT(IF(BOUND(?d), STR(?d), "undated"), IF(STR(?q) = "true", ", quoted", "")) AS ?text)
  """ + _SOURCE + "}",
}

_APPLIES = {
    "Official": ("post", "announced program", "statistic", "statement"),
    "Agency": ("part of", "sub-unit", "official", "runs program", "organizes event"),
    "Program": ("run by", "announced by"),
    "Event": ("event", "organizer"),
}


def find_entity(store: ox.Store, name_or_iri: str) -> tuple[str, str]:
    """Return (IRI, kind) of the entity with that IRI, name, alias, acronym or post title.

    QueryError if nothing matches or several entities do (the message lists them).
    """
    arg = name_or_iri.strip()
    if arg.startswith(("http://", "https://")):
        found = [
            (arg, s["type"].value.rsplit("#", 1)[-1])
            for s in store.query(
                "SELECT DISTINCT ?e ?type WHERE { ?e a ?type }",
                substitutions={ox.Variable("e"): ox.NamedNode(arg)},
            )
            if s["type"].value.rsplit("#", 1)[-1] in _KINDS
        ]
    else:
        answer = store.query(
            """SELECT DISTINCT ?e ?type ?label ?key WHERE {
              { ?e kgo:searchKey ?key } UNION { ?e kgo:holdsPost/kgo:searchKey ?key }
              ?e a ?type ; skos:prefLabel ?label .
              FILTER (?type IN (kgo:Official, kgo:Agency, kgo:Program, kgo:Event))
            } ORDER BY ?type ?label""",
            prefixes=dict(PREFIXES),
            substitutions={ox.Variable("key"): ox.Literal(search_key(arg))},
        )
        found = [(s["e"].value, s["type"].value.rsplit("#", 1)[-1]) for s in answer]
    if not found:
        raise QueryError(f"no official, agency, program or event is called {arg!r}")
    if len({iri for iri, _ in found}) > 1:
        listed = "; ".join(f"{kind} {iri}" for iri, kind in found[:6])
        raise QueryError(f"{arg!r} names {len(found)} entities: {listed} (give one IRI)")
    return found[0]


def explain(store_path: Path, name_or_iri: str) -> Explanation:
    """Return what the store at ``store_path`` knows about the entity ``name_or_iri``."""
    store = open_store(store_path)
    iri, kind = find_entity(store, name_or_iri)
    labels = _select(
        store,
        "SELECT DISTINCT ?pref ?alt WHERE { ?e skos:prefLabel ?pref OPTIONAL { ?e skos:altLabel ?alt } }",
        iri,
    )
    name = min((r["pref"] for r in labels), default=iri)
    alts = tuple(sorted({r["alt"] for r in labels if r["alt"] and r["alt"] != name}))
    facts: list[Fact] = []
    for relation in _APPLIES[kind]:
        if relation in _NODE_FACTS:
            grouped: dict[tuple, list[Evidence]] = {}
            for r in _select(store, _NODE_FACTS[relation], iri):
                grouped.setdefault((r["text"],), []).append(Evidence(r["sentence"], r["source"]))
            facts += [Fact(relation, key[0], evidence=_uniq(ev)) for key, ev in sorted(grouped.items())]
            continue
        fact_kind, text = _RELATIONS[relation]
        grouped = {}
        for r in _select(store, text, iri):
            ev = grouped.setdefault((r["text"], r["other"], r["otherKind"]), [])
            if r["source"]:
                ev.append(Evidence(r["sentence"], r["source"]))
        for (what, other, other_kind), ev in sorted(grouped.items()):
            facts.append(Fact(fact_kind, what, other, other_kind, _uniq(ev)))
    return Explanation(iri, kind, name, alts, tuple(facts))


def _uniq(evidence: list[Evidence]) -> tuple[Evidence, ...]:
    return tuple(sorted(set(evidence), key=lambda e: (e.source, e.sentence)))


_HEADINGS = {
    "post": "Posts", "program": "Programs", "agency": "Agencies", "official": "Officials",
    "event": "Events", "statistic": "Statistics", "statement": "Statements",
}


def to_text(x: Explanation) -> str:
    """Return ``x`` as a readable report: heading, labels, then facts by kind, each with its evidence."""
    lines = [f"{x.name} ({x.kind})", f"  {x.iri}"]
    if x.labels:
        lines.append(f"  also called: {', '.join(x.labels)}")
    for kind, heading in _HEADINGS.items():
        facts = [f for f in x.facts if f.kind == kind]
        if not facts:
            continue
        lines += ["", f"{heading} ({len(facts)})"]
        for f in facts:
            if f.kind == "post":
                what = f"{f.text} ({f.other})" if f.other else f.text
            else:
                what = f"{f.text}: {f.other}" if f.other and f.text else (f.other or f.text)
            lines.append(f"  - {what}")
            for e in f.evidence:
                quote = f' "{e.sentence}"' if e.sentence else ""
                lines.append(f"      [{e.source}]{quote}")
            if not f.evidence:
                lines.append("      (inferred, no sentence)")
    if not x.facts:
        lines += ["", "No facts about it beyond its labels."]
    sources = x.sources()
    if sources:
        lines += ["", f"Sources ({len(sources)})"] + [f"  - {s}" for s in sources]
    return "\n".join(lines) + "\n"


def to_json(x: Explanation) -> str:
    """Return ``x`` as a JSON document (entity, labels, facts with evidence, sources)."""
    doc = asdict(x)
    doc["labels"] = list(x.labels)
    doc["sources"] = x.sources()
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


_COLOURS = {
    "official": "#f6d5a8", "agency": "#bcd9f2", "post": "#e3d2f0", "program": "#c7ecc4",
    "event": "#f7c6c6", "statistic": "#fbf1a9", "source": "#e6e6e6",
}


def _clip(text: str, n: int = 46) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def to_svg(x: Explanation) -> str:
    """Return an SVG picture of the entity's neighbourhood, read left to right.

    The entity on the left; its posts, agencies, officials, programs, events and figures in the middle
    (coloured by kind, the relation written on each edge); the articles that support them on the
    right. Statements are left out (they are sentences, not neighbours). Full texts are in tooltips.
    """
    middle: list[tuple[str, str, str, tuple[str, ...]]] = []  # (label, kind, relation, sources)
    for f in x.facts:
        if f.kind == "statement":
            continue
        if f.kind == "post":
            label, kind, relation = f.text, "post", "holds post"
        elif f.other:
            label, kind, relation = f.other, f.other_kind or f.kind, f.text
        else:
            label, kind, relation = f.text, f.kind, "stated" if f.kind == "statistic" else f.kind
        sources = tuple(sorted({e.source for e in f.evidence}))
        middle.append((label, kind, relation, sources))
    sources = sorted({s for *_, srcs in middle for s in srcs})
    row, width, box_w = 34, 1180, 330
    height = max(len(middle), len(sources), 1) * row + 110
    cx, mx, sx = 20, 430, 830
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
        f"<title>{escape(x.name)}: what the graph knows</title>",
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{cx}" y="24" font-size="15" font-weight="bold">{escape(_clip(x.name, 90))} '
        f"({escape(x.kind)})</text>",
    ]
    legend_x = cx
    for kind, colour in _COLOURS.items():
        out.append(f'<rect x="{legend_x}" y="36" width="12" height="12" fill="{colour}" stroke="#555"/>')
        out.append(f'<text x="{legend_x + 16}" y="46">{kind}</text>')
        legend_x += 95
    top = 70
    centre_y = top + (max(len(middle), 1) * row) / 2 - 14
    src_y = {s: top + i * row for i, s in enumerate(sources)}
    for i, (label, kind, relation, srcs) in enumerate(middle):
        y = top + i * row
        out.append(
            f'<path d="M{cx + box_w},{centre_y + 13} C{cx + box_w + 40},{centre_y + 13} '
            f'{mx - 40},{y + 13} {mx},{y + 13}" fill="none" stroke="#888"/>'
        )
        out.append(
            f'<text x="{mx - 6}" y="{y + 9}" text-anchor="end" font-size="10" fill="#444">'
            f"{escape(_clip(relation, 22))}</text>"
        )
        for s in srcs:
            out.append(
                f'<line x1="{mx + box_w}" y1="{y + 13}" x2="{sx}" y2="{src_y[s] + 13}" '
                'stroke="#bbb" stroke-dasharray="3,3"/>'
            )
        out.append(_box(mx, y, box_w, label, _COLOURS.get(kind, "#eee"), f"{relation}: {label}"))
    out.append(_box(cx, centre_y, box_w, x.name, _COLOURS.get(x.kind.lower(), "#eee"), x.iri, bold=True))
    for s in sources:
        out.append(_box(sx, src_y[s], box_w, s, _COLOURS["source"], s))
    if not middle:
        out.append(f'<text x="{mx}" y="{top + 16}" fill="#666">no facts beyond its labels</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _box(x: float, y: float, w: int, label: str, fill: str, tooltip: str, bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<g><title>{escape(tooltip)}</title>'
        f'<rect x="{x}" y="{y}" width="{w}" height="26" rx="5" fill="{fill}" stroke="#555"/>'
        f'<text x="{x + 8}" y="{y + 17}"{weight}>{escape(_clip(label))}</text></g>'
    )
