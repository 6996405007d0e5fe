"""No network at run time or test time: the session refuses every connection but loopback (conftest's
`network_denied`), and convert, validate and publish run whole under it."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ALL_FIXTURES, PAGE_JSONLD, ROOT
from ldcat.cli import main


def test_the_session_refuses_connections_beyond_this_machine() -> None:
    with pytest.raises(AssertionError, match="never uses the network"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)  # TEST-NET-1: routable nowhere anyway


def test_convert_validate_and_publish_run_whole_without_the_network(tmp_path: Path) -> None:
    remote = json.loads((PAGE_JSONLD / "02_mhc_study_edgi.jsonld").read_text(encoding="utf-8"))
    remote["@context"] = "https://example.org/remote-context.jsonld"  # refused, never fetched
    (tmp_path / "remote.jsonld").write_text(json.dumps(remote), encoding="utf-8")
    sources = [*map(str, ALL_FIXTURES), str(ROOT / "examples" / "records.jsonl")]
    runner = CliRunner()
    convert = runner.invoke(main, ["convert", *sources, str(tmp_path / "remote.jsonld"), "-o",
                                   f"{tmp_path / 'out'}/", "-f", "nt", "-f", "jsonld", "--harvested", "2026-11-22"],
                            catch_exceptions=False)
    assert convert.exit_code == 1 and "is not fetched" in convert.stderr  # the remote context, reported
    validate = runner.invoke(main, ["validate", str(tmp_path / "out" / "catalog.jsonld"), "-f", "json"],
                             catch_exceptions=False)
    assert validate.exit_code in (0, 1) and json.loads(validate.stdout)["summary"]["datasets"] > 20
    publish = runner.invoke(main, ["publish", *sources, "-o", str(tmp_path / "site"), "--harvested", "2026-11-22"],
                            catch_exceptions=False)
    assert publish.exit_code == 0, publish.stderr
    assert (tmp_path / "site" / "index.html").is_file()
