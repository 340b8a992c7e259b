"""The saved queries (queries/*.rq): headers, syntax, and their rows over hand-written article graphs.

The store is built the way docs/model.md lays it out (one named graph per article, the reference list,
the ontology and an OWL-RL closure in their own graphs) and queried over the union of the graphs with
each parameter ``x`` bound as ``?x`` (the raw string) and ``?xKey`` (its search key).
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal

from kg.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_REFERENCE, article_iri, search_key

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"
DATA = Path(__file__).resolve().parent / "data"
ARTICLES = {"a01.txt": DATA / "article-a.ttl", "https://example.org/berita/b02": DATA / "article-b.ttl"}
REQUIRED = {
    "officials": ["official", "name", "position", "agency"],
    "agencies": ["agency", "name", "acronym", "parent"],
    "programs": ["program", "agency", "announcedBy", "programIri"],
    "events": ["event", "start", "end", "place", "organizer"],
    "statistics": ["measure", "value", "unit", "period", "subject", "statedBy", "source", "statistic",
                   "sentence"],
    "programs-by-official": ["program"],
}
ID = "https://w3id.org/kg-indonesia/id/"
RENI, AGUS = ID + "official/reni-yanita", ID + "official/agus-gumiwang-kartasasmita"
KEMENPERIN = "Kementerian Perindustrian"
IKMA = "Direktorat Jenderal Industri Kecil, Menengah, dan Aneka"
DIRJEN = "Direktur Jenderal Industri Kecil, Menengah, dan Aneka"
BPIFK = "Balai Pemberdayaan Industri Fesyen dan Kriya"
SCALING = "scaling up brand melalui storytelling"
PELATIHAN = "pelatihan online bagi pelaku IKM fesyen dan kriya"
RESTRUK = "restrukturisasi mesin dan peralatan produksi"


def header(text: str) -> dict:
    """The ``#+ key: value`` lines at the top of a saved query; ``param`` lines as (name, what, example)."""
    info: dict = {"param": []}
    for line in text.splitlines():
        m = re.match(r"#\+\s*(\w+):\s*(.*)$", line)
        if not m:
            continue
        key, value = m.groups()
        if key == "param":
            info["param"].append(tuple(part.strip() for part in value.split("|")))
        else:
            info[key] = value.strip()
    return info


def substitutions(params: dict[str, str]) -> dict:
    subs = {}
    for name, value in params.items():
        subs[ox.Variable(name)] = ox.Literal(value)
        subs[ox.Variable(name + "Key")] = ox.Literal(search_key(value))
    return subs


def run(store: ox.Store, name: str, **params: str) -> list[dict[str, str | None]]:
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    result = store.query(text, use_default_graph_as_union=True, substitutions=substitutions(params))
    names = [v.value for v in result.variables]
    rows = []
    for solution in result:
        rows.append({n: None if solution[n] is None else solution[n].value for n in names})
    return rows


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return build_store(keep_search_keys=True)


def build_store(keep_search_keys: bool) -> ox.Store:
    import owlrl

    st = ox.Store()
    entity_layer = Graph()
    for identifier, path in ARTICLES.items():
        st.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(article_iri(identifier)))
        entity_layer.parse(path)
    st.load(path=str(ROOT / "ontology" / "agencies.ttl"), format=ox.RdfFormat.TURTLE,
            to_graph=ox.NamedNode(GRAPH_REFERENCE))
    st.load(path=str(ROOT / "ontology" / "kg.ttl"), format=ox.RdfFormat.TURTLE,
            to_graph=ox.NamedNode(GRAPH_ONTOLOGY))
    ontology = Graph().parse(ROOT / "ontology" / "kg.ttl")
    closure = entity_layer + ontology
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    inferred = Graph()
    for t in closure:
        if not isinstance(t[0], Literal) and t not in entity_layer and t not in ontology:
            inferred.add(t)
    st.load(inferred.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES,
            to_graph=ox.NamedNode(GRAPH_INFERRED))
    if not keep_search_keys:
        st.update("DELETE WHERE { GRAPH ?g { ?s <https://w3id.org/kg-indonesia/ontology#searchKey> ?k } }")
    return st


def rows_of(rows: list[dict], *columns: str) -> set[tuple]:
    return {tuple(r[c] for c in columns) for r in rows}


# --- headers and syntax --------------------------------------------------------------------------

ALL = sorted(p.stem for p in QUERIES.glob("*.rq"))


def test_required_and_catalogue_queries_exist() -> None:
    assert set(REQUIRED) | {
        "officials-of-agency", "programs-of-agency", "agency-hierarchy", "events-between",
        "statistics-about", "conflicting-figures", "statements-by-official", "articles-mentioning",
        "officials-in-several-outlets",
    } <= set(ALL)


@pytest.mark.parametrize("name", ALL)
def test_header_and_syntax(name: str) -> None:
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    info = header(text)
    assert info.get("title") and info.get("description")
    params = {}
    for param in info["param"]:
        assert len(param) == 3 and all(param), param
        params[param[0]] = param[2]
    result = ox.Store().query(text, use_default_graph_as_union=True, substitutions=substitutions(params))
    assert list(result) == []
    assert "LIMIT" not in text.upper().split("#+")[-1]


@pytest.mark.parametrize(("name", "columns"), REQUIRED.items())
def test_required_variables(store: ox.Store, name: str, columns: list[str]) -> None:
    params = {p[0]: p[2] for p in header((QUERIES / f"{name}.rq").read_text(encoding="utf-8"))["param"]}
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    result = store.query(text, use_default_graph_as_union=True, substitutions=substitutions(params))
    assert set(columns) <= {v.value for v in result.variables}


@pytest.mark.parametrize("name", ALL)
def test_only_the_entity_columns_hold_iris(store: ox.Store, name: str) -> None:
    """The scorer reads labels; IRIs are only allowed in officials.official and agencies.agency."""
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    params = {p[0]: p[2] for p in header(text)["param"]}
    allowed = {"officials": {"official"}, "agencies": {"agency"}}.get(name, set())
    for solution in store.query(text, use_default_graph_as_union=True, substitutions=substitutions(params)):
        for var in store.query(text, use_default_graph_as_union=True,
                               substitutions=substitutions(params)).variables:
            term = solution[var]
            if var.value not in allowed:
                assert term is None or isinstance(term, ox.Literal), (var, term)
                assert term is None or term.datatype.value.endswith("#string") or var.value == "outlets"


# --- the required queries over the sample graphs ------------------------------------------------


def test_officials(store: ox.Store) -> None:
    assert rows_of(run(store, "officials"), "official", "name", "position", "agency") == {
        (RENI, "Reni Yanita", DIRJEN, IKMA),
        (AGUS, "Agus Gumiwang Kartasasmita", "Menteri Perindustrian", KEMENPERIN),
    }


def test_agencies_are_those_mentioned(store: ox.Store) -> None:
    rows = run(store, "agencies")
    assert {r["name"] for r in rows} == {KEMENPERIN, IKMA, BPIFK}
    assert (BPIFK, "BPIFK", IKMA) in rows_of(rows, "name", "acronym", "parent")
    assert (IKMA, "Ditjen IKMA", KEMENPERIN) in rows_of(rows, "name", "acronym", "parent")
    assert {r["parent"] for r in rows if r["name"] == KEMENPERIN} == {None}
    assert ID + "agency/kementerian-perindustrian" in {r["agency"] for r in rows}


def test_programs(store: ox.Store) -> None:
    assert rows_of(run(store, "programs"), "program", "agency", "announcedBy") == {
        (SCALING, IKMA, "Reni Yanita"),
        (PELATIHAN, BPIFK, None),
        (RESTRUK, KEMENPERIN, "Agus Gumiwang Kartasasmita"),
        (RESTRUK, KEMENPERIN, "Reni Yanita"),
    }


def test_events(store: ox.Store) -> None:
    assert rows_of(run(store, "events"), "event", "start", "end", "place", "organizer") == {
        ("Gebyar IKMA 2024", "2024-11-12", "2024-11-17", "Jakarta", KEMENPERIN),
        ("Penganugerahan IKMA Award 2024", "2024-11-14", None, None, None),
    }


def test_statistics(store: ox.Store) -> None:
    rows = run(store, "statistics")
    assert rows_of(rows, "value", "unit", "period", "statedBy", "source") == {
        ("4500000", "unit usaha", None, "Reni Yanita", "a01.txt"),
        ("99.77", "persen", "2024", None, "a01.txt"),
        ("4410000", "unit usaha", "2024", "Agus Gumiwang Kartasasmita", "https://example.org/berita/b02"),
        ("7900000000", "Rp", None, "Reni Yanita", "https://example.org/berita/b02"),
    }
    assert len(rows) == 4  # one row per figure, even with the OWL-RL closure in the store
    first = next(r for r in rows if r["value"] == "4500000")
    assert first["sentence"] == "Saat ini terdapat 4,5 juta unit usaha IKM, ujar Reni."
    assert first["measure"] == "jumlah unit usaha IKM"
    assert first["statistic"] == ID + "statistic/a01-txt-99"


BY_OFFICIAL = [
    ("Reni Yanita", {SCALING, RESTRUK}),
    ("RENI YANITA", {SCALING, RESTRUK}),
    ("Réni", {SCALING, RESTRUK}),
    ("Dirjen IKMA", {SCALING, RESTRUK}),
    (DIRJEN, {SCALING, RESTRUK}),
    ("Agus Gumiwang Kartasasmita", {RESTRUK}),
    ("Menperin", {RESTRUK}),
    ("Nobody Here", set()),
]


@pytest.mark.parametrize(("official", "programs"), BY_OFFICIAL)
def test_programs_by_official(store: ox.Store, official: str, programs: set[str]) -> None:
    rows = run(store, "programs-by-official", official=official)
    assert [r["program"] for r in rows] == sorted(programs)


@pytest.mark.parametrize(("official", "programs"), [b for b in BY_OFFICIAL if b[0] != "Réni"])
def test_programs_by_official_without_search_keys(official: str, programs: set[str]) -> None:
    store = build_store(keep_search_keys=False)
    assert {r["program"] for r in run(store, "programs-by-official", official=official)} == programs


# --- the catalogue -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agency", "officials"),
    [("Kemenperin", {"Reni Yanita", "Agus Gumiwang Kartasasmita"}), ("Ditjen IKMA", {"Reni Yanita"}),
     ("BPIFK", set()), ("Badan Pusat Statistik", set())],
)
def test_officials_of_agency(store: ox.Store, agency: str, officials: set[str]) -> None:
    assert {r["name"] for r in run(store, "officials-of-agency", agency=agency)} == officials


@pytest.mark.parametrize(
    ("agency", "programs"),
    [(KEMENPERIN, {SCALING, PELATIHAN, RESTRUK}), ("Ditjen IKMA", {SCALING, PELATIHAN}),
     ("BPIFK", {PELATIHAN})],
)
def test_programs_of_agency(store: ox.Store, agency: str, programs: set[str]) -> None:
    assert {r["program"] for r in run(store, "programs-of-agency", agency=agency)} == programs


def test_agency_hierarchy(store: ox.Store) -> None:
    assert rows_of(run(store, "agency-hierarchy"), "agency", "parent", "source") == {
        (BPIFK, IKMA, "a01.txt"),
        (BPIFK, IKMA, "reference list"),
        (IKMA, KEMENPERIN, "a01.txt"),
        (IKMA, KEMENPERIN, "https://example.org/berita/b02"),
        (IKMA, KEMENPERIN, "reference list"),
    }


@pytest.mark.parametrize(
    ("start", "end", "events"),
    [("2024-11-13", "2024-11-20", {"Gebyar IKMA 2024", "Penganugerahan IKMA Award 2024"}),
     ("2024-11-15", "2024-11-30", {"Gebyar IKMA 2024"}),
     ("2024-11-18", "2024-12-31", set()),
     ("2024-11-14", "2024-11-14", {"Gebyar IKMA 2024", "Penganugerahan IKMA Award 2024"})],
)
def test_events_between(store: ox.Store, start: str, end: str, events: set[str]) -> None:
    assert {r["event"] for r in run(store, "events-between", **{"from": start, "to": end})} == events


@pytest.mark.parametrize(
    ("measure", "values"),
    [("unit usaha", {"4500000", "4410000", "99.77"}), ("RESTRUKTURISASI", {"7900000000"}), ("ekspor", set())],
)
def test_statistics_about(store: ox.Store, measure: str, values: set[str]) -> None:
    assert {r["value"] for r in run(store, "statistics-about", measure=measure)} == values


def test_conflicting_figures(store: ox.Store) -> None:
    rows = run(store, "conflicting-figures")
    assert rows_of(rows, "measure", "value1", "period1", "source1", "value2", "period2", "source2",
                   "samePeriod") == {
        ("jumlah unit usaha ikm", "4410000", "2024", "https://example.org/berita/b02",
         "4500000", None, "a01.txt", "unknown"),
    }


def test_statements_by_official(store: ox.Store) -> None:
    rows = run(store, "statements-by-official", official="Reni")
    assert rows_of(rows, "source", "directQuote") == {
        ("a01.txt", "true"), ("https://example.org/berita/b02", "false")}


@pytest.mark.parametrize(
    ("entity", "found"),
    [("Kemenperin", {("Agency", "a01.txt"), ("Agency", "https://example.org/berita/b02")}),
     ("reni yanita", {("Official", "a01.txt"), ("Official", "https://example.org/berita/b02")}),
     ("scaling up brand", {("Program", "a01.txt")}),
     ("BPS", set())],
)
def test_articles_mentioning(store: ox.Store, entity: str, found: set[tuple]) -> None:
    assert rows_of(run(store, "articles-mentioning", entity=entity), "kind", "source") == found


def test_officials_in_several_outlets(store: ox.Store) -> None:
    rows = run(store, "officials-in-several-outlets")
    assert rows_of(rows, "name", "outlets") == {("Reni Yanita", "2")}
