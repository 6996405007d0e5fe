"""Shared test helpers. Real Harmony records and pages live in tests/fixtures/harmony (see its README)."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from browser import browser, page  # noqa: F401 - the session's Chromium and a fresh page per test, for every module
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


_LOOPBACK = ("127.", "::1", "localhost")
_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: object) -> None:
    host = address[0] if isinstance(address, tuple) else address  # AF_UNIX paths are local too
    if isinstance(host, str) and not host.startswith(_LOOPBACK) and not host.startswith("/") and host != "":
        raise AssertionError(f"a test tried to connect to {address!r}: ldcat never uses the network")
    _connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True, scope="session")
def network_denied() -> Iterator[None]:
    """The whole session runs with connections refused except to this machine's own servers (the
    real Oxigraph, Virtuoso, ldcat serve and Dask's loopback cluster): nothing may fetch."""
    socket.socket.connect = _loopback_only  # type: ignore[method-assign]
    try:
        yield
    finally:
        socket.socket.connect = _connect  # type: ignore[method-assign]


@contextlib.contextmanager
def serving(site: Path, admin_email: str | None = None, oai_page: int | None = None, **limits: Any) -> Iterator[str]:
    """`ldcat serve`'s server over `site` in a thread on a free loopback port (with OAI-PMH given
    `admin_email`); yields its base URL."""
    from ldcat.serve import Limits, make_server

    server = make_server(site, "127.0.0.1", 0, Limits(**limits), admin_email,
                         **({"oai_page": oai_page} if oai_page else {}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
