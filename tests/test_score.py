"""`ldcat score` (`ldcat.score`): the MQA's metrics, estimated offline, per dataset and for the catalogue."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from rdflib import Graph, URIRef

from conftest import FIXTURES
from ldcat.publish.landing import TripleIndex
from ldcat.score import DIMENSIONS, MAXIMUM, METRICS, TOTAL, rating, score_dataset

RECORDS = sorted((FIXTURES / "records").glob("*.json"))
FULL = """
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix theme: <http://publications.europa.eu/resource/authority/data-theme/> .
<https://x.org/d> a dcat:Dataset ; dcat:keyword "k" ; dcat:theme theme:HEAL ;
  dct:spatial <http://publications.europa.eu/resource/authority/country/GBR> ; dct:temporal <https://x.org/d#t> ;
  dct:accessRights <http://publications.europa.eu/resource/authority/access-right/PUBLIC> ;
  dcat:contactPoint <https://x.org/c> ; dct:publisher <https://x.org/p> ; dct:issued "2020-01-01" ;
  dct:modified "2021-01-01" ; dcat:distribution <https://x.org/d#1> .
<https://x.org/d#1> a dcat:Distribution ; dcat:accessURL <https://x.org/get> ; dcat:downloadURL <https://x.org/f.csv> ;
  dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ;
  dcat:mediaType <https://www.iana.org/assignments/media-types/text/csv> ;
  dct:license <http://publications.europa.eu/resource/authority/licence/CC_BY_4_0> ;
  dct:rights <https://x.org/r> ; dcat:byteSize 12 .
"""


def ldcat(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ldcat", *args], capture_output=True, text=True, timeout=300,
                          check=False)


def test_the_metrics_add_up_to_the_mqa_405_points() -> None:
    assert TOTAL == 405
    assert MAXIMUM == {"findability": 100, "accessibility": 100, "interoperability": 110, "reusability": 75,
                       "contextuality": 20}
    assert (rating(351), rating(350), rating(221), rating(220), rating(121), rating(120)) == \
        ("excellent", "good", "good", "sufficient", "sufficient", "bad")


def test_a_full_description_gets_every_point_it_can_offline() -> None:
    graph = Graph().parse(data=FULL, format="turtle")
    got = score_dataset(TripleIndex(graph), URIRef("https://x.org/d"), compliant=True)
    offline = sum(m.points for m in METRICS if not m.offline)
    assert offline == 80  # the two reachability metrics: the MQA fetches, ldcat does not
    assert got.points() == TOTAL - offline
    assert {d: got.points(d) for d in DIMENSIONS} == {**MAXIMUM, "accessibility": 20}
    assert score_dataset(TripleIndex(graph), URIRef("https://x.org/d"), compliant=False).points() == TOTAL - 110


def test_each_metric_can_fail_on_its_own() -> None:
    graph = Graph().parse(data=FULL, format="turtle")
    full = score_dataset(TripleIndex(graph), URIRef("https://x.org/d"), compliant=True)
    for s, p, o in list(graph):
        if p.endswith(("#type", "#accessURL")):  # an access URL earns points only once fetched
            continue
        without = Graph()
        without += (t for t in graph if t != (s, p, o))
        less = score_dataset(TripleIndex(without), URIRef("https://x.org/d"), compliant=True)
        assert less.points() < full.points(), p  # every statement of the full description earns points


@pytest.fixture(scope="module")
def fixtures_score() -> dict[str, object]:
    result = ldcat("score", *map(str, RECORDS), "-f", "json")
    assert result.returncode == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_the_fixtures_score(fixtures_score: dict[str, object]) -> None:
    data = fixtures_score
    assert data["datasets"] == len(RECORDS) and data["maximum"] == 405
    per = data["per_dataset"]
    assert isinstance(per, list) and len(per) == len(RECORDS)
    assert all(row["total"] == sum(row[d] for d in DIMENSIONS) for row in per)
    mean = sum(row["total"] for row in per) / len(per)
    assert data["total"] == round(mean, 1) and data["rating"] == rating(mean)
    dims = data["dimensions"]
    assert isinstance(dims, dict)
    # What the data honestly allows: themes and contact points from the catalogues, keywords, coverage.
    assert dims["findability"]["mean"] >= 85 and dims["reusability"]["mean"] >= 30
    assert dims["accessibility"]["mean"] == 0  # no downloads, and reachability is not checked offline
    lost = {item["metric"]: item for item in data["lost"]}  # type: ignore[union-attr]
    assert "dcat:theme" not in lost and "dcat:contactPoint" not in lost
    assert lost["dcat:accessURL answers"]["checked_offline"] is False
    assert data["rating"] == "sufficient"


def test_min_sets_the_exit_code() -> None:
    assert ldcat("score", *map(str, RECORDS), "--min", "sufficient").returncode == 0
    result = ldcat("score", *map(str, RECORDS), "--min", "good")
    assert result.returncode == 1
    assert "Where points are lost" in result.stdout and "Traceback" not in result.stderr
    assert ldcat("score", *map(str, RECORDS), "--min", "great").returncode == 2
