"""`ldcat harvest dcat` (Hydra pages) and `ldcat harvest oai` (dcat_ap) against `ldcat serve` over a
site published from the real fixtures: what comes back, read by ldcat's RDF reader, is every record
the site has; a Hydra loop is stopped."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from conftest import FIXTURES, serving
from ldcat.publish import PublishOptions, publish
from ldcat.publish.state import read_state

RECORDS = sorted((FIXTURES / "records").glob("*.json"))


def ldcat(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ldcat", *args], capture_output=True, text=True, timeout=300,
                          check=False)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    site = tmp_path_factory.mktemp("linked") / "site"
    assert publish(RECORDS, PublishOptions(site, "http://127.0.0.1:1/", harvested=date(2026, 11, 22))).ok
    with serving(site, admin_email="data@example.org", oai_page=4) as url:
        base = f"{url}/"
        assert publish(RECORDS, PublishOptions(site, base, page_size=5, harvested=date(2026, 11, 22))).ok
        yield base, site


def _keys_read_back(path: Path, tmp_path: Path) -> set[str]:
    result = ldcat("convert", str(path), "-f", "nt", "-o", str(tmp_path / "back.nt"), "--report-json", "-")
    assert result.returncode in (0, 1), result.stderr
    nt = (tmp_path / "back.nt").read_text(encoding="utf-8")
    return {line.split()[0].strip("<>").rsplit("/", 1)[-1] for line in nt.splitlines()
            if " <http://xmlns.com/foaf/0.1/primaryTopic> " in line}


def test_every_hydra_page_is_harvested_and_reads_back(served: tuple[str, Path], tmp_path: Path) -> None:
    base, site = served
    out = tmp_path / "catalogue.nt"
    result = ldcat("harvest", "dcat", f"{base}catalog/page-1.ttl", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert len(list((site / "catalog").glob("page-*.ttl"))) >= 4  # several pages were followed
    live = {k for k, v in read_state(site).records.items() if not v.part}
    assert {f"{k}" for k in _keys_read_back(out, tmp_path)} >= live


def test_oai_dcat_ap_is_harvested_and_reads_back(served: tuple[str, Path], tmp_path: Path) -> None:
    base, site = served
    out = tmp_path / "oai.nt"
    result = ldcat("harvest", "oai", f"{base}oai", "-o", str(out))
    assert result.returncode == 0, result.stderr
    live = {k for k, v in read_state(site).records.items() if not v.part}
    assert _keys_read_back(out, tmp_path) == live
    some = ldcat("harvest", "oai", f"{base}oai", "--set", "mhc", "-o", str(tmp_path / "mhc.nt"))
    assert some.returncode == 0, some.stderr
    mhc = {k for k, v in read_state(site).records.items() if "mhc" in v.sets and not v.part}
    assert _keys_read_back(tmp_path / "mhc.nt", tmp_path) == mhc
    none = ldcat("harvest", "oai", f"{base}oai", "--from", "2030-01-01", "-o", str(tmp_path / "none.nt"))
    assert none.returncode == 0 and (tmp_path / "none.nt").read_text() == ""


@pytest.fixture
def looping() -> Iterator[str]:
    def app(environ: dict[str, object], start_response: object) -> object:
        request = Request(environ)  # type: ignore[arg-type]
        other = "b" if request.path.endswith("a.ttl") else "a"
        body = (f"<{request.url}> <http://www.w3.org/ns/hydra/core#next> <{request.host_url}{other}.ttl> .\n"
                f"<{request.url}> <http://purl.org/dc/terms/title> {json.dumps(request.path)} .\n")
        return Response(body, mimetype="text/turtle")(environ, start_response)  # type: ignore[arg-type]

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


def test_a_hydra_loop_is_stopped(looping: str, tmp_path: Path) -> None:
    result = ldcat("harvest", "dcat", f"{looping}a.ttl", "-o", str(tmp_path / "x.nt"))
    assert result.returncode == 1
    assert "loop" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.nt").exists() and not (tmp_path / "x.nt.part").exists()


@pytest.mark.parametrize("args", [
    ["harvest", "dcat", "notaurl", "-o", "x.nt"],
    ["harvest", "dcat", "file:///etc/passwd", "-o", "x.nt"],
    ["harvest", "oai", "http://127.0.0.1:9/oai", "-o", "/nonexistent/x.nt"],
    ["harvest", "harmony", "--api", "http://127.0.0.1:9/", "-o", "/nonexistent/x.jsonl"],
])
def test_bad_arguments_are_usage_errors(args: list[str], tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "ldcat", *args], capture_output=True, text=True, timeout=60,
                            check=False, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "Error:" in result.stderr
    assert not list(tmp_path.iterdir())  # nothing written, nothing fetched
