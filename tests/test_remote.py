"""Loading over HTTP into real servers (Oxigraph, Virtuoso) and querying them back.

Stores normalise literals and relabel blank nodes, so graphs are compared, never text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from conftest import OPTIONS, RECORDS
from ldcat.cli import main
from ldcat.problems import Report
from ldcat.sparql import query_endpoint
from ldcat.store import Endpoint, EndpointError, input_graphs, load_remote
from servers import Server, graph_content, sparql_select

EDGI = RECORDS / "02_mhc_study_edgi.json"
EDGI_GRAPH = "https://data.example.org/record/a1c964cfed1e3f54ccc20eea1fa6deff"
SOURCES = [EDGI, RECORDS / "closer_hertfordshire-cohort-study-hcs.json", RECORDS / "06_mhc_study_cosmo.json"]


@pytest.fixture(params=["oxigraph_server", "virtuoso_server"])
def server(request: pytest.FixtureRequest) -> Server:
    return request.getfixturevalue(request.param)


def _endpoint(server: Server) -> Endpoint:
    return Endpoint.from_base(server.base, server.name, server.user, server.password)


def _expected(*paths: Path) -> dict[str, Graph]:
    return {g.name: Graph().parse(data=g.ntriples(), format="nt") for g in input_graphs(list(paths), Report(), OPTIONS)}


INTEGERS = {XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.int, XSD.long}


def canonical(graph: Graph) -> Graph:
    """Literals in the form a store may turn them into: Oxigraph keeps xsd:nonNegativeInteger
    values as xsd:integer, Virtuoso writes xsd:boolean false as "0", and stores write numbers in
    their canonical lexical form."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype in INTEGERS:
            o = Literal(str(int(o)), datatype=XSD.integer)
        elif isinstance(o, Literal) and o.datatype == XSD.boolean:
            o = Literal("true" if str(o) in ("true", "1") else "false", datatype=XSD.boolean)
        out.add((s, p, o))
    return out


def same(a: Graph, b: Graph) -> bool:
    return isomorphic(canonical(a), canonical(b))


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_load_query_back_and_replace(server: Server, protocol: str, tmp_path: Path) -> None:
    report = Report()
    load_remote(_endpoint(server), input_graphs(SOURCES, report, OPTIONS), report, protocol=protocol, batch_size=3)
    assert report.ok, [str(p) for p in report.errors]
    for name, graph in _expected(*SOURCES).items():
        assert same(graph_content(server, name), graph), name

    changed = json.loads(EDGI.read_text())
    changed["dataset_schema"]["name"] = "EDGI, renamed"
    path = tmp_path / "edgi.json"
    path.write_text(json.dumps(changed))
    load_remote(_endpoint(server), input_graphs([path], Report(), OPTIONS), Report(), protocol=protocol)
    titles = {row["t"] for row in sparql_select(
        server, f"SELECT ?t WHERE {{ GRAPH <{EDGI_GRAPH}> {{ ?d <http://purl.org/dc/terms/title> ?t }} }}")}
    assert titles == {"EDGI, renamed"}
    assert same(graph_content(server, EDGI_GRAPH), _expected(path)[EDGI_GRAPH])


def test_named_query_over_http(server: Server) -> None:
    load_remote(_endpoint(server), input_graphs(SOURCES, Report(), OPTIONS), Report())
    from ldcat.sparql import bind, named_queries

    query = named_queries()["children-of-study"]
    study = "https://data.example.org/dataset/55a5ffcee3dc2dc5c13bb03b3c2270ba"
    result = query_endpoint(_endpoint(server), query.text, bind(query, {"study": study}))
    assert len(result.rows) == 21
    assert result.rows[0][2].value == "Anthropometry 2 Dataset"


def test_load_and_query_commands_against_the_server(server: Server) -> None:
    args = ["--endpoint", server.base, "--server", server.name]
    if server.user:
        args += ["--user", server.user, "--password", server.password or ""]
    loaded = CliRunner().invoke(main, ["load", str(EDGI), *args, "--harvested", "2026-11-22"])
    assert loaded.exit_code == 0, loaded.output
    assert (server.password or "\0") not in loaded.output
    result = CliRunner().invoke(main, ["query", *args, "--format", "csv",
                                       f"SELECT ?t WHERE {{ GRAPH <{EDGI_GRAPH}> {{ ?d dct:title ?t }} }}"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["t", "Eating Disorders Genetics Initiative"]


def test_an_unreachable_endpoint_says_which_url_and_why() -> None:
    from servers import free_port

    endpoint = Endpoint.from_base(f"http://127.0.0.1:{free_port()}")
    endpoint.retries = 1
    with pytest.raises(EndpointError, match=r"PUT http://127\.0\.0\.1:\d+/store\?graph=.*unreachable"):
        endpoint.put_graph("https://data.example.org/record/x", b"")
    report = Report()
    load_remote(endpoint, input_graphs([EDGI], report, OPTIONS), report)
    assert report.stats["failed"] == 3 and "unreachable" in report.errors[0].message


RECORD_GRAPHS = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                 "FILTER(STRSTARTS(STR(?g), 'https://data.example.org/record/')) } GROUP BY ?g")


def _record_graphs(server: Server) -> dict[str, int]:
    return {row["g"]: int(row["n"]) for row in sparql_select(server, RECORD_GRAPHS)}


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_loading_the_same_input_twice_leaves_the_same_triples(server: Server, protocol: str) -> None:
    def load() -> dict[str, int]:
        report = Report()
        load_remote(_endpoint(server), input_graphs(SOURCES, report, OPTIONS), report, protocol=protocol)
        assert report.ok, [str(p) for p in report.errors]
        return _record_graphs(server)

    once = load()
    assert load() == once
    expected = {name: len(graph) for name, graph in _expected(*SOURCES).items() if "/record/" in name}
    assert {g: n for g, n in once.items() if g in expected} == expected


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_sync_removes_the_records_no_longer_in_the_input_on_the_server(server: Server, protocol: str) -> None:
    load_remote(_endpoint(server), input_graphs(SOURCES, Report(), OPTIONS), Report(), protocol=protocol)
    assert EDGI_GRAPH in _record_graphs(server) and len(_record_graphs(server)) >= 3
    report = Report()
    load_remote(_endpoint(server), input_graphs([EDGI], report, OPTIONS), report, protocol=protocol, sync=True,
                namespaces=("https://data.example.org/record/", "https://data.example.org/catalog/"))
    assert report.ok, [str(p) for p in report.errors]
    assert set(_record_graphs(server)) == {EDGI_GRAPH}
    assert report.stats["removed"] >= 2
