"""`ldcat validate`, `ldcat shapes list` and `convert --validate`, through CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph

from conftest import RECORDS, ROOT
from ldcat.cli import main

MATILDA = RECORDS / "05_matilda_dataset_path_through_life.json"
EDGI = RECORDS / "02_mhc_study_edgi.json"


def run(*args: str) -> object:
    return CliRunner().invoke(main, [*args, *(["--harvested", "2026-11-22"] if args[0] == "convert" else [])],
                              catch_exceptions=False)


def _nameless_copy(tmp_path: Path) -> Path:
    """A record that maps (it has a name) but breaks a required shape: no description anywhere."""
    data = json.loads(EDGI.read_text())
    data["dataset_schema"].pop("description")
    data["extra_data"]["uuid"] = "f" * 32  # another record, not a duplicate of EDGI
    path = tmp_path / "no-description.json"
    path.write_text(json.dumps(data))
    return path


def test_validate_committed_output_in_each_format() -> None:
    for name in ("catalog.ttl", "catalog.jsonld", "catalog.nt"):
        result = run("validate", str(ROOT / "output" / name))
        assert result.exit_code == 0, result.output
        assert "5 dataset(s) checked" not in result.output or "0 violation(s)" in result.output
        assert "0 violation(s)" in result.output


def test_validate_records_reports_violations_with_exit_1(tmp_path: Path) -> None:
    result = run("validate", str(_nameless_copy(tmp_path)), "--profile", "google")
    assert result.exit_code == 1
    assert "Eating Disorders Genetics Initiative" in result.output
    assert "VIOLATION" in result.output and "schema:description" in result.output


def test_fail_on_warning(tmp_path: Path) -> None:
    assert run("validate", str(MATILDA), "--profile", "google").exit_code == 0
    result = run("validate", str(MATILDA), "--profile", "google", "--fail-on", "warning")
    assert result.exit_code == 1
    assert "WARNING" in result.output


def test_json_report_has_the_documented_shape(tmp_path: Path) -> None:
    result = run("validate", str(_nameless_copy(tmp_path)), "--report", "json")
    report = json.loads(result.stdout)
    assert set(report) == {"conforms", "profiles", "summary", "results"}
    assert report["conforms"] is False
    assert report["profiles"] == ["google", "dcat-ap-3", "ldcat"]
    assert set(report["summary"]) == {"datasets", "conforming", "violations", "warnings", "infos"}
    assert set(report["results"][0]) == {"profile", "severity", "focus", "path", "message", "value", "constraint",
                                         "shape", "dataset", "dataset_title"}


def test_turtle_report_is_a_shacl_report_graph(tmp_path: Path) -> None:
    result = run("validate", str(_nameless_copy(tmp_path)), "--report", "turtle")
    graph = Graph().parse(data=result.stdout, format="turtle")
    sh = "http://www.w3.org/ns/shacl#"
    assert len(list(graph.subjects(predicate=None, object=None))) > 0
    assert any(str(o) == sh + "ValidationReport" for o in graph.objects())


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("validate", str(tmp_path / "missing.ttl")).exit_code == 2
    result = run("validate", str(EDGI), "--profile", "nope")
    assert result.exit_code == 2 and "unknown profile 'nope'" in result.output
    garbage = tmp_path / "bad.ttl"
    garbage.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    assert run("validate", str(garbage)).exit_code == 2


def test_shapes_list_names_every_profile() -> None:
    result = run("shapes", "list")
    assert result.exit_code == 0
    for profile in ("google", "dcat-ap-3", "ldcat"):
        assert profile in result.output


def test_convert_validate_skips_invalid_records_into_a_rejects_file(tmp_path: Path) -> None:
    bad = _nameless_copy(tmp_path)
    out = tmp_path / "out"
    result = run("convert", str(EDGI), str(bad), "-o", str(out), "-f", "nt", "--validate")
    assert result.exit_code == 1
    rejects = [json.loads(line) for line in (out / "rejects.jsonl").read_text().splitlines()]
    assert [r["origin"] for r in rejects] == [str(bad)]
    assert any(p["path"] == "schema:description" for p in rejects[0]["problems"])
    assert "1 record(s) converted" in result.stderr


def test_convert_validate_keep_and_fail(tmp_path: Path) -> None:
    bad = _nameless_copy(tmp_path)
    kept = run("convert", str(EDGI), str(bad), "-o", str(tmp_path / "k"), "-f", "nt", "--validate",
               "--on-invalid", "keep")
    assert kept.exit_code == 1 and "2 record(s) converted" in kept.stderr
    failed = run("convert", str(EDGI), str(bad), "-o", str(tmp_path / "f"), "-f", "nt", "--validate",
                 "--on-invalid", "fail")
    assert failed.exit_code == 1 and not (tmp_path / "f" / "catalog.nt").exists()
