"""The published site as a person's browser sees it: `ldcat publish`, `ldcat serve`, headless Chromium.

The JSON-LD is read from the live DOM after the page loaded, as a crawler that runs scripts would read it, then
checked as data (schema.org terms, Google's Dataset profile) and against what the page shows. See tests/browser.py
for the browser plumbing; the browser skips without Chromium locally and fails in CI.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Graph

from browser import jsonld_texts, page_dialogs, page_errors, page_requests_blocked, png_size, serve_site
from conftest import BASE, RECORDS, convert_graph
from ldcat.cli import main
from ldcat.namespaces import SDO
from ldcat.read.rdf import load_rdf
from ldcat.validate import validate_graph

SEED_KEY = "5050ed61f083639e6f2563d215c23229"  # 01_ukds_dataset_856152.json
SEED_TITLE = ("Children’s Safeguarding Social Work Practitioners: Remote and Hybrid Working Practices and "
              "Experiences, 2022")
SEED_DESCRIPTION_PART = "transcripts of of 41 interviews"
EDGI = RECORDS / "02_mhc_study_edgi.json"

# Markup that would run or break out of the JSON-LD <script> if the page did not escape it. Tags in a record are
# stripped as HTML by ldcat's cleaning, so the live ones are entity-encoded: decoding makes them literal text.
HOSTILE = ("Eating disorders study. &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; "
           "&lt;img src=x onerror=alert(2)&gt; &lt;b&gt;not bold&lt;/b&gt; \"quoted\" &amp; 'single' "
           "<!-- comment --> \u2028 line separator")


def publish(site: Path, *sources: Path) -> None:
    result = CliRunner().invoke(main, ["publish", *map(str, sources), "--site", str(site), "--base-iri", BASE,
                                       "--harvested", "2026-11-22"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (site / "index.html").is_file()


def dataset_node(texts: list[str]) -> dict[str, Any]:
    """The one schema.org Dataset among the page's JSON-LD blocks (a block may be a node, a list or a @graph)."""
    nodes: list[dict[str, Any]] = []
    for text in texts:
        doc = json.loads(text)
        for item in doc if isinstance(doc, list) else [doc]:
            nodes.extend(item.get("@graph", [item]))
    found = [n for n in nodes if n.get("@type") in ("Dataset", "schema:Dataset", ["Dataset"])]
    assert len(found) == 1, f"expected one Dataset in the page's JSON-LD, found {len(found)}: {texts}"
    return found[0]


def as_graph(texts: list[str], tmp_path: Path) -> Graph:
    """The page's JSON-LD as RDF, through ldcat's own loader (schema.org's context is the bundled copy)."""
    graph = Graph()
    for n, text in enumerate(texts):
        path = tmp_path / f"page-{n}.jsonld"
        path.write_text(text, encoding="utf-8")
        graph += load_rdf(path)
    return graph


def text_value(value: Any) -> Any:
    """A JSON-LD string, whether plain or a value object with a language."""
    return value.get("@value") if isinstance(value, dict) else value


def names(value: Any) -> list[str]:
    """The name(s) of a node or of each node in a list."""
    return [v.get("name") for v in (value if isinstance(value, list) else [value]) if isinstance(v, dict)]


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Every fixture record published into one site and served on loopback; yields the base URL."""
    site = tmp_path_factory.mktemp("site")
    publish(site, *sorted(RECORDS.glob("*.json")))
    with serve_site(site) as base:
        yield base


# --- the plumbing, on a static page: proves that the checks below can fail -------------------------------------


def test_browser_reads_live_dom_and_catches_dialogs(page: Any, tmp_path: Path) -> None:
    html = tmp_path / "static.html"
    html.write_text("""<!doctype html><html><head><meta charset="utf-8"><title>static</title>
<script type="application/ld+json">{"@context": "https://schema.org/", "@type": "Dataset", "name": "Static"}</script>
<script>
  const s = document.createElement("script");
  s.type = "application/ld+json";
  s.textContent = JSON.stringify({"@type": "Dataset", "name": "Added by script"});
  document.head.appendChild(s);
  alert("positive control");
</script></head>
<body><h1>Static page</h1><img src="http://blocked.invalid/pixel.png" alt=""></body></html>""", encoding="utf-8")
    page.goto(html.as_uri(), wait_until="load")
    texts = jsonld_texts(page)
    assert [json.loads(t)["name"] for t in texts] == ["Static", "Added by script"]  # the live DOM, not the file
    assert page_dialogs(page) == ["alert: positive control"]
    assert page_requests_blocked(page) == ["http://blocked.invalid/pixel.png"]
    assert page.inner_text("h1") == "Static page"


# --- a landing page ---------------------------------------------------------------------------------------------


def test_landing_page_in_a_browser(page: Any, fixture_site: str, tmp_path: Path) -> None:
    response = page.goto(f"{fixture_site}/dataset/{SEED_KEY}", wait_until="load")
    assert response is not None and response.ok, response and response.status
    assert response.headers["content-type"].startswith("text/html")

    texts = jsonld_texts(page)
    assert texts, "no <script type=application/ld+json> in the page"
    dataset = dataset_node(texts)
    assert dataset["name"] == SEED_TITLE
    assert dataset["temporalCoverage"] == "2021-03-01/2022-08-01"
    assert "UK Data Service" in names(dataset["includedInDataCatalog"])
    assert any("schema.org" in str(json.loads(t).get("@context", "")) for t in texts)

    graph = as_graph(texts, tmp_path)
    assert any(graph.subjects(predicate=SDO.name)), "the JSON-LD gave no schema.org triples"
    report = validate_graph(graph, ["google"])
    violations = [r for r in report.results if r.severity == "violation"]
    assert report.count("violation") == 0, violations
    assert len(report.datasets) == 1

    body = page.inner_text("body")
    assert SEED_TITLE in page.inner_text("h1")
    for shown in (SEED_TITLE, SEED_DESCRIPTION_PART, "1 March 2021 – 1 August 2022", "UK Data Service"):
        assert shown in body, f"{shown!r} not visible on the page"
    assert page.locator('link[rel="alternate"][type="text/turtle"]').count() >= 1

    assert page_dialogs(page) == []
    assert page_errors(page) == []
    assert page_requests_blocked(page) == []  # nothing fetched from other hosts (fonts, scripts, trackers)

    shot = tmp_path / "landing.png"
    page.screenshot(path=str(shot), full_page=True)
    width, height = png_size(shot)
    assert width == 1280
    assert height >= 400
    assert shot.stat().st_size > 10_000


FETCH = """async (href) => {
    const response = await fetch(href, {redirect: "follow"});
    return {status: response.status, type: response.headers.get("content-type") || "", body: await response.text()};
}"""


def test_landing_page_links_work_where_it_is_served(page: Any, fixture_site: str) -> None:
    """Every link of the page as served at the dataset's IRI path (no trailing slash), fetched by the browser."""
    page.goto(f"{fixture_site}/dataset/{SEED_KEY}", wait_until="load")
    alternates = page.evaluate("""() => Array.from(document.querySelectorAll('link[rel="alternate"]'),
                                                  (l) => ({type: l.type, href: l.href}))""")
    assert "text/turtle" in {a["type"] for a in alternates}
    anchors = page.evaluate("() => Array.from(document.querySelectorAll('a[href]'), (a) => a.href)")
    site = f"{fixture_site}/"
    broken = []
    for href in sorted({a["href"] for a in alternates} | set(anchors)):
        local = site + href.removeprefix(BASE) if href.startswith(BASE) else href  # the site's own IRIs
        if not local.startswith(site):
            continue  # elsewhere on the web (a DOI, a catalogue's page): not fetched
        answer = page.evaluate(FETCH, local.split("#")[0])
        if answer["status"] != 200:
            broken.append(f"{href} -> {answer['status']}")
            continue
        for alternate in alternates:
            if alternate["href"] == href:
                assert answer["type"].startswith(alternate["type"]), (href, answer["type"])
                if alternate["type"] == "text/turtle":
                    graph = Graph().parse(data=answer["body"], format="turtle", publicID=local)
                    assert SEED_TITLE in {str(o) for o in graph.objects(predicate=SDO.name)}
    assert not broken, f"links of {page.url} that do not answer 200: {broken}"


def test_catalogue_index_lists_the_datasets(page: Any, fixture_site: str) -> None:
    response = page.goto(f"{fixture_site}/", wait_until="load")
    assert response is not None and response.ok
    assert SEED_TITLE in page.inner_text("body")
    link = page.locator(f'a[href*="{SEED_KEY}"]').first
    link.click()
    page.wait_for_url(f"**/dataset/{SEED_KEY}**")
    assert SEED_TITLE in page.inner_text("h1")


# --- hostile text -----------------------------------------------------------------------------------------------


def test_markup_in_a_description_neither_runs_nor_breaks_the_page(page: Any, tmp_path: Path) -> None:
    record = json.loads(EDGI.read_text(encoding="utf-8"))
    record["dataset_schema"]["description"] = HOSTILE
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(record), encoding="utf-8")
    # The description as ldcat makes it: the entities decoded into live-looking markup.
    graph, _ = convert_graph(source)
    (expected,) = {str(o) for o in graph.objects(predicate=SDO.description)
                   if "alert(1)" in str(o)}
    assert "</script><script>alert(1)</script>" in expected  # else this test would prove nothing

    site = tmp_path / "site"
    publish(site, source)
    (landing,) = (site / "dataset").glob("*/index.html")
    with serve_site(site) as base:
        response = page.goto(f"{base}/dataset/{landing.parent.name}", wait_until="load")
        assert response is not None and response.ok
        page.wait_for_timeout(300)  # a late onerror handler would have fired by now
        texts = jsonld_texts(page)
        assert page_dialogs(page) == []
        assert page_errors(page) == []
        assert text_value(dataset_node(texts)["description"]) == expected
        assert "</script><script>alert(1)</script>" in page.inner_text("body")
        # Nothing of it became elements: no event-handler attributes, no <b> around "not bold".
        assert page.evaluate("""() => Array.from(document.querySelectorAll("*")).filter(
            (e) => Array.from(e.attributes).some((a) => a.name.startsWith("on"))).length""") == 0
        assert page.locator("b", has_text="not bold").count() == 0
        assert page.evaluate("""() => Array.from(document.scripts).filter(
            (s) => s.type !== "application/ld+json" && s.textContent.includes("alert(")).length""") == 0
        assert page.inner_text("h1") == "Eating Disorders Genetics Initiative"
