"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint and dereferenceable entity pages.

Routes (``create_app``):

- ``/sparql`` — SPARQL 1.1 Protocol: GET ``?query=``, POST form (``query=``) and POST direct
  (``application/sparql-query``); ``default-graph-uri``/``named-graph-uri`` honoured, otherwise the
  default graph is the union of all graphs (as in ``kg query``) and kg's prefixes are predeclared.
  Results by content negotiation (or ``format=json|xml|csv|tsv|html|turtle|nt|jsonld|rdfxml``):
  SPARQL results JSON/XML/CSV/TSV (and an HTML table for browsers) for SELECT and ASK, Turtle,
  N-Triples, JSON-LD or RDF/XML for CONSTRUCT and DESCRIBE. SPARQL Update is refused with 403.
  Each query runs in its own process, killed after ``timeout`` seconds (503); at most
  ``max_results`` rows or triples are returned (the ``Kg-Result-Truncated`` header says when more
  were cut). Requests over ``max_request_bytes`` are refused (413, or 414 for a GET query string),
  and so (403) is a query calling a ``SERVICE`` not listed in ``allow_service``: the engine would
  otherwise fetch any URL a client names.
- ``/`` — an HTML page with a query box and the saved queries.
- ``{base_path}{rest}`` — the entity ``BASE + rest`` (e.g. ``/id/official/reni-yanita``): an HTML
  page of its facts with the sentences they came from for browsers, Turtle, N-Triples or JSON-LD for
  RDF clients (by ``Accept``). ``base_path`` defaults to ``/``; a server deployed under the
  namespace's host sets it to the namespace's path (``/kg-indonesia/``) and so serves its own IRIs.

Starlette and uvicorn come with the ``server`` extra (``pip install 'kg[server]'``); they are
imported only when an app is made.
"""

from __future__ import annotations

import html
import ipaddress
import itertools
import multiprocessing
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from ._util import one_line
from .errors import KgError
from .namespaces import BASE, GRAPH_INFERRED, PREFIXES
from .queries import QueryResult, list_queries, sparql_tokens
from .results import compact, to_csv, to_json, to_tsv
from .store import open_store, store_info

__all__ = [
    "ServerConfig",
    "QueryAnswer",
    "RESULT_TYPES",
    "GRAPH_TYPES",
    "negotiate",
    "service_refusal",
    "is_loopback",
    "execute",
    "create_app",
    "serve",
]

# Media types, the preferred one (chosen for */*) last, as mimeparse picks the last of equals.
RESULT_TYPES = {
    "text/html": "html",
    "text/tab-separated-values": "tsv",
    "text/csv": "csv",
    "application/xml": "xml",
    "application/sparql-results+xml": "xml",
    "application/json": "json",
    "application/sparql-results+json": "json",
}
GRAPH_TYPES = {
    "text/html": "html",
    "application/rdf+xml": "rdfxml",
    "application/json": "jsonld",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/x-turtle": "turtle",
    "application/turtle": "turtle",
    "text/turtle": "turtle",
}
_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_RESULT_FORMATS = ("json", "xml", "csv", "tsv", "html")
_UPDATE_REFUSED = "kg serve is read-only: SPARQL Update is refused"


@dataclass(frozen=True)
class ServerConfig:
    """What ``kg serve`` serves and its limits: store folder, per-query timeout (seconds), the most
    rows or triples a query returns, the server path that the base namespace ``BASE`` maps to, the
    largest request accepted (bytes) and the SERVICE endpoints a query may call (exact URLs)."""

    store: Path
    timeout: float = 10.0
    max_results: int = 10_000
    base_path: str = "/"
    max_request_bytes: int = 1_000_000
    allow_service: tuple[str, ...] = ()

    def local_path(self, iri: str) -> str | None:
        """Return the server path of ``iri`` if it is in the base namespace, else None."""
        if not iri.startswith(BASE):
            return None
        return self.base_path + urllib.parse.quote(iri[len(BASE) :], safe="/#=,:;@!$&'()*+-._~")


@dataclass(frozen=True)
class QueryAnswer:
    """An HTTP answer to a query: status, media type, body, and whether results were cut at the cap."""

    status: int
    media_type: str
    body: bytes
    truncated: bool = False


def negotiate(accept: str | None, kind: str, fmt: str | None = None) -> str | None:
    """Return the output format for a ``kind`` ("select", "ask", "construct") answer, or None.

    ``fmt`` (the ``format`` request parameter) wins over ``accept`` (the Accept header).
    """
    import mimeparse

    table = GRAPH_TYPES if kind == "construct" else RESULT_TYPES
    formats = set(table.values())
    if fmt:
        return fmt if fmt in formats else None
    best = mimeparse.best_match(list(table), accept or "*/*")
    return table.get(best) if best else None


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def service_refusal(query: str, allowed: tuple[str, ...] = ()) -> str | None:
    """Return why ``query`` may not run because of a SERVICE call, or None if it calls none not allowed.

    Only ``SERVICE <URL>`` (optionally SILENT) with a URL listed in ``allowed`` passes; a variable or
    prefixed name as the endpoint is refused, since it cannot be checked before the query runs.
    """
    # SPARQL reads \uXXXX escapes before parsing, so `\u0053ERVICE` is SERVICE too
    text = _CODEPOINT.sub(lambda m: chr(min(int(m[1] or m[2], 16), 0x10FFFF)), query)
    tokens = sparql_tokens(text)
    for i, (kind, value, *_rest) in enumerate(tokens):
        if kind != "word" or value.upper() != "SERVICE":
            continue
        after = tokens[i + 1 : i + 3]
        if after and after[0][0] == "word" and after[0][1].upper() == "SILENT":
            after = after[1:]
        endpoint = after[0][1][1:-1] if after and after[0][0] == "iri" else None
        if endpoint is None or endpoint not in allowed:
            named = f" to {endpoint}" if endpoint else ""
            return (
                f"SERVICE calls{named} are refused: this endpoint only calls the SERVICE URLs it was"
                " started with (kg serve --allow-service URL)"
            )
    return None


def is_loopback(host: str) -> bool:
    """Return whether ``host`` (a name or an address) is this machine only: localhost or a loopback IP."""
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{xml_escape(term.value)}</literal>"
    if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        return f"<literal datatype={quoteattr(term.datatype.value)}>{xml_escape(term.value)}</literal>"
    return f"<literal>{xml_escape(term.value)}</literal>"


def _to_xml(result: QueryResult) -> str:
    """Return ``result`` (SELECT or ASK) as a W3C SPARQL Query Results XML document."""
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>")
    if result.kind == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            cells = [
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(result.variables, row, strict=True)
                if t is not None
            ]
            out.append("<result>" + "".join(cells) + "</result>")
        out.append("</results>")
    out.append("</sparql>\n")
    return "\n".join(out)


def _page(title: str, body: str) -> bytes:
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>"
        "body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}"
        "blockquote{margin:.2em 0;color:#333}textarea{width:100%;font-family:monospace}"
        ".src{color:#666;font-size:.9em}</style></head>"
        f"<body>{body}</body></html>\n"
    ).encode()


def _to_html(result: QueryResult, config: ServerConfig) -> str:
    if result.kind == "ask":
        return _page("ASK", f"<p id='boolean'>{'true' if result.boolean else 'false'}</p>").decode()
    head = "".join(f"<th>{html.escape(v)}</th>" for v in result.variables)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_html_term(t, config)}</td>" for t in row) + "</tr>" for row in result.rows
    )
    body = f"<table id='results'><tr>{head}</tr>{rows}</table><p>{len(result.rows)} rows</p>"
    return _page("SPARQL results", body).decode()


def _html_term(term, config: ServerConfig, label: str | None = None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        href = config.local_path(term.value) or term.value
        text = label or compact(term)
        return f"<a href={quoteattr(href)}>{html.escape(text)}</a>"
    return html.escape(label or compact(term))


def execute(
    config: ServerConfig,
    query: str,
    accept: str | None = None,
    fmt: str | None = None,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
) -> QueryAnswer:
    """Return the answer to the SPARQL ``query`` on the configured store, run in a child process.

    The child is killed after ``config.timeout`` seconds (status 503). Syntax errors give 400,
    an unacceptable ``accept``/``fmt`` gives 406.
    """
    ctx = multiprocessing.get_context("forkserver")
    receive, send = ctx.Pipe(duplex=False)
    args = (send, config, query, accept, fmt, default_graphs, named_graphs)
    process = ctx.Process(target=_child, args=args, daemon=True)
    process.start()
    send.close()
    try:
        if not receive.poll(config.timeout):
            return QueryAnswer(
                503,
                "text/plain; charset=utf-8",
                f"query timed out after {config.timeout:g} s (kg serve --timeout)\n".encode(),
            )
        try:
            answer = receive.recv()
        except EOFError:
            return QueryAnswer(500, "text/plain; charset=utf-8", b"the query process died\n")
        return answer
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receive.close()


def _child(conn, config: ServerConfig, query: str, accept, fmt, default_graphs, named_graphs) -> None:
    """Run one query (in a child process) and send its QueryAnswer back on ``conn``."""
    try:
        answer = _answer(config, query, accept, fmt, default_graphs, named_graphs)
    except SyntaxError as e:
        answer = QueryAnswer(
            400, "text/plain; charset=utf-8", f"SPARQL syntax error: {one_line(e)}\n".encode()
        )
    except KgError as e:
        answer = QueryAnswer(500, "text/plain; charset=utf-8", f"{one_line(e)}\n".encode())
    except Exception as e:  # the query engine's run-time errors
        answer = QueryAnswer(400, "text/plain; charset=utf-8", f"query failed: {one_line(e)}\n".encode())
    conn.send(answer)
    conn.close()


def _answer(config: ServerConfig, query: str, accept, fmt, default_graphs, named_graphs) -> QueryAnswer:
    store = open_store(config.store)
    options: dict = {"prefixes": dict(PREFIXES)}
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    answer = store.query(query, **options)
    cap = config.max_results
    if isinstance(answer, ox.QueryBoolean):
        result, truncated = QueryResult(kind="ask", boolean=bool(answer)), False
    elif isinstance(answer, ox.QueryTriples):
        triples = tuple(itertools.islice(answer, cap + 1))
        result, truncated = QueryResult(kind="construct", triples=triples[:cap]), len(triples) > cap
    else:
        variables = tuple(v.value for v in answer.variables)
        rows = tuple(tuple(s[v] for v in variables) for s in itertools.islice(answer, cap + 1))
        result = QueryResult(kind="select", variables=variables, rows=rows[:cap])
        truncated = len(rows) > cap
    out = negotiate(accept, result.kind, fmt)
    if out is None:
        wanted = f"format={fmt}" if fmt else f"Accept: {accept}"
        return QueryAnswer(
            406, "text/plain; charset=utf-8", f"cannot answer {wanted} for this query\n".encode()
        )
    return QueryAnswer(200, _MEDIA[out], _render(result, out, config), truncated)


def _render(result: QueryResult, out: str, config: ServerConfig) -> bytes:
    if result.kind == "construct":
        if out == "html":
            rows = [(t.subject, t.predicate, t.object) for t in result.triples]
            table = QueryResult(kind="select", variables=("subject", "predicate", "object"), rows=tuple(rows))
            return _to_html(table, config).encode("utf-8")
        return (
            ox.serialize(list(result.triples), format=_RDF_FORMATS[out], prefixes=_rdf_prefixes(out)) or b""
        )
    writers = {"json": to_json, "csv": to_csv, "tsv": to_tsv, "xml": _to_xml}
    if out == "html":
        return _to_html(result, config).encode("utf-8")
    return writers[out](result).encode("utf-8")


def _rdf_prefixes(out: str) -> dict[str, str]:
    return {k: v for k, v in PREFIXES.items() if k != "kg"} if out in ("turtle", "rdfxml") else {}


# ---------------------------------------------------------------- entity pages

_ENTITY_FACTS = """
SELECT DISTINCT ?g ?p ?o ?olabel ?text ?article ?headline WHERE {
  GRAPH ?g { ?s ?p ?o }
  OPTIONAL { ?o skos:prefLabel|schema:headline|nif:anchorOf ?olabel }
  OPTIONAL {
    ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?sentence .
    ?sentence nif:anchorOf ?text ; kgo:inArticle ?article .
    OPTIONAL { ?article schema:headline ?headline }
  }
}"""
_ENTITY_REFERRERS = """
SELECT DISTINCT ?g ?s ?p ?slabel WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER (?p != rdf:subject && ?p != rdf:object)
  OPTIONAL { ?s skos:prefLabel|schema:headline ?slabel }
}"""
_ENTITY_LABEL = "SELECT ?label WHERE { ?s skos:prefLabel|schema:headline ?label } LIMIT 1"
_DESCRIBE = "CONSTRUCT { ?s ?p ?o . ?x ?q ?s } WHERE { { ?s ?p ?o } UNION { ?x ?q ?s } }"


def _bind(store: ox.Store, text: str, **terms: ox.NamedNode) -> ox.QuerySolutions:
    """Return the answer to ``text`` with each variable of ``terms`` bound by a VALUES clause."""
    values = " ".join(f"VALUES ?{k} {{ {v} }}" for k, v in terms.items())  # terms written by pyoxigraph
    text = text.replace("WHERE {", "WHERE { " + values, 1)
    return store.query(text, prefixes=dict(PREFIXES))


def _entity_triples(store: ox.Store, iri: ox.NamedNode) -> list[ox.Triple]:
    return sorted(set(_bind(store, _DESCRIBE, s=iri)), key=str)


def _entity_html(store: ox.Store, iri: ox.NamedNode, config: ServerConfig) -> bytes:
    """Return the HTML page of ``iri``: its facts with the sentences they came from, and referrers."""
    labels = list(_bind(store, _ENTITY_LABEL, s=iri))
    title = labels[0]["label"].value if labels else iri.value
    inferred = ox.NamedNode(GRAPH_INFERRED)
    facts: dict[tuple[str, str], dict] = {}
    for row in _bind(store, _ENTITY_FACTS, s=iri):
        if row["g"] == inferred:
            continue
        fact = facts.setdefault(
            (str(row["p"]), str(row["o"])),
            {"p": row["p"], "o": row["o"], "label": None, "evidence": set()},
        )
        if row["olabel"] is not None and fact["label"] is None:
            fact["label"] = row["olabel"].value
        if row["text"] is not None:
            headline = row["headline"].value if row["headline"] is not None else row["article"].value
            fact["evidence"].add((row["text"].value, row["article"].value, headline))
    lines = []
    for _, fact in sorted(facts.items()):
        value = _html_term(fact["o"], config, fact["label"])
        if fact["label"] and str(fact["p"]).endswith("wasDerivedFrom>"):
            value = f"<blockquote class='evidence'>{html.escape(fact['label'])}</blockquote>"
        evidence = "".join(
            f"<blockquote class='evidence'>{html.escape(text)}"
            f" <span class='src'>— {_html_term(ox.NamedNode(article), config, headline)}</span></blockquote>"
            for text, article, headline in sorted(fact["evidence"])
        )
        lines.append(f"<tr><td>{_html_term(fact['p'], config)}</td><td>{value}</td><td>{evidence}</td></tr>")
    referrers = []
    for row in _bind(store, _ENTITY_REFERRERS, o=iri):
        if row["g"] == inferred:
            continue
        referrers.append((str(row["p"]), str(row["s"]), row))
    ref_lines = sorted(
        {
            f"<tr><td>{_html_term(r['s'], config, r['slabel'].value if r['slabel'] is not None else None)}"
            f"</td><td>{_html_term(r['p'], config)}</td></tr>"
            for _, _, r in referrers
        }
    )
    turtle = "?format=turtle"
    body = (
        f"<h1 id='label'>{html.escape(title)}</h1>"
        f"<p><code id='iri'>{html.escape(iri.value)}</code> · <a href='{turtle}'>Turtle</a>"
        " · <a href='?format=jsonld'>JSON-LD</a> · <a href='/'>query</a></p>"
        "<h2>Facts</h2><table id='facts'><tr><th>property</th><th>value</th><th>evidence</th></tr>"
        + "".join(lines)
        + "</table>"
        + (
            "<h2>Referred to by</h2><table id='referrers'><tr><th>subject</th><th>property</th></tr>"
            + "".join(ref_lines)
            + "</table>"
            if ref_lines
            else ""
        )
    )
    head_link = f"<link rel='alternate' type='text/turtle' href='{turtle}'>"
    return _page(title, body).replace(b"</head>", head_link.encode() + b"</head>", 1)


def _index_html(config: ServerConfig, query: str) -> bytes:
    saved = []
    for q in list_queries():
        params = "".join(
            f"<li><code>?{html.escape(p.name)}</code> {html.escape(p.description)}"
            f" (e.g. {html.escape(p.example)})</li>"
            for p in q.params
        )
        use = "/?" + urllib.parse.urlencode({"query": q.text})
        saved.append(
            f"<li><b>{html.escape(q.name)}</b>: {html.escape(q.title)} — <a href={quoteattr(use)}>edit</a>"
            f"<br><span class='src'>{html.escape(q.description)}</span>"
            + (f"<ul>{params}</ul>" if params else "")
            + "</li>"
        )
    options = "".join(
        f"<option>{f}</option>" for f in ("html", "json", "xml", "csv", "tsv", "turtle", "jsonld")
    )
    example = query or "SELECT ?name WHERE { ?o a kgo:Official ; skos:prefLabel ?name } ORDER BY ?name"
    body = (
        "<h1>kg SPARQL endpoint</h1>"
        f"<p>Store <code>{html.escape(str(config.store))}</code>. Queries run over the union of all graphs"
        " with kg's prefixes predeclared; read-only; at most"
        f" {config.max_results} results, {config.timeout:g} s per query.</p>"
        "<form action='/sparql' method='get'>"
        f"<textarea name='query' rows='12'>{html.escape(example)}</textarea><br>"
        f"<label>format <select name='format'>{options}</select></label> <button>Run</button></form>"
        "<h2>Saved queries</h2><p>Parameters are plain variables here: bind them with VALUES.</p>"
        f"<ul>{''.join(saved)}</ul>"
    )
    return _page("kg SPARQL endpoint", body)


# ---------------------------------------------------------------- the app


def create_app(config: ServerConfig):
    """Return the Starlette application serving ``config`` (KgError if the server extra is missing)."""
    try:
        from starlette.applications import Starlette
        from starlette.concurrency import run_in_threadpool
        from starlette.requests import Request
        from starlette.responses import Response
        from starlette.routing import Route
    except ImportError as e:
        raise KgError("kg serve needs the web server: pip install 'kg[server]'") from e
    store_info(config.store)  # fail now, not on the first request, if there is no store
    base = config.base_path
    if not base.startswith("/") or not base.endswith("/"):
        raise KgError(f"the base path must start and end with '/', not {base!r}")

    def text(status: int, message: str) -> Response:
        return Response(message + "\n", status_code=status, media_type="text/plain; charset=utf-8")

    cap = config.max_request_bytes
    too_large = f"request too large: at most {cap} bytes (kg serve --max-request-bytes)"

    async def capped_body(request: Request) -> bytes | None:
        """Return the request body, or None as soon as it is larger than the cap."""
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > cap:
            return None
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > cap:
                return None
            chunks.append(chunk)
        return b"".join(chunks)

    async def sparql(request: Request) -> Response:
        if len(request.url.query) > cap:
            return text(414, too_large)
        params = request.query_params
        form: dict[str, list[str]] = {}
        query = params.get("query")
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                return text(403, _UPDATE_REFUSED)
            body = await capped_body(request)
            if body is None:
                return text(413, too_large)
            if ctype == "application/sparql-query":
                query = body.decode("utf-8", errors="replace")
            elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):

                async def replay() -> dict:
                    return {"type": "http.request", "body": body, "more_body": False}

                data = await Request(request.scope, replay).form()
                form = {k: [str(v) for v in data.getlist(k)] for k in data}
                if "update" in form:
                    return text(403, _UPDATE_REFUSED)
                query = form.get("query", [None])[0]
            else:
                return text(415, f"unsupported Content-Type {ctype!r} for a SPARQL query")
        if "update" in params:
            return text(403, _UPDATE_REFUSED)
        if not query:
            if "text/html" in request.headers.get("accept", ""):
                return Response(_index_html(config, ""), media_type=_MEDIA["html"])
            return text(400, "no query: give ?query=... (SPARQL 1.1 Protocol)")

        if (refusal := service_refusal(query, config.allow_service)) is not None:
            return text(403, refusal)

        def values(name: str) -> list[str]:
            return form.get(name) or params.getlist(name)

        fmt = (form.get("format") or [params.get("format") or ""])[0] or None
        answer = await run_in_threadpool(
            execute,
            config,
            query,
            request.headers.get("accept"),
            fmt,
            values("default-graph-uri"),
            values("named-graph-uri"),
        )
        headers = {"Vary": "Accept"}
        if answer.truncated:
            headers["Kg-Result-Truncated"] = f"max-results={config.max_results}"
        return Response(answer.body, status_code=answer.status, media_type=answer.media_type, headers=headers)

    async def index(request: Request) -> Response:
        return Response(_index_html(config, request.query_params.get("query", "")), media_type=_MEDIA["html"])

    def entity_response(path: str, accept: str | None, fmt: str | None) -> Response:
        iri = ox.NamedNode(BASE + urllib.parse.unquote(path))
        store = open_store(config.store)
        triples = _entity_triples(store, iri)
        if not triples:
            return text(404, f"no such resource: {iri.value}")
        out = negotiate(accept, "construct", fmt)
        if out is None:
            return text(406, "the resource is available as HTML, Turtle, N-Triples, JSON-LD and RDF/XML")
        if out == "html":
            body = _entity_html(store, iri, config)
        else:
            body = ox.serialize(triples, format=_RDF_FORMATS[out], prefixes=_rdf_prefixes(out)) or b""
        return Response(body, media_type=_MEDIA[out], headers={"Vary": "Accept"})

    async def entity(request: Request) -> Response:
        path = request.url.path[len(base) :]
        accept, fmt = request.headers.get("accept"), request.query_params.get("format")
        return await run_in_threadpool(entity_response, path, accept, fmt)

    routes = [
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/", index, methods=["GET"]),
    ]
    routes.append(Route(base.rstrip("/") + "/{rest:path}", entity, methods=["GET"]))
    return Starlette(routes=routes)


def serve(
    config: ServerConfig,
    host: str = "127.0.0.1",
    port: int = 8000,
    announce: Callable[[str], None] | None = None,
) -> None:
    """Serve ``config`` over HTTP on ``host``:``port`` until interrupted (KgError if it cannot start).

    ``announce`` is told where the server listens once the app is made.
    """
    app = create_app(config)
    if announce is not None and not is_loopback(host):
        announce(
            f"kg: warning: listening on {host}, not loopback: anyone who can reach this machine can"
            " query the store (read-only, with the limits set)"
        )
    try:
        import uvicorn
    except ImportError as e:
        raise KgError("kg serve needs the web server: pip install 'kg[server]'") from e
    multiprocessing.get_context("forkserver").set_forkserver_preload(["kg.server"])

    class Server(uvicorn.Server):
        async def startup(self, sockets=None) -> None:
            await super().startup(sockets)
            if self.started and announce is not None:
                announce(f"serving {config.store} at http://{host}:{port}/ (SPARQL at /sparql); Ctrl-C stops")

    server = Server(uvicorn.Config(app, host=host, port=port, log_level="critical"))
    try:
        server.run()
    except SystemExit as e:  # uvicorn exits when it cannot bind
        raise KgError(f"cannot serve on {host}:{port} (is the port in use?)") from e
    if not server.started:
        raise KgError(f"cannot serve on {host}:{port} (is the port in use?)")
