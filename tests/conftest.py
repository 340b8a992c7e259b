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
