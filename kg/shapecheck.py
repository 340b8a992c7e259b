"""SHACL shapes compiled to SPARQL: a pre-check of article graphs in a few milliseconds.

pyshacl needs 30-55 ms per article graph. ``compile_shapes`` turns a shapes graph (the same
``shapes/*.ttl`` that kg.validate loads: they stay the only definition of the shapes) into SPARQL that
pyoxigraph evaluates: one branch per pattern, each with a VALUES table of the constraints that use it
(Oxigraph plans a table of 37 sh:maxCount constraints in the time of two constraints written out).
``query`` gives the whole check as one SELECT (a UNION of the branches); ``check`` runs the branches
one at a time, which Oxigraph plans faster than their UNION.

pyshacl stays the authority: callers run kg.validate.validate_graph on the graphs this check flags.
The check never misses a result that pyshacl reports as validate_graph calls it (no inference, advanced
features on, warnings allowed, the data is one graph); it flags a graph that pyshacl finds clean only
in the conservative cases below. Shapes that use anything outside the supported subset raise
UnsupportedShapes, so that callers fall back to pyshacl:

- targets sh:targetClass (instances through rdf:type/rdfs:subClassOf* in the data), sh:targetSubjectsOf,
  sh:targetObjectsOf; sh:property with an IRI sh:path (no complex paths); sh:severity, sh:message,
  sh:deactivated and the annotations sh:name, sh:description, sh:order, sh:group, sh:defaultValue;
- sh:minCount, sh:maxCount (up to 4), sh:nodeKind, sh:class, sh:datatype (xsd:string, rdf:langString,
  xsd:anyURI, xsd:integer, xsd:decimal, xsd:boolean, xsd:date, xsd:dateTime), sh:pattern (no sh:flags;
  a regular expression subset that Python and Oxigraph read alike), sh:in, sh:hasValue, sh:minInclusive,
  sh:maxInclusive, sh:minExclusive, sh:maxExclusive (numeric bounds), sh:lessThanOrEquals, sh:or, sh:and,
  sh:not, sh:xone, sh:qualifiedValueShape with sh:qualifiedMinCount/MaxCount (not disjoint); the shapes
  nested in these may not set sh:severity nor hold SPARQL constraints. Not sh:node: pyshacl reports the
  results of the nested shape as results of their own;
- SPARQL constraints (sh:sparql, sh:select, sh:prefixes, sh:declare) on node shapes, ``$this``
  pre-bound as pyshacl does (a LATERAL join), in a SPARQL subset whose meaning is the same in rdflib and
  Oxigraph: triple patterns, property paths, FILTER, [NOT] EXISTS, IN, =, !=, BIND, OPTIONAL, UNION,
  sameTerm, isIRI/isBlank/isLiteral and BOUND. Their variables are renamed apart from the query's own.

Conservative (the check flags, pyshacl decides):

- sh:datatype passes xsd:integer and xsd:decimal values only in Oxigraph's range, dates and
  date-times only with a four-digit year from 0001; comparisons (sh:minInclusive etc.,
  sh:lessThanOrEquals) pass only between xsd:integer/xsd:decimal values, xsd:date values without time
  zone, xsd:dateTime values with or without time zone (not a mix), or plain strings;
- Oxigraph stores valid typed literals in canonical form ("1.50" as "1.5", "+00:00" as "Z") and does
  not tell "a" from "a"^^xsd:string. ``check_graph`` reports each triple of an rdflib graph with a term
  that Oxigraph would not hold as rdflib does as a result of the pseudo-shape UNCHECKED; ``check`` on
  a store judges the terms as the store holds them.

Messages are the shapes' sh:message (the first without a language tag, else English), without the
``{?var}`` substitution pyshacl does; "" for shapes without sh:message.

Speed (2 cores, shared): 4-5 ms per article graph with ``check_graph`` (1 ms of it loading the rdflib
graph into Oxigraph, 2 ms Oxigraph's parsing and planning of the query), 2.5-3.5 ms per article with
``check_graphs`` over an on-disk store of many article graphs; pyshacl takes 27-32 ms. Oxigraph's
in-memory store slows down on many graphs that share nodes (officials, agencies): check large batches
in an on-disk store.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import count, pairwise

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.plugins.sparql import prepareQuery

from .errors import KgError
from .validate import _shape_name

__all__ = ["UNCHECKED", "UnsupportedShapes", "ShapeResult", "CompiledShapes", "compile_shapes"]

UNCHECKED = "(unchecked term)"  # the shape of a result for a term Oxigraph would not hold as rdflib does


class UnsupportedShapes(KgError):
    """The shapes use something the compiler does not implement exactly: validate with pyshacl instead."""


@dataclass(frozen=True)
class ShapeResult:
    """One constraint violation: graph ("" for the default graph), shape name (as kg.validate names
    it), focus node, path, value (IRIs, blank node ids and literal texts; "" when absent), severity
    (Violation, Warning or Info), message and SHACL constraint component ("MinCountConstraintComponent")."""

    graph: str
    shape: str
    focus: str
    path: str
    value: str
    severity: str
    message: str
    component: str = ""


@dataclass(frozen=True)
class _Check:
    """What one constraint reports: shape name, component, severity IRI and message."""

    shape: str
    component: str
    severity: str
    message: str


@dataclass(frozen=True)
class _Select:
    """A SPARQL constraint's SELECT, its variables renamed ($this as ?focus): head, projection, WHERE
    body, and the variables it selects as ?path and ?value (None if it does not)."""

    head: str
    projection: str
    body: str
    path: str | None
    value: str | None


@dataclass(frozen=True)
class _Branch:
    """A pattern over ?focus, ?path, ?value and parameter variables (or a SPARQL constraint), and a
    table row per constraint that uses it: (check number, shape number, parameter values)."""

    pattern: str
    params: tuple[str, ...]
    rows: tuple[tuple[int, int, tuple[str, ...]], ...]
    select: _Select | None = None


Param = Callable[[str, str], str]  # (variable, SPARQL term) -> the text to use in the pattern
Builder = Callable[[str, str, Param], tuple[str, str]]  # (focus, value variable, param) -> (pattern, test)

_TYPE_OF = f"<{RDF.type}>/<{RDFS.subClassOf}>*"
_MAX_COUNT = 5  # values compared pairwise: sh:maxCount 4 needs 5
_TARGETS = {SH.targetClass: "class", SH.targetSubjectsOf: "subjects", SH.targetObjectsOf: "objects"}
_LISTS = {SH["or"]: " || ", SH["and"]: " && ", SH.xone: " + "}
_SINGLE = (SH.path, SH.minCount, SH.maxCount, SH.nodeKind, SH.datatype, SH["in"], SH.severity,
           SH.deactivated, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint)
_BOUNDS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
_SUPPORTED = {
    *_TARGETS, *_LISTS, *_SINGLE, *_BOUNDS, SH.property, SH.message, SH["class"], SH.pattern, SH.hasValue,
    SH.lessThanOrEquals, SH["not"], SH.qualifiedValueShape, SH.sparql, SH.select, SH.prefixes,
    SH.declare, SH.prefix, SH.namespace, SH.name, SH.description, SH.order, SH.group, SH.defaultValue,
}
_SUPPORTED_TYPES = {SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint, SH.PrefixDeclaration, SH.Shape}
_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNode: "isBlank({v})",
    SH.BlankNodeOrIRI: "!isLiteral({v})",
    SH.BlankNodeOrLiteral: "!isIRI({v})",
    SH.IRIOrLiteral: "!isBlank({v})",
}


def _string(text: str) -> str:
    """Return ``text`` as a SPARQL string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _iri(term: str) -> str:
    """Return ``term`` as a SPARQL IRI; UnsupportedShapes if it cannot be written as one."""
    if re.search(r'[<>"{}|^`\\\x00-\x20]', str(term)):
        raise UnsupportedShapes(f"IRI {str(term)!r} cannot be written in SPARQL")
    return f"<{term}>"


def _local(term) -> str:
    """Return the local name of an IRI (after its last '#' or '/')."""
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# --- literals: what rdflib (pyshacl) accepts, tested on the value as Oxigraph holds it --------------
# Oxigraph keeps an invalid literal as written and a valid one in canonical form; every valid integer
# and decimal of Oxigraph is valid in Python; dates and date-times need a four-digit year from 0001.

_DATE_TEST = ('SUBSTR(STR({v}), 5, 1) = "-" && !STRSTARTS(STR({v}), "0000") '
              "&& sameTerm(DATATYPE(<{d}>(STR({v}))), <{d}>)")
_LEXICAL = {
    XSD.string: "",
    RDF.langString: "",
    XSD.anyURI: "",
    XSD.integer: "isNumeric({v})",
    XSD.decimal: "isNumeric({v})",
    XSD.boolean: 'STR({v}) IN ("true", "false", "1", "0")',
    XSD.date: _DATE_TEST,
    XSD.dateTime: _DATE_TEST,
}


def _datatype_ok(v: str, datatype: URIRef) -> str:
    """Return a SPARQL expression: ``v`` is a literal of ``datatype`` that rdflib reads as valid."""
    test = _LEXICAL[datatype].format(v=v, d=datatype)
    return f"(isLiteral({v}) && sameTerm(DATATYPE({v}), <{datatype}>){' && ' + test if test else ''})"


def _number(v: str) -> str:
    """Return a SPARQL expression: ``v`` is an xsd:integer or xsd:decimal that Oxigraph reads."""
    types = " || ".join(f"sameTerm(DATATYPE({v}), <{d}>)" for d in (XSD.integer, XSD.decimal))
    return f"(isNumeric({v}) && ({types}))"


def _comparable(a: str, b: str) -> str:
    """Return a SPARQL expression: ``a`` and ``b`` compare alike in rdflib (pyshacl) and in SPARQL: both
    numbers, both xsd:date without time zone (rdflib drops it), both xsd:dateTime with or both without
    time zone (rdflib orders the mix at random), or both plain strings."""

    def kinds(v: str) -> list[str]:
        naive_date = f'({_datatype_ok(v, XSD.date)} && TZ({v}) = "")'
        return [_number(v), naive_date, _datatype_ok(v, XSD.dateTime), _datatype_ok(v, XSD.string)]

    same_zoning = f'(TZ({a}) = "") = (TZ({b}) = "")'
    pairs = [f"({x} && {y}{' && ' + same_zoning if n == 2 else ''})"
             for n, (x, y) in enumerate(zip(kinds(a), kinds(b), strict=True))]
    return "(" + " || ".join(pairs) + ")"


def _py_valid(datatype: URIRef, lexical: str) -> bool:
    """Return whether ``_datatype_ok`` might accept ``lexical`` as a ``datatype`` (erring towards True)."""
    if datatype in (XSD.integer, XSD.decimal):
        return re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", lexical) is not None
    if datatype == XSD.boolean:
        return lexical in ("true", "false", "1", "0")
    if datatype in (XSD.date, XSD.dateTime) and re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", lexical):
        try:
            return date.fromisoformat(lexical[:10]).year > 0
        except ValueError:
            return False
    return False


_INTEGERS = {XSD[n] for n in ("integer", "long", "int", "short", "byte", "nonNegativeInteger",
                              "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedLong",
                              "unsignedInt", "unsignedShort", "unsignedByte")}
_OXIGRAPH_TYPES = _INTEGERS | {XSD[n] for n in (
    "decimal", "boolean", "float", "double", "date", "dateTime", "dateTimeStamp", "time", "duration",
    "dayTimeDuration", "yearMonthDuration", "gYear", "gYearMonth", "gMonth", "gMonthDay", "gDay")}
_ZONE = r"(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9]|[+-]14:00)?"
_KEPT = {
    XSD.integer: r"-?(0|[1-9][0-9]{0,17})",
    XSD.decimal: r"-?(0|[1-9][0-9]{0,17})(\.[0-9]{0,17}[1-9])?",
    XSD.boolean: r"true|false",
    XSD.date: r"[0-9]{4}-[0-9]{2}-[0-9]{2}" + _ZONE,
    XSD.dateTime: r"[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]*[1-9])?"
    + _ZONE,
}


def _kept(datatype: URIRef, lexical: str) -> bool:
    """Return whether Oxigraph surely stores a valid literal of ``datatype`` written ``lexical`` as
    written (it rewrites the values of the XSD types it implements in canonical form)."""
    if datatype not in _OXIGRAPH_TYPES:
        return True
    pattern = _KEPT.get(XSD.integer if datatype in _INTEGERS else datatype)
    return (pattern is not None and re.fullmatch(pattern, lexical) is not None and lexical != "-0"
            and not lexical.endswith(("+00:00", "-00:00")))


# A regular expression subset that Python's re (pyshacl) and Oxigraph's REGEX read alike: literal
# characters, escaped metacharacters, '.', classes of literal characters and ranges (no set
# operations), groups without '(?', alternatives, quantifiers and anchors.
_REGEX_TOKEN = re.compile(
    r"\\[.\\/^$|?*+()\[\]{}\-]"
    r"|\[\^?(?:\\[.\\/^$|?*+()\[\]{}\-]|[^\\\[\]&~])+\]"
    r"|\{[0-9]+(?:,[0-9]*)?\}\??|\((?!\?)|\)|[*+?]\??|[|^$.]"
    r"|[^\\\[\]{}()*+?|^$.]"
)


def _check_regex(pattern: str) -> None:
    """Raise UnsupportedShapes unless ``pattern`` is in the subset above."""
    position = 0
    while position < len(pattern):
        match = _REGEX_TOKEN.match(pattern, position)
        if match is None or "--" in match.group():
            raise UnsupportedShapes(f"sh:pattern {pattern!r}: {pattern[position:]!r} is outside the subset")
        position = match.end()


# --- SPARQL constraints ----------------------------------------------------------------------------

_LEX = re.compile(
    r'(?P<ws>\s+)|(?P<comment>#[^\n\r]*)'
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)|(?P<var>[?$]\w+)'
    r'|(?P<pname>(?:[A-Za-z_][\w\-.]*)?:[\w\-.:%\\]*)|(?P<word>[A-Za-z_][\w\-]*)'
    r'|(?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)|(?P<other>&&|\|\||!=|.)',
    re.S,
)
_KEYWORDS = {"SELECT", "DISTINCT", "REDUCED", "WHERE", "AS", "A", "FILTER", "NOT", "EXISTS", "IN", "BIND",
             "OPTIONAL", "UNION", "BOUND", "SAMETERM", "ISIRI", "ISURI", "ISBLANK", "ISLITERAL", "TRUE",
             "FALSE"}
_RESERVED_VARS = {"shapesGraph", "currentShape", "PATH", "failure"}
_PYSHACL_THIS = re.compile(r"([\s{}()])[\$\?]this", flags=re.M)  # pyshacl pre-binds $this if this matches


def _select(text: str, k: int, what: str) -> _Select:
    """Return the parts of the SELECT ``text``, $this renamed ?focus and every other ?x ?q{k}_x."""

    def fail(why: str) -> UnsupportedShapes:
        return UnsupportedShapes(f"{what}: {why}")

    if not _PYSHACL_THIS.search(text):
        raise fail("pyshacl does not pre-bind $this in this query")
    out: list[tuple[str, str]] = []
    for m in _LEX.finditer(text):
        kind, tok = m.lastgroup or "other", m.group()
        if kind in ("ws", "comment"):
            continue
        if kind == "var":
            if tok[1:] in _RESERVED_VARS:
                raise fail(f"{tok} is not supported")
            tok = "?focus" if tok[1:] == "this" else f"?q{k}_{tok[1:]}"
        elif kind == "word" and tok.upper() not in _KEYWORDS:
            raise fail(f"{tok} is not supported in SPARQL constraints")
        elif kind == "other" and tok in "<>":
            raise fail("comparisons other than = and != are not supported")
        out.append((kind, tok))
    words = [tok.upper() for kind, tok in out if kind == "word"]
    if words.count("SELECT") != 1 or words[0] != "SELECT" or out[0][0] != "word":
        raise fail("one SELECT query without prologue or subqueries is supported")
    if any(a[1].upper() == "AS" and b[1] == "?focus" for a, b in pairwise(out)):
        raise fail("$this cannot be bound with AS")
    i = 1
    while i < len(out) and out[i][1].upper() in ("DISTINCT", "REDUCED"):
        i += 1
    head, projected, depth, start = " ".join(t for _, t in out[:i]), [], 0, i
    while i < len(out) and not (depth == 0 and out[i][1].upper() in ("{", "WHERE")):
        kind, tok = out[i]
        depth += {"(": 1, ")": -1}.get(tok, 0) if kind == "other" else 0
        if tok == "*" and depth == 0:
            raise fail("SELECT * is not supported")
        if kind == "var" and (depth == 0 or out[i - 1][1].upper() == "AS"):
            projected.append(tok)
        i += 1
    projection = " ".join(t for _, t in out[start:i])
    if "?focus" not in projected:
        raise fail("the query must select $this")
    i += out[i][1].upper() == "WHERE" if i < len(out) else 0
    if i >= len(out) or out[i][1] != "{":
        raise fail("no WHERE clause")
    depth = 0
    for j in range(i, len(out)):
        depth += {"{": 1, "}": -1}.get(out[j][1], 0) if out[j][0] == "other" else 0
        if depth == 0:
            break
    if depth or out[j + 1:]:
        raise fail("unbalanced braces or solution modifiers")
    path, value = f"?q{k}_path", f"?q{k}_value"
    return _Select(head, projection, " ".join(t for _, t in out[i + 1:j]),
                   path if path in projected else None, value if value in projected else None)


# --- the compiler ----------------------------------------------------------------------------------


def _canonical(head: str, test: str) -> tuple[str, str]:
    """Return ``head`` and ``test`` with their fresh variables numbered from 1 in order, those of
    ``head`` (bound in the branch) as ?_h1..., those only in ``test`` (local to its EXISTS) as ?_x1...;
    so that constraints alike get the same text and share a branch."""
    names: dict[str, str] = {}
    head = re.sub(r"\?_x\d+", lambda m: names.setdefault(m.group(), f"?_h{len(names) + 1}"), head)
    bound = len(names)
    test = re.sub(r"\?_x\d+", lambda m: names.setdefault(m.group(), f"?_x{len(names) + 1 - bound}"), test)
    return head, test


def _inline(variable: str, term: str) -> str:
    return term


class _Compiler:
    """Turns the shapes of one shapes graph into checks, focus targets and branches."""

    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.fresh = count(1)
        self.nested: list = []
        self.prefixes: dict[str, str] = {}
        self.checks: list[_Check] = []
        self.targets: list[tuple[tuple[str, str], ...]] = []
        self.groups: dict[tuple[str, str], list[tuple[int, int, dict[str, str]]]] = {}
        self.selects: list[_Branch] = []
        self.check_vocabulary()

    def var(self) -> str:
        return f"?_x{next(self.fresh)}"

    def fail(self, node, why: str) -> UnsupportedShapes:
        return UnsupportedShapes(f"{_shape_name(self.g, node)}: {why}")

    def check_vocabulary(self) -> None:
        sh = str(SH)
        for s, p, o in self.g:
            if str(p).startswith(sh) and p not in _SUPPORTED:
                raise UnsupportedShapes(f"sh:{_local(p)} is not supported")
            if p == RDF.type and str(o).startswith(sh) and o not in _SUPPORTED_TYPES:
                raise UnsupportedShapes(f"sh:{_local(o)} is not supported")
            if p in _SINGLE and len(set(self.g.objects(s, p))) > 1:
                raise UnsupportedShapes(f"{s} has more than one sh:{_local(p)}")
        classes = {RDFS.Class, *self.g.transitive_subjects(RDFS.subClassOf, RDFS.Class)}
        for s, t in self.g.subject_objects(RDF.type):
            if t in classes and any(str(p).startswith(sh) for p in self.g.predicates(s)):
                raise UnsupportedShapes(f"{s} is a class: implicit class targets are not supported")

    def one(self, node, prop):
        return self.g.value(node, prop)

    def path(self, shape) -> str | None:
        path = self.one(shape, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise self.fail(shape, "only IRI paths are supported")
        return None if path is None else _iri(path)

    def deactivated(self, node) -> bool:
        flag = self.one(node, SH.deactivated)
        if flag is not None and (not isinstance(flag, Literal) or flag.datatype != XSD.boolean
                                 or flag.ill_typed):
            raise self.fail(node, "sh:deactivated must be an xsd:boolean")
        return flag is not None and bool(flag.value)

    def severity(self, shape) -> str:
        severity = self.one(shape, SH.severity)
        if severity is not None and not isinstance(severity, URIRef):
            raise self.fail(shape, "sh:severity must be an IRI")
        return str(severity or SH.Violation)

    def message(self, *nodes) -> str:
        for node in nodes:
            found = [m for m in self.g.objects(node, SH.message) if isinstance(m, Literal)]
            found.sort(key=lambda m: (m.language not in (None, "en"), m.language or "", str(m)))
            if found:
                return " ".join(str(found[0]).split())
        return ""

    def count(self, shape, prop) -> int | None:
        value = self.one(shape, prop)
        if value is not None and (not isinstance(value, Literal) or type(value.value) is not int
                                  or value.value < 0):
            raise self.fail(shape, f"sh:{_local(prop)} must be a non-negative integer")
        return None if value is None else value.value

    def term(self, term) -> str:
        """Return a constant of a shape in SPARQL: IRIs and literals that Oxigraph keeps as written."""
        if isinstance(term, URIRef):
            return _iri(term)
        language = (term.language or "") if isinstance(term, Literal) else ""
        if isinstance(term, Literal) and term.datatype is None and language == language.lower():
            return _string(str(term)) + (f"@{language}" if language else "")
        if (isinstance(term, Literal) and term.datatype in (XSD.integer, XSD.boolean)
                and _kept(term.datatype, str(term))):
            return f"{_string(str(term))}^^<{term.datatype}>"
        raise UnsupportedShapes(f"constant {term!r}: a blank node or a literal Oxigraph rewrites")

    def members(self, lst) -> list:
        items = list(self.g.items(lst))
        if not items:
            raise UnsupportedShapes(f"{lst}: empty or malformed list")
        return items

    def at_least(self, n: int, f: str, path: str, cond: Callable[[str], str] | None = None) -> str:
        """Return an expression: ``f`` has ``n`` different values of ``path`` (satisfying ``cond``)."""
        if n > _MAX_COUNT:
            raise UnsupportedShapes(f"counts above {_MAX_COUNT - 1} are not supported")
        names = [self.var() for _ in range(n)]
        tests = [f"!sameTerm({a}, {b})" for i, a in enumerate(names) for b in names[i + 1:]]
        tests += [cond(a) for a in names] if cond else []
        triples = " ".join(f"{f} {path} {a} ." for a in names)
        return f"EXISTS {{ {triples}{' FILTER(' + ' && '.join(tests) + ')' if tests else ''} }}"

    def rules(self, shape) -> list[tuple[str, Builder]]:
        """Return the constraints of ``shape`` itself (not of its sh:property shapes) as
        (component, builder of the pattern and test that find its violations)."""
        iri = self.path(shape)
        return [r for prop, o in self.g.predicate_objects(shape) for r in self.rule(shape, iri, prop, o)]

    def rule(self, shape, iri: str | None, prop, o) -> list[tuple[str, Builder]]:
        """Return the constraint that the parameter ``prop`` with value ``o`` declares on ``shape``."""

        def on_values(component: str, ok: Callable[[str, Param], str]) -> list[tuple[str, Builder]]:
            def build(f: str, v: str, param: Param) -> tuple[str, str]:
                values = f"{f} {param('?path', iri)} {v} ." if iri else f"BIND({f} AS {v})"
                return values, f"!COALESCE({ok(v, param)}, false)"

            return [(f"{component}ConstraintComponent", build)]

        def on_focus(component: str, test: Callable[[str, str, Param], str]) -> list[tuple[str, Builder]]:
            if iri is None:
                raise self.fail(shape, f"sh:{_local(prop)} needs a property shape")
            return [(f"{component}ConstraintComponent",
                     lambda f, v, param: ("", test(f, param("?path", iri), param)))]

        if prop == SH.nodeKind:
            if o not in _NODE_KINDS:
                raise self.fail(shape, f"unknown sh:nodeKind {o}")
            return on_values("NodeKind", lambda v, param: _NODE_KINDS[o].format(v=v))
        if prop == SH["class"]:
            return on_values("Class", lambda v, param: f"EXISTS {{ {v} {_TYPE_OF} {param('?_c', _iri(o))} }}")
        if prop == SH.datatype:
            if o not in _LEXICAL:
                raise self.fail(shape, f"sh:datatype {o} is not supported")
            return on_values("Datatype", lambda v, param: _datatype_ok(v, o))
        if prop == SH.pattern:
            if not isinstance(o, Literal) or not isinstance(o.value, str):
                raise self.fail(shape, "sh:pattern must be a string")
            _check_regex(str(o))
            regex = _string(str(o))
            return on_values("Pattern", lambda v, param: f"!isBlank({v}) && REGEX(STR({v}), {regex})")
        if prop == SH["in"]:
            terms = [self.term(t) for t in self.members(o)]
            return on_values("In", lambda v, param: " || ".join(f"sameTerm({v}, {t})" for t in terms))
        if prop in _BOUNDS:
            if not isinstance(o, Literal) or o.datatype not in (XSD.integer, XSD.decimal) or o.ill_typed:
                raise self.fail(shape, f"sh:{_local(prop)} needs an xsd:integer or xsd:decimal bound")
            text = str(o.value) if o.datatype == XSD.integer else format(o.value, "f")
            bound, name = f"{_string(text)}^^<{o.datatype}>", _local(prop)
            return on_values(name[0].upper() + name[1:],
                             lambda v, param: f"{_number(v)} && {v} {_BOUNDS[prop]} {bound}")
        if prop == SH["not"]:
            return on_values("Not", lambda v, param: f"!({self.conforms(v, o)})")
        if prop in _LISTS:
            members = self.members(o)
            if prop == SH.xone:
                return on_values("Xone", lambda v, param: "(" + " + ".join(
                    f"IF({self.conforms(v, m)}, 1, 0)" for m in members) + ") = 1")
            return on_values(_local(prop).capitalize(),
                             lambda v, param: _LISTS[prop].join(f"({self.conforms(v, m)})" for m in members))
        if prop == SH.minCount:
            n = self.count(shape, prop)
            return on_focus("MinCount", lambda f, p, param: f"!{self.at_least(n, f, p)}") if n else []
        if prop == SH.maxCount:
            n = self.count(shape, prop)
            return on_focus("MaxCount", lambda f, p, param: self.at_least(n + 1, f, p))
        if prop == SH.hasValue:
            term = self.term(o)
            if iri is None:
                return [("HasValueConstraintComponent",
                         lambda f, v, param: ("", f"!sameTerm({f}, {param('?_hv', term)})"))]
            return on_focus("HasValue", lambda f, p, param: f"NOT EXISTS {{ {f} {p} {param('?_hv', term)} }}")
        if prop == SH.lessThanOrEquals:
            if iri is None:
                raise self.fail(shape, "sh:lessThanOrEquals needs a property shape")

            def less(f: str, v: str, param: Param) -> tuple[str, str]:
                w = self.var()
                return (f"{f} {param('?path', iri)} {v} . {f} {param('?_lt', _iri(o))} {w} .",
                        f"!COALESCE({_comparable(v, w)} && {v} <= {w}, false)")

            return [("LessThanOrEqualsConstraintComponent", less)]
        if prop == SH.qualifiedValueShape:
            disjoint = self.one(shape, SH.qualifiedValueShapesDisjoint)
            if disjoint is not None and not (isinstance(disjoint, Literal) and disjoint.value is False):
                raise self.fail(shape, "sh:qualifiedValueShapesDisjoint is not supported")
            low, high = self.count(shape, SH.qualifiedMinCount), self.count(shape, SH.qualifiedMaxCount)
            if low is None and high is None:
                raise self.fail(shape, "sh:qualifiedValueShape without a count")

            def conforming(a: str) -> str:
                return self.conforms(a, o)

            rules = on_focus("QualifiedMinCount", lambda f, p, _: f"!{self.at_least(low, f, p, conforming)}")
            rules += on_focus("QualifiedMaxCount", lambda f, p, _: self.at_least(high + 1, f, p, conforming))
            return [rule for rule, keep in zip(rules, (bool(low), high is not None), strict=True) if keep]
        return []

    def conforms(self, x: str, shape) -> str:
        """Return an expression: the node ``x`` conforms to ``shape`` (nested in sh:or, sh:not, ...)."""
        if self.deactivated(shape):
            return "true"
        if shape in self.nested:
            raise self.fail(shape, "recursive shapes are not supported")
        self.nested.append(shape)
        parts = []
        for node in (shape, *self.g.objects(shape, SH.property)):
            if node != shape and self.deactivated(node):
                continue
            if self.one(node, SH.severity) not in (None, SH.Violation) or self.one(node, SH.sparql):
                raise self.fail(node, "a nested shape may not set sh:severity nor hold SPARQL constraints")
            if node != shape and (self.one(node, SH.property) is not None or self.path(node) is None):
                raise self.fail(node, "a property shape needs an IRI sh:path and no sh:property")
            for _, build in self.rules(node):
                head, test = build(x, self.var(), _inline)
                parts.append(f"EXISTS {{ {head} FILTER({test}) }}")
        self.nested.pop()
        return f"!({' || '.join(parts)})" if parts else "true"

    def prefixes_of(self, constraint) -> dict[str, str]:
        """Return the prefixes pyshacl declares for a SPARQL constraint (as its collect_prefixes does)."""
        found = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}
        ontologies = set(self.g.subjects(RDF.type, OWL.Ontology))
        everywhere = {d for o in ontologies for d in self.g.objects(o, SH.declare)}
        for node in self.g.objects(constraint, SH.prefixes):
            own = set(self.g.objects(node, SH.declare))
            seen: dict[str, str] = {}
            for d in own if own and node in ontologies else everywhere | own:
                prefix, namespace = str(self.one(d, SH.prefix)), str(self.one(d, SH.namespace))
                if seen.setdefault(prefix, namespace) != namespace:
                    raise UnsupportedShapes(f"prefix {prefix}: is declared twice")
            found.update(seen)
        return found

    def sparql(self, shape, constraint, k: int) -> _Select:
        texts = list(self.g.objects(constraint, SH.select))
        if len(texts) != 1 or not isinstance(texts[0], Literal) or not isinstance(texts[0].value, str):
            raise self.fail(shape, "a SPARQL constraint needs one sh:select string")
        prefixes = self.prefixes_of(constraint)
        try:
            prepareQuery("".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items()) + str(texts[0]))
        except Exception as e:  # rdflib raises many kinds of parse errors
            raise self.fail(shape, f"pyshacl cannot parse the SPARQL constraint: {e}") from e
        for p, ns in prefixes.items():
            if self.prefixes.setdefault(p, ns) != ns:
                raise UnsupportedShapes(f"prefix {p}: is declared as two namespaces")
        return _select(str(texts[0]), k, _shape_name(self.g, shape))

    def add(self, node, component: str, message: str) -> int:
        self.checks.append(_Check(_shape_name(self.g, node), component, self.severity(node), message))
        return len(self.checks) - 1

    def compile(self) -> CompiledShapes:
        shapes = {s for p in _TARGETS for s in self.g.subjects(p, None)}
        for shape in sorted(shapes, key=lambda s: (_shape_name(self.g, s), str(s))):
            if self.deactivated(shape):
                continue
            sid = len(self.targets)
            targets = [(_TARGETS[p], t) for p, t in self.g.predicate_objects(shape) if p in _TARGETS]
            if not all(isinstance(t, URIRef) for _, t in targets):
                raise self.fail(shape, "targets must be IRIs")
            self.targets.append(tuple((kind, _iri(t)) for kind, t in targets))
            for node in (shape, *self.g.objects(shape, SH.property)):
                if node != shape and self.deactivated(node):
                    continue
                if node != shape and (self.one(node, SH.property) is not None or self.path(node) is None):
                    raise self.fail(node, "a property shape needs an IRI sh:path and no sh:property")
                for component, build in self.rules(node):
                    k = self.add(node, component, self.message(node))
                    bound: dict[str, str] = {}

                    def param(variable: str, term: str, bound: dict[str, str] = bound) -> str:
                        bound[variable] = term
                        return variable

                    head, test = _canonical(*build("?focus", "?value", param))
                    self.groups.setdefault((head, test), []).append((k, sid, bound))
                for constraint in self.g.objects(node, SH.sparql):
                    if node != shape:
                        raise self.fail(node, "SPARQL constraints on property shapes are not supported")
                    if not self.deactivated(constraint):
                        k = self.add(node, "SPARQLConstraintComponent", self.message(constraint, node))
                        select = self.sparql(node, constraint, k)
                        self.selects.append(_Branch("", (), ((k, sid, ()),), select))
        branches = []
        for (head, test), rows in self.groups.items():
            params = tuple(sorted(rows[0][2]))
            table = tuple((k, sid, tuple(bound[p] for p in params)) for k, sid, bound in rows)
            branches.append(_Branch(f"{head} FILTER({test})", params, table))
        return CompiledShapes(tuple(self.checks), tuple(self.targets), (*branches, *self.selects),
                              tuple(sorted(self.prefixes.items())))


# --- queries ---------------------------------------------------------------------------------------


def _union(parts: list[str]) -> str:
    """Return the UNION of the groups ``parts`` as a balanced tree (Oxigraph plans a flat UNION of n
    groups in time quadratic in n)."""
    if len(parts) <= 2:
        return "{ " + (" UNION ".join(parts) or "FILTER(false)") + " }"
    half = len(parts) // 2
    return f"{{ {_union(parts[:half])} UNION {_union(parts[half:])} }}"


def _sorted(results: list[ShapeResult]) -> list[ShapeResult]:
    return sorted(results, key=lambda r: (r.graph, r.severity != "Violation", r.shape, r.message, r.focus,
                                          r.path, r.value))


@dataclass(frozen=True)
class CompiledShapes:
    """Shapes compiled to SPARQL: ``query`` and ``graphs_query`` give the text, ``check``,
    ``check_graphs`` and ``check_graph`` run it with pyoxigraph and return ShapeResults."""

    checks: tuple[_Check, ...]
    targets: tuple[tuple[tuple[str, str], ...], ...]
    branches: tuple[_Branch, ...]
    prefixes: tuple[tuple[str, str], ...] = ()
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    def _focus(self, sids: set[int]) -> str:
        """Return the pattern binding ?sid and ?focus to the focus nodes of the shapes ``sids``."""
        forms = {"class": f"?focus {_TYPE_OF} ?_t .", "subjects": "?focus ?_t ?_o .",
                 "objects": "?_o ?_t ?focus ."}
        parts = []
        for kind, form in forms.items():
            rows = " ".join(f"({sid} {t})" for sid in sorted(sids) for k, t in self.targets[sid] if k == kind)
            if rows:
                parts.append(f"{{ VALUES (?sid ?_t) {{ {rows} }} {form} }}")
        return " UNION ".join(parts) or "FILTER(false)"

    def _prologue(self) -> str:
        return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in self.prefixes)

    def _queries(self, scope: str | None, focus: Iterable[str] | None = None, exclude: Iterable[str] = (),
                 annotate: bool = False, subclasses: bool = True) -> tuple[str, list[str]]:
        """Return the SELECT clause and the group pattern of each branch of the query over the default
        graph (``scope`` None), a named graph (``<iri>``) or each named graph (``?g``). Without
        ``subclasses`` (the data holds no rdfs:subClassOf triple) class membership is a plain rdf:type:
        the same answers, that Oxigraph finds much faster."""
        focus = None if focus is None else tuple(focus)
        key = (scope, focus, tuple(exclude), annotate, subclasses)
        if key in self._cache:
            return self._cache[key]
        restrict = "" if focus is None else "VALUES ?focus { " + " ".join(_iri(f) for f in focus) + " } "

        def wrap(pattern: str) -> str:
            return f"GRAPH {scope} {{ {pattern} }}" if scope else pattern

        gvar = "?g " if scope == "?g" else ""
        keep = f"FILTER(?g NOT IN ({', '.join(_iri(x) for x in key[2])})) " if gvar and key[2] else ""
        parts = []
        for b in self.branches:
            columns = ["?k", "?sid", *b.params, *(("?shape", "?severity", "?message") if annotate else ())]
            rows = []
            for k, sid, values in b.rows:
                c = self.checks[k]
                notes = (_string(c.shape), _iri(c.severity), _string(c.message)) if annotate else ()
                rows.append(f"({' '.join((str(k), str(sid), *values, *notes))})")
            table = f"VALUES ({' '.join(columns)}) {{ {' '.join(rows)} }}"
            found = self._focus({sid for _, sid, _ in b.rows})
            s = b.select
            if s is None:
                part = f"{{ {wrap(f'{restrict}{table} {found} {b.pattern}')} {keep}}}"
            else:
                focused = f"{{ SELECT DISTINCT {gvar}?sid ?focus WHERE {{ {restrict}{wrap(found)} {keep}}} }}"
                part = (f"{{ {focused} "
                        f"LATERAL {{ {s.head} {gvar}{s.projection} WHERE {{ {wrap(s.body)} }} }} {table} "
                        + (f"BIND({s.path} AS ?path) " if s.path else "")
                        + f"BIND({f'COALESCE({s.value}, ?focus)' if s.value else '?focus'} AS ?value) }}")
            parts.append(part if subclasses else part.replace(_TYPE_OF, f"<{RDF.type}>"))
        notes = " ?shape ?severity ?message" if annotate else ""
        select = f"SELECT DISTINCT {gvar}?k ?focus ?path ?value{notes}"
        if len(self._cache) > 64:
            self._cache.clear()
        self._cache[key] = select, parts
        return select, parts

    def query(self, graph: str | None = None, focus: Iterable[str] | None = None) -> str:
        """Return one SPARQL SELECT of every violation: ?k (the constraint's number), ?focus, ?path,
        ?value, ?shape (the shape's name), ?severity (an sh: IRI) and ?message.

        The data is the query's default graph, or the named graph ``graph`` if given; ``focus`` (IRIs)
        restricts the focus nodes checked.
        """
        select, parts = self._queries(_iri(graph) if graph else None, focus, (), True)
        return f"{self._prologue()}{select} WHERE {_union(parts)}"

    def graphs_query(self, exclude: Iterable[str] = (), focus: Iterable[str] | None = None) -> str:
        """Return the query of ``query`` run on each named graph by itself (``GRAPH ?g``), with a ?g
        column first, leaving out the graphs ``exclude`` (IRIs)."""
        select, parts = self._queries("?g", focus, exclude, True)
        return f"{self._prologue()}{select} WHERE {_union(parts)}"

    def _run(self, store: ox.Store, scope: str | None, focus: Iterable[str] | None, exclude: Iterable[str],
             graph: str | None, **options) -> list[ShapeResult]:
        """Return the results of the query, run a branch at a time (faster for Oxigraph to plan)."""
        exclude = tuple(exclude)
        probe = f"?a <{RDFS.subClassOf}> ?b"
        probe = f"GRAPH {scope} {{ {probe} }}" if scope else probe
        if exclude:
            probe += f" FILTER(?g NOT IN ({', '.join(_iri(x) for x in exclude)}))"
        subclasses = bool(store.query(f"ASK {{ {probe} }}", **options))
        select, parts = self._queries(scope, focus, exclude, False, subclasses)
        first, results, prologue = int(graph is None), [], self._prologue()
        for b, part in zip(self.branches, parts, strict=True):  # only SPARQL constraints use prefixes
            for row in store.query(f"{prologue if b.select else ''}{select} WHERE {part}", **options):
                k, node, path, value = (row[i] for i in range(first, first + 4))
                c = self.checks[int(k.value)]
                results.append(ShapeResult(
                    graph=row[0].value if graph is None else graph, shape=c.shape, focus=node.value,
                    path="" if path is None else path.value, value="" if value is None else value.value,
                    severity=_local(c.severity), message=c.message, component=c.component,
                ))
        return _sorted(results)

    def check(
        self,
        store: ox.Store,
        graph: str | None = None,
        focus: Iterable[str] | None = None,
        union_of: Iterable[str] | None = None,
    ) -> list[ShapeResult]:
        """Return the violations in ``store``'s default graph, in its named graph ``graph``, or in the
        union of its named graphs ``union_of`` (IRIs); of the focus nodes ``focus`` (IRIs) only, if
        given. Sorted: violations first, then by shape, message, focus, path and value."""
        if graph is not None and union_of is not None:
            raise ValueError("give graph or union_of, not both")
        options = {} if union_of is None else {"default_graph": [ox.NamedNode(g) for g in union_of]}
        return self._run(store, _iri(graph) if graph else None, focus, (), graph or "", **options)

    def check_graphs(
        self, store: ox.Store, exclude: Iterable[str] = (), focus: Iterable[str] | None = None
    ) -> list[ShapeResult]:
        """Return the violations of each named graph of ``store`` checked by itself (``graph`` names
        it), except the graphs ``exclude`` (IRIs); sorted by graph, then as by ``check``."""
        return self._run(store, "?g", focus, exclude, None)

    def check_graph(self, graph: Graph) -> list[ShapeResult]:
        """Return the violations of the rdflib ``graph``, checked in an in-memory Oxigraph store, and an
        UNCHECKED result for each triple with a term Oxigraph would not hold as rdflib does."""
        store, unchecked = _load(graph)
        return _sorted(unchecked + self.check(store))


def compile_shapes(shapes: Graph) -> CompiledShapes:
    """Return ``shapes`` compiled to SPARQL; raise UnsupportedShapes if they use anything outside the
    supported subset (see the module docstring) or if Oxigraph cannot parse the compiled query."""
    compiled = _Compiler(shapes).compile()
    for text in (compiled.query("urn:x:g", ["urn:x:f"]), compiled.graphs_query(["urn:x:g"])):
        try:
            ox.Store().query(text)
        except SyntaxError as e:
            raise UnsupportedShapes(f"the compiled query does not parse: {e}") from e
    return compiled


# --- rdflib to Oxigraph ------------------------------------------------------------------------------


def _term(term, iris: dict):
    """Return the pyoxigraph term of an rdflib term; ValueError if Oxigraph would not hold it as
    rdflib does."""
    if type(term) is URIRef:
        key = str(term)  # hashing a str is cheaper than hashing a URIRef
        found = iris.get(key)
        if found is None:
            found = iris[key] = ox.NamedNode(key)
        return found
    if isinstance(term, BNode):
        return ox.BlankNode(term)
    if not isinstance(term, Literal):
        raise ValueError(f"a {type(term).__name__}")
    datatype, language, lexical = term.datatype, term.language, str(term)
    if language is not None:
        if language != language.lower():
            raise ValueError("a language tag with capitals")
        return ox.Literal(lexical, language=language)
    if datatype is None:
        return ox.Literal(lexical)
    if datatype == XSD.string:
        raise ValueError("an explicit xsd:string, which Oxigraph does not tell from a plain string")
    ill_typed = term.value is None if term.ill_typed is None else term.ill_typed  # None: not yet known
    if ill_typed:  # Oxigraph keeps the text of an invalid literal, and sh:datatype rejects it
        if _py_valid(datatype, lexical):
            raise ValueError("ill-typed for rdflib, though its text may look valid")
    elif not _kept(datatype, lexical):
        raise ValueError("stored by Oxigraph in another (canonical) form")
    return ox.Literal(lexical, datatype=ox.NamedNode(datatype))


def _load(graph: Graph) -> tuple[ox.Store, list[ShapeResult]]:
    """Return an in-memory store holding ``graph``, and an UNCHECKED result per triple with a term that
    Oxigraph would not hold as rdflib does (that triple is left out)."""
    iris: dict = {}
    quads, unchecked = [], []
    for t in graph:
        try:
            quads.append(ox.Quad(_term(t[0], iris), _term(t[1], iris), _term(t[2], iris)))
        except (ValueError, TypeError) as e:
            unchecked.append(ShapeResult("", UNCHECKED, str(t[0]), str(t[1]), str(t[2]), "Violation",
                                         f"pyshacl must decide: the term is {e}", "OxigraphTerm"))
    store = ox.Store()
    store.extend(quads)
    return store, unchecked
