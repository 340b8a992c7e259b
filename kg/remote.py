"""Running saved queries on a remote SPARQL 1.1 endpoint (after ``kg push``), with the same rows.

The query text goes out as written, with kg's prefixes declared and its parameters bound by a
``VALUES`` block of RDF terms written by pyoxigraph (so escaped), put at the start of every group
that mentions them — the same as pyoxigraph's substitution in the embedded store, which binds a
variable everywhere in the query. The default graph is the union of kg's graphs on the server
(asked for first, passed as ``default-graph-uri`` and ``named-graph-uri``), as the embedded
store's default graph is the union of its graphs. Queries go by GET, or by form POST when long:
Virtuoso hangs on POST with ``Content-Type: application/sparql-query``.

The HTTP helpers (``http_session``, ``send``) are shared with ``kg push``: they turn refused
authentication, unreachable hosts, timeouts and non-2xx answers into one-line RemoteErrors.
"""

from __future__ import annotations

import itertools
import urllib.parse
from dataclasses import dataclass

import pyoxigraph as ox
import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth

from ._util import one_line
from .errors import KgError, ParameterError
from .namespaces import BASE, PREFIXES
from .queries import QueryResult, SavedQuery, bind_params, sparql_tokens

__all__ = [
    "RemoteError",
    "Credentials",
    "http_session",
    "send",
    "remote_graphs",
    "bind_remote",
    "run_remote",
]

DEFAULT_TIMEOUT = 60.0
_MAX_GET = 4000  # longer queries go by form POST
_KG_GRAPHS = f"""SELECT DISTINCT ?g WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER (STRSTARTS(STR(?g), "{BASE}"))
}}"""


class RemoteError(KgError):
    """A remote SPARQL or Graph Store server refused, failed or could not be reached."""


@dataclass(frozen=True)
class Credentials:
    """A user name and password for a server; basic or digest, whichever the server asks for."""

    user: str
    password: str


def http_session(credentials: Credentials | None = None) -> requests.Session:
    """Return a requests session for ``send``, which answers an auth challenge with ``credentials``.

    No credentials go out until the server asks for them (401); then ``send`` answers in the
    scheme the server named: Digest (Virtuoso) or Basic.
    """
    session = requests.Session()
    session.trust_env = False  # no proxies or .netrc from the environment
    session.kg_credentials = credentials  # type: ignore[attr-defined]
    return session


def _choose_auth(session: requests.Session, response: requests.Response) -> bool:
    """Set ``session.auth`` for the scheme a 401 ``response`` asks for; return whether it was set."""
    credentials = getattr(session, "kg_credentials", None)
    if credentials is None or session.auth is not None:
        return False
    scheme = response.headers.get("www-authenticate", "").split(" ", 1)[0].lower()
    auth = HTTPDigestAuth if scheme == "digest" else HTTPBasicAuth
    session.auth = auth(credentials.user, credentials.password)
    return True


def send(
    session: requests.Session, method: str, url: str, what: str, timeout: float = DEFAULT_TIMEOUT, **kwargs
) -> requests.Response:
    """Return the 2xx response to ``method url``; RemoteError (one line, naming ``what``) otherwise."""
    where = url.split("?", 1)[0]
    try:
        response = session.request(method, url, timeout=timeout, **kwargs)
        if response.status_code == 401 and _choose_auth(session, response):
            response = session.request(method, url, timeout=timeout, **kwargs)
    except requests.exceptions.Timeout as e:
        raise RemoteError(f"{what}: no answer from {where} within {timeout:g} s") from e
    except requests.exceptions.ConnectionError as e:
        raise RemoteError(f"{what}: cannot reach {where} ({_reason(e)})") from e
    except requests.exceptions.RequestException as e:
        raise RemoteError(f"{what}: {where}: {one_line(e)}") from e
    if response.status_code in (401, 403):
        hint = "wrong --user/--password?" if session.auth is not None else "give --user and --password"
        raise RemoteError(f"{what}: {where} refused the authentication ({response.status_code}; {hint})")
    if not 200 <= response.status_code < 300:
        body = one_line(response.text, 200) if response.text.strip() else response.reason
        raise RemoteError(f"{what}: {where} answered {response.status_code}: {body}")
    return response


def _reason(error: Exception) -> str:
    text = str(error)
    for marker in ("Connection refused", "Name or service not known", "No route to host", "timed out"):
        if marker in text:
            return marker.lower()
    return one_line(text, 160)


def _query(
    session: requests.Session, endpoint: str, text: str, accept: str, graphs: list[str], timeout: float
) -> requests.Response:
    params = [("query", text)] + [("default-graph-uri", g) for g in graphs]
    params += [("named-graph-uri", g) for g in graphs]  # else the protocol leaves GRAPH ?g nothing
    headers = {"Accept": accept}
    encoded = urllib.parse.urlencode(params)
    if len(encoded) <= _MAX_GET:
        return send(session, "GET", f"{endpoint}?{encoded}", "query", timeout, headers=headers)
    return send(session, "POST", endpoint, "query", timeout, data=params, headers=headers)


def remote_graphs(session: requests.Session, endpoint: str, timeout: float = DEFAULT_TIMEOUT) -> list[str]:
    """Return the IRIs of kg's named graphs (articles, reference, ontology, inferred) at ``endpoint``."""
    response = _query(session, endpoint, _KG_GRAPHS, "application/sparql-results+json", [], timeout)
    answer = _parse_results(response)
    return sorted(s["g"].value for s in answer)


def bind_remote(query: SavedQuery, bindings: dict[str, ox.Literal]) -> str:
    """Return ``query``'s text with kg's prefixes declared and ``bindings`` as VALUES blocks.

    A block ``VALUES (?a ?b) { (term term) }`` opens every group graph pattern that mentions one
    of the variables (and the outermost WHERE group), so a FILTER inside a UNION branch sees the
    value as it does with pyoxigraph's substitution. The terms are serialized by pyoxigraph.
    """
    text = query.text
    tokens = sparql_tokens(text)
    declared = {
        tokens[i + 1][1].split(":")[0]
        for i, t in enumerate(tokens[:-1])
        if t[0] == "word" and t[1].upper() == "PREFIX"
    }
    prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items() if k not in declared)
    names = {t[1][1:] for t in tokens if t[0] == "var"}
    bound = {k: v for k, v in bindings.items() if k in names}
    if not bound:
        return prologue + text
    inserts = []
    for i, tok in enumerate(tokens):
        if tok[1] != "{" or not _opens_group(tokens, i):
            continue
        inside = _group_vars(tokens, i)
        outer = tok[4] == 0
        used = sorted(k for k in bound if outer or k in inside)
        if used:
            heads = " ".join(f"?{k}" for k in used)
            row = " ".join(str(bound[k]) for k in used)
            inserts.append((tok[3], f" VALUES ({heads}) {{ ({row}) }} "))
    for pos, block in sorted(inserts, reverse=True):
        text = text[:pos] + block + text[pos:]
    return prologue + text


def _opens_group(tokens: list, i: int) -> bool:
    """Return whether the ``{`` at ``tokens[i]`` opens a group graph pattern (not data or a template)."""
    nxt = tokens[i + 1][1].upper() if i + 1 < len(tokens) else ""
    if nxt == "SELECT":
        return False
    j = i - 1
    if j >= 0 and tokens[j][1] == ")":  # VALUES (?a ?b) {
        while j >= 0 and tokens[j][1] != "(":
            j -= 1
        j -= 1
    elif j >= 0 and tokens[j][0] == "var":  # VALUES ?a {
        j -= 1
    prev = tokens[j][1].upper() if j >= 0 else ""
    return prev not in ("VALUES", "CONSTRUCT", "DATA")


def _group_vars(tokens: list, i: int) -> set[str]:
    depth = tokens[i][4]
    out = set()
    for tok in tokens[i + 1 :]:
        if tok[1] == "}" and tok[4] == depth:
            break
        if tok[0] == "var":
            out.add(tok[1][1:])
    return out


def _parse_results(response: requests.Response):
    try:
        return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as e:
        raise RemoteError(f"query: {response.url} sent no SPARQL JSON results ({one_line(e, 160)})") from e


def run_remote(
    endpoint: str,
    query: SavedQuery,
    params: dict[str, str] | None = None,
    limit: int | None = None,
    credentials: Credentials | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> QueryResult:
    """Return the result of the saved ``query`` with ``params`` on the SPARQL endpoint ``endpoint``.

    The default graph is the union of kg's graphs on the server, so the rows are those of the
    embedded store after ``kg push``. RemoteError if the server fails or holds no kg graph.
    """
    if limit is not None and limit < 0:
        raise ParameterError(f"--limit must be 0 or more, not {limit}")
    text = bind_remote(query, bind_params(query, params or {}))
    session = http_session(credentials)
    graphs = remote_graphs(session, endpoint, timeout)
    if not graphs:
        raise RemoteError(f"{endpoint} holds no kg graph: run `kg push` first")
    accept = "application/sparql-results+json, text/turtle;q=0.9, application/n-triples;q=0.8"
    response = _query(session, endpoint, text, accept, graphs, timeout)
    media = response.headers.get("content-type", "").split(";")[0].strip()
    if media in ("text/turtle", "application/n-triples"):
        rdf_format = ox.RdfFormat.TURTLE if media == "text/turtle" else ox.RdfFormat.N_TRIPLES
        triples = [q.triple for q in ox.parse(response.content, format=rdf_format)]
        return QueryResult(kind="construct", triples=tuple(itertools.islice(triples, limit)))
    answer = _parse_results(response)
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(answer))
    variables = tuple(v.value for v in answer.variables)
    rows = tuple(tuple(s[v] for v in variables) for s in itertools.islice(answer, limit))
    return QueryResult(kind="select", variables=variables, rows=rows)
