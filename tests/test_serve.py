"""`ldcat serve` is safe to expose: bounded queries, no federation, no updates, nothing outside the site,
and it keeps answering under many clients and slow ones. Everything runs on 127.0.0.1."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from conftest import RECORDS, serving
from ldcat.publish import PublishOptions, publish

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("serve")
    path = root / "site"
    options = PublishOptions(site=path, base_url="https://data.example.org/", page_size=5,
                             harvested=date(2026, 11, 22))
    assert publish(sorted(RECORDS.glob("*.json")), options).ok
    (root / "secret.txt").write_text("outside the site")
    (path / "escape").symlink_to(root)  # a link out of the site must not serve what it points at
    return path


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    with serving(site, seconds=2, rows=50) as base:
        yield base


def status(url: str, timeout: float = 30) -> tuple[int, bytes]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def sparql(base: str, query: str) -> tuple[int, bytes]:
    return status(f"{base}/sparql?{urllib.parse.urlencode({'query': query})}")


def test_a_federated_query_is_refused(served: str) -> None:
    code, body = sparql(served, "SELECT * WHERE { SERVICE <http://192.0.2.1/sparql> { ?s ?p ?o } }")
    assert code == 403 and b"SERVICE" in body
    assert sparql(served, "SELECT * WHERE { ?s ?p 'SERVICE in a literal' } LIMIT 1")[0] == 200


def test_updates_are_refused(served: str) -> None:
    updates = ("DROP ALL", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "PREFIX x: <urn:x#> DELETE WHERE { ?s ?p ?o }")
    for update in updates:
        code, body = sparql(served, update)
        assert code == 403 and b"read-only" in body, update
    assert sparql(served, "ASK { ?s ?p ?o }")[0] == 200  # the data is still there


def test_a_runaway_query_is_stopped_at_the_time_limit(served: str) -> None:
    started = time.monotonic()
    code, body = sparql(served, HEAVY)
    assert code == 503 and b"limit" in body
    assert time.monotonic() - started < 20  # stopped, not run to the end (which takes minutes)
    assert sparql(served, "ASK { ?s ?p ?o }")[0] == 200  # and the server goes on


def test_results_past_the_limit_are_refused_with_advice(served: str) -> None:
    code, body = sparql(served, "SELECT * WHERE { ?s ?p ?o }")
    assert code == 507 and b"LIMIT" in body
    assert sparql(served, "SELECT * WHERE { ?s ?p ?o } LIMIT 50")[0] == 200


@pytest.mark.parametrize("path", ["/../secret.txt", "/%2e%2e/secret.txt", "/dataset/%2e%2e/%2e%2e/secret.txt",
                                  "/escape/secret.txt", "/..%2fsecret.txt", "//etc/passwd", "/%00"])
def test_nothing_outside_the_site_is_served(served: str, path: str) -> None:
    code, body = status(served + path)
    assert code in (400, 404) and b"outside the site" not in body and b"root:" not in body


def test_many_clients_and_a_slow_one(served: str) -> None:
    slow = socket.create_connection(("127.0.0.1", int(served.rsplit(":", 1)[1])))
    slow.sendall(b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never finishes its request
    try:
        with ThreadPoolExecutor(max_workers=50) as pool:
            pages = list(pool.map(lambda _: status(served + "/index.html", timeout=60)[0], range(200)))
            queries = list(pool.map(lambda _: sparql(served, "ASK { ?s ?p ?o }")[0], range(20)))
    finally:
        slow.close()
    assert pages == [200] * 200 and queries == [200] * 20
