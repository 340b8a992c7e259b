"""Saved SPARQL queries (``queries/*.rq`` with a grlc-style header) and running them on a store.

A saved query starts with header comments::

    #+ title: Programs an official announced
    #+ description: The programs that an official stated, described or announced, by name or alias.
    #+ param: official | name or alias of the official | Reni Yanita

Its name is the file stem. Each declared parameter NAME is given on the command line as
``--param NAME=VALUE`` and bound by the engine, never pasted into the query: ``?NAME`` is bound to the
literal VALUE and ``?NAMEKey`` to its search key (``namespaces.search_key``), which the data carries
as ``kgo:searchKey`` on labels.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ._util import one_line
from .errors import ParameterError, QueryError
from .namespaces import PREFIXES, search_key
from .resources import data_dir
from .store import open_store

__all__ = [
    "Param",
    "SavedQuery",
    "QueryResult",
    "parse_query_text",
    "list_queries",
    "find_query",
    "inline_query",
    "parse_param_args",
    "bind_params",
    "run_query",
    "run_sparql",
    "sparql_tokens",
]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_HEADER = re.compile(r"#\+\s*([A-Za-z_]+)\s*:\s?(.*)")


@dataclass(frozen=True)
class Param:
    """A declared query parameter: its name, what it means and an example value."""

    name: str
    description: str = ""
    example: str = ""


@dataclass(frozen=True)
class SavedQuery:
    """A query with its header: name (file stem), title, description, parameters and SPARQL text."""

    name: str
    text: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = field(default=())
    path: Path | None = None


@dataclass(frozen=True)
class QueryResult:
    """The answer to a query: ``kind`` is "select", "ask" or "construct".

    SELECT fills ``variables`` and ``rows`` (tuples of pyoxigraph terms, None where unbound); ASK fills
    ``boolean``; CONSTRUCT/DESCRIBE fill ``triples``.
    """

    kind: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple, ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()


def parse_query_text(name: str, text: str, path: Path | None = None) -> SavedQuery:
    """Return the SavedQuery for the SPARQL ``text`` (header read from its ``#+`` comments)."""
    if not text.strip():
        raise QueryError(f"query {name}: the query is empty")
    title, description, params = "", [], []
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key == "title":
            title = value
        elif key == "description":
            description.append(value)
        elif key == "param":
            parts = [p.strip() for p in value.split("|")]
            if not _NAME.match(parts[0]):
                raise QueryError(
                    f"query {name}: bad parameter declaration {value!r}:"
                    " expected NAME | description | example"
                )
            parts += ["", ""]
            params.append(Param(parts[0], parts[1], parts[2]))
    return SavedQuery(name, text, title, " ".join(description), tuple(params), path)


def _read_query(path: Path, name: str) -> SavedQuery:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise QueryError(f"{path}: cannot read the query: {e.strerror or e}") from e
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise QueryError(f"{path}: not a UTF-8 text file") from e
    if "\x00" in text:
        raise QueryError(f"{path}: binary file, not a SPARQL query")
    return parse_query_text(name, text, path)


def list_queries(folder: Path | None = None) -> list[SavedQuery]:
    """Return the saved queries in ``folder`` (default: kg's ``queries/``), sorted by name."""
    folder = data_dir("queries") if folder is None else folder
    if not folder.is_dir():
        return []
    return [_read_query(p, p.stem) for p in sorted(folder.glob("*.rq")) if p.is_file()]


def find_query(name_or_path: str, folder: Path | None = None) -> SavedQuery:
    """Return the saved query named ``name_or_path``, or the query in that ``.rq`` file."""
    arg = str(name_or_path)
    if arg.endswith(".rq") or "/" in arg or "\\" in arg:
        path = Path(arg)
        if not path.is_file():
            raise QueryError(f"{arg}: no such query file")
        return _read_query(path, path.stem)
    folder = data_dir("queries") if folder is None else folder
    path = folder / f"{arg}.rq"
    if not _NAME.match(arg.replace("-", "_")) or not path.is_file():
        names = [q.stem for q in sorted(folder.glob("*.rq"))] if folder.is_dir() else []
        known = f"; saved queries: {', '.join(names)}" if names else "; there are no saved queries"
        raise QueryError(f"unknown query {arg!r}{known}")
    return _read_query(path, arg)


def inline_query(text: str) -> SavedQuery:
    """Return the SavedQuery for SPARQL given on the command line (named "inline", header optional)."""
    return parse_query_text("inline", text)


def parse_param_args(args: list[str] | None) -> dict[str, str]:
    """Return the ``NAME=VALUE`` command-line parameters as a dict; ParameterError if one is malformed."""
    values: dict[str, str] = {}
    for arg in args or []:
        key, sep, value = arg.partition("=")
        key = key.strip()
        if not sep or not _NAME.match(key):
            raise ParameterError(
                f'malformed --param {arg!r}: expected NAME=VALUE, e.g. --param official="Reni Yanita"'
            )
        if key in values:
            raise ParameterError(f"--param {key} given twice")
        values[key] = value
    return values


def bind_params(query: SavedQuery, values: dict[str, str]) -> dict[str, ox.Literal]:
    """Return the variable bindings for ``values``: NAME → the literal value, NAMEKey → its search key.

    ParameterError if a value is given for an undeclared parameter or a declared one is missing.
    """
    declared = {p.name: p for p in query.params}
    expected = ", ".join(declared) or "none"
    unknown = sorted(set(values) - set(declared))
    if unknown:
        raise ParameterError(
            f"query {query.name} has no parameter {', '.join(unknown)} (its parameters: {expected})"
        )
    missing = [p for p in query.params if p.name not in values]
    if missing:
        hints = ", ".join(f"--param {p.name}={p.example or 'VALUE'!r}" for p in missing)
        raise ParameterError(f"query {query.name} needs {hints} (its parameters: {expected})")
    bindings: dict[str, ox.Literal] = {}
    for name, value in values.items():
        bindings[name] = ox.Literal(value)
        bindings[f"{name}Key"] = ox.Literal(search_key(value))
    return bindings


# A tokenizer just good enough to find the outer SELECT projection and GROUP BY of a query.
_TOKEN = re.compile(
    r"""(?P<skip>\s+|\#[^\n]*)
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    |(?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
    |(?P<word>[A-Za-z_][A-Za-z0-9_-]*)
    |(?P<punct>.)""",
    re.VERBOSE | re.DOTALL,
)


def sparql_tokens(text: str) -> list[tuple[str, str, int, int, int, int]]:
    """Return (kind, value, start, end, brace depth, paren depth) for each token of SPARQL ``text``.

    Kinds: iri, string, var, word, punct (spaces and comments are skipped). Used by kg.remote to
    place VALUES blocks.
    """
    return _tokens(text)


def _tokens(text: str) -> list[tuple[str, str, int, int, int, int]]:
    """Return (kind, value, start, end, brace depth, paren depth) for each token of ``text``."""
    out = []
    braces = parens = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        value = m.group()
        if kind == "skip":
            continue
        if value == "}":
            braces -= 1
        elif value == ")":
            parens -= 1
        out.append((kind, value, m.start(), m.end(), braces, parens))
        if value == "{":
            braces += 1
        elif value == "(":
            parens += 1
    return out


def _expose(text: str, names: list[str]) -> tuple[str, list[str]]:
    """Return ``text`` with the variables ``names`` added to its outer SELECT (and GROUP BY).

    pyoxigraph binds (substitutes) only variables the query projects; the added ones are returned so
    they can be dropped from the results. Only variable names are inserted, never values. For
    ``SELECT *`` a trailing ``VALUES (?name ...) { (UNDEF ...) }`` (which matches anything) does it.
    """
    toks = _tokens(text)
    mentioned = _mentioned(text)
    names = [n for n in names if n in mentioned]
    select = next(
        (i for i, t in enumerate(toks) if t[0] == "word" and t[1].upper() == "SELECT" and t[4] == 0), None
    )
    if select is None or not names:
        return text, []
    i = select + 1
    while i < len(toks) and toks[i][1].upper() in ("DISTINCT", "REDUCED"):
        i += 1
    if i < len(toks) and toks[i][1] == "*":  # SELECT *: a trailing VALUES puts the names in scope
        if any(t[0] == "word" and t[1].upper() == "VALUES" and t[4] == 0 for t in toks[select:]):
            return text, []
        undef = " ".join("UNDEF" for _ in names)
        return f"{text}\nVALUES ({' '.join(f'?{n}' for n in names)}) {{ ({undef}) }}\n", names
    projected: set[str] = set()
    end = None
    for j in range(i, len(toks)):
        kind, value, start, _, _, parens = toks[j]
        if parens == 0 and (value == "{" or value.upper() in ("WHERE", "FROM")):
            end = start
            break
        if kind == "var" and (parens == 0 or toks[j - 1][1].upper() == "AS"):
            projected.add(value[1:])
    added = [n for n in names if n not in projected]
    if end is None or not added:
        return text, []
    extra = " " + " ".join(f"?{n}" for n in added)
    edits = [(end, extra + " ")]
    for j in range(select, len(toks) - 1):
        if toks[j][4] == 0 and toks[j][1].upper() == "GROUP" and toks[j + 1][1].upper() == "BY":
            edits.append((toks[j + 1][3], extra))
            break
    for pos, insert in sorted(edits, reverse=True):
        text = text[:pos] + insert + text[pos:]
    return text, added


# Where a variable may stand but a constant may not: after AS, in VALUES heads, projections and
# solution modifiers; a variable used there keeps pyoxigraph's substitution.
_VARIABLE_ONLY = frozenset({"AS", "VALUES", "SELECT", "BY", "DISTINCT", "REDUCED"})


def _inline(text: str, bindings: dict[str, ox.Literal]) -> tuple[str, dict[str, ox.Literal]]:
    """Return ``text`` with the variables of ``bindings`` written as their RDF terms, and the bindings
    left for substitution.

    Oxigraph plans a query around constants, not around substituted variables (a timeline query
    went from 9 s to 60 ms), so each bound variable is replaced by its term, serialized (escaped)
    by pyoxigraph: like a prepared statement, never by pasting the value as text. A variable also
    used where only a variable may stand (``AS ?x``, a projection, VALUES, GROUP BY) is left to
    substitution, and so is every variable if the rewritten query would not parse.
    """
    if not bindings:
        return text, bindings
    toks = _tokens(text)
    keep: set[str] = set()
    for j, (kind, value, *_rest) in enumerate(toks):
        if kind != "var" or value[1:] not in bindings:
            continue
        if _variable_only(toks, j):
            keep.add(value[1:])
    keep |= _projects(toks, bindings)
    edits = [
        (start, end, str(bindings[value[1:]]))
        for kind, value, start, end, *_ in toks
        if kind == "var" and value[1:] in bindings and value[1:] not in keep
    ]
    if not edits:
        return text, bindings
    out = text
    for start, end, term in sorted(edits, reverse=True):
        out = out[:start] + term + out[end:]
    try:
        ox.Store().query(out, prefixes=dict(PREFIXES))
    except SyntaxError:
        return text, bindings
    return out, {k: v for k, v in bindings.items() if k in keep}


def _variable_only(toks: list, j: int) -> bool:
    """Return whether the variable at ``toks[j]`` is in a list only variables may fill (a VALUES
    head, GROUP/ORDER BY, after AS), going back over the variables and brackets before it."""
    for kind, value, *_ in reversed(toks[:j]):
        word = value.upper()
        if word in _VARIABLE_ONLY:
            return True
        if kind != "var" and word not in ("(", ")", "ASC", "DESC"):
            return False
    return False


def _projects(toks: list, bindings: dict) -> set[str]:
    """Return the variables of ``bindings`` that a SELECT clause (outer or inner) lists."""
    found: set[str] = set()
    for i, t in enumerate(toks):
        if t[0] != "word" or t[1].upper() != "SELECT":
            continue
        for kind, value, *_ in toks[i + 1 :]:
            if value == "{" or value.upper() in ("WHERE", "FROM"):
                break
            if kind == "var" and value[1:] in bindings:
                found.add(value[1:])
    return found


def _mentioned(text: str) -> set[str]:
    return {v[1:] for kind, v, *_ in _tokens(text) if kind == "var"}


def _syntax_error(text: str, error: SyntaxError) -> str:
    """Return the parser's message for ``text`` as written (positions as the user sees them), one line."""
    try:
        ox.Store().query(text, prefixes=dict(PREFIXES))
    except SyntaxError as e:
        error = e
    except Exception:  # the text itself parses: report the first error
        pass
    message = one_line(str(error), 1000)
    head, sep, expected = message.partition("expected one of ")
    if sep:  # the parser lists every token it could take: keep the first few
        message = head + sep + ", ".join(expected.split(", ")[:8]) + ", …"
    return one_line(message, 240)


def run_sparql(
    store: ox.Store, text: str, bindings: dict[str, ox.Literal] | None = None, limit: int | None = None
) -> QueryResult:
    """Return the result of the SPARQL ``text`` on ``store`` (union default graph) with ``bindings``.

    QueryError (one line) if the query does not parse or cannot be run.
    """
    bindings = bindings or {}
    text, bindings = _inline(text, bindings)
    runnable, hidden = _expose(text, sorted(bindings))
    substitutions = {ox.Variable(k): v for k, v in bindings.items() if k in _mentioned(text)}
    try:
        answer = store.query(
            runnable, prefixes=dict(PREFIXES), substitutions=substitutions
        )
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult(kind="ask", boolean=bool(answer))
        if isinstance(answer, ox.QueryTriples):
            return QueryResult(kind="construct", triples=tuple(itertools.islice(answer, limit)))
        variables = [v.value for v in answer.variables if v.value not in hidden]
        rows = tuple(tuple(s[v] for v in variables) for s in itertools.islice(answer, limit))
    except SyntaxError as e:
        raise QueryError(f"SPARQL syntax error: {_syntax_error(text, e)}") from e
    except (RuntimeError, ValueError, OSError) as e:
        raise QueryError(f"query failed: {one_line(str(e))}") from e
    return QueryResult(kind="select", variables=tuple(variables), rows=rows)


def run_query(
    store_path: Path,
    query: SavedQuery | str,
    params: dict[str, str] | None = None,
    limit: int | None = None,
) -> QueryResult:
    """Return the result of ``query`` (a SavedQuery, a saved query's name or a ``.rq`` path) on a store."""
    saved = query if isinstance(query, SavedQuery) else find_query(query)
    bindings = bind_params(saved, params or {})
    if limit is not None and limit < 0:
        raise ParameterError(f"--limit must be 0 or more, not {limit}")
    store = open_store(store_path)
    return run_sparql(store, saved.text, bindings, limit)
