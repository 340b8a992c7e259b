"""Writing query results: W3C SPARQL 1.1 results JSON, XML, CSV and TSV, a rich table, and Turtle.

SELECT results go out in the chosen format; ASK results are ``true``/``false`` (or the W3C boolean
JSON document); CONSTRUCT/DESCRIBE results are always Turtle.
"""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .errors import QueryError
from .namespaces import PREFIXES
from .queries import QueryResult, SavedQuery

__all__ = [
    "FORMATS",
    "term_json",
    "to_json",
    "to_xml",
    "to_csv",
    "to_tsv",
    "to_turtle",
    "render",
    "print_table",
    "print_queries",
    "compact",
]

FORMATS = ("table", "json", "csv", "tsv", "xml")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def term_json(term) -> dict:
    """Return the W3C SPARQL results JSON object of one RDF term."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        parts = zip(
            ("subject", "predicate", "object"), (term.subject, term.predicate, term.object), strict=True
        )
        return {"type": "triple", "value": {k: term_json(v) for k, v in parts}}
    raise QueryError(f"cannot write the term {term!r} as JSON")


def to_json(result: QueryResult) -> str:
    """Return ``result`` as a W3C SPARQL 1.1 Query Results JSON document (SELECT or ASK)."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)})
    bindings = [
        {v: term_json(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=1)


_SPARQL_NS = "http://www.w3.org/2005/sparql-results#"


def _term_xml(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            attr = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype.value not in (_XSD_STRING, _LANG_STRING):
            attr = f" datatype={quoteattr(term.datatype.value)}"
        else:
            attr = ""
        return f"<literal{attr}>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        parts = zip(
            ("subject", "predicate", "object"), (term.subject, term.predicate, term.object), strict=True
        )
        return "<triple>" + "".join(f"<{k}>{_term_xml(v)}</{k}>" for k, v in parts) + "</triple>"
    raise QueryError(f"cannot write the term {term!r} as XML")


def to_xml(result: QueryResult) -> str:
    """Return ``result`` as a W3C SPARQL Query Results XML document (SELECT or ASK)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sparql xmlns="{_SPARQL_NS}">', "<head>"]
    if result.kind == "ask":
        lines += ["</head>", f"<boolean>{'true' if result.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(lines) + "\n"
    lines += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    lines += ["</head>", "<results>"]
    for row in result.rows:
        lines.append("<result>")
        for v, t in zip(result.variables, row, strict=True):
            if t is not None:
                lines.append(f"<binding name={quoteattr(v)}>{_term_xml(t)}</binding>")
        lines.append("</result>")
    lines += ["</results>", "</sparql>"]
    return "\n".join(lines) + "\n"


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def to_csv(result: QueryResult) -> str:
    """Return ``result`` as W3C SPARQL 1.1 results CSV (plain values, CRLF lines)."""
    if result.kind == "ask":
        return "true\r\n" if result.boolean else "false\r\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_csv_value(t) for t in row])
    return out.getvalue()


def to_tsv(result: QueryResult) -> str:
    """Return ``result`` as W3C SPARQL 1.1 results TSV (terms in SPARQL/N-Triples syntax)."""
    if result.kind == "ask":
        return "true\n" if result.boolean else "false\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if t is None else str(t).replace("\t", "\\t") for t in row))
    return "\n".join(lines) + "\n"


def to_turtle(result: QueryResult) -> str:
    """Return the triples of a CONSTRUCT/DESCRIBE ``result`` as Turtle with kg's prefixes."""
    data = ox.serialize(list(result.triples), format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES))
    return data.decode("utf-8") if data else ""


def compact(term) -> str:
    """Return a short human form of a term: a literal's text, an IRI as ``prefix:name`` when possible."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        for prefix, ns in PREFIXES.items():
            local = term.value[len(ns) :]
            if term.value.startswith(ns) and local and "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def render(result: QueryResult, fmt: str) -> str:
    """Return ``result`` written in ``fmt`` (json, xml, csv or tsv; CONSTRUCT/DESCRIBE are always Turtle)."""
    if result.kind == "construct":
        return to_turtle(result)
    writers = {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv}
    if fmt not in writers:
        raise QueryError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    text = writers[fmt](result)
    return text if text.endswith("\n") else text + "\n"


def print_table(result: QueryResult, console: Console, title: str = "") -> None:
    """Print ``result`` on ``console`` as a table (ASK as true/false, CONSTRUCT as Turtle)."""
    if result.kind == "ask":
        console.print("true" if result.boolean else "false", markup=False, highlight=False)
        return
    if result.kind == "construct":
        console.print(to_turtle(result), markup=False, highlight=False, end="")
        return
    table = Table(title=Text(title) if title else None, caption=Text(f"{len(result.rows)} rows"))
    for v in result.variables:
        table.add_column(Text(v), overflow="fold")
    for row in result.rows:
        table.add_row(*(Text(compact(t)) for t in row))
    console.print(table)


def print_queries(saved: list[SavedQuery], console: Console) -> None:
    """Print the catalogue of saved queries on ``console``: name, title and description, parameters."""
    table = Table(title=Text("Saved queries"), caption=Text(f"{len(saved)} queries"), show_lines=True)
    table.add_column(Text("name"), no_wrap=True)
    table.add_column(Text("title and description"), overflow="fold", ratio=3)
    table.add_column(Text("parameters (--param NAME=VALUE)"), overflow="fold", ratio=2)
    for q in saved:
        about = Text(q.title, style="bold")
        if q.description:
            about.append(f"\n{q.description}", style="")
        params = Text()
        for i, p in enumerate(q.params):
            params.append(("\n" if i else "") + p.name, style="bold")
            params.append(f": {p.description}" if p.description else "")
            params.append(f' (e.g. "{p.example}")' if p.example else "")
        table.add_row(Text(q.name), about, params)
    console.print(table)
