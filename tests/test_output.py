"""output/ holds the committed example output; this fails when it no longer matches the code."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from conftest import ROOT
from ldcat.cli import main


def test_committed_output_is_up_to_date(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)  # the demo reads ./ldcat.toml, as `make demo` does
    result = CliRunner().invoke(main, ["convert", "examples/records.jsonl", "-o", str(tmp_path),
                                       "-f", "turtle", "-f", "jsonld", "-f", "nt", "-f", "nq"])
    assert result.exit_code == 0, result.output
    committed = ROOT / "output"
    for name in ("catalog.ttl", "catalog.jsonld", "catalog.nt", "catalog.nq"):
        fresh = (tmp_path / name).read_bytes()
        assert (committed / name).read_bytes() == fresh, f"output/{name} is stale: run `make demo` and commit it"
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".")], "temporary files left behind"
