"""The DCAT side of every fixture against the official DCAT-AP shapes (SEMIC), offline.

The project's vocabulary data (vocab/) is the ontology graph, so range checks such as
"dct:language must be a dct:LinguisticSystem" are answered without a network.
"""

from __future__ import annotations

from dataclasses import replace

import pyshacl
import pytest
from rdflib import Graph

from conftest import ALL_FIXTURES, CONFORMANCE, OPTIONS, ROOT
from ldcat.mapping import map_catalogues
from ldcat.model import Catalogue
from ldcat.namespaces import DCAT, DCT, DISCO, HEALTH, LDCAT, RDF
from ldcat.pipeline import records
from ldcat.problems import Report
from ldcat.validate import ontology_graph

OFFICIAL = {
    # The full 3.0.1 file: what the EU validator runs as "Full". It has a known defect with
    # dcat:DataService (see tests/conformance/README.md); ldcat emits no DataService.
    "dcat-ap-3.0.1": ["dcat-ap-3.0.1/dcat-ap-SHACL.ttl"],
    "dcat-ap-3.0.1-classic": ["dcat-ap-3.0.1/classic/shapes.ttl", "dcat-ap-3.0.1/classic/range.ttl"],
    # What data.europa.eu still normalises harvested metadata to.
    "dcat-ap-2.1.1": ["dcat-ap-2.1.1/dcat-ap_2.1.1_shacl_shapes.ttl", "dcat-ap-2.1.1/dcat-ap_2.1.1_shacl_range.ttl"],
}


# The DCAT side: DCAT-AP 3 and the profiles that add study facts to it (everything but schema.org).
DCAT_SIDE = ("dcat-ap-3", "healthdcat-ap", "ddi-discovery", "ldcat-study")


def _convert(profiles: tuple[str, ...]) -> Graph:
    """Every fixture and the bundled examples in the given profiles, with the catalogues."""
    options = replace(OPTIONS, profiles=profiles)
    graph = Graph()
    catalogues: dict[str, Catalogue] = {}
    for item in records([*ALL_FIXTURES, ROOT / "examples" / "records.jsonl"], Report(), mapping=options):
        graph += item.graph
        catalogues.update((c.key, c) for c in item.record.catalogues)
    graph += map_catalogues(catalogues.values(), options)
    return graph


@pytest.fixture(scope="module")
def dcat_output() -> Graph:
    return _convert(DCAT_SIDE)


def _violations(data: Graph, files: list[str]) -> list[str]:
    shapes = Graph()
    for name in files:
        shapes.parse(CONFORMANCE / name)
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology_graph(), inference="none",
                                    do_owl_imports=False, allow_warnings=True)
    sh = "http://www.w3.org/ns/shacl#"
    return sorted(
        f"{report.value(r, pyshacl.consts.SH_focusNode)} {report.value(r, pyshacl.consts.SH_resultPath)}: "
        f"{report.value(r, pyshacl.consts.SH_resultMessage)}"
        for r in report.subjects(None, pyshacl.consts.SH_ValidationResult)
        if str(report.value(r, pyshacl.consts.SH_resultSeverity)) == sh + "Violation"
    )


@pytest.mark.parametrize("profile", list(OFFICIAL))
def test_no_violations_against_the_official_shapes(dcat_output: Graph, profile: str) -> None:
    assert len(dcat_output) > 2000
    assert _violations(dcat_output, OFFICIAL[profile]) == []


def test_dcat_ap_3_alone_has_no_violations() -> None:
    """The base profile conforms by itself: the study profiles add to it, not repair it."""
    alone = _convert(("dcat-ap-3",))
    assert len(alone) > 1500
    assert not any(str(p).startswith((str(DISCO), str(HEALTH), str(LDCAT))) for p in alone.predicates())
    assert _violations(alone, OFFICIAL["dcat-ap-3.0.1"]) == []


def test_the_official_shapes_do_catch_a_broken_dataset(dcat_output: Graph) -> None:
    """The check above cannot pass vacuously: the same shapes fail a dataset with no description."""
    broken = Graph() + dcat_output
    dataset = next(iter(broken.subjects(RDF.type, DCAT.Dataset)))
    broken.remove((dataset, DCT.description, None))
    found = _violations(broken, OFFICIAL["dcat-ap-3.0.1"])
    assert len(found) == 1 and found[0].startswith(f"{dataset} http://purl.org/dc/terms/description")
