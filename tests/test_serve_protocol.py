"""`ldcat serve` speaks HTTP and the SPARQL 1.1 Protocol as their specs say: an independent client
(SPARQLWrapper) gets every result format, content negotiation follows the Accept header's table,
errors are plain text with the right status, CORS lets a page elsewhere read, and nothing internal
is served. Everything runs on 127.0.0.1."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from xml.dom.minidom import Document

import pyoxigraph as ox
import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from conftest import RECORDS, serving
from ldcat.publish import PublishOptions, publish

SELECT = ("SELECT ?d ?title WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> ; "
          "<http://purl.org/dc/terms/title> ?title } ORDER BY ?d ?title")
CONSTRUCT = ("CONSTRUCT { ?d <http://purl.org/dc/terms/title> ?t } WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> ; "
             "<http://purl.org/dc/terms/title> ?t }")
DATASET = "/dataset/a1c964cfed1e3f54ccc20eea1fa6deff"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("protocol") / "site"
    options = PublishOptions(site=path, base_url="https://data.example.org/", page_size=5,
                             harvested=date(2026, 11, 22))
    assert publish(sorted(RECORDS.glob("*.json")), options).ok
    return path


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    with serving(site, seconds=5, rows=10_000) as base:
        yield base


@pytest.fixture(scope="module")
def expected(site: Path) -> list[tuple[str, str]]:
    """The SELECT's rows, from pyoxigraph over the dump directly."""
    store = ox.Store()
    store.bulk_load(path=str(site / "dump.nq"), format=ox.RdfFormat.N_QUADS)
    solutions = store.query(SELECT, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    rows = [(row["d"].value, row["title"].value) for row in solutions]
    assert len(rows) > 10
    return rows


def request(url: str, *, method: str | None = None, accept: str | None = None, data: bytes | None = None,
            content_type: str | None = None) -> tuple[int, dict[str, str], bytes]:
    headers = {k: v for k, v in (("Accept", accept), ("Content-Type", content_type)) if v is not None}
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())
    try:
        with opener.open(urllib.request.Request(url, data=data, headers=headers, method=method), timeout=30) as got:
            return got.status, {k.lower(): v for k, v in got.headers.items()}, got.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def client(served: str, query: str, fmt: str, *, post: bool = False) -> object:
    wrapper = SPARQLWrapper(f"{served}/sparql")
    wrapper.setQuery(query)
    wrapper.setReturnFormat(fmt)
    if post:
        wrapper.setMethod(POST)
    return wrapper.query().convert()


# --- the SPARQL 1.1 Protocol, through an independent client --------------------------------------

@pytest.mark.parametrize("post", [False, True], ids=["GET", "POST"])
def test_an_independent_client_gets_every_result_format(served: str, expected: list[tuple[str, str]],
                                                        post: bool) -> None:
    got = client(served, SELECT, JSON, post=post)
    assert isinstance(got, dict)
    assert [(b["d"]["value"], b["title"]["value"]) for b in got["results"]["bindings"]] == expected

    xml = client(served, SELECT, XML, post=post)
    assert isinstance(xml, Document)
    rows = []
    for result in xml.getElementsByTagName("result"):
        cells = {b.getAttribute("name"): b.firstChild.firstChild.data  # type: ignore[union-attr]
                 for b in result.getElementsByTagName("binding")}
        rows.append((cells["d"], cells["title"]))
    assert rows == expected

    text = client(served, SELECT, CSV, post=post)
    assert isinstance(text, bytes)
    assert b"\r\n" in text  # the CSV spec's line ends
    assert [tuple(r) for r in csv.reader(io.StringIO(text.decode(), newline=""))] == [("d", "title"), *expected]

    tsv = client(served, SELECT, TSV, post=post)
    assert isinstance(tsv, bytes)
    lines = tsv.decode().splitlines()
    assert lines[0] == "?d\t?title"  # TSV writes terms in Turtle syntax
    first = lines[1].split("\t")
    assert first[0] == f"<{expected[0][0]}>" and first[1].startswith('"')


def test_ask_and_graph_results(served: str) -> None:
    assert client(served, "ASK { ?s ?p ?o }", JSON) == {"head": {}, "boolean": True}
    xml = client(served, "ASK { <urn:nothing> ?p ?o }", XML)
    assert isinstance(xml, Document) and xml.getElementsByTagName("boolean")[0].firstChild.data == "false"  # type: ignore[union-attr]
    sizes = set()
    for fmt, syntax in ((TURTLE, "turtle"), (N3, "turtle"), (RDFXML, "xml"), (JSONLD, "json-ld")):
        got = client(served, CONSTRUCT, fmt)
        graph = got if isinstance(got, Graph) else Graph().parse(data=got, format=syntax)  # type: ignore[arg-type]
        sizes.add(len(graph))
    assert len(sizes) == 1 and sizes.pop() > 10


def test_post_forms_bodies_and_other_types(served: str) -> None:
    ask = "ASK { ?s ?p ?o }"
    assert request(f"{served}/sparql", data=ask.encode(), content_type="application/sparql-query")[0] == 200
    form = urllib.parse.urlencode({"query": ask}).encode()
    assert request(f"{served}/sparql", data=form, content_type="application/x-www-form-urlencoded")[0] == 200
    code, headers, body = request(f"{served}/sparql", data=b"{}", content_type="application/json")
    assert code == 415 and headers["content-type"].startswith("text/plain") and b"sparql-query" in body
    update = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
    assert request(f"{served}/sparql", data=update, content_type="application/x-www-form-urlencoded")[0] == 403


@pytest.mark.parametrize(("params", "code", "says"), [
    ({}, 400, b"give a query"),
    ({"query": "SELEKT *"}, 400, b""),
    ({"query": "ASK {}", "default-graph-uri": "urn:g"}, 400, b"default-graph-uri"),
    ({"query": "ASK {}", "format": "yaml"}, 400, b"yaml"),
])
def test_bad_requests_get_400_in_plain_text(served: str, params: dict[str, str], code: int, says: bytes) -> None:
    status, headers, body = request(f"{served}/sparql?{urllib.parse.urlencode(params)}", accept="*/*")
    assert status == code and headers["content-type"].startswith("text/plain") and says in body


def test_two_queries_are_refused(served: str) -> None:
    status, _, body = request(f"{served}/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert status == 400 and b"one query" in body


@pytest.mark.parametrize(("accept", "kind"), [
    (None, "application/sparql-results+json"),
    ("application/json", "application/json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
    ("TEXT/CSV", "text/csv"),
    ("text/*", "text/csv"),
    ("application/sparql-results+json;q=0, */*;q=0.1", "application/sparql-results+xml"),
    ("image/png", None),
])
def test_result_formats_by_accept(served: str, accept: str | None, kind: str | None) -> None:
    status, headers, body = request(f"{served}/sparql?{urllib.parse.urlencode({'query': SELECT})}", accept=accept)
    if kind is None:
        assert status == 406 and headers["content-type"].startswith("text/plain") and b"text/csv" in body
    else:
        assert status == 200 and headers["content-type"].split(";")[0] == kind, headers


def test_a_browser_gets_the_query_page_with_the_named_queries(served: str) -> None:
    status, headers, body = request(f"{served}/sparql", accept="text/html,application/xhtml+xml,*/*;q=0.8")
    page = body.decode()
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert '<form method="get" action="/sparql">' in page and "datasets-by-keyword" in page
    assert "<script" not in page and "http" not in page.split("<body>")[1].replace("http://", "").split("<pre>")[0]


# --- content negotiation on documents ------------------------------------------------------------

@pytest.mark.parametrize(("path", "accept", "code", "kind"), [
    (DATASET, "text/turtle", 200, "text/turtle"),
    (DATASET, "application/ld+json", 200, "application/ld+json"),
    (DATASET, "application/json", 200, "application/json"),
    (DATASET, "application/n-triples;q=0.9, text/turtle;q=0.5", 200, "application/n-triples"),
    (DATASET, "text/turtle;q=0, application/ld+json;q=0.1", 200, "application/ld+json"),
    (DATASET, "Text/Turtle", 200, "text/turtle"),
    (DATASET, "text/html,application/xhtml+xml", 303, None),
    (DATASET, None, 303, None),  # no Accept: a browser's default, the page
    (DATASET, "*/*", 303, None),
    (DATASET, "application/*", 200, "application/ld+json"),
    (DATASET, "image/png", 406, "text/plain"),
    (DATASET, "text/turtle;q=0", 406, "text/plain"),
    (DATASET + "/", "text/html", 200, "text/html"),
    (DATASET + "/", "text/turtle", 200, "text/turtle"),
    (DATASET + ".ttl", "text/html", 200, "text/turtle"),  # a file is what it is
    ("/dataset/no-such-dataset", "text/turtle", 404, "text/plain"),
    ("/catalog", "text/turtle", 200, "text/turtle"),
    ("/catalog", "text/html", 200, "text/html"),
])
def test_content_negotiation_table(served: str, path: str, accept: str | None, code: int, kind: str | None) -> None:
    status, headers, body = request(served + path, accept=accept)
    assert status == code, (path, accept, body[:200])
    if kind is not None:
        assert headers["content-type"].split(";")[0] == kind
    if code == 303:
        assert headers["location"] == DATASET + "/" and headers["vary"] == "Accept"
    if kind == "text/turtle" and code == 200:
        assert len(Graph().parse(data=body, format="turtle")) > 10


def test_head_answers_as_get_without_a_body(served: str) -> None:
    status, headers, body = request(served + DATASET, method="HEAD", accept="text/turtle")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 1000


# --- CORS, methods, and what is never served -----------------------------------------------------

def test_cors_lets_other_origins_read(served: str) -> None:
    status, headers, _ = request(f"{served}/sparql", method="OPTIONS")
    assert status == 204
    assert "POST" in headers["access-control-allow-methods"] and "GET" in headers["access-control-allow-methods"]
    assert "Content-Type" in headers["access-control-allow-headers"]
    for path in (DATASET, "/sparql?query=ASK%7B%7D", "/catalog/page-1.ttl"):
        assert request(served + path, accept="text/turtle, */*")[1]["access-control-allow-origin"] == "*"
    assert "Link" in request(f"{served}/catalog/page-1.ttl")[1]["access-control-expose-headers"]


def test_other_methods_are_not_allowed(served: str) -> None:
    for method, path in (("PUT", DATASET), ("DELETE", "/sparql"), ("POST", DATASET)):
        status, headers, body = request(served + path, method=method, data=b"x" if method != "DELETE" else None)
        assert status == 405 and "GET" in headers["allow"] and headers["content-type"].startswith("text/plain")
        assert method.encode() in body


@pytest.mark.parametrize("path", ["/.ldcat/state.json", "/.ldcat/", "/dataset/", "/catalog/.hidden",
                                  "/dataset/%2e%2e/.ldcat/state.json"])
def test_internal_files_and_listings_are_not_served(served: str, site: Path, path: str) -> None:
    assert (site / ".ldcat" / "state.json").is_file()
    status, headers, body = request(served + path)
    assert status == 404 and headers["content-type"].startswith("text/plain") and b"{" not in body


def test_json_results_agree_with_the_cli_renderer(served: str, expected: list[tuple[str, str]]) -> None:
    _, _, body = request(f"{served}/sparql?{urllib.parse.urlencode({'query': SELECT, 'format': 'json'})}")
    assert len(json.loads(body)["results"]["bindings"]) == len(expected)
