"""kg push and kg query --endpoint against a real Oxigraph server (started here on 127.0.0.1):
two pushes leave no duplicates, the saved queries give the embedded store's rows; clear errors for
unreachable hosts, non-2xx answers and refused auth (a digest-auth server made here); VALUES binding."""

from __future__ import annotations

import hashlib
import json
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from test_cli import assert_one_line_error, kg

from kg.export import describe_dataset, store_quads
from kg.push import guess_graph_store, push
from kg.queries import bind_params, find_query, list_queries, run_query
from kg.remote import Credentials, RemoteError, bind_remote, run_remote
from kg.store import open_store

from conftest import free_port, need_binary, running


def oxigraph_binary() -> str:
    local = Path(sys.executable).parent / "oxigraph"  # pip install oxigraph puts it next to python
    return str(local) if local.exists() else need_binary("oxigraph", "oxigraph (pip, test extra)")


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server on a free loopback port; yields its query endpoint URL."""
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    command = [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    with running(command, f"http://127.0.0.1:{port}/"):
        yield f"http://127.0.0.1:{port}/query"


def count(endpoint: str, query: str) -> int:
    answer = requests.get(
        endpoint, params={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    answer.raise_for_status()
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def normalized(rows) -> list[tuple[str, ...]]:
    """Rows as strings, sorted; GROUP_CONCAT lists sorted (SPARQL leaves their order open)."""

    def cell(term) -> str:
        if not isinstance(term, ox.Literal):
            return str(term)
        return str(ox.Literal(", ".join(sorted(term.value.split(", "))), datatype=term.datatype))

    return sorted(tuple(cell(t) for t in row) for row in rows)


def test_push_twice_leaves_no_duplicates(oxigraph: str, seeds_store: Path) -> None:
    for _ in range(2):
        done = kg("push", "--endpoint", oxigraph, "--store", str(seeds_store))
        assert done.returncode == 0, done.stderr
    quads = store_quads(open_store(seeds_store))
    expected = len(quads) + len(describe_dataset(quads, len(quads)))
    assert count(oxigraph, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == expected
    graphs = {q.graph_name.value for q in quads} | {"https://w3id.org/kg-indonesia/graph/description"}
    assert count(oxigraph, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == len(graphs)
    assert done.stderr.strip().splitlines()[-1].startswith(f"pushed {len(graphs)} graphs")


@pytest.mark.parametrize("saved", [q.name for q in list_queries()])
def test_saved_queries_give_the_same_rows_remotely(oxigraph: str, seeds_store: Path, saved: str) -> None:
    push(seeds_store, oxigraph)
    query = find_query(saved)
    params = {p.name: p.example for p in query.params}
    local = run_query(seeds_store, query, params)
    remote = run_remote(oxigraph, query, params)
    assert remote.variables == local.variables
    assert normalized(remote.rows) == normalized(local.rows)


def test_query_endpoint_on_the_command_line(oxigraph: str, seeds_store: Path) -> None:
    push(seeds_store, oxigraph)
    args = ["query", "programs-by-official", "--param", "official=RENI YANITA", "--format", "json"]
    remote = kg(*args, "--endpoint", oxigraph)
    local = kg(*args, "--store", str(seeds_store))
    assert remote.returncode == 0, remote.stderr
    assert json.loads(remote.stdout) == json.loads(local.stdout)
    assert len(json.loads(remote.stdout)["results"]["bindings"]) >= 3


@pytest.mark.parametrize(
    "value", ['Reni "Yanita"', "a\\b } ) . ?x", "line\nbreak", "Réni Yanita", "'; DROP ALL"]
)
def test_parameters_travel_as_escaped_values(value: str) -> None:
    query = find_query("programs-by-official")
    text = bind_remote(query, bind_params(query, {"official": value}))
    ox.Store().query(text)  # parses: the value cannot break out of its literal
    key = str(ox.Literal(bind_params(query, {"official": value})["officialKey"].value))
    assert f"VALUES (?officialKey) {{ ({key}) }}" in text
    assert text.count("VALUES") == 3  # the outer group and the two UNION branches


@pytest.mark.parametrize(
    ("endpoint", "auth", "expected"),
    [
        ("http://h:7878/query", False, "http://h:7878/store"),
        ("http://h:3030/ds/sparql", False, "http://h:3030/ds/data"),
        ("http://h:3030/ds/query", False, "http://h:3030/ds/data"),
        ("http://h:7200/repositories/kg", False, "http://h:7200/repositories/kg/rdf-graphs/service"),
        ("http://h:8890/sparql", True, "http://h:8890/sparql-graph-crud-auth"),
        ("http://h:8890/sparql", False, "http://h:8890/sparql-graph-crud"),
        ("http://h/other/endpoint/x", False, "http://h/other/endpoint/x"),
    ],
)
def test_guess_graph_store(endpoint: str, auth: bool, expected: str) -> None:
    assert guess_graph_store(endpoint, auth) == expected


@pytest.fixture(scope="module")
def digest_server() -> Iterator[str]:
    """A Graph Store stand-in on 127.0.0.1 that takes PUT only with digest auth (user kg, password pw)."""
    pytest.importorskip("starlette", reason="the server extra provides starlette/uvicorn")
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    realm, nonce = "kg-test", "f00dfeed"

    def md5(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()

    async def store(request: Request) -> Response:
        header = request.headers.get("authorization", "")
        if header.startswith("Digest "):
            fields = requests.utils.parse_dict_header(header[7:])
            ha1 = md5(f"kg:{realm}:pw")
            ha2 = md5(f"{request.method}:{fields.get('uri')}")
            want = md5(f"{ha1}:{nonce}:{fields.get('nc')}:{fields.get('cnonce')}:auth:{ha2}")
            if fields.get("username") == "kg" and fields.get("response") == want:
                await request.body()
                return Response(status_code=204)
        challenge = f'Digest realm="{realm}", nonce="{nonce}", qop="auth", algorithm=MD5'
        return Response("unauthorized", status_code=401, headers={"WWW-Authenticate": challenge})

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            Starlette(routes=[Route("/store", store, methods=["PUT"])]), port=port, log_level="error"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        threading.Event().wait(0.05)
    yield f"http://127.0.0.1:{port}/store"
    server.should_exit = True
    thread.join(10)


def test_digest_auth(digest_server: str, people_store: Path) -> None:
    report = push(people_store, "http://unused/query", digest_server, Credentials("kg", "pw"))
    assert report.graphs == 2 and report.graph_store == digest_server


@pytest.mark.parametrize(
    ("credentials", "fragment"),
    [(None, "give --user and --password"), (Credentials("kg", "wrong"), "wrong --user/--password")],
)
def test_refused_auth_is_a_clear_error(
    digest_server: str, people_store: Path, credentials, fragment: str
) -> None:
    with pytest.raises(RemoteError, match=f"refused the authentication \\(401; {fragment}"):
        push(people_store, "http://unused/query", digest_server, credentials)


def test_cli_errors_are_one_line(oxigraph: str, people_store: Path) -> None:
    closed = f"http://127.0.0.1:{free_port()}/query"
    assert_one_line_error(
        kg("push", "--endpoint", closed, "--store", str(people_store)), "cannot reach", "refused"
    )
    bad = oxigraph.replace("/query", "/nothing")
    done = kg("push", "--endpoint", oxigraph, "--graph-store", bad, "--store", str(people_store))
    assert_one_line_error(done, "answered 404")
    assert_one_line_error(kg("query", "officials", "--endpoint", closed), "cannot reach")
    assert_one_line_error(
        kg("push", "--endpoint", oxigraph, "--user", "u", "--store", str(people_store)), "together"
    )


def test_empty_server_says_push_first(tmp_path: Path) -> None:
    port = free_port()
    command = [oxigraph_binary(), "serve", "--location", str(tmp_path / "ox"), "--bind", f"127.0.0.1:{port}"]
    no_graph = pytest.raises(RemoteError, match="holds no kg graph: run `kg push` first")
    with running(command, f"http://127.0.0.1:{port}/"), no_graph:
        run_remote(f"http://127.0.0.1:{port}/query", find_query("officials"))
