"""Saved queries: headers, parameter binding (never pasted into the query), errors, result formats."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import ParameterError, QueryError
from kg.namespaces import search_key
from kg.queries import (
    bind_params,
    find_query,
    inline_query,
    list_queries,
    parse_param_args,
    parse_query_text,
    run_query,
)
from kg.resources import data_dir
from kg.results import render, to_csv, to_json, to_tsv, to_xml
from kg.store import open_store


def _run(store: Path, folder: Path, query: str, **params: str):
    return run_query(store, find_query(query, folder), params)


def _labels(result) -> list[str]:
    return sorted(row[result.variables.index("label")].value for row in result.rows)


def test_header_is_read() -> None:
    q = parse_query_text(
        "x",
        "#+ title: T\n#+ description: one\n#+ description: two\n"
        "#+ param: who | the person | Reni\nSELECT * {}",
    )
    assert (q.title, q.description) == ("T", "one two")
    assert [(p.name, p.description, p.example) for p in q.params] == [("who", "the person", "Reni")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Reni Yanita", ["Reni Yanita"]),
        ("RENI   yanita", ["Reni Yanita"]),
        ("Réni Yanita", ["Reni Yanita"]),
        ("Budi Santoso", ["Budi Santoso"]),
        ("nobody", []),
        ('x" } ; DROP ALL ; #', []),
        ("?label", []),
        ("", []),
    ],
)
def test_parameter_is_bound_not_pasted(
    people_store: Path, query_dir: Path, value: str, expected: list[str]
) -> None:
    result = _run(people_store, query_dir, "official-by-name", name=value)
    assert result.variables == ("official", "label")  # the bound parameter is not added to the output
    assert _labels(result) == expected
    assert len(open_store(people_store)) > 0  # nothing was dropped


def test_parameter_in_aggregate_query(people_store: Path, query_dir: Path) -> None:
    result = _run(people_store, query_dir, "mentions-by-name", name="budi santoso")
    assert result.variables == ("official", "articles")
    assert [int(r[1].value) for r in result.rows] == [2]


@given(st.text(max_size=40))
@settings(max_examples=40, deadline=None)
def test_any_value_is_bound_verbatim(people_store: Path, value: str) -> None:
    folder = Path(__file__).resolve().parent / "data" / "platform" / "queries"
    result = _run(people_store, folder, "echo", text=value)
    row = dict(zip(result.variables, result.rows[0], strict=True))
    assert row["given"].value == value
    assert row["key"].value == search_key(value)


def test_ask_and_construct(people_store: Path, query_dir: Path) -> None:
    assert _run(people_store, query_dir, "is-official", name="Reni Yanita").boolean is True
    assert _run(people_store, query_dir, "is-official", name="Nobody").boolean is False
    construct = _run(people_store, query_dir, "officials-graph")
    assert construct.kind == "construct" and len(construct.triples) == 4
    assert "Reni Yanita" in render(construct, "json")  # CONSTRUCT is always Turtle


@pytest.mark.parametrize(
    ("given", "error"),
    [
        ({}, "needs --param name="),
        ({"name": "a", "who": "b"}, "has no parameter who"),
        ({"nam": "a"}, "has no parameter nam"),
    ],
)
def test_unknown_or_missing_parameters(query_dir: Path, given: dict, error: str) -> None:
    with pytest.raises(ParameterError, match=error) as info:
        bind_params(find_query("official-by-name", query_dir), given)
    assert "its parameters: name" in str(info.value)


@pytest.mark.parametrize("arg", ["official", "=x", "1x=y", "a b=c"])
def test_malformed_param_arguments(arg: str) -> None:
    with pytest.raises(ParameterError, match="malformed --param"):
        parse_param_args([arg])


def test_param_arguments() -> None:
    assert parse_param_args(["a=b=c", "official=Reni Yanita", "e="]) == {
        "a": "b=c",
        "official": "Reni Yanita",
        "e": "",
    }
    with pytest.raises(ParameterError, match="twice"):
        parse_param_args(["a=1", "a=2"])


def test_syntax_error_is_one_line(people_store: Path, query_dir: Path) -> None:
    with pytest.raises(QueryError, match="SPARQL syntax error") as info:
        _run(people_store, query_dir, "broken")
    assert "\n" not in str(info.value) and len(str(info.value)) <= 300
    assert "at 4:1" in str(info.value)  # the position is in the query as written


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("no-such-query", "unknown query 'no-such-query'; saved queries: "),
        ("missing.rq", "no such query file"),
    ],
)
def test_unknown_query(query_dir: Path, name: str, error: str) -> None:
    with pytest.raises(QueryError, match=error):
        find_query(name, query_dir)


def test_query_by_path(people_store: Path, query_dir: Path) -> None:
    result = run_query(people_store, str(query_dir / "official-by-name.rq"), {"name": "Reni Yanita"})
    assert _labels(result) == ["Reni Yanita"]


def test_every_saved_query_has_title_and_description() -> None:
    saved = list_queries()
    assert saved, f"no saved queries in {data_dir('queries')}"
    for q in saved:
        assert q.title and q.description, q.name
        for p in q.params:
            assert p.description and p.example, (q.name, p.name)


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_every_saved_query_runs_on_the_seeds(seeds_store: Path, name: str) -> None:
    q = find_query(name)
    result = run_query(seeds_store, q, {p.name: p.example for p in q.params})
    assert result.kind in ("select", "ask", "construct")


def test_limit(people_store: Path, query_dir: Path) -> None:
    everything = run_query(people_store, find_query("everything", query_dir))
    assert len(run_query(people_store, find_query("everything", query_dir), limit=3).rows) == 3
    assert len(everything.rows) > 3


def test_json_is_w3c_and_matches_pyoxigraph(people_store: Path, query_dir: Path) -> None:
    q = find_query("everything", query_dir)
    ours = json.loads(to_json(run_query(people_store, q)))
    theirs = json.loads(
        open_store(people_store)
        .query(
            q.text,
            prefixes={"kgo": "https://w3id.org/kg-indonesia/ontology#"},
        )
        .serialize(format=ox.QueryResultsFormat.JSON)
    )
    assert ours["head"] == theirs["head"] == {"vars": ["s", "p", "o"]}
    assert ours["results"]["bindings"] == theirs["results"]["bindings"]
    kinds = {b[v]["type"] for b in ours["results"]["bindings"] for v in b}
    assert kinds == {"uri", "literal", "bnode"}
    assert any(b["o"].get("xml:lang") == "id" for b in ours["results"]["bindings"])
    assert any(b["o"].get("datatype", "").endswith("#decimal") for b in ours["results"]["bindings"])


def test_csv_and_tsv_match_pyoxigraph(people_store: Path, query_dir: Path) -> None:
    q = find_query("everything", query_dir)
    result = run_query(people_store, q)

    def theirs(fmt):
        answer = open_store(people_store).query(
            q.text,
            prefixes={"kgo": "https://w3id.org/kg-indonesia/ontology#"},
        )
        return answer.serialize(format=fmt).decode()

    assert list(csv.reader(io.StringIO(to_csv(result)))) == list(
        csv.reader(io.StringIO(theirs(ox.QueryResultsFormat.CSV)))
    )
    ours_tsv, their_tsv = to_tsv(result).splitlines(), theirs(ox.QueryResultsFormat.TSV).splitlines()
    assert ours_tsv[0] == their_tsv[0] and len(ours_tsv) == len(their_tsv)
    assert all(line.count("\t") == 2 for line in ours_tsv)


# --- inline SPARQL, XML results, DESCRIBE, syntax errors with line and column --------------------


def test_inline_sparql(people_store: Path) -> None:
    result = run_query(people_store, inline_query(
        "SELECT ?label WHERE { ?o a kgo:Official ; skos:prefLabel ?label } ORDER BY ?label"))
    assert _labels(result) == ["Budi Santoso", "Reni Yanita"]


def test_inline_sparql_takes_no_undeclared_parameter(people_store: Path) -> None:
    with pytest.raises(ParameterError, match="has no parameter name"):
        run_query(people_store, inline_query("SELECT * WHERE { ?s ?p ?o }"), {"name": "x"})


@pytest.mark.parametrize(
    ("text", "where"),
    [("SELECT * WHERE {\n  ?s ?p \n}", "at 3:"), ("SELECT * WHERE { ?s ?p ?o } ORDER", "at 1:34"),
     ("PREFIX x: <http://x/>\n\nSELEC * WHERE {}", "at 3:")],
)
def test_inline_syntax_error_names_line_and_column(people_store: Path, text: str, where: str) -> None:
    with pytest.raises(QueryError, match="SPARQL syntax error") as info:
        run_query(people_store, inline_query(text))
    assert where in str(info.value) and "\n" not in str(info.value)


def test_describe_gives_triples_as_turtle(people_store: Path) -> None:
    result = run_query(people_store, inline_query(
        'DESCRIBE ?o WHERE { ?o skos:prefLabel ?l FILTER (STR(?l) = "Reni Yanita") }'))
    assert result.kind == "construct" and result.triples
    assert "Reni Yanita" in render(result, "xml") and render(result, "xml").startswith("@prefix")


def test_xml_is_w3c_and_matches_pyoxigraph(people_store: Path, query_dir: Path) -> None:
    q = find_query("everything", query_dir)
    ours = ET.fromstring(to_xml(run_query(people_store, q)))
    theirs = ET.fromstring(
        open_store(people_store)
        .query(q.text, prefixes={"kgo": "https://w3id.org/kg-indonesia/ontology#"},
               )
        .serialize(format=ox.QueryResultsFormat.XML)
    )
    ns = "{http://www.w3.org/2005/sparql-results#}"

    def rows(doc):
        return sorted(
            tuple(sorted((b.get("name"), b[0].tag, b[0].text or "", tuple(sorted(b[0].attrib.items())))
                         for b in r))
            for r in doc.iter(f"{ns}result"))

    assert [v.get("name") for v in ours.iter(f"{ns}variable")] == ["s", "p", "o"]
    assert rows(ours) == rows(theirs)


def test_xml_boolean(people_store: Path, query_dir: Path) -> None:
    doc = ET.fromstring(to_xml(_run(people_store, query_dir, "is-official", name="Reni Yanita")))
    assert doc.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"


@pytest.mark.parametrize(
    ("text", "inlined"),
    [
        ("SELECT ?s WHERE { ?s ?p ?k }", True),
        ("SELECT ?s WHERE { ?s ?p ?o FILTER (?o = ?k || CONTAINS(?o, ?k)) }", True),
        ("SELECT ?k WHERE { ?s ?p ?k }", False),  # projected: only a variable may stand there
        ("SELECT ?s WHERE { ?s ?p ?o BIND (?o AS ?k) }", False),
        ("SELECT ?s WHERE { VALUES ?k { 'a' } ?s ?p ?k }", False),
        ("SELECT ?s (COUNT(?k) AS ?n) WHERE { ?s ?p ?k } GROUP BY ?s ?k", False),
    ],
)
@pytest.mark.parametrize("value", ["Reni Yanita", 'x" } ; DROP ALL ; #', "a\\b\nc", "?k"])
def test_bound_values_are_written_as_escaped_terms(text: str, inlined: bool, value: str) -> None:
    from kg.queries import _inline

    term = ox.Literal(value)
    out, left = _inline(text, {"k": term})
    if inlined:
        assert left == {} and "?k" not in out.replace(str(term), "")
        assert out == text.replace("?k", str(term))  # the term pyoxigraph wrote, nothing else
        ox.Store().query(out)  # and it parses: the value stays inside its literal
    else:
        assert (out, left) == (text, {"k": term})
