"""The ``kg`` command line: it parses arguments and calls the library, nothing more.

Every error kg knows about (KgError), a filesystem error or Ctrl-C becomes one line on stderr
(``kg: error: ...``) and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from . import __version__
from .errors import KgError, QueryError, ValidationError
from .lock import DEFAULT_WAIT

__all__ = ["app", "main"]

app = typer.Typer(
    name="kg",
    help="kg: a knowledge graph of Indonesian government news, built from article text files.\n\n"
    '\b\nExample:\n  kg build seeds/ && kg query programs-by-official --param official="Reni Yanita"',
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable)

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        envvar="KG_STORE",
        help="Store folder (default: .kg in the current folder, or $KG_STORE).",
        show_default=False,
    ),
]


class QueryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    xml = "xml"


class ExplainFormat(StrEnum):
    text = "text"
    json = "json"


class ValidateFormat(StrEnum):
    text = "text"
    turtle = "turtle"


class ExportFormat(StrEnum):
    turtle = "turtle"
    trig = "trig"
    nt = "nt"
    nq = "nq"
    jsonld = "jsonld"


def _fail(message: str, code: int) -> typer.Exit:
    sys.stderr.write(f"kg: error: {' '.join(message.split())}\n")
    return typer.Exit(code)


def _handled(func: F) -> F:
    """Wrap a command so KgError, OSError and Ctrl-C end it with one line on stderr and an exit code."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except KgError as e:
            raise _fail(str(e), e.exit_code) from None
        except KeyboardInterrupt:
            raise _fail("interrupted", 130) from None
        except BrokenPipeError:  # the reader went away (e.g. `kg export | head`): stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(141) from None
        except OSError as e:
            where = f"{e.filename}: " if getattr(e, "filename", None) else ""
            raise _fail(f"{where}{e.strerror or e}", 1) from None

    return wrapper  # type: ignore[return-value]


def _say(message: str) -> None:
    sys.stderr.write(message + "\n")


@app.command()
@_handled
def build(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Article files (.txt) or folders searched for them; default: seeds/.", show_default=False
        ),
    ] = None,
    store: StoreOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary line.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Refuse the whole build if any article violates the shapes.")
    ] = False,
    no_validate: Annotated[
        bool, typer.Option("--no-validate", help="Store the articles without checking the shapes.")
    ] = False,
    wait: Annotated[
        float,
        typer.Option("--wait", min=0, help="Seconds to wait for another build of the same store to end."),
    ] = DEFAULT_WAIT,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes that read and check articles (default: one per core).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Build a store from articles: read, map, validate, reason, then replace the store atomically.

    Articles that cannot be read are skipped; articles whose graph violates the shapes are refused
    with their report; the summary counts both. The build fails only if no article can be built, or
    with --strict if any article is refused (the previous store is then kept).

    \b
    Example:
      kg build seeds/ --store .kg
      kg build article1.txt article2.txt --strict
    """
    from .build import build as build_store
    from .store import resolve_store_path
    if no_validate:
        _say("kg: warning: --no-validate: articles are stored without checking the shapes")
    report = build_store(
        paths,
        resolve_store_path(store),
        progress=None if quiet else _say,
        strict=strict,
        validate=not no_validate,
        wait=wait,
        jobs=jobs,
    )
    for warning in report.warnings:
        _say(f"kg: warning: {warning}")
    if not quiet:
        _say(
            f"took {report.seconds:.2f}s (reasoning {report.reason_seconds:.2f}s),"
            f" {report.inferred} inferred triples"
        )
    _say(report.summary())


@app.command()
@_handled
def ingest(
    sources: Annotated[
        list[str] | None,
        typer.Argument(help="Article files (.txt, .html) or http(s) URLs.", show_default=False),
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option("--from-file", help="Also ingest the paths and URLs in FILE, one a line.",
                     show_default=False),
    ] = None,
    store: StoreOption = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only failures and the summary.")
    ] = False,
    no_validate: Annotated[
        bool, typer.Option("--no-validate", help="Store the articles without checking the shapes.")
    ] = False,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds to wait per fetch.")] = 20.0,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Largest page or file read, in bytes.")
    ] = 5 * 1024 * 1024,
) -> None:
    """Add articles to the store, or replace those that changed; unchanged ones are left alone.

    An article is identified by its URL or file name; HTML pages and URLs are reduced to their
    main text, title, outlet, author and date. A bad article is reported and skipped; the summary
    counts added, unchanged, replaced and failed, and the exit code is 1 if any failed.

    \b
    Example:
      kg ingest new-article.txt https://example.go.id/berita/123
      kg ingest --from-file urls.txt
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .ingest import FetchOptions, read_source_list
    from .ingest import ingest as ingest_articles
    from .store import resolve_store_path

    todo = list(sources or []) + (read_source_list(from_file) if from_file is not None else [])
    if not todo:
        raise KgError("give articles to ingest (paths or URLs) or --from-file LIST")
    if no_validate:
        _say("kg: warning: --no-validate: articles are stored without checking the shapes")
    console = Console(stderr=True, soft_wrap=True, highlight=False)
    columns = (TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    hidden = quiet or len(todo) < 2 or not console.is_terminal
    with Progress(*columns, console=console, transient=True, disable=hidden) as bar:
        task = bar.add_task("ingest", total=len(todo))

        def done(outcome) -> None:
            if outcome.status == "failed" or not quiet:
                bar.console.print(outcome.line(), markup=False)
            if outcome.report is not None:
                for line in outcome.report.text().splitlines():
                    bar.console.print(f"  {line}", markup=False)
            bar.advance(task)

        report = ingest_articles(
            todo,
            resolve_store_path(store),
            progress=done,
            validate=not no_validate,
            options=FetchOptions(timeout=timeout, max_bytes=max_bytes),
        )
    if not quiet and report.inferred is not None:
        _say(f"took {report.seconds:.2f}s (reasoning {report.timings.get('reason', 0):.2f}s),"
             f" {report.inferred} inferred triples")
    _say(report.summary())
    if report.failed:
        raise KgError(f"{len(report.failed)} of {len(report.outcomes)} article(s) failed")


@app.command()
@_handled
def remove(
    articles: Annotated[
        list[str], typer.Argument(help="Articles to withdraw: file name, URL or article IRI.")
    ],
    store: StoreOption = None,
) -> None:
    """Withdraw articles from the store: their graphs go, entities other articles state stay.

    Nothing changes if one of them is not in the store (exit 1).

    \b
    Example:
      kg remove 000_730411bbc82e486d.txt
      kg remove https://example.go.id/berita/123
    """
    from .ingest import remove as remove_articles
    from .store import resolve_store_path
    report = remove_articles(articles, resolve_store_path(store))
    _say(report.summary())


@app.command()
@_handled
def query(
    name: Annotated[
        str | None,
        typer.Argument(
            help="Saved query name (see `kg queries`) or a path to a .rq file.", show_default=False
        ),
    ] = None,
    sparql: Annotated[
        str | None, typer.Option("--sparql", "-s", help="Run this SPARQL text instead.", show_default=False)
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="Query parameter NAME=VALUE (repeatable).", show_default=False),
    ] = None,
    fmt: Annotated[QueryFormat, typer.Option("--format", "-f", help="Output format.")] = QueryFormat.table,
    limit: Annotated[int | None, typer.Option("--limit", min=0, help="Return at most N rows.")] = None,
    endpoint: Annotated[
        str | None,
        typer.Option(
            "--endpoint",
            help="Run on this SPARQL endpoint (after `kg push`) instead of the store.",
            show_default=False,
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Run a saved SPARQL query, a .rq file or inline SPARQL on the store and print the results.

    JSON, XML, CSV and TSV follow the W3C SPARQL 1.1 results formats; CONSTRUCT and DESCRIBE
    queries print Turtle.

    \b
    Example:
      kg query programs-by-official --param official="Reni Yanita"
      kg query officials --format json --limit 5
      kg query my-query.rq --format csv
      kg query --sparql "SELECT ?name WHERE { ?o a kgo:Official ; skos:prefLabel ?name }"
      kg query officials --endpoint http://localhost:7878/query
    """
    from .queries import find_query, inline_query, parse_param_args, run_query
    from .results import print_table, render
    from .store import resolve_store_path

    if (name is None) == (sparql is None):
        raise QueryError("give a saved query name, a .rq file or --sparql TEXT (exactly one)")
    saved = find_query(name) if sparql is None else inline_query(sparql)
    values = parse_param_args(param)
    if endpoint is None:
        result = run_query(resolve_store_path(store), saved, values, limit)
    else:
        from .remote import run_remote

        result = run_remote(endpoint, saved, values, limit)
    if fmt is QueryFormat.table:
        from rich.console import Console

        print_table(result, Console(soft_wrap=False), title=saved.title)
    else:
        sys.stdout.write(render(result, fmt.value))


@app.command()
@_handled
def queries(store: StoreOption = None) -> None:
    """List the saved queries as a table: name, title, description and parameters.

    \b
    Example:
      kg queries
    """
    from rich.console import Console

    from .queries import list_queries
    from .results import print_queries
    del store  # accepted like on every command; listing needs no store
    found = list_queries()
    if not found:
        _say("no saved queries")
        return
    print_queries(found, Console(soft_wrap=False))


@app.command()
@_handled
def explain(
    entity: Annotated[
        str, typer.Argument(help="IRI, name, alias or acronym of an official, agency, program or event.")
    ],
    fmt: Annotated[ExplainFormat, typer.Option("--format", "-f", help="Output format.")] = ExplainFormat.text,
    graph: Annotated[
        Path | None,
        typer.Option(
            "--graph", "-g", help="Also draw the entity's neighbourhood into FILE.svg.", show_default=False
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Explain what the graph knows about an entity: labels, posts, programs, events, statistics,
    each fact with the sentence and article that support it.

    \b
    Example:
      kg explain "Reni Yanita"
      kg explain Kemenperin --format json
      kg explain "Reni Yanita" --graph reni.svg
    """
    from .explain import explain as explain_entity
    from .explain import to_json as explanation_json
    from .explain import to_svg as explanation_svg
    from .explain import to_text as explanation_text
    from .store import resolve_store_path
    found = explain_entity(resolve_store_path(store), entity)
    if graph is not None:
        graph.write_text(explanation_svg(found), encoding="utf-8")
        _say(f"drew {graph}")
    sys.stdout.write(explanation_json(found) if fmt is ExplainFormat.json else explanation_text(found))


@app.command()
@_handled
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="RDF format.")] = ExportFormat.turtle,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to FILE instead of stdout.", show_default=False),
    ] = None,
    inferred: Annotated[
        bool,
        typer.Option("--inferred/--asserted-only", help="Include the inferred graph (OWL-RL consequences)."),
    ] = True,
    store: StoreOption = None,
) -> None:
    """Export the store as RDF; the same store always gives the same bytes.

    turtle and nt hold the union of all graphs; trig, nq and jsonld keep one named graph per
    article. Every export carries a VoID/DCAT description of the dataset.

    \b
    Example:
      kg export --format nt -o kg.nt
      kg export --format trig --asserted-only > kg.trig
    """
    from .export import export_store
    from .store import resolve_store_path
    data = export_store(resolve_store_path(store), fmt.value, inferred=inferred)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        output.write_bytes(data)
        _say(f"wrote {len(data)} bytes to {output}")


@app.command()
@_handled
def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (default: loopback).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8000,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds a query may run before it is cut.")
    ] = 10.0,
    max_results: Annotated[
        int, typer.Option("--max-results", min=1, help="Most rows or triples a query returns.")
    ] = 10_000,
    base_path: Annotated[
        str,
        typer.Option("--base-path", help="Server path the namespace https://w3id.org/kg-indonesia/ maps to."),
    ] = "/",
    max_request_bytes: Annotated[
        int, typer.Option("--max-request-bytes", min=1, help="Largest request (query or form) accepted.")
    ] = 1_000_000,
    allow_service: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-service",
            help="A SPARQL endpoint URL queries may call with SERVICE (repeatable; default: none).",
            show_default=False,
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Serve the store: a read-only SPARQL endpoint at /sparql, a query page at /, entity pages.

    Needs the server extra: pip install 'kg[server]'. Entity IRIs are served under --base-path
    (e.g. https://w3id.org/kg-indonesia/id/official/reni-yanita at /id/official/reni-yanita), as
    HTML for browsers and Turtle or JSON-LD for RDF clients.

    \b
    Example:
      kg serve --port 8000
      curl -H 'Accept: text/csv' 'http://127.0.0.1:8000/sparql?query=ASK{?s?p?o}'
    """
    from .server import ServerConfig
    from .server import serve as serve_store
    from .store import resolve_store_path
    where, allowed = resolve_store_path(store), tuple(allow_service or ())
    config = ServerConfig(where, timeout, max_results, base_path, max_request_bytes, allowed)
    serve_store(config, host, port, announce=_say)


@app.command()
@_handled
def push(
    endpoint: Annotated[str, typer.Option("--endpoint", help="The server's SPARQL query endpoint URL.")],
    graph_store: Annotated[
        str | None,
        typer.Option(
            "--graph-store",
            help="Its Graph Store Protocol URL (default: guessed from --endpoint).",
            show_default=False,
        ),
    ] = None,
    user: Annotated[str | None, typer.Option("--user", help="User name (basic or digest auth).")] = None,
    password: Annotated[
        str | None, typer.Option("--password", envvar="KG_PASSWORD", help="Password (or $KG_PASSWORD).")
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds to wait per answer.")] = 60.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary line.")] = False,
    store: StoreOption = None,
) -> None:
    """Send the store to a SPARQL 1.1 Graph Store server, one named graph per article.

    Each graph is replaced (HTTP PUT), so pushing again leaves no duplicates. Works with Oxigraph
    server, Fuseki, GraphDB and Virtuoso (digest auth); then `kg query --endpoint` asks it.

    \b
    Example:
      kg push --endpoint http://localhost:7878/query
      kg push --endpoint http://host:8890/sparql --user dba --password dba
    """
    from .push import push as push_store
    from .remote import Credentials
    from .store import resolve_store_path
    if (user is None) != (password is None):
        raise KgError("give --user and --password together")
    credentials = Credentials(user, password) if user is not None and password is not None else None
    progress = None if quiet else _say
    report = push_store(resolve_store_path(store), endpoint, graph_store, credentials, timeout, progress)
    _say(report.summary())


@app.command()
@_handled
def validate(
    file: Annotated[
        Path | None,
        typer.Argument(help="RDF file to validate instead of the store (.ttl, .nt, .trig, .nq, ...).",
                       show_default=False),
    ] = None,
    fmt: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="Report format.")
    ] = ValidateFormat.text,
    store: StoreOption = None,
) -> None:
    """Validate the store (or an RDF file) against the SHACL shapes and print the report.

    text groups the results by shape, with focus node, path, value and source article; turtle prints
    the standard SHACL validation report. Exit code 0: conforms; 1: violations; 2: usage or input
    error (no store, unreadable file).

    \b
    Example:
      kg validate --store .kg
      kg validate broken.ttl --format turtle
    """
    from .store import resolve_store_path
    from .validate import validate_file, validate_store
    where = file if file is not None else resolve_store_path(store)
    report = validate_store(where) if file is None else validate_file(file)
    sys.stdout.write(report.turtle() if fmt is ValidateFormat.turtle else report.text())
    if not report.conforms:
        raise ValidationError(f"{where}: {len(report.errors)} violation(s) in {report.graphs} graph(s)")
    _say(f"{where} conforms to the shapes ({report.graphs} graphs checked)")


@app.command()
def version() -> None:
    """Print kg's version.

    \b
    Example:
      kg version
    """
    sys.stdout.write(f"kg {__version__}\n")


def main() -> None:
    """Run the command line (what ``python -m kg`` calls)."""
    app(prog_name="kg")
