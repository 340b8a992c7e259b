"""kg serve hardening: loopback by default with a warning elsewhere, request size cap, SERVICE calls
refused unless allowed, and a bounded load test on 127.0.0.1 (no errors, the server stays responsive
and its memory stable)."""

from __future__ import annotations

import concurrent.futures
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="kg serve needs the server extra: pip install '.[server]'")

import requests
from starlette.testclient import TestClient

from kg.server import ServerConfig, create_app, is_loopback, service_refusal

from conftest import free_port, running

CLIENTS, QUERIES = 8, 50
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
QUICK = [
    "SELECT ?name WHERE { ?o a kgo:Official ; skos:prefLabel ?name } ORDER BY ?name",
    "ASK { ?s a kgo:Agency }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "CONSTRUCT { ?s skos:prefLabel ?l } WHERE { ?s skos:prefLabel ?l } LIMIT 20",
]


@pytest.fixture(scope="module")
def client(seeds_store: Path) -> TestClient:
    config = ServerConfig(seeds_store, timeout=5, max_request_bytes=2000, allow_service=("http://127.0.0.1:9/sparql",))
    return TestClient(create_app(config))


@pytest.mark.parametrize(
    ("query", "refused"),
    [
        ("SELECT * WHERE { SERVICE <http://169.254.169.254/latest/> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { service silent <http://evil.example/sparql> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }", True),
        ("PREFIX e: <http://evil.example/> SELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }", True),
        ("SELECT * WHERE { \\u0053ERVICE <http://evil.example/> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", False),
        ('SELECT * WHERE { ?s ?p "SERVICE <http://evil.example/>" } # SERVICE <http://x/>', False),
        ("SELECT ?service WHERE { ?service a kgo:Agency }", False),
    ],
)
def test_service_calls_are_refused_unless_allowed(query: str, refused: bool) -> None:
    why = service_refusal(query, ("http://127.0.0.1:9/sparql",))
    assert (why is not None) == refused, why
    if refused:
        assert "--allow-service" in why


def test_service_refusal_is_403_and_no_connection_is_made(seeds_store: Path) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        app = TestClient(create_app(ServerConfig(seeds_store, timeout=3)))
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        response = app.get("/sparql", params={"query": query})
        assert response.status_code == 403 and "SERVICE calls" in response.text
        with pytest.raises(TimeoutError):
            listener.accept()


@pytest.mark.parametrize(
    ("request_args", "status"),
    [
        ({"method": "POST", "content": b"ASK {}" + b" " * 3000,
          "headers": {"Content-Type": "application/sparql-query"}}, 413),
        ({"method": "POST", "data": {"query": "ASK {" + " " * 3000 + "}"}}, 413),
        ({"method": "GET", "params": {"query": "ASK {" + " " * 3000 + "}"}}, 414),
        ({"method": "POST", "data": {"query": "ASK { ?s ?p ?o }"}}, 200),
        ({"method": "POST", "content": b"ASK {}", "headers": {"Content-Type": "application/sparql-query"}},
         200),
    ],
)
def test_request_size_cap(client: TestClient, request_args: dict, status: int) -> None:
    response = client.request(url="/sparql", **request_args)
    assert response.status_code == status, response.text
    if status != 200:
        assert "request too large: at most 2000 bytes" in response.text


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True), ("0.0.0.0", False),
     ("192.168.1.5", False), ("::", False), ("example.org", False)],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_binding_elsewhere_than_loopback_warns(seeds_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Checked without listening anywhere: uvicorn is stopped before it binds."""
    import uvicorn

    from kg import server as server_module

    class Stop(Exception):
        pass

    def no_server(*_args, **_kwargs):
        raise Stop

    monkeypatch.setattr(uvicorn, "Config", no_server)
    heard: list[str] = []
    for host in ("0.0.0.0", "127.0.0.1", "localhost"):
        with pytest.raises(Stop):
            server_module.serve(ServerConfig(seeds_store), host, 1, announce=heard.append)
    assert len(heard) == 1 and heard[0].startswith("kg: warning: listening on 0.0.0.0, not loopback")


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


@pytest.fixture(scope="module")
def server(seeds_store: Path) -> Iterator[tuple[str, int]]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "kg", "serve", "--store", str(seeds_store), "--port", str(port),
               "--timeout", "1", "--max-results", "100"]
    with running(command, f"{url}/") as process:
        yield url, process.pid


def test_load_no_errors_responsive_and_stable_memory(server: tuple[str, int]) -> None:
    url, pid = server
    statuses: Counter = Counter()
    lock = threading.Lock()

    def client(n: int) -> None:
        with requests.Session() as session:
            for i in range(QUERIES):
                slow = (n + i) % 25 == 0  # a cartesian product now and then: cut at the timeout
                query = SLOW if slow else QUICK[(n + i) % len(QUICK)]
                params, accept = {"query": query}, {"Accept": "*/*"}
                r = session.get(f"{url}/sparql", params=params, headers=accept, timeout=30)
                with lock:
                    statuses[(r.status_code, slow)] += 1

    def round_of_load() -> None:
        with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
            list(pool.map(client, range(CLIENTS)))

    round_of_load()  # warm up: the forkserver, caches, allocator
    warm = _rss_kb(pid)
    started = time.monotonic()
    round_of_load()
    seconds = time.monotonic() - started
    grown = _rss_kb(pid) - warm
    # every quick query answered, every slow one cut by the timeout (503), nothing else
    assert set(statuses) <= {(200, False), (503, True)}, statuses
    assert statuses[(200, False)] > 0 and statuses[(503, True)] > 0
    assert grown < 30_000, f"server memory grew by {grown} kB under load"
    r = requests.get(f"{url}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=5)
    assert r.status_code == 200  # still responsive
    print(f"{2 * CLIENTS * QUERIES} queries, second round {seconds:.1f}s, memory {warm} kB -> +{grown} kB")
