"""kg serve: the SPARQL 1.1 Protocol (SPARQLWrapper against a real server process, and Starlette's
test client for the protocol table), read-only, timeout and result cap, entity pages by content
negotiation, the base path, and a headless Chromium reading an entity page."""

from __future__ import annotations

import shutil
import sys
import urllib.error
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

pytest.importorskip("starlette", reason="kg serve needs the server extra: pip install '.[server]'")
SPARQLWrapper = pytest.importorskip("SPARQLWrapper", reason="SPARQLWrapper comes with the test extra")

from starlette.testclient import TestClient  # noqa: E402
from test_cli import assert_one_line_error, kg  # noqa: E402

from kg.errors import KgError  # noqa: E402
from kg.server import ServerConfig, create_app  # noqa: E402

from conftest import free_port, need_binary, running  # noqa: E402

OFFICIALS = "SELECT ?name WHERE { ?o a kgo:Official ; skos:prefLabel ?name } ORDER BY ?name"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ENTITY = "/id/official/reni-yanita"
ENTITY_IRI = "https://w3id.org/kg-indonesia/id/official/reni-yanita"


@pytest.fixture(scope="module")
def server(seeds_store: Path) -> Iterator[str]:
    """A `kg serve` process on a free loopback port (1.5 s timeout), stopped after the tests."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "kg", "serve", "--store", str(seeds_store), "--port", str(port)]
    with running([*command, "--timeout", "1.5", "--max-results", "1000"], f"{url}/"):
        yield url


@pytest.fixture(scope="module")
def client(seeds_store: Path) -> TestClient:
    return TestClient(create_app(ServerConfig(seeds_store, timeout=5, max_results=3)))


def wrapper(server: str, query: str, fmt: str) -> SPARQLWrapper.SPARQLWrapper:
    sparql = SPARQLWrapper.SPARQLWrapper(f"{server}/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def test_sparqlwrapper_select_json(server: str) -> None:
    result = wrapper(server, "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" + OFFICIALS, "json")
    names = [b["name"]["value"] for b in result.queryAndConvert()["results"]["bindings"]]
    assert "Reni Yanita" in names and names == sorted(names)


def test_sparqlwrapper_construct_turtle(server: str) -> None:
    query = f"CONSTRUCT {{ <{ENTITY_IRI}> ?p ?o }} WHERE {{ <{ENTITY_IRI}> ?p ?o }}"
    response = wrapper(server, query, "turtle").query()
    assert "turtle" in response.response.headers["Content-Type"]
    triples = list(ox.parse(response.convert(), format=ox.RdfFormat.TURTLE))
    assert ox.Literal("Reni Yanita") in {t.object for t in triples}


@pytest.mark.parametrize(
    ("query", "expected"), [("ASK { ?s a kgo:Official }", True), ("ASK { ?s a kgo:Nope }", False)]
)
def test_sparqlwrapper_ask(server: str, query: str, expected: bool) -> None:
    assert wrapper(server, query, "json").queryAndConvert()["boolean"] is expected


def test_sparqlwrapper_update_is_refused(server: str) -> None:
    sparql = SPARQLWrapper.SPARQLWrapper(f"{server}/sparql", updateEndpoint=f"{server}/sparql")
    sparql.setMethod(SPARQLWrapper.POST)
    sparql.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(urllib.error.HTTPError) as caught:
        sparql.query()
    assert caught.value.code == 403
    assert b"read-only" in caught.value.read()


def test_sparqlwrapper_slow_query_is_cut(server: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as caught:
        wrapper(server, SLOW, "json").query()
    assert caught.value.code == 503
    assert b"timed out after 1.5 s" in caught.value.read()
    # the server still answers afterwards
    assert wrapper(server, "ASK { ?s ?p ?o }", "json").queryAndConvert()["boolean"] is True


# method, how the query travels, Accept or format=, expected status and media type
PROTOCOL = [
    (
        "GET",
        "query",
        {"Accept": "application/sparql-results+json"},
        None,
        200,
        "application/sparql-results+json",
    ),
    (
        "GET",
        "query",
        {"Accept": "application/sparql-results+xml"},
        None,
        200,
        "application/sparql-results+xml",
    ),
    ("GET", "query", {"Accept": "text/csv"}, None, 200, "text/csv"),
    ("GET", "query", {"Accept": "text/tab-separated-values"}, None, 200, "text/tab-separated-values"),
    ("GET", "query", {"Accept": "text/html"}, None, 200, "text/html"),
    ("GET", "query", {"Accept": "*/*"}, None, 200, "application/sparql-results+json"),
    ("GET", "query", {"Accept": "text/html"}, "csv", 200, "text/csv"),
    ("GET", "query", {"Accept": "image/png"}, None, 406, "text/plain"),
    (
        "POST",
        "form",
        {"Accept": "application/sparql-results+json"},
        None,
        200,
        "application/sparql-results+json",
    ),
    ("POST", "direct", {"Accept": "text/csv"}, None, 200, "text/csv"),
]


@pytest.mark.parametrize(("method", "how", "headers", "fmt", "status", "media"), PROTOCOL)
def test_protocol(
    client: TestClient, method: str, how: str, headers: dict, fmt, status: int, media: str
) -> None:
    params = {"format": fmt} if fmt else {}
    if how == "query":
        response = client.request(method, "/sparql", params={"query": OFFICIALS, **params}, headers=headers)
    elif how == "form":
        response = client.post("/sparql", data={"query": OFFICIALS}, headers=headers)
    else:
        headers = {**headers, "Content-Type": "application/sparql-query"}
        response = client.post("/sparql", content=OFFICIALS.encode(), headers=headers)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(media)
    if status == 200:
        assert "Faisol Riza" in response.text  # the first official by name; the cap is 3 rows
        assert response.headers["kg-result-truncated"] == "max-results=3"


@pytest.mark.parametrize(
    ("accept", "fmt", "parser"),
    [
        ("text/turtle", None, ox.RdfFormat.TURTLE),
        ("application/n-triples", None, ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", None, ox.RdfFormat.JSON_LD),
        ("text/html", "jsonld", ox.RdfFormat.JSON_LD),
    ],
)
def test_construct_negotiation(client: TestClient, accept: str, fmt, parser) -> None:
    query = f"DESCRIBE <{ENTITY_IRI}>"
    response = client.get(
        "/sparql", params={"query": query, **({"format": fmt} if fmt else {})}, headers={"Accept": accept}
    )
    assert response.status_code == 200, response.text
    assert len(list(ox.parse(response.content, format=parser))) == 3  # the cap


@pytest.mark.parametrize(
    ("request_args", "status", "fragment"),
    [
        ({"method": "POST", "url": "/sparql", "data": {"update": "CLEAR ALL"}}, 403, "read-only"),
        ({"method": "GET", "url": "/sparql", "params": {"update": "CLEAR ALL"}}, 403, "read-only"),
        (
            {
                "method": "POST",
                "url": "/sparql",
                "content": b"CLEAR ALL",
                "headers": {"Content-Type": "application/sparql-update"},
            },
            403,
            "read-only",
        ),
        ({"method": "GET", "url": "/sparql", "params": {"query": "SELEC nothing"}}, 400, "syntax error"),
        ({"method": "GET", "url": "/sparql"}, 400, "no query"),
        ({"method": "GET", "url": "/id/official/nobody"}, 404, "no such resource"),
    ],
)
def test_refusals_and_errors(client: TestClient, request_args: dict, status: int, fragment: str) -> None:
    response = client.request(**request_args)
    assert response.status_code == status
    assert fragment in response.text
    assert "Traceback" not in response.text


def test_timeout_cuts_a_slow_query(seeds_store: Path) -> None:
    client = TestClient(create_app(ServerConfig(seeds_store, timeout=0.5)))
    response = client.get("/sparql", params={"query": SLOW})
    assert response.status_code == 503 and "timed out after 0.5 s" in response.text


def test_default_graph_uri_narrows_the_dataset(client: TestClient) -> None:
    ask = "ASK { ?s a kgo:Official }"
    params = {"query": ask, "default-graph-uri": "https://w3id.org/kg-indonesia/graph/ontology"}
    assert client.get("/sparql", params=params).json()["boolean"] is False
    assert client.get("/sparql", params={"query": ask}).json()["boolean"] is True


@pytest.mark.parametrize(
    ("accept", "media", "parser"),
    [
        ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ],
)
def test_entity_as_rdf(client: TestClient, accept: str, media: str, parser) -> None:
    response = client.get(ENTITY, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    assert response.headers["vary"] == "Accept"
    triples = [q.triple for q in ox.parse(response.content, format=parser)]
    name = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    assert ox.Triple(ox.NamedNode(ENTITY_IRI), name, ox.Literal("Reni Yanita")) in triples


def test_entity_as_html_has_facts_with_evidence(client: TestClient) -> None:
    response = client.get(ENTITY, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<h1 id='label'>Reni Yanita</h1>" in page
    assert "kgo:holdsPost" in page and "class='evidence'" in page
    assert (
        "Direktur Jenderal Industri Kecil, Menengah, dan Aneka (IKMA) Kementerian Perindustrian Reni Yanita"
        in page
    )
    assert 'href="/id/post/' in page  # linked entities are served here too


def test_base_path_serves_the_namespace_under_its_own_path(seeds_store: Path) -> None:
    client = TestClient(create_app(ServerConfig(seeds_store, base_path="/kg-indonesia/")))
    assert client.get("/kg-indonesia" + ENTITY, headers={"Accept": "text/turtle"}).status_code == 200
    assert client.get(ENTITY, headers={"Accept": "text/turtle"}).status_code == 404
    page = client.get("/kg-indonesia" + ENTITY, headers={"Accept": "text/html"}).text
    assert 'href="/kg-indonesia/id/post/' in page
    with pytest.raises(KgError, match="base path"):
        create_app(ServerConfig(seeds_store, base_path="kg"))


def test_index_page_lists_the_saved_queries(client: TestClient) -> None:
    page = client.get("/").text
    assert "<form action='/sparql'" in page and "programs-by-official" in page


def test_missing_store_is_one_error(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="no store"):
        create_app(ServerConfig(tmp_path / "none"))


def test_chromium_shows_an_entity_page(server: str, tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        need_binary("chromium", "chromium")
    driver_path = need_binary("chromedriver", "chromium-driver")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium comes with the test extra")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=driver_path)
    driver = webdriver.Chrome(options=options, service=service)
    try:
        driver.set_page_load_timeout(30)
        driver.get(server + ENTITY)
        by = pytest.importorskip("selenium.webdriver.common.by").By
        assert driver.find_element(by.ID, "label").text == "Reni Yanita"
        facts = driver.find_element(by.ID, "facts").text
        assert "kgo:holdsPost" in facts and "Direktur Jenderal" in facts
        evidence = [e.text for e in driver.find_elements(by.CLASS_NAME, "evidence")]
        assert any("Reni Yanita" in e for e in evidence)
        assert driver.save_screenshot(str(tmp_path / "entity.png"))
        assert (tmp_path / "entity.png").stat().st_size > 1000
    finally:
        driver.quit()


def test_serve_errors_are_one_line(server: str, seeds_store: Path, tmp_path: Path) -> None:
    assert_one_line_error(kg("serve", "--store", str(tmp_path / "none")), "no store at")
    port = server.rsplit(":", 1)[1]  # taken by the running server
    assert_one_line_error(kg("serve", "--store", str(seeds_store), "--port", port), "is the port in use")
