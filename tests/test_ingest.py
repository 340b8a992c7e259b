"""kg ingest and kg remove: incremental, idempotent, one graph per article, the same store as kg build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import ingest as ingest_module
from kg import prepare as prepare_module
from kg.errors import KgError
from kg.ingest import ADDED, FAILED, REPLACED, UNCHANGED, ingest, read_source_list, remove
from kg.namespaces import GRAPH_INFERRED, article_iri

from conftest import HTML_DATA, SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))
KGO = "https://w3id.org/kg-indonesia/ontology#"
RENI = "https://w3id.org/kg-indonesia/id/official/reni-yanita"


def dump(store: Path) -> list[str]:
    """Return the store's quads as sorted N-Quads lines (inferred graph included)."""
    db = ox.Store.read_only(str(store / "oxigraph"))
    data = db.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
    del db
    return sorted(data.splitlines())


def graph_of(store: Path, identifier: str) -> list[str]:
    iri = article_iri(identifier)
    return [line for line in dump(store) if line.endswith(f"<{iri}> .")]


def values(store: Path, subject: str, prop: str) -> list[str]:
    """Return the distinct values of (subject, prop) over all graphs of the store."""
    db = ox.Store.read_only(str(store / "oxigraph"))
    pattern = (ox.NamedNode(subject), ox.NamedNode(prop), None)
    found = sorted({q.object.value for q in db.quads_for_pattern(*pattern)})
    del db
    return found


@pytest.fixture(scope="module")
def one_by_one(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store grown by ingesting the five seeds one at a time, starting from nothing."""
    store = tmp_path_factory.mktemp("ingest") / "store"
    for path in SEED_FILES:
        report = ingest([str(path)], store)
        assert [o.status for o in report.outcomes] == [ADDED], report.outcomes
    return store


def test_seeds_one_by_one_equal_kg_build(one_by_one: Path, seeds_store: Path) -> None:
    assert dump(one_by_one) == dump(seeds_store)
    assert any(f"<{GRAPH_INFERRED}> ." in line for line in dump(one_by_one))


def test_ingesting_again_changes_nothing(one_by_one: Path, seeds_store: Path) -> None:
    marker = (one_by_one / "kg-store.json").read_bytes()
    report = ingest([str(p) for p in SEED_FILES], one_by_one)
    assert [o.status for o in report.outcomes] == [UNCHANGED] * len(SEED_FILES)
    assert report.inferred is None  # nothing to reason about
    assert (one_by_one / "kg-store.json").read_bytes() == marker  # the store was not even rewritten
    assert dump(one_by_one) == dump(seeds_store)


def test_remove_then_ingest_restores_the_graph(tmp_path: Path, one_by_one: Path, seeds_store: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(one_by_one, store)
    removed = SEED_FILES[0]
    before = dump(store)
    remove([removed.name], store)
    after = dump(store)
    assert graph_of(store, removed.name) == []
    assert len(after) < len(before)
    # Reni Yanita is stated by other seeds too: she survives, and only their statements remain
    assert values(store, RENI, "http://www.w3.org/2004/02/skos/core#prefLabel") == ["Reni Yanita"]
    assert not any(article_iri(removed.name) in line for line in after)
    report = ingest([str(removed)], store)
    assert [o.status for o in report.outcomes] == [ADDED]
    assert dump(store) == dump(seeds_store)


def test_a_changed_article_replaces_only_its_own_graph(tmp_path: Path, one_by_one: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(one_by_one, store)
    changed = tmp_path / SEED_FILES[1].name
    text = SEED_FILES[1].read_text(encoding="utf-8")
    changed.write_text(text.replace("Reni Yanita", "Reni Yanita Saputri", 1), encoding="utf-8")
    others = {p.name: graph_of(store, p.name) for p in SEED_FILES if p != SEED_FILES[1]}
    old = graph_of(store, changed.name)
    report = ingest([str(changed)], store)
    assert [o.status for o in report.outcomes] == [REPLACED]
    new = graph_of(store, changed.name)
    assert new != old and any("Saputri" in line for line in new)
    assert {name: graph_of(store, name) for name in others} == others
    assert len(values(store, article_iri(changed.name), KGO + "contentHash")) == 1


def test_a_bad_article_fails_alone(tmp_path: Path, one_by_one: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(one_by_one, store)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02")
    good = tmp_path / "baru.txt"
    good.write_text(SEED_FILES[0].read_text(encoding="utf-8"), encoding="utf-8")
    seen = []
    report = ingest([str(tmp_path / "missing.txt"), str(binary), str(good)], store, progress=seen.append)
    assert [o.status for o in report.outcomes] == [FAILED, FAILED, ADDED]
    assert [o.status for o in seen] == [FAILED, FAILED, ADDED]
    assert "no such file" in report.outcomes[0].reason and "binary" in report.outcomes[1].reason
    assert (report.count(ADDED), report.count(FAILED)) == (1, 2)
    assert "1 added, 0 unchanged, 0 replaced, 2 failed" in report.summary()
    assert graph_of(store, "baru.txt")


def test_a_violating_article_is_refused(tmp_path: Path, one_by_one: Path, monkeypatch) -> None:
    from rdflib import Literal, URIRef

    store = tmp_path / "store"
    shutil.copytree(one_by_one, store)
    real = prepare_module.map_article

    def broken(article):
        graph = real(article)
        graph.add((URIRef(article.iri), URIRef(KGO + "contentHash"), Literal("second hash")))
        return graph

    monkeypatch.setattr(prepare_module, "map_article", broken)
    new = tmp_path / "lain.txt"
    new.write_text(SEED_FILES[2].read_text(encoding="utf-8"), encoding="utf-8")
    before = dump(store)
    report = ingest([str(new)], store)
    assert report.outcomes[0].status == FAILED and "shape violation" in report.outcomes[0].reason
    assert report.outcomes[0].report is not None and not report.outcomes[0].report.conforms
    assert dump(store) == before


def test_a_crash_before_the_swap_leaves_the_store_as_it_was(
    tmp_path: Path, one_by_one: Path, monkeypatch
) -> None:
    store = tmp_path / "store"
    shutil.copytree(one_by_one, store)
    before = dump(store)

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(ingest_module._Batch, "finish", crash)
    changed = tmp_path / SEED_FILES[3].name
    changed.write_text(SEED_FILES[3].read_text(encoding="utf-8") + "\nTambahan paragraf baru.\n")
    with pytest.raises(KeyboardInterrupt):
        ingest([str(changed)], store)
    assert dump(store) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("store.tmp")) == []


def test_html_file_and_url_metadata(tmp_path: Path, news_server) -> None:
    base, _ = news_server
    store = tmp_path / "store"
    url = f"{base}/moved"  # redirects: the article is known by its final URL
    final = f"{base}/page/berita-ikm.html"
    report = ingest([str(HTML_DATA / "berita-jsonld.html"), url], store)
    assert [o.status for o in report.outcomes] == [ADDED, ADDED]
    page = article_iri(final)
    assert values(store, page, "https://schema.org/url") == [final]
    assert values(store, page, "https://schema.org/headline") == ["IKM Diharapkan Jadi Penopang Perekonomian"]
    assert values(store, page, KGO + "outlet") == ["Warta Industri"]
    assert values(store, page, "https://schema.org/author") == ["Sari Wulandari"]
    assert values(store, page, "https://schema.org/datePublished") == ["2025-03-10"]
    assert len(values(store, page, KGO + "retrievedAt")) == 1
    assert values(store, RENI, "http://www.w3.org/2004/02/skos/core#prefLabel") == ["Reni Yanita"]
    file = article_iri("berita-jsonld.html")
    assert values(store, file, KGO + "fileName") == ["berita-jsonld.html"]
    assert values(store, file, "https://schema.org/author") == ["Budi Santoso"]
    assert values(store, file, KGO + "retrievedAt") == []
    again = ingest([final, str(HTML_DATA / "berita-jsonld.html")], store)
    assert [o.status for o in again.outcomes] == [UNCHANGED, UNCHANGED]


@pytest.mark.parametrize(
    ("path", "fragment"),
    [
        ("/missing", "not found (HTTP 404)"),
        ("/slow", "timed out"),
        ("/big", "too large"),
        ("/pdf", "not an HTML page"),
        ("/page/kosong.html", "no article text"),
    ],
)
def test_bad_urls_fail_with_their_reason(tmp_path: Path, news_server, path: str, fragment: str) -> None:
    base, _ = news_server
    report = ingest([f"{base}{path}"], tmp_path / "store", options=ingest_module.FetchOptions(timeout=0.5))
    assert report.outcomes[0].status == FAILED and fragment in report.outcomes[0].reason


def test_remove_of_an_unknown_article_changes_nothing(tmp_path: Path, one_by_one: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(one_by_one, store)
    before = dump(store)
    with pytest.raises(KgError, match=r"no article nope\.txt"):
        remove([SEED_FILES[0].name, "nope.txt"], store)
    assert dump(store) == before


def test_read_source_list(tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text("# articles\n\na.txt\n  https://b.go.id/x  \n# done\n", encoding="utf-8")
    assert read_source_list(listing) == ["a.txt", "https://b.go.id/x"]


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, stdin=subprocess.DEVNULL,
        timeout=300,
    )


def test_cli_ingest_summary_and_exit_code(tmp_path: Path, news_server) -> None:
    base, _ = news_server
    store = str(tmp_path / "store")
    listing = tmp_path / "list.txt"
    listing.write_text(f"{SEED_FILES[0]}\n{base}/missing\n", encoding="utf-8")
    done = kg("ingest", str(SEED_FILES[1]), "--from-file", str(listing), "--store", store)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert f"failed {base}/missing: not found (HTTP 404)" in lines
    assert "ingested 3 article(s): 2 added, 0 unchanged, 0 replaced, 1 failed" in lines[-2]
    assert lines[-1] == "kg: error: 1 of 3 article(s) failed"
    assert "Traceback" not in done.stderr
    done = kg("ingest", str(SEED_FILES[1]), "--store", store, "-q")
    assert done.returncode == 0 and "0 added, 1 unchanged" in done.stderr
    done = kg("remove", SEED_FILES[1].name, "--store", store)
    assert done.returncode == 0 and "removed 1 article(s)" in done.stderr
    done = kg("remove", SEED_FILES[1].name, "--store", store)
    assert done.returncode == 1 and done.stderr.startswith("kg: error: no article")
    done = kg("ingest", "--store", store)
    assert done.returncode == 1 and "give articles to ingest" in done.stderr


@pytest.mark.parametrize("command", ["ingest", "remove"])
def test_help_has_an_example(command: str) -> None:
    done = kg(command, "--help")
    assert done.returncode == 0 and "Example:" in done.stdout and f"kg {command}" in done.stdout
