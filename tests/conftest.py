"""Shared fixtures: paths to test data and stores built once per test session."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from kg.build import build
from kg.store import write_store

DATA = Path(__file__).resolve().parent / "data" / "platform"
REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
PEOPLE_GRAPH = "https://w3id.org/kg-indonesia/id/article/test-a"


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from seeds/ (whatever the mapper currently produces)."""
    store = tmp_path_factory.mktemp("seeds") / "store"
    build([SEEDS], store)
    return store


@pytest.fixture(scope="session")
def people_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding only the hand-made graph tests/data/platform/people.ttl."""
    store = tmp_path_factory.mktemp("people") / "store"
    write_store(store, {PEOPLE_GRAPH: Graph().parse(DATA / "people.ttl")})
    return store


@pytest.fixture
def query_dir() -> Path:
    """The folder of test queries."""
    return DATA / "queries"


def need_binary(name: str, package: str) -> str:
    """Return the path of program ``name``; skip the test if it is missing (fail in CI, which installs it)."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (apt-get install {package}; .ci/run installs it)"
        if os.environ.get("CI") or os.environ.get("KG_CI_INSTALLED"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running(command: list[str], ready_url: str, timeout: float = 30.0):
    """Start ``command`` (a server on 127.0.0.1), wait until ``ready_url`` answers, stop it afterwards."""
    import subprocess
    import time

    import requests

    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                pytest.fail(f"{command[0]} exited: {process.stdout.read().decode(errors='replace')}")
            try:
                requests.get(ready_url, timeout=2)
                break
            except requests.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    pytest.fail(f"{command[0]} did not answer at {ready_url} within {timeout:g} s")
                time.sleep(0.1)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()


HTML_DATA = Path(__file__).resolve().parent / "data" / "html"


@pytest.fixture(scope="session")
def news_server():
    """A news site on 127.0.0.1 for kg ingest: the pages of tests/data/html and misbehaving URLs.

    ``/page/NAME`` serves tests/data/html/NAME; ``/moved`` redirects to ``/page/berita-ikm.html``;
    ``/loop`` redirects to itself; ``/missing`` is a 404; ``/slow`` waits 5 s before answering;
    ``/big`` is a 20 MB page (with Content-Length), ``/big-stream`` the same without it;
    ``/pdf`` is not HTML; ``/ftp`` redirects to an ftp: URL. Yields (base URL, list of the
    User-Agent headers received).
    """
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    agents: list[str] = []
    big = 20 * 1024 * 1024

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", **headers) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def _redirect(self, to: str) -> None:
            self.send_response(302)
            self.send_header("Location", to)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            agents.append(self.headers.get("User-Agent", ""))
            path = self.path
            try:
                if path.startswith("/page/"):
                    file = HTML_DATA / path.removeprefix("/page/")
                    if file.is_file():
                        return self._send(200, file.read_bytes())
                    return self._send(404, b"<html><body>Tidak ditemukan</body></html>")
                if path == "/moved":
                    return self._redirect("/page/berita-ikm.html")
                if path == "/loop":
                    return self._redirect("/loop")
                if path == "/ftp":
                    return self._redirect("ftp://127.0.0.1/berita.html")
                if path == "/slow":
                    time.sleep(5)
                    return self._send(200, b"<html><body><p>terlambat</p></body></html>")
                if path == "/pdf":
                    return self._send(200, b"%PDF-1.4", "application/pdf")
                if path in ("/big", "/big-stream"):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    if path == "/big":
                        self.send_header("Content-Length", str(big))
                    self.end_headers()
                    chunk = b"<p>" + b"x" * (1024 * 1024 - 7) + b"</p>\n"
                    for _ in range(big // len(chunk)):
                        self.wfile.write(chunk)
                    return None
                return self._send(404, b"<html><body>Tidak ditemukan</body></html>")
            except (BrokenPipeError, ConnectionResetError):
                return None

    class Server(ThreadingHTTPServer):
        daemon_threads = True

    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", agents
    finally:
        server.shutdown()
        server.server_close()
