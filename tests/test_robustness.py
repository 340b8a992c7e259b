"""Robustness: the catalogue of bad inputs in docs/robustness.md, the store lock, readers during a
rebuild, a full disk, corrupted and old-format stores, and fuzzing of the article reader."""

from __future__ import annotations

import ast
import errno
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from test_cli import assert_one_line_error, kg

from kg import store as store_module
from kg.articles import MAX_ARTICLE_BYTES, MAX_LINE_CHARS, find_articles, load_article
from kg.errors import ArticleError, KgError, StoreError
from kg.lock import lock_path, store_lock
from kg.store import MARKER, open_store, store_info, write_store
from kg.validate import validate_store

from conftest import SEEDS

G = "https://w3id.org/kg-indonesia/id/article/x"
ONE_SEED = sorted(SEEDS.glob("*.txt"))[0]
BODY = "Kepala Dinas Budi Santoso mengatakan program itu berjalan baik."


def _graph(n: int) -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"https://example.org/s{i}"), URIRef("https://example.org/p"), Literal(i)))
    return g


def snapshot(store: Path) -> tuple:
    """Return what must not change in a store: its marker and its files with their sizes."""
    files = sorted((str(p.relative_to(store)), p.stat().st_size) for p in store.rglob("*") if p.is_file())
    return (store / MARKER).read_text(), tuple(files)


@pytest.fixture(scope="module")
def kept_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small store that every failed command below must leave exactly as it was."""
    store = tmp_path_factory.mktemp("kept") / "store"
    write_store(store, {G: _graph(3)})
    return store


def _loop(folder: Path) -> Path:
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    return folder


def _self_link(folder: Path) -> Path:
    (folder / "self.txt").symlink_to(folder / "self.txt")
    return folder / "self.txt"


# name, how to make the input under a folder (returns the path to build), fragment of the error line
BAD_INPUTS = [
    ("empty", lambda d: _write(d / "a.txt", b""), "empty article"),
    ("whitespace", lambda d: _write(d / "a.txt", b" \n\t\r\n  \n"), "empty article"),
    ("binary", lambda d: _write(d / "a.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary file"),
    ("control bytes", lambda d: _write(d / "a.txt", bytes(range(1, 32)) * 200), "binary file"),
    ("50 MB", lambda d: _sparse(d / "a.txt", 50 * 1024 * 1024), "too large"),
    ("5 MB line", lambda d: _write(d / "a.txt", b"Judul\n" + b"kata " * 1_000_000), "a line of"),
    (
        "HTML as .txt",
        lambda d: _write(d / "a.txt", b"<!DOCTYPE html>\n<html><body><p>" + BODY.encode() + b"</p></body>"),
        "HTML page",
    ),
    ("no articles", lambda d: _write(d / "notes.md", b"# notes"), "no articles found"),
    ("directories only", lambda d: (d / "x" / "y").mkdir(parents=True) or d, "no articles found"),
    ("symlink loop", lambda d: _loop(d), "no articles found"),
    ("self symlink", _self_link, "looping symlink"),
    ("missing", lambda d: d / "missing.txt", "no such file"),
]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path if path.suffix == ".txt" or path.suffix == ".png" else path.parent


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as f:
        f.truncate(size)
    return path


@pytest.mark.parametrize(("case", "make", "fragment"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_is_one_line_and_the_store_is_kept(
    kept_store: Path, tmp_path: Path, case: str, make, fragment: str
) -> None:
    before = snapshot(kept_store)
    done = kg("build", str(make(tmp_path)), "--store", str(kept_store), "--quiet")
    assert_one_line_error(done, fragment)
    assert done.returncode == 1
    assert snapshot(kept_store) == before


def test_limits_are_what_the_catalogue_says() -> None:
    assert MAX_ARTICLE_BYTES == 5 * 1024 * 1024 and MAX_LINE_CHARS == 100_000


CP1252 = "Judul\nKepala Dinas Budi Santoso mengatakan program “Desa Cerdas” berjalan baik, kata café.\n"


@pytest.mark.parametrize(
    ("data", "warning", "expected"),
    [
        (CP1252.encode("cp1252"), "read as Windows-1252", "“Desa Cerdas”"),
        (CP1252.encode("utf-8").replace("café".encode(), b"caf\xe9"), "1 invalid UTF-8", "“Desa Cerdas”"),
        (b"\xef\xbb\xbf" + CP1252.encode("utf-8"), None, "café"),
    ],
    ids=["windows-1252", "damaged utf-8", "utf-8 with BOM"],
)
def test_text_that_is_not_utf8_is_read_with_a_warning(
    tmp_path: Path, data: bytes, warning: str | None, expected: str
) -> None:
    (tmp_path / "a.txt").write_bytes(data)
    heard: list[str] = []
    article = load_article(tmp_path / "a.txt", heard.append)
    assert expected in article.text
    assert [w for w in heard if warning and warning in w] == heard and len(heard) == (warning is not None)


def test_windows_1252_article_builds_with_a_warning_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(CP1252.encode("cp1252"))
    done = kg("build", str(tmp_path / "a.txt"), "--store", str(tmp_path / "s"), "--quiet")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == f"kg: warning: {tmp_path / 'a.txt'}: not UTF-8: read as Windows-1252"
    assert lines[1].startswith("built 1 articles")
    assert "Traceback" not in done.stderr


def test_article_with_no_entities_is_accepted_with_empty_results(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Cuaca\nHari ini cuaca cerah dan angin bertiup pelan sekali.\n")
    done = kg("build", str(tmp_path / "a.txt"), "--store", str(tmp_path / "s"), "--quiet")
    assert done.returncode == 0 and "built 1 articles" in done.stderr, done.stderr
    found = kg("query", "officials", "--format", "csv", "--store", str(tmp_path / "s"))
    assert found.returncode == 0 and found.stdout.strip() == "official,name,position,agency"


def test_symlinked_folders_are_followed_once(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x")
    (tmp_path / "a" / "back").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "b").symlink_to(tmp_path / "a", target_is_directory=True)
    assert [p.name for p in find_articles([tmp_path])] == ["x.txt"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=400), st.text(max_size=300).map(lambda t: t.encode("utf-8", "replace"))))
def test_any_bytes_give_an_article_or_an_article_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.txt"
        path.write_bytes(data)
        try:
            article = load_article(path)
        except ArticleError as e:
            assert "\n" not in str(e)
            return
        for p in article.paragraphs:
            assert article.text[p.start : p.end] == p.text


# ---------------------------------------------------------------- stores


def _corrupt(store: Path) -> None:
    (store / "oxigraph" / "CURRENT").write_text("garbage\n")


def _truncate_tables(store: Path) -> None:
    for f in (store / "oxigraph").glob("*.sst"):
        f.write_bytes(f.read_bytes()[:100])


def _old_format(store: Path) -> None:
    meta = json.loads((store / MARKER).read_text())
    (store / MARKER).write_text(json.dumps({**meta, "version": 0}))


def _bad_marker(store: Path) -> None:
    (store / MARKER).write_text("{not json")


@pytest.mark.parametrize(
    ("damage", "fragment"),
    [
        (_corrupt, "is corrupted"),
        (_truncate_tables, "is corrupted"),
        (_old_format, "format version 0"),
        (_bad_marker, "unreadable store marker"),
        (lambda s: (s / "oxigraph" / "CURRENT").unlink(), "cannot open the store"),
    ],
    ids=["garbage CURRENT", "truncated tables", "old format", "bad marker", "missing CURRENT"],
)
def test_damaged_store_is_one_line_then_a_build_replaces_it(tmp_path: Path, damage, fragment: str) -> None:
    store = tmp_path / "s"
    write_store(store, {G: _graph(3)})
    damage(store)
    assert_one_line_error(kg("query", "officials", "--store", str(store)), fragment)
    with pytest.raises(KgError, match=fragment):
        validate_store(store)
    write_store(store, {G: _graph(5)})  # what a build does: it replaces the damaged store
    assert store_info(store).quads == 5 and len(open_store(store)) == 2 * 5  # graph and union


def test_unwritable_store_location_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    done = kg("build", str(SEEDS), "--store", str(tmp_path / "file" / "store"))
    assert_one_line_error(done, "cannot lock the store", "file/store.lock")
    if os.geteuid() != 0:  # root writes anywhere
        (tmp_path / "ro").mkdir(mode=0o500)
        done = kg("build", str(SEEDS), "--store", str(tmp_path / "ro" / "s"))
        assert_one_line_error(done, "Permission denied")


class _DiskFull:
    """Raises ENOSPC on the ``after``-th call of the function it wraps."""

    def __init__(self, real, after: int) -> None:
        self.real, self.after, self.calls = real, after, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        if self.calls >= self.after:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self.real(*args, **kwargs)


@pytest.mark.parametrize("where", ["graphs", "marker", "swap"])
def test_disk_full_during_a_build_keeps_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, where: str
) -> None:
    from kg.cli import app

    store = tmp_path / "s"
    write_store(store, {G: _graph(3)})
    before = snapshot(store)
    if where == "graphs":
        full = _DiskFull(store_module.StoreWriter.add_ntriples, 2)
        monkeypatch.setattr(store_module.StoreWriter, "add_ntriples", lambda self, *a: full(self, *a))
    elif where == "marker":
        real = Path.write_text
        monkeypatch.setattr(
            Path, "write_text", lambda self, *a, **k: _DiskFull(real, 1)(self, *a, **k) if self.name == MARKER
            else real(self, *a, **k)
        )
    else:
        monkeypatch.setattr(store_module, "_exchange", _DiskFull(store_module._exchange, 1))
    with pytest.raises(SystemExit) as done:
        app(["build", str(ONE_SEED), "--store", str(store), "--quiet"], prog_name="kg")
    assert done.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"kg: error: cannot write the store at {store}: [Errno 28] No space left on device"]
    assert snapshot(store) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s", "s.lock"]  # no temporaries left


# ---------------------------------------------------------------- the lock and readers


def test_second_build_refuses_while_the_store_is_locked(tmp_path: Path) -> None:
    store = tmp_path / "s"
    article = str(SEEDS / sorted(os.listdir(SEEDS))[0])
    with store_lock(store, wait=0):
        done = kg("build", article, "--store", str(store), "--wait", "0")
        assert_one_line_error(done, "being written by another kg process", f"pid {os.getpid()}")
        with pytest.raises(StoreError, match=r"waited 0\.2 s"), store_lock(store, wait=0.2):
            pass
    assert not store.exists() and lock_path(store).is_file()


def test_second_build_waits_for_the_first(tmp_path: Path) -> None:
    store = tmp_path / "s"
    article = str(SEEDS / sorted(os.listdir(SEEDS))[0])
    holding = threading.Event()

    def hold() -> None:
        with store_lock(store, wait=0):
            holding.set()
            time.sleep(1.5)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(5)
    started = time.monotonic()
    done = kg("build", article, "--store", str(store), "--wait", "60")
    holder.join()
    assert done.returncode == 0, done.stderr
    assert "waiting up to 60 s for another kg process" in done.stderr
    assert time.monotonic() - started >= 1.0
    store_info(store)


def test_two_builds_at_once_both_end_well(tmp_path: Path) -> None:
    store = tmp_path / "s"
    seeds = sorted(SEEDS.glob("*.txt"))
    command = [sys.executable, "-m", "kg", "build", "--store", str(store), "--quiet"]
    env = {**os.environ, "KG_STORE": ""}
    pipe = subprocess.PIPE
    runs = [subprocess.Popen([*command, str(p)], stderr=pipe, text=True, env=env) for p in seeds[:2]]

    outs = [r.communicate(timeout=120)[1] for r in runs]
    assert [r.returncode for r in runs] == [0, 0], outs
    assert store_info(store).graphs == 4  # ontology, reference, inferred and the last build's article
    assert kg("validate", "--store", str(store)).returncode == 0


READER = """
import sys, time
from pathlib import Path
from kg.store import open_store
from kg.errors import StoreError
seen, errors, end = {}, [], time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    try:
        n = len(open_store(Path(sys.argv[1]))) // 2  # each triple is in its graph and in the union
        seen[n] = seen.get(n, 0) + 1
    except StoreError as e:
        errors.append(str(e))
print(repr((seen, errors)))
"""


def test_readers_see_the_old_or_the_new_store_never_half(tmp_path: Path) -> None:
    store = tmp_path / "s"
    sizes = (200, 3000)
    write_store(store, {G: _graph(sizes[0])})
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(store), "6"], stdout=subprocess.PIPE, text=True
    )
    swaps = 0
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        swaps += 1
        write_store(store, {G: _graph(sizes[swaps % 2])})
    out = reader.communicate(timeout=60)[0]
    seen, errors = ast.literal_eval(out)
    assert errors == [], errors[:3]
    assert set(seen) <= set(sizes) and sum(seen.values()) > 20, seen
    assert swaps > 10
