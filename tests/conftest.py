"""Shared test helpers. Real Harmony records and pages live in tests/fixtures/harmony (see its README)."""

from __future__ import annotations

import socket
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph

from ldcat.mapping import MapOptions
from ldcat.pipeline import records
from ldcat.problems import Report

# The real triple-store servers (Oxigraph, Virtuoso) as session fixtures.
pytest_plugins = ("servers",)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "harmony"
CONFORMANCE = ROOT / "tests" / "conformance"
RECORDS = FIXTURES / "records"
PAGES = FIXTURES / "pages"
PAGE_JSONLD = FIXTURES / "page-jsonld"
SEED_PAGE = PAGES / ("children-s-safeguarding-social-work-practitioners-remote-and-hybrid-working-practices-"
                     "and-experiences-2022.rsc.txt")
OPTIONS = MapOptions(base_iri="https://data.example.org/", harvested=date(2026, 11, 22))
BASE = "https://data.example.org/"

ALL_FIXTURES = sorted([*RECORDS.glob("*.json"), *PAGES.glob("*.rsc.txt"), *PAGE_JSONLD.glob("*.jsonld")])


def convert_graph(*paths: Path, options: MapOptions = OPTIONS) -> tuple[Graph, Report]:
    """Every record of the given files in one rdflib graph, with the run's report."""
    report = Report()
    graph = Graph()
    for item in records(paths, report, mapping=options):
        graph += item.graph
    return graph, report


@pytest.fixture(scope="session")
def fixture_graphs() -> dict[str, Graph]:
    return {p.name: convert_graph(p)[0] for p in ALL_FIXTURES}


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test: ldcat never fetches at run time."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the reader tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
