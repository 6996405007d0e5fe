"""The published site as a person uses it, in headless Chromium over `ldcat serve`: the index's
search and facets, a landing page's links, and every dataset of the catalogue answering at its
IRI in HTML and in RDF. Screenshots are kept in artefacts/screenshots/ (not committed)."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph

from browser import page_errors, page_requests_blocked, serve_site
from conftest import BASE, RECORDS, ROOT
from ldcat.cli import main
from ldcat.namespaces import DCAT, RDF, SDO

SHOTS = ROOT / "artefacts" / "screenshots"
EDGI = "a1c964cfed1e3f54ccc20eea1fa6deff"  # 02_mhc_study_edgi.json
EDGI_TITLE = "Eating Disorders Genetics Initiative"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("site") / "site"
    result = CliRunner().invoke(main, ["publish", *map(str, sorted(RECORDS.glob("*.json"))), "--site", str(path),
                                       "--base-iri", BASE, "--harvested", "2026-11-22"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    with serve_site(site) as base:
        yield base


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def search_entries(site: Path) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads((site / "assets" / "search.json").read_text())["datasets"]
    return entries


def test_typing_a_query_finds_the_right_studies(page: Any, served: str, site: Path) -> None:
    page.goto(f"{served}/", wait_until="networkidle")
    total = len(search_entries(site))
    assert page.inner_text("#count") == f"{total} datasets"
    page.fill("#q", "eating disorders")
    page.wait_for_function("(t) => document.getElementById('count').textContent !== t", arg=f"{total} datasets")
    titles = page.locator("#results a").all_inner_texts()
    expected = [e["title"] for e in search_entries(site) if all(w in e["text"] for w in ("eating", "disorders"))]
    assert EDGI_TITLE in titles and sorted(titles) == sorted(expected) and len(titles) < total
    assert page.inner_text("#count") == f"{len(expected)} dataset{'s' if len(expected) != 1 else ''}"
    assert "q=eating+disorders" in page.url  # the search can be linked to
    shot(page, "index-search")
    page.fill("#q", "variablethatisnowhere")
    page.wait_for_function("document.getElementById('count').textContent === '0 datasets'")
    assert page_errors(page) == [] and page_requests_blocked(page) == []


def test_a_facet_narrows_the_results_and_its_count_says_how_far(page: Any, served: str, site: Path) -> None:
    page.goto(f"{served}/", wait_until="networkidle")
    entries = search_entries(site)
    mhc = [e for e in entries if "mhc" in e["catalogue"]]
    box = page.locator('#facets input[name="catalogue"][value="mhc"]')
    label = box.locator("xpath=ancestor::label")
    assert label.locator(".n").inner_text() == str(len(mhc))
    box.check()
    page.wait_for_function("(t) => document.getElementById('count').textContent === t",
                           arg=f"{len(mhc)} datasets")
    assert sorted(page.locator("#results a").all_inner_texts()) == sorted(e["title"] for e in mhc)
    assert "catalogue=mhc" in page.url
    # The other facets now count within the catalogue chosen.
    cohort = [e for e in mhc if "cohort" in e["design"]]
    design = page.locator('#facets input[name="design"][value="cohort"]').locator("xpath=ancestor::label")
    assert design.locator(".n").inner_text() == str(len(cohort))
    shot(page, "index-facet")
    page.go_back()
    page.wait_for_function("(t) => document.getElementById('count').textContent === t",
                           arg=f"{len(entries)} datasets")


def test_a_breadcrumb_opens_the_index_filtered_to_its_catalogue(page: Any, served: str, site: Path) -> None:
    page.goto(f"{served}/dataset/{EDGI}", wait_until="networkidle")
    page.locator('nav.crumbs a:has-text("Catalogue of Mental Health Measures")').click()
    page.wait_for_load_state("networkidle")
    mhc = [e for e in search_entries(site) if "mhc" in e["catalogue"]]
    assert page.inner_text("#count") == f"{len(mhc)} datasets"
    assert page.locator('#facets input[name="catalogue"][value="mhc"]').is_checked()


def test_a_landing_page_shows_what_a_person_needs_and_its_links_work(page: Any, served: str) -> None:
    page.goto(f"{served}/dataset/{EDGI}", wait_until="networkidle")
    body = page.inner_text("body")
    for shown in (EDGI_TITLE, "2020 onwards", "16 and over", "21,322 participants", "Cohort", "NIHR",
                  "Catalogue of Mental Health Measures", "10.1016/j.brat.2019.103503"):
        assert shown in body, shown
    hrefs = page.evaluate("() => Array.from(document.querySelectorAll('main a[href]'), (a) => a.href)")
    assert "https://harmonydata.ac.uk/search/items/eating-disorders-genetics-initiative" in hrefs
    assert "https://doi.org/10.1016/j.brat.2019.103503" in hrefs
    assert "https://www.cataloguementalhealth.ac.uk/?content=study&studyid=EDGI" in hrefs
    assert page.locator("main h1").count() == 1 and page.locator("header, nav, main, footer").count() >= 4
    local = [h for h in hrefs if h.startswith(served)]
    assert local  # its documents, its catalogue
    for href in local:
        with urllib.request.urlopen(href, timeout=10) as answer:
            assert answer.status == 200, href
    shot(page, "landing")
    assert page_errors(page) == [] and page_requests_blocked(page) == []


def test_a_child_dataset_has_its_page_linked_from_its_parent(page: Any, served: str, site: Path) -> None:
    parents = [p.parent.name for p in (site / "dataset").glob("*/index.html")
               if "<dt>Contains</dt>" in p.read_text()]
    assert parents
    page.goto(f"{served}/dataset/{parents[0]}/", wait_until="networkidle")
    child = page.locator("dt:has-text('Contains') + dd a").first
    name = child.inner_text()
    child.click()
    page.wait_for_load_state("networkidle")
    assert page.inner_text("h1") == name
    assert page.locator("dt:has-text('Part of') + dd a").count() >= 1


def test_every_dataset_of_the_catalogue_answers_at_its_iri_in_html_and_rdf(served: str, site: Path) -> None:
    datasets = sorted({q.subject.value for q in ox.parse(path=str(site / "dump.nq"), format=ox.RdfFormat.N_QUADS)
                       if q.predicate.value == str(RDF.type) and q.object.value == str(DCAT.Dataset)})
    assert len(datasets) > 16
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    for iri in datasets:
        assert iri.startswith(BASE + "dataset/")
        local = served + "/" + iri.removeprefix(BASE)
        with opener.open(urllib.request.Request(local, headers={"Accept": "text/html"}), timeout=10) as html:
            assert html.status == 200 and html.headers.get_content_type() == "text/html"
        with opener.open(urllib.request.Request(local, headers={"Accept": "text/turtle"}), timeout=10) as rdf:
            assert rdf.status == 200 and rdf.headers.get_content_type() == "text/turtle"
            graph = Graph().parse(data=rdf.read(), format="turtle")
        assert any(graph.triples((None, SDO.name, None))), iri
