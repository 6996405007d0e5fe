"""`ldcat publish` and `ldcat serve`: a static site harvesters and Google can take from."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from conftest import RECORDS, ROOT, serving
from ldcat import publish as publish_module
from ldcat.namespaces import DCAT, DCT, FOAF, RDF, SDO
from ldcat.publish import PublishOptions, publish
from ldcat.publish.pages import landing_page
from ldcat.read.rdf import load_rdf
from ldcat.serve import negotiate
from ldcat.validate import validate_graph

BASE = "https://data.example.org/"
HYDRA = "http://www.w3.org/ns/hydra/core#"
SOURCES = sorted(RECORDS.glob("*.json"))
KEYS = 16


def _options(site: Path, day: str = "2026-11-22", size: int = 5) -> PublishOptions:
    return PublishOptions(site=site, base_url=BASE, page_size=size, harvested=date.fromisoformat(day))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pub") / "site"
    report = publish(SOURCES, _options(path))
    assert report.ok and report.stats["written"] == KEYS
    return path


def _snapshot(site: Path) -> dict[str, tuple[int, float, bytes]]:
    return {str(p.relative_to(site)): (p.stat().st_ino, p.stat().st_mtime, p.read_bytes())
            for p in site.rglob("*") if p.is_file()}


def test_every_rdf_file_parses(site: Path) -> None:
    formats = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD,
               ".nq": ox.RdfFormat.N_QUADS}
    files = [p for p in site.rglob("*") if p.suffix in formats]
    assert len(files) > 3 * KEYS
    for path in files:
        assert list(ox.parse(path=str(path), format=formats[path.suffix])), path
        if path.suffix != ".nq":
            assert len(Graph().parse(path, format={".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}[path.suffix]))
    load_rdf(site / ".well-known" / "void", "turtle")


def _jsonld(html: str) -> dict:
    scripts = re.findall(r'<script type="application/ld\+json">\n(.*?)\n</script>', html, re.DOTALL)
    assert len(scripts) == 1
    return json.loads(scripts[0])


def test_every_landing_page_has_json_ld_that_google_accepts(site: Path, tmp_path: Path) -> None:
    pages = sorted((site / "dataset").glob("*/index.html"))
    datasets = {q.subject.value for q in ox.parse(path=str(site / "dump.nq"), format=ox.RdfFormat.N_QUADS)
                if q.predicate.value == str(RDF.type) and q.object.value == str(DCAT.Dataset)}
    assert len(datasets) > KEYS  # the records, and the child datasets they describe: each has its page
    assert {BASE + "dataset/" + p.parent.name for p in pages} == datasets
    for page in pages:
        data = _jsonld(page.read_text())
        assert data["@context"] == "https://schema.org/" and data["@type"] == "Dataset"
        doc = tmp_path / "page.jsonld"
        doc.write_text(json.dumps(data))
        report = validate_graph(load_rdf(doc), ["google"])
        assert report.count("violation") == 0, (page, report.to_text())
        assert data["@id"] == BASE + "dataset/" + page.parent.name
    seed = _jsonld((site / "dataset" / "5050ed61f083639e6f2563d215c23229" / "index.html").read_text())
    assert seed["temporalCoverage"] == "2021-03-01/2022-08-01"
    assert seed["includedInDataCatalog"]["name"] == "UK Data Service"


def test_paged_catalogue_yields_every_dataset_exactly_once(site: Path) -> None:
    catalog = URIRef(BASE + "catalog")
    for ext, fmt in (("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")):
        seen: list[str] = []
        url, hops = f"{BASE}catalog/page-1.{ext}", 0
        while url and hops < 20:
            graph = Graph().parse(site / url.removeprefix(BASE), format=fmt)
            page = URIRef(url)
            assert (page, RDF.type, URIRef(HYDRA + "PartialCollectionView")) in graph
            assert (catalog, URIRef(HYDRA + "view"), page) in graph
            seen += [str(graph.value(record, FOAF.primaryTopic)) for record in graph.objects(catalog, DCAT.record)]
            nxt = graph.value(page, URIRef(HYDRA + "next"))
            assert nxt is None or isinstance(nxt, URIRef)  # IRIs, not literals
            assert nxt == graph.value(page, URIRef(HYDRA + "nextPage"))  # what older CKAN harvesters follow
            url, hops = (str(nxt) if nxt else ""), hops + 1
        assert len(seen) == len(set(seen)) == KEYS, ext
        assert hops == 4


def test_sitemap_robots_and_void(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text()
    assert sitemap.count("<lastmod>2026-11-22</lastmod>") == len(list((site / "dataset").glob("*/index.html")))
    assert (site / "robots.txt").read_text().endswith(f"Sitemap: {BASE}sitemap.xml\n")
    void = load_rdf(site / ".well-known" / "void", "turtle")
    assert (None, URIRef("http://rdfs.org/ns/void#dataDump"), URIRef(BASE + "dump.nq")) in void
    catalog = Graph().parse(site / "catalog.ttl")
    dump = catalog.value(URIRef(BASE + "catalog"), DCAT.distribution)
    assert catalog.value(dump, DCAT.downloadURL) == URIRef(BASE + "dump.nq")


def test_big_sitemaps_become_a_sitemap_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(publish_module, "SITEMAP_LIMIT", 5)
    publish(SOURCES, _options(tmp_path / "site"))
    assert "<sitemapindex" in (tmp_path / "site" / "sitemap.xml").read_text()
    maps = sorted(p.name for p in (tmp_path / "site").glob("sitemap-*.xml"))
    pages = len(list((tmp_path / "site" / "dataset").glob("*/index.html")))
    assert sorted(maps) == sorted(f"sitemap-{n}.xml" for n in range(1, -(-pages // 5) + 1))


def test_publishing_unchanged_input_changes_no_file_and_one_change_only_what_depends_on_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(SOURCES, _options(site))
    before = _snapshot(site)
    again = publish(SOURCES, _options(site, "2026-12-01"))
    assert again.stats["unchanged"] == KEYS
    assert _snapshot(site) == before

    changed = json.loads(SOURCES[1].read_text())  # 02_mhc_study_edgi
    changed["dataset_schema"]["keywords"].append("Sleep problems")
    edited = tmp_path / "02.json"
    edited.write_text(json.dumps(changed))
    publish([SOURCES[0], edited, *SOURCES[2:]], _options(site, "2026-12-01"))
    after = _snapshot(site)
    differ = sorted(name for name in after if before.get(name) != after[name])
    key = "a1c964cfed1e3f54ccc20eea1fa6deff"
    assert {f"dataset/{key}.ttl", f"dataset/{key}.nt", f"dataset/{key}.jsonld", f"dataset/{key}/index.html",
            "sitemap.xml", "dump.nq", "catalog.ttl"} <= set(differ)
    assert not [d for d in differ if d.startswith("dataset/") and key not in d]
    record = Graph().parse(site / "dataset" / f"{key}.ttl")
    assert str(record.value(URIRef(BASE + f"record/{key}"), DCT.modified)) == "2026-12-01"


def test_removed_records_disappear_and_are_listed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(SOURCES, _options(site))
    report = publish(SOURCES[1:], _options(site))
    assert report.stats["removed"] == 1
    assert [p.record for p in report if p.code == "record-removed"] == ["5050ed61f083639e6f2563d215c23229"]
    assert not (site / "dataset" / "5050ed61f083639e6f2563d215c23229.ttl").exists()
    assert not (site / "dataset" / "5050ed61f083639e6f2563d215c23229").exists()


def test_an_interrupted_publish_leaves_the_previous_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    publish(SOURCES, _options(site))
    before = _snapshot(site)

    def crash(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(publish_module, "_write_navigation", crash)
    with pytest.raises(KeyboardInterrupt):
        publish(SOURCES[:3], _options(site))
    assert _snapshot(site) == before


def test_hostile_text_cannot_break_or_inject_into_a_page() -> None:
    ds = URIRef(BASE + "dataset/x")
    evil = 'Before </script><script>alert(1)</script> & <b>bold</b> "quoted"'
    catalogue = URIRef(BASE + "catalog/x")
    triples = {(ds, RDF.type, SDO.Dataset), (ds, SDO.name, Literal("<img src=x onerror=alert(1)>")),
               (ds, SDO.description, Literal(evil)), (ds, SDO.includedInDataCatalog, catalogue),
               (catalogue, SDO.name, Literal("<Cat>")), (ds, SDO.keywords, Literal("<i>k</i>"))}
    html = landing_page(triples, ds, base=BASE, key="x")
    assert "<script>alert" not in html and "<img src=x" not in html and "<Cat>" not in html and "<i>" not in html
    assert "&lt;Cat&gt;" in html  # shown, as text
    assert html.count("</script>") == 1
    assert _jsonld(html)["description"] == evil


def test_html_in_records_is_cleaned_before_it_reaches_a_page(tmp_path: Path) -> None:
    record = json.loads(SOURCES[1].read_text())
    record["dataset_schema"]["description"] = "Before </script><script>alert(1)</script> and <b>bold</b> text."
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(record))
    publish([path], _options(tmp_path / "site"))
    html = (tmp_path / "site" / "dataset" / "a1c964cfed1e3f54ccc20eea1fa6deff" / "index.html").read_text()
    assert "<script>alert" not in html and html.count("</script>") == 1
    assert _jsonld(html)["description"] == "Before alert(1) and bold text."


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    with serving(site) as base:
        yield base


def _get(url: str, accept: str | None = None, data: bytes | None = None) -> tuple[str, dict[str, list[str]], bytes]:
    request = urllib.request.Request(url, data=data, headers={"Accept": accept} if accept else {})
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=10) as response:
        headers: dict[str, list[str]] = {}
        for k, v in response.headers.items():
            headers.setdefault(k.lower(), []).append(v)
        return response.headers.get_content_type(), headers, response.read()


def test_content_negotiation_on_dataset_iris(served: str) -> None:
    iri = f"{served}/dataset/a1c964cfed1e3f54ccc20eea1fa6deff"
    kind, headers, body = _get(iri, "text/turtle")
    assert kind == "text/turtle" and headers["vary"] == ["Accept"]
    assert len(Graph().parse(data=body, format="turtle")) > 50
    assert _get(iri, "application/ld+json")[0] == "application/ld+json"
    assert _get(iri, "application/n-triples;q=0.9, text/turtle;q=0.5")[0] == "application/n-triples"
    assert _get(iri, "text/html,application/xhtml+xml")[0] == "text/html"  # via the 303 to .../<key>/
    assert _get(f"{served}/catalog", "text/turtle")[0] == "text/turtle"


def test_catalogue_pages_send_link_headers(served: str) -> None:
    _, headers, _ = _get(f"{served}/catalog/page-2.ttl")
    assert '</catalog/page-3.ttl>; rel="next"' in headers["link"]
    assert '</catalog/page-1.ttl>; rel="prev"' in headers["link"]


def test_sparql_endpoint_answers_over_http(served: str, site: Path) -> None:
    query = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> }"
    _, _, body = _get(f"{served}/sparql?" + urllib.parse.urlencode({"query": query}),
                      "application/sparql-results+json")
    expected = str(len({q.subject for q in ox.parse(path=str(site / "dump.nq"), format=ox.RdfFormat.N_QUADS)
                        if q.predicate.value == str(RDF.type) and q.object.value == str(DCAT.Dataset)}))
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == expected
    kind, _, body = _get(f"{served}/sparql", "text/csv", urllib.parse.urlencode({"query": query}).encode())
    assert kind == "text/csv" and body.decode().splitlines() == ["n", expected]
    _, _, void = _get(f"{served}/.well-known/void")
    assert f"void:sparqlEndpoint <{served}/sparql>" in void.decode()


def test_negotiate_honours_q_values() -> None:
    offers = ["text/html", "text/turtle"]
    assert negotiate("text/turtle;q=0.2, text/html", offers) == "text/html"
    assert negotiate("*/*", offers) == "text/html"
    assert negotiate("image/png", offers) is None



def test_a_publisher_s_templates_override_ldcat_s_and_a_broken_one_says_where(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ldcat.cli import main

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "base.html").write_text(
        (ROOT / "src" / "ldcat" / "templates" / "base.html").read_text().replace(
            "{% block footer %}{% endblock %}", "Run by the Example Data Service."))
    (templates / "style.css").write_text("body { color: #000; }\n")
    args = ["publish", str(SOURCES[0]), "--base-iri", BASE, "--harvested", "2026-11-22", "--templates", str(templates)]
    result = CliRunner().invoke(main, [*args, "--site", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    page = next((tmp_path / "site" / "dataset").glob("*/index.html")).read_text()
    assert "Run by the Example Data Service." in page and '<script type="application/ld+json">' in page
    assert (tmp_path / "site" / "assets" / "style.css").read_text() == "body { color: #000; }\n"
    assert "Run by the Example Data Service." in (tmp_path / "site" / "index.html").read_text()
    (templates / "dataset.html").write_text("{% extends 'base.html' %}{% block main %}{{ page.title }{% endblock %}")
    broken = CliRunner().invoke(main, [*args, "--site", str(tmp_path / "broken")])
    assert broken.exit_code == 2 and "Traceback" not in broken.output
    assert f"template {templates}/dataset.html (line 1):" in broken.output
    assert not (tmp_path / "broken").exists()


@pytest.mark.parametrize(("iso", "words"), [
    ("2004/..", "2004 onwards"), ("2021-03/2022-08", "March 2021 – August 2022"), ("../2010", "until 2010"),
    ("2007", "2007"), ("2021-03-01/2022-08-31", "1 March 2021 – 31 August 2022"), ("2007/2007", "2007"),
    ("../..", "open"), ("2007-13", "2007"), ("sometime", "sometime"),
])
def test_coverage_in_words(iso: str, words: str) -> None:
    from ldcat.publish.pages import coverage_in_words

    assert coverage_in_words(iso) == words


@pytest.mark.parametrize(("ages", "words"), [("16-", "16 and over"), ("16-25", "16 to 25"), ("-18", "up to 18"),
                                             ("adults", "adults")])
def test_ages_in_words(ages: str, words: str) -> None:
    from ldcat.publish.pages import ages_in_words

    assert ages_in_words(ages) == words
