"""The command line: help with examples, one-line errors without tracebacks, exit codes, output formats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, SEEDS

COMMANDS = ["build", "query", "queries", "explain", "export", "validate"]


def kg(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m kg ARGS`` the way a user would, with no stdin."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "KG_STORE": "", **(env or {})},
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


def assert_one_line_error(done: subprocess.CompletedProcess, *fragments: str) -> None:
    assert done.returncode != 0, done
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("kg: error: "), lines[0]
    assert "Traceback" not in done.stderr
    for f in fragments:
        assert f in lines[0], lines[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    done = kg(command, "--help")
    assert done.returncode == 0
    assert "Example:" in done.stdout and f"kg {command}" in done.stdout
    assert "--store" in done.stdout


def test_top_level_help() -> None:
    done = kg("--help")
    assert done.returncode == 0
    assert all(c in done.stdout for c in COMMANDS)


@pytest.fixture(scope="module")
def bad_articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    return folder


@pytest.mark.parametrize(
    ("article", "fragment"),
    [("missing.txt", "no such file"), ("empty.txt", "empty"), ("binary.txt", "binary")],
)
def test_build_of_only_a_bad_article_fails_in_one_line(
    bad_articles: Path, tmp_path: Path, article: str, fragment: str
) -> None:
    done = kg("build", str(bad_articles / article), "--store", str(tmp_path / "s"), "--quiet")
    assert_one_line_error(done, "no article could be built", fragment)
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["query", "no-such-query"], ["unknown query 'no-such-query'"]),
        (["query", "programs-by-official", "--param", "official"], ["malformed --param 'official'"]),
        (["query", "programs-by-official"], ["needs --param official="]),
        (["query", "programs-by-official", "--param", "x=1"], ["has no parameter x"]),
        (["query", str(DATA / "queries" / "broken.rq")], ["SPARQL syntax error", "at 4:1"]),
        (["query", "missing.rq"], ["no such query file"]),
        (["validate"], ["no store at", "run `kg build` first"]),
        (["export"], ["no store at"]),
    ],
)
def test_errors_are_one_line(
    people_store: Path, tmp_path: Path, args: list[str], fragments: list[str]
) -> None:
    store = people_store if args[0] == "query" else tmp_path / "nothing-here"
    done = kg(*args, "--store", str(store))
    assert_one_line_error(done, *fragments)


def test_store_from_environment(tmp_path: Path) -> None:
    done = kg("validate", env={"KG_STORE": str(tmp_path / "env-store")})
    assert_one_line_error(done, "env-store")


def test_foreign_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    done = kg("build", str(SEEDS), "--store", str(tmp_path / "mine"))
    assert_one_line_error(done, "not a kg store")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep"


def test_build_query_validate_export(tmp_path: Path) -> None:
    store = str(tmp_path / "s")
    done = kg("build", str(SEEDS), "--store", store)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    n = len(list(SEEDS.glob("*.txt")))
    assert f"built {n} articles, skipped 0, " in done.stderr.splitlines()[-1]

    done = kg("query", "officials", "--format", "json", "--store", store)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)  # stdout holds only the JSON document
    assert set(doc) == {"head", "results"} and isinstance(doc["results"]["bindings"], list)
    for b in doc["results"]["bindings"]:
        for term in b.values():
            assert term["type"] in ("uri", "literal", "bnode") and "value" in term

    for fmt in ("csv", "tsv", "table"):
        done = kg(
            "query", "programs-by-official", "--param", "official=Reni Yanita", "-f", fmt, "--store", store
        )
        assert done.returncode == 0, done.stderr

    done = kg(
        "query",
        "programs-by-official",
        "--param",
        'official=x" } ; DROP ALL ; #',
        "-f",
        "json",
        "--store",
        store,
    )
    assert done.returncode == 0 and json.loads(done.stdout)["results"]["bindings"] == []

    done = kg("validate", "--store", store)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr  # 1: the data has violations
    assert all(line.split(":")[0] in ("Violation", "Warning", "Info") for line in done.stdout.splitlines())
    done = kg("export", "--format", "nt", "-o", str(tmp_path / "out.nt"), "--store", store)
    assert done.returncode == 0 and (tmp_path / "out.nt").stat().st_size > 0


def test_queries_lists_titles_and_parameters() -> None:
    done = kg("queries", env={"COLUMNS": "200"})
    assert done.returncode == 0
    assert "programs-by-official" in done.stdout and "Programs an official announced" in done.stdout
    assert "official: name or alias of the official" in done.stdout
    assert '(e.g. "Reni Yanita")' in done.stdout
