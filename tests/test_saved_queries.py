"""The saved queries (queries/*.rq): headers, syntax, and their rows over hand-written article graphs
and over the seeds.

The sample store is built the way docs/model.md lays it out (one named graph per article, the reference
list, the ontology and an OWL-RL closure in their own graphs); the seeds store by ``kg.build.build``.
Both are queried by the engine (kg.queries), over the union of the graphs, with each parameter ``x``
bound as ``?x`` (the raw string) and ``?xKey`` (its search key).
"""

from __future__ import annotations

import collections
import hashlib
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal

from kg.measures import measure_key
from kg.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_REFERENCE, PREFIXES, article_iri
from kg.queries import bind_params, find_query, run_query, run_sparql
from kg.store import open_store, rebuild_union

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


def run(store: ox.Store, name: str, **params: str) -> list[dict[str, str | None]]:
    """The rows of the saved query ``name`` on ``store``, run by the engine, as plain strings."""
    query = find_query(name, QUERIES)
    result = run_sparql(store, query.text, bind_params(query, params))
    return [
        {v: None if t is None else t.value for v, t in zip(result.variables, row, strict=True)}
        for row in result.rows
    ]


def columns(name: str) -> tuple[str, ...]:
    query = find_query(name, QUERIES)
    return run_sparql(ox.Store(), query.text, bind_params(query, examples(name))).variables


def examples(name: str) -> dict[str, str]:
    return {p[0]: p[2] for p in header((QUERIES / f"{name}.rq").read_text(encoding="utf-8"))["param"]}


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return build_store()


def build_store() -> ox.Store:
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
    rebuild_union(st)  # queries read the default graph, the union, as in a store kg writes
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
    """The meta-test: every .rq file has a title, a description and documented parameters, and parses."""
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    info = header(text)
    assert info.get("title") and info.get("description")
    for param in info["param"]:
        assert len(param) == 3 and all(param), param
        assert re.search(rf"\?{param[0]}Key\b|\?{param[0]}\b", text.split("SELECT", 1)[1]), param
    assert run(ox.Store(), name, **examples(name)) == []
    assert "LIMIT" not in text.upper().split("#+")[-1]


@pytest.mark.parametrize(("name", "columns_"), REQUIRED.items())
def test_required_variables(name: str, columns_: list[str]) -> None:
    assert set(columns_) <= set(columns(name))


def test_programs_by_official_gives_programs_only() -> None:
    """The engine binds the parameter; the query does not echo it as columns."""
    assert columns("programs-by-official") == ("program",)


@pytest.mark.parametrize("name", ALL)
def test_parameters_are_not_output_columns(name: str) -> None:
    params = examples(name)
    assert not {*params, *(f"{p}Key" for p in params)} & set(columns(name))


@pytest.mark.parametrize("name", ALL)
def test_only_the_entity_columns_hold_iris(store: ox.Store, name: str) -> None:
    """The scorer reads labels; IRIs are only allowed in officials.official and agencies.agency."""
    query = find_query(name, QUERIES)
    result = run_sparql(store, query.text, bind_params(query, examples(name)))
    allowed = {"officials": {"official"}, "agencies": {"agency"}}.get(name, set())
    for row in result.rows:
        for var, term in zip(result.variables, row, strict=True):
            if var not in allowed:
                assert term is None or isinstance(term, ox.Literal), (var, term)
                assert term is None or term.datatype.value.endswith("#string") or var == "outlets"


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
    assert rows_of(rows, "measure", "period", "lowest", "highest", "figures", "sources") == {
        ("jumlah unit usaha ikm", None, "4500000", "4500000", "1", "a01.txt"),
        ("jumlah unit usaha ikm", "2024", "4410000", "4410000", "1", "https://example.org/berita/b02"),
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


@pytest.mark.parametrize(
    ("entity", "happened"),
    [("Reni", {("said", "a01.txt"), ("said", "https://example.org/berita/b02"), ("mentioned", "a01.txt"),
               ("mentioned", "https://example.org/berita/b02"), ("announced program", "a01.txt"),
               ("stated figure", "a01.txt"), ("stated figure", "https://example.org/berita/b02")}),
     ("Gebyar IKMA 2024", {("event", "a01.txt"), ("mentioned", "a01.txt")}),
     ("Nobody", set())],
)
def test_timeline(store: ox.Store, entity: str, happened: set[tuple]) -> None:
    rows = run(store, "timeline", entity=entity)
    found = rows_of(rows, "happened", "source")
    assert happened <= found and {h for h, _ in found} <= {h for h, _ in happened} | {"announced program"}
    assert bool(found) == bool(happened)
    dates = [r["date"] for r in rows if r["date"]]
    assert dates == sorted(dates)


# --- every saved query over the seeds (built by kg.build.build) ----------------------------------

SEED = {f"{i:03d}": name for i, name in enumerate(
    ["000_730411bbc82e486d.txt", "001_95c0bd15533790ea.txt", "002_527db5c02b827da4.txt",
     "003_4528c1cd766606f4.txt", "004_5656d7b7f584a044.txt"])}
IKMA_POSTS = {"Direktur Jenderal IKMA", DIRJEN}
RENI_PROGRAMS = {"fasilitasi teknologi dan sarana prasarana teknologi",
                 "pendampingan penerapan sistem manajemen mutu",
                 "pendampingan sertifikasi Cara Pembuatan Kosmetik",
                 "restrukturisasi mesin atau peralatan IKM", "scaling up brand"}


def seeds(store: Path, name: str, **params: str) -> list[dict[str, str | None]]:
    result = run_query(store, find_query(name, QUERIES), params)
    return [
        {v: None if t is None else t.value for v, t in zip(result.variables, row, strict=True)}
        for row in result.rows
    ]


def test_seeds_officials(seeds_store: Path) -> None:
    rows = rows_of(seeds(seeds_store, "officials"), "name", "position", "agency")
    assert {(n, p) for n, p, _ in rows if n == "Reni Yanita"} == {("Reni Yanita", p) for p in IKMA_POSTS}
    assert ("Faisol Riza", "Wakil Menteri Perindustrian", KEMENPERIN) in rows
    assert {n for n, *_ in rows} == {"Faisol Riza", "Margalis", "Rawang", "Reni Yanita"}


def test_seeds_agencies_and_hierarchy(seeds_store: Path) -> None:
    rows = rows_of(seeds(seeds_store, "agencies"), "name", "acronym", "parent")
    assert (BPIFK, "BPIFK", IKMA) in rows and (IKMA, "Ditjen IKMA", KEMENPERIN) in rows
    assert (KEMENPERIN, "Kemenperin", None) in rows
    hierarchy = rows_of(seeds(seeds_store, "agency-hierarchy"), "agency", "parent", "source")
    assert {(BPIFK, IKMA, "reference list"), (IKMA, KEMENPERIN, "reference list"),
            (IKMA, KEMENPERIN, SEED["003"])} <= hierarchy


def test_seeds_programs(seeds_store: Path) -> None:
    rows = rows_of(seeds(seeds_store, "programs"), "program", "agency", "announcedBy")
    assert ("scaling up brand", KEMENPERIN, "Reni Yanita") in rows
    assert ("Klinik KI", IKMA, None) in rows
    assert {p for p, _, who in rows if who == "Reni Yanita"} == RENI_PROGRAMS


@pytest.mark.parametrize("official", ["Reni Yanita", "reni yanita", "RÉNI YANITA", "Reni", DIRJEN,
                                      "Direktur Jenderal IKMA"])
def test_seeds_programs_by_official(seeds_store: Path, official: str) -> None:
    assert [r["program"] for r in seeds(seeds_store, "programs-by-official", official=official)] == sorted(
        RENI_PROGRAMS)


def test_seeds_programs_by_post_abbreviation(seeds_store: Path) -> None:
    assert seeds(seeds_store, "programs-by-official", official="Dirjen IKMA")


@pytest.mark.parametrize(
    ("agency", "officials"),
    [("Kemenperin", {"Reni Yanita", "Faisol Riza"}),
     ("kementerian perindustrian", {"Reni Yanita", "Faisol Riza"}), ("BPIFK", set())],
)
def test_seeds_officials_of_agency(seeds_store: Path, agency: str, officials: set[str]) -> None:
    assert {r["name"] for r in seeds(seeds_store, "officials-of-agency", agency=agency)} == officials


@pytest.mark.parametrize(
    ("agency", "programs"),
    [("Ditjen IKMA", {"Klinik Desain Merek dan Kemasan", "Klinik KI", "scaling up brand",
                      "pendampingan penerapan sistem manajemen mutu",
                      "pendampingan sertifikasi Cara Pembuatan Kosmetik"}),
     ("BPIFK", set())],
)
def test_seeds_programs_of_agency(seeds_store: Path, agency: str, programs: set[str]) -> None:
    assert {r["program"] for r in seeds(seeds_store, "programs-of-agency", agency=agency)} == programs


def test_seeds_programs_of_agency_include_sub_units(seeds_store: Path) -> None:
    ministry = rows_of(seeds(seeds_store, "programs-of-agency", agency="Kemenperin"), "program", "unit")
    assert ("Klinik KI", IKMA) in ministry and ("Startup4industry", KEMENPERIN) in ministry


def test_seeds_events(seeds_store: Path) -> None:
    rows = rows_of(seeds(seeds_store, "events"), "event", "start", "end", "place")
    assert ("Gebyar IKMA 2024", "2024-11-12", "2024-11-17", "Jakarta") in rows
    assert ("Bimtek wirausaha baru IKM", "2022-03-24", None, "Hotel Best Western Batang Garing") in rows


@pytest.mark.parametrize(
    ("start", "end", "events"),
    [("2024-11-01", "2024-11-30", {"Gebyar IKMA 2024"}), ("2024-11-17", "2024-11-17", {"Gebyar IKMA 2024"}),
     ("2022-01-01", "2022-12-31", {"Bimtek wirausaha baru IKM"}), ("2024-11-18", "2025-01-01", set())],
)
def test_seeds_events_between(seeds_store: Path, start: str, end: str, events: set[str]) -> None:
    assert {r["event"] for r in seeds(seeds_store, "events-between", **{"from": start, "to": end})} == events


def test_seeds_statistics(seeds_store: Path) -> None:
    rows = seeds(seeds_store, "statistics")
    assert ("4190000", "unit usaha", "2023", "Reni Yanita", SEED["003"]) in rows_of(
        rows, "value", "unit", "period", "statedBy", "source")
    output = rows_of([r for r in rows if r["unit"] == "persen" and r["value"].startswith(("20.", "21."))],
                     "value", "source")
    assert output == {("21.53", SEED["000"]), ("21.53", SEED["001"]), ("20.9", SEED["002"]),
                      ("21.44", SEED["003"])}


@pytest.mark.parametrize(
    ("measure", "values"),
    [("unit usaha", {"4500000", "4190000", "99.77", "99.7"}), ("PDB", {"5.26"}), ("nothing like it", set())],
)
def test_seeds_statistics_about(seeds_store: Path, measure: str, values: set[str]) -> None:
    rows = seeds(seeds_store, "statistics-about", measure=measure)
    assert {r["value"] for r in rows} == values
    assert all(r["source"] in SEED.values() for r in rows)


def test_seeds_statements_by_official(seeds_store: Path) -> None:
    rows = seeds(seeds_store, "statements-by-official", official="Faisol Riza")
    assert {r["source"] for r in rows} == {SEED["002"]} and len(rows) == 6
    assert any("99,7 persen" in r["sentence"] for r in rows)


def test_seeds_articles_mentioning(seeds_store: Path) -> None:
    assert rows_of(seeds(seeds_store, "articles-mentioning", entity="BPIFK"), "kind", "source") == {
        ("Agency", SEED["001"])}
    reni = rows_of(seeds(seeds_store, "articles-mentioning", entity="Reni"), "source")
    assert reni == {(SEED[k],) for k in ("000", "001", "002", "003")}


def test_seeds_officials_in_several_outlets(seeds_store: Path) -> None:
    rows = seeds(seeds_store, "officials-in-several-outlets")
    assert rows_of(rows, "name", "outlets") == {("Reni Yanita", "4")}


def test_seeds_timeline(seeds_store: Path) -> None:
    rows = seeds(seeds_store, "timeline", entity="Gebyar IKMA 2024")
    assert ("2024-11-12", "event", "until 2024-11-17, in Jakarta", SEED["002"]) in rows_of(
        rows, "date", "happened", "what", "source")
    reni = rows_of(seeds(seeds_store, "timeline", entity="Reni Yanita"), "happened", "what")
    assert ("announced program", "scaling up brand") in reni
    assert ("stated figure", "21,44%: berkontribusi hingga (hingga) (2023)") in reni


# --- injection: a parameter is a string that matches nothing and changes nothing ----------------

PARAMETERIZED = [q for q in ALL if header((QUERIES / f"{q}.rq").read_text(encoding="utf-8"))["param"]]
ATTACKS = ['x" } ; DROP ALL ; #', "x' } } DELETE WHERE { ?s ?p ?o } #", '") } UNION { ?s ?p ?o } #',
           "?official", "<http://example.org/x>"]


def _fingerprint(store: Path) -> tuple[int, str]:
    quads = sorted(str(q) for q in open_store(store))
    return len(quads), hashlib.sha256("\n".join(quads).encode()).hexdigest()


@pytest.mark.parametrize("name", PARAMETERIZED)
@pytest.mark.parametrize("attack", ATTACKS)
def test_injection_matches_nothing_and_changes_nothing(seeds_store: Path, name: str, attack: str) -> None:
    before = _fingerprint(seeds_store)
    params = {p: attack for p in examples(name)}
    if name == "events-between":  # dates: the attack in one, a real range in the other
        params = {"from": "2000-01-01", "to": attack}
    assert seeds(seeds_store, name, **params) == []
    assert _fingerprint(seeds_store) == before


def test_every_parameterized_query_is_attacked() -> None:
    assert len(PARAMETERIZED) >= 8 and "timeline" in PARAMETERIZED


# --- conflicting figures and the measure normalization -------------------------------------------


def rekeyed(store_path: Path) -> ox.Store:
    """The seeds store in memory with each statistic's kgo:measureKey recomputed by kg.measures."""
    st = ox.Store()
    st.extend(open_store(store_path))
    found = st.query(
        """SELECT ?s ?m ?u ?sf ?t ?b ?h ?g WHERE { GRAPH ?g {
           ?s a kgo:Statistic ; kgo:measure ?m ; kgo:unit ?u ; kgo:surfaceForm ?sf ; kgo:sourceArticle ?a ;
              prov:wasDerivedFrom ?x .
           ?x a kgo:Sentence ; nif:anchorOf ?t ; nif:beginIndex ?b .
           OPTIONAL { ?a schema:headline ?h } } }""",
        prefixes=dict(PREFIXES))
    figures, spans = [], collections.defaultdict(list)
    for r in found:
        start = int(r["s"].value.rsplit("-", 1)[1]) - int(r["b"].value)  # statistic IRI: {article}-{offset}
        span = (start, start + len(r["sf"].value))
        assert r["t"].value[span[0]:span[1]] == r["sf"].value
        spans[r["t"].value].append(span)
        figures.append((r, span))
    key = ox.NamedNode(PREFIXES["kgo"] + "measureKey")
    for r, span in figures:
        sentence = r["t"].value
        others = [s for s in spans[sentence] if s != span]
        context = r["h"].value if r["h"] else ""
        new = measure_key(r["m"].value, sentence, span, r["u"].value, others=others, context=context)
        for q in list(st.quads_for_pattern(r["s"], key, None, r["g"])):
            st.remove(q)
        st.add(ox.Quad(r["s"], key, ox.Literal(new), r["g"]))
    rebuild_union(st)
    return st


OUTPUT = "pangsa output industri ikm"


def test_conflicting_figures_on_the_seeds_with_normalized_measures(seeds_store: Path) -> None:
    rows = run(rekeyed(seeds_store), "conflicting-figures")
    output = {
        (r["period"], r["lowest"], r["highest"], frozenset(r["values"].split(" | ")),
         frozenset(r["sources"].split(" | ")))
        for r in rows if r["measure"] == OUTPUT
    }
    assert output == {  # side by side: 20,9 and 21,53 for no stated period, 21,44 for 2023
        (None, "20.9", "21.53", frozenset({"20.9", "21.53"}),
         frozenset({SEED["000"], SEED["001"], SEED["002"]})),
        ("2023", "21.44", "21.44", frozenset({"21.44"}), frozenset({SEED["003"]})),
    }
    assert {r["measure"] for r in rows} == {
        OUTPUT, "jumlah unit usaha ikm", "pangsa unit usaha industri ikm", "jumlah tenaga kerja ikm"}
    assert all(r["unit"] for r in rows)  # the same figures in two articles (65,52 %, 5,26 %) are no conflict


def test_conflicting_figures_on_the_seeds_as_built(seeds_store: Path) -> None:
    assert OUTPUT in {r["measure"] for r in seeds(seeds_store, "conflicting-figures")}


EVENT_IN_TWO_ARTICLES = """
@prefix kgo: <https://w3id.org/kg-indonesia/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/kg-indonesia/id/event/pameran-x> a kgo:Event ; skos:prefLabel "Pameran X" ;
    kgo:startDate "%s"^^xsd:date ; kgo:endDate "%s"^^xsd:date ; kgo:place "%s" ;
    kgo:organizer <https://w3id.org/kg-indonesia/id/agency/kemenperin> .
<https://w3id.org/kg-indonesia/id/agency/kemenperin> a kgo:Agency ; skos:prefLabel "Kemenperin" .
"""


@pytest.mark.parametrize(
    ("name", "params"),
    [("events", {}), ("events-between", {"from": "2024-01-04", "to": "2024-01-04"})],
)
def test_an_event_two_articles_date_differently_is_one_row(name: str, params: dict) -> None:
    st = ox.Store()
    for n, (start, end, place) in enumerate([("2024-01-02", "2024-01-03", "Jakarta"),
                                             ("2024-01-05", "2024-01-06", "Bandung")]):
        st.load((EVENT_IN_TWO_ARTICLES % (start, end, place)).encode(), format=ox.RdfFormat.TURTLE,
                to_graph=ox.NamedNode(article_iri(f"a{n}.txt")))
    rebuild_union(st)
    (row,) = run(st, name, **params)  # not 2 x 2 x 2 rows: each column is aggregated on its own
    assert (row["event"], row["start"], row["end"], row["organizer"]) == (
        "Pameran X", "2024-01-02", "2024-01-06", "Kemenperin")
    assert set(row["place"].split(" | ")) == {"Jakarta", "Bandung"}
