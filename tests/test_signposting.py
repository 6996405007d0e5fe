"""FAIR Signposting (`ldcat.publish.signposting`), read with the PyPI `signposting` parser (an
independent implementation, as FAIR assessors use): the Link headers `ldcat serve` sends on each
landing page, each dataset's linkset document, and the `_headers` file for static hosts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import signposting
from signposting.linkheader import find_signposting_http_link

from conftest import FIXTURES, serving
from ldcat.mapping import MapOptions, record_triples
from ldcat.normalise import normalise
from ldcat.publish import PublishOptions, publish
from ldcat.publish.facts import dataset_facts
from ldcat.publish.landing import TripleIndex
from ldcat.read import read

BASE = "http://127.0.0.1:1/"  # rewritten to the server's own address below
RECORDS = sorted((FIXTURES / "records").glob("*.json"))


def _facts(path: Path, base: str) -> tuple[str, list[str], list[str], list[str]]:
    """(key, its own DOIs, article DOIs, licences) as the record's triples say."""
    [raw] = [r for r in read(path) if not hasattr(r, "code")]
    record, problems = normalise(raw)  # type: ignore[arg-type]
    options = MapOptions(base_iri=base)
    facts = dataset_facts(TripleIndex(record_triples(record, options, problems)), options.iris.dataset(record.key))
    return record.key, facts.dois, facts.citations, facts.licences


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("signposting")
    site = root / "site"
    assert publish(RECORDS, PublishOptions(site, BASE, harvested=date(2026, 11, 22))).ok
    with serving(site) as url:
        base = f"{url}/"
        assert publish(RECORDS, PublishOptions(site, base, harvested=date(2026, 11, 22))).ok
        yield base, site


def test_landing_pages_signpost_what_is_true(served: tuple[str, Path]) -> None:
    base, _ = served
    seen_doi = seen_article_only = 0
    for path in RECORDS:
        key, dois, articles, licences = _facts(path, base)
        found = signposting.find_signposting_http(f"{base}dataset/{key}/")
        assert found.citeAs is not None
        if dois:
            assert str(found.citeAs.target) == dois[0]
            seen_doi += 1
        else:  # no DOI of its own: its IRI, never an article's DOI
            assert str(found.citeAs.target) == f"{base}dataset/{key}"
            seen_article_only += bool(articles)
        assert str(found.citeAs.target) not in articles
        described = {(str(s.target), str(s.type)) for s in found.describedBy}
        assert described == {(f"{base}dataset/{key}.{ext}", kind) for ext, kind in
                             (("ttl", "text/turtle"), ("jsonld", "application/ld+json"),
                              ("nt", "application/n-triples"))}
        assert {str(s.target) for s in found.types} == {"https://schema.org/Dataset", "https://schema.org/AboutPage"}
        assert {str(s.target) for s in ([found.license] if found.license else [])} <= set(licences)
        assert not found.items  # no files to point at
        assert [str(s.target) for s in found.linksets] == [f"{base}dataset/{key}.linkset.json"]
    assert seen_doi and seen_article_only  # the fixtures have both kinds


def test_linksets_say_the_same_as_the_headers(served: tuple[str, Path]) -> None:
    base, _ = served
    for path in RECORDS[:6]:
        key = _facts(path, base)[0]
        header = signposting.find_signposting_http(f"{base}dataset/{key}/")
        document = signposting.find_signposting_linkset(f"{base}dataset/{key}.linkset.json")
        anchored = document.for_context(f"{base}dataset/{key}/")
        assert {(s.rel, str(s.target)) for s in anchored} == {(s.rel, str(s.target)) for s in header}


def test_static_hosts_get_the_same_links_in_a_headers_file(served: tuple[str, Path]) -> None:
    base, site = served
    blocks = (site / "_headers").read_text(encoding="utf-8").split("\n/")
    assert len(blocks) == 2 * len(list((site / "dataset").glob("*.linkset.json")))
    for block in blocks[:8]:
        path, _, line = block.strip().partition("\n")
        value = line.strip().removeprefix("Link: ")
        key = path.strip("/").split("/")[1]
        parsed = find_signposting_http_link([value], f"{base}dataset/{key}/")
        live = signposting.find_signposting_http(f"{base}dataset/{key}/")
        assert {(s.rel, str(s.target)) for s in parsed} == {(s.rel, str(s.target)) for s in live}
