"""`ldcat query` and the named queries, with their exact answers on the fixtures."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from conftest import BASE, OPTIONS, RECORDS, ROOT
from ldcat.cli import main
from ldcat.problems import Report
from ldcat.sparql import QueryError, bind, named_queries, query_store, render
from ldcat.store import LoadOptions, input_graphs, load_embedded

D = BASE + "dataset/"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    report = Report()
    load_embedded(store, input_graphs(sorted(RECORDS.glob("*.json")), report, OPTIONS), report, LoadOptions())
    return store


def _named(store: ox.Store, name: str, **params: str) -> list[list[str]]:
    query = named_queries()[name]
    result = query_store(store, query.text, bind(query, params))
    return [[t.value if t is not None else "" for t in row] for row in result.rows]


def test_datasets_by_keyword(store: ox.Store) -> None:
    assert _named(store, "datasets-by-keyword", keyword="covid-19") == [
        ["covid-19", D + "5050ed61f083639e6f2563d215c23229",
         "Children’s Safeguarding Social Work Practitioners: Remote and Hybrid Working Practices and "
         "Experiences, 2022"]]


def test_datasets_by_catalogue(store: ox.Store) -> None:
    rows = _named(store, "datasets-by-catalogue", catalogue="uk data service")
    assert [r[2] for r in rows] == ["3264_h21975", "3957_vehicle", "5992_ape5-spss-data_inc_urbanity",
                                    "Audit of Political Engagement 5, 2007",
                                    "Children’s Safeguarding Social Work Practitioners: Remote and Hybrid Working "
                                    "Practices and Experiences, 2022"]


def test_datasets_covering_a_year_range(store: ox.Store) -> None:
    rows = _named(store, "datasets-covering", **{"from": "1996", "to": "1997"})
    assert [(r[3], r[4], r[5]) for r in rows] == [("3957_vehicle", "1996-04-01", "1997-03-01")]
    open_ended = _named(store, "datasets-covering", **{"from": "2023", "to": "2024"})
    assert [r[3] for r in open_ended] == ["NHS Tayside and Fife Immunology", "European Social Survey (ESS)",
                                          "Born in Bradford (BiB)", "Early Prediction of Adolescent Depression (EPAD)",
                                          "Gemini", "Eating Disorders Genetics Initiative",
                                          "COVID Social Mobility & Opportunities (COSMO) Study"]


def test_variables_of_dataset(store: ox.Store) -> None:
    rows = _named(store, "variables-of-dataset", dataset=D + "c6ca05657ad335ca18cc423283d8d0e8")
    assert len(rows) == 77
    assert rows[0][2:] == ["@act1n2", "Q.4 Which, if any of the things on this list have you done in the last "
                                      "two or three years?"]
    single = _named(store, "variables-of-dataset", dataset=D + "0036d03e560343de08c36fcb31628ab1")
    assert [row[2:] for row in single] == [["hhno", ""]]


def test_children_of_study(store: ox.Store) -> None:
    rows = _named(store, "children-of-study", study=D + "55a5ffcee3dc2dc5c13bb03b3c2270ba")
    assert len(rows) == 21
    assert rows[0][2] == "Anthropometry 2 Dataset"
    assert _named(store, "children-of-study", study=D + "00235f652796471205bc99f3bef90f04") == [
        [D + "00235f652796471205bc99f3bef90f04", D + "c6ca05657ad335ca18cc423283d8d0e8",
         "5992_ape5-spss-data_inc_urbanity"]]


def test_counts_per_catalogue(store: ox.Store) -> None:
    # CLOSER lists the Hertfordshire Cohort Study and its 21 child datasets (each child's own source).
    assert [(r[1], r[2]) for r in _named(store, "counts-per-catalogue")] == [
        ("CLOSER Discovery", "22"), ("Catalogue of Mental Health Measures", "7"), ("UK Data Service", "5"),
        ("UK Longitudinal Linkage Collaboration", "2"), ("ADR UK", "1"),
        ("The Matilda Centre for Research in Mental Health and Substance Use at the University of Sydney", "1"),
        ("UCL Centre for Longitudinal Studies", "1")]


@pytest.mark.parametrize("value", ['COVID-19" } } SELECT * { ?s ?p ?o', "x } UNION { ?a ?b ?c", 'a\\"b'])
def test_parameters_cannot_change_the_query(store: ox.Store, value: str) -> None:
    assert _named(store, "datasets-by-keyword", keyword=value) == []


def test_parameters_are_checked(store: ox.Store) -> None:
    query = named_queries()["variables-of-dataset"]
    with pytest.raises(QueryError, match="is not an IRI"):
        bind(query, {"dataset": "not an iri"})
    with pytest.raises(QueryError, match="needs --param dataset"):
        bind(query, {})
    with pytest.raises(QueryError, match="has no parameter 'data'"):
        bind(query, {"data": "x", "dataset": D})


def test_every_named_query_is_documented() -> None:
    for query in named_queries().values():
        assert query.description and all(p.description for p in query.params), query.name


def test_syntax_errors_point_at_the_line_and_column(store: ox.Store) -> None:
    with pytest.raises(QueryError, match=r"line 2, column \d+"):
        query_store(store, "SELECT ?s\nWHERE { ?s ?p }")


def test_formats_ask_and_construct(store: ox.Store) -> None:
    result = query_store(store, "SELECT ?n WHERE { ?v a disco:Variable ; skos:prefLabel ?n } ORDER BY ?n LIMIT 2")
    assert list(csv.reader(io.StringIO(render(result, "csv")))) == [["n"], ["@act1n2"], ["@acti2"]]
    assert json.loads(render(result, "json"))["head"] == {"vars": ["n"]}
    assert render(result, "tsv").splitlines() == ["?n", '"@act1n2"', '"@acti2"']  # TSV: terms in Turtle syntax
    assert render(result, "csv").endswith("\r\n")  # CSV: the spec's line ends
    assert '<literal>@acti2</literal>' in render(result, "xml")
    assert render(result, "table").endswith("(2 rows)\n")
    ask = query_store(store, "ASK { ?d a dcat:Dataset }")
    assert render(ask, "table") == "yes\n" and json.loads(render(ask, "json")) == {"head": {}, "boolean": True}
    # Keywords are tagged with the metadata language (en): a literal in a query says so too.
    graph = query_store(store, "CONSTRUCT { ?d dct:title ?t } WHERE { ?d dcat:keyword 'COVID-19'@en ; dct:title ?t }")
    assert len(graph.triples) == 1
    assert "dct:title" in render(graph, "turtle")


def test_query_command_over_files_and_the_list(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["query", str(ROOT / "output" / "catalog.ttl"), "--format", "csv",
                                       "SELECT DISTINCT ?t WHERE { ?d a dcat:Dataset ; dct:title ?t } ORDER BY ?t"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == ["t", "Harbour City Ageing Study Wave 2"]
    listing = CliRunner().invoke(main, ["query", "--list"])
    assert "datasets-by-keyword" in listing.stdout and "--param keyword=" in listing.stdout
    bad = CliRunner().invoke(main, ["query", str(ROOT / "output" / "catalog.ttl"), "SELECT ?s WHERE {"])
    assert bad.exit_code == 2 and "SPARQL syntax error at line 1" in bad.output
    missing = CliRunner().invoke(main, ["query", "--store", str(tmp_path / "none"), "ASK {}"])
    assert missing.exit_code == 2 and "no store here" in missing.output


def test_a_table_fits_its_width_and_never_cuts_a_value(store: ox.Store) -> None:
    result = query_store(store, "SELECT ?d ?t WHERE { ?d a dcat:Dataset ; dct:title ?t } ORDER BY ?d LIMIT 3")
    iris = [row[0].value for row in result.rows if row[0] is not None]
    for width in (40, 80, 200):
        table = render(result, "table", width=width)
        lines = table.splitlines()
        assert all(len(line) <= width for line in lines), width
        assert lines[-1] == "(3 rows)" and "…" not in table
    alone = query_store(store, "SELECT ?d WHERE { ?d a dcat:Dataset } ORDER BY ?d LIMIT 3")
    folded = render(alone, "table", width=24)  # narrower than an IRI: it folds, whole
    assert max(len(line) for line in folded.splitlines()) <= 24
    assert all(iri in "".join(folded.splitlines()) for iri in iris)
