"""`ldcat validate`, `ldcat shapes list` and `convert --validate`, through CliRunner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result
from rdflib import Graph

from conftest import RECORDS, ROOT
from ldcat.cli import main

MATILDA = RECORDS / "05_matilda_dataset_path_through_life.json"
EDGI = RECORDS / "02_mhc_study_edgi.json"


def run(*args: str) -> Result:
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
    result = run("validate", str(_nameless_copy(tmp_path)), "--shapes", "google")
    assert result.exit_code == 1
    assert "Eating Disorders Genetics Initiative" in result.output
    assert "VIOLATION" in result.output and "schema:description" in result.output


def test_fail_on_warning(tmp_path: Path) -> None:
    assert run("validate", str(MATILDA), "--shapes", "google").exit_code == 0
    result = run("validate", str(MATILDA), "--shapes", "google", "--fail-on", "warning")
    assert result.exit_code == 1
    assert "WARNING" in result.output


def test_json_report_has_the_documented_shape(tmp_path: Path) -> None:
    result = run("validate", str(_nameless_copy(tmp_path)), "-f", "json")
    report = json.loads(result.stdout)
    assert set(report) == {"conforms", "profiles", "summary", "results"}
    assert report["conforms"] is False
    assert report["profiles"] == ["google", "dcat-ap-3", "ldcat"]
    assert set(report["summary"]) == {"datasets", "conforming", "violations", "warnings", "infos"}
    assert set(report["results"][0]) == {"profile", "severity", "focus", "path", "message", "value", "constraint",
                                         "shape", "dataset", "dataset_title"}


def test_turtle_report_is_a_shacl_report_graph(tmp_path: Path) -> None:
    result = run("validate", str(_nameless_copy(tmp_path)), "-f", "turtle")
    graph = Graph().parse(data=result.stdout, format="turtle")
    sh = "http://www.w3.org/ns/shacl#"
    assert len(list(graph.subjects(predicate=None, object=None))) > 0
    assert any(str(o) == sh + "ValidationReport" for o in graph.objects())


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("validate", str(tmp_path / "missing.ttl")).exit_code == 2
    result = run("validate", str(EDGI), "--shapes", "nope")
    assert result.exit_code == 2 and "unknown shapes profile 'nope'" in result.output
    garbage = tmp_path / "bad.ttl"
    garbage.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    assert run("validate", str(garbage)).exit_code == 2


def test_shapes_list_names_every_profile() -> None:
    result = run("shapes", "list")
    assert result.exit_code == 0
    for profile in ("google", "dcat-ap-3", "ldcat"):
        assert profile in result.output
        assert f"shapes/{profile}.ttl (" in result.output


def test_convert_validate_skips_invalid_records_into_a_rejects_file(tmp_path: Path) -> None:
    bad = _nameless_copy(tmp_path)
    out = tmp_path / "out"
    result = run("convert", str(EDGI), str(bad), "-o", f"{out}/", "-f", "nt", "--validate")
    assert result.exit_code == 1
    rejects = [json.loads(line) for line in (out / "rejects.jsonl").read_text().splitlines()]
    assert [r["origin"] for r in rejects] == [str(bad)]
    assert any(p["path"] == "schema:description" for p in rejects[0]["problems"])
    assert "1 record(s) converted" in result.stderr


def test_convert_validate_keep_and_fail(tmp_path: Path) -> None:
    bad = _nameless_copy(tmp_path)
    kept = run("convert", str(EDGI), str(bad), "-o", f"{tmp_path / 'k'}/", "-f", "nt", "--validate",
               "--on-invalid", "keep")
    assert kept.exit_code == 1 and "2 record(s) converted" in kept.stderr
    failed = run("convert", str(EDGI), str(bad), "-o", f"{tmp_path / 'f'}/", "-f", "nt", "--validate",
                 "--on-invalid", "fail")
    assert failed.exit_code == 1 and not (tmp_path / "f" / "catalog.nt").exists()


# --- shapes of one's own, and standard input ------------------------------------------------------

HOUSE_RULES = """
@prefix ex: <https://example.org/house#> .
@prefix schema: <http://schema.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .

ex:DatasetVersion a sh:NodeShape ;
    sh:targetClass schema:Dataset ;
    sh:property [ sh:path schema:version ; sh:minCount 1 ; sh:severity sh:Violation ;
                  sh:message "House rule: every dataset states its schema:version." ] .

ex:ShortName a sh:NodeShape ;
    sh:targetClass schema:Dataset ;
    sh:severity sh:Warning ;
    sh:message "House rule: a name under 200 characters." ;
    sh:sparql [ sh:select \"\"\"SELECT $this ?value WHERE {
        $this <http://schema.org/name> ?value . FILTER (STRLEN(STR(?value)) < 200) }\"\"\" ] .
"""


def _house_rules(tmp_path: Path) -> Path:
    path = tmp_path / "house-rules.ttl"
    path.write_text(HOUSE_RULES, encoding="utf-8")
    return path


def test_a_shapes_file_of_ones_own_gives_its_results(tmp_path: Path) -> None:
    result = run("validate", str(MATILDA), "--shapes", str(_house_rules(tmp_path)), "-f", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["profiles"] == ["house-rules"]
    found = {(r["profile"], r["severity"], r["path"], r["message"]) for r in report["results"]}
    assert ("house-rules", "violation", "schema:version", "House rule: every dataset states its schema:version.") \
        in found
    assert ("house-rules", "warning", None, "House rule: a name under 200 characters.") in found  # SHACL-SPARQL
    assert {r["profile"] for r in report["results"]} == {"house-rules"}


def test_a_shapes_file_and_a_profile_together(tmp_path: Path) -> None:
    result = run("validate", str(MATILDA), "--shapes", "google", "--shapes", str(_house_rules(tmp_path)), "-f",
                 "json")
    report = json.loads(result.stdout)
    assert report["profiles"] == ["google", "house-rules"]
    assert {r["profile"] for r in report["results"]} == {"google", "house-rules"}
    text = run("validate", str(MATILDA), "--shapes", "google", "--shapes", str(_house_rules(tmp_path)))
    assert "checked against google, house-rules" in text.output and "[house-rules]" in text.output


def test_unknown_shapes_name_exits_2_listing_the_names() -> None:
    result = run("validate", str(EDGI), "--shapes", "goggle")
    assert result.exit_code == 2
    assert "unknown shapes profile 'goggle'" in result.output
    assert all(name in result.output for name in ("google", "dcat-ap-3", "ldcat"))
    missing = run("validate", str(EDGI), "--shapes", "no/such/shapes.ttl")
    assert missing.exit_code == 2 and "no such shapes file: no/such/shapes.ttl" in missing.output


def test_a_shapes_file_that_is_not_usable_shacl_exits_2_without_a_traceback(tmp_path: Path) -> None:
    cases = {
        "not-turtle.ttl": ("sh:NodeShape {", "not valid Turtle: at line 1"),
        "no-shapes.ttl": ("@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\n", "no SHACL shapes"),
        "no-path.ttl": ("@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <https://example.org/> .\n"
                        "ex:S a sh:PropertyShape ; sh:targetClass <http://schema.org/Dataset> ; sh:minCount 1 .\n",
                        "shapes no-path: not usable SHACL: A shape defined as a PropertyShape must include"),
    }
    for name, (text, message) in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        result = CliRunner().invoke(main, ["validate", str(MATILDA), "--shapes", str(tmp_path / name)])
        assert result.exit_code == 2, (name, result.output)
        assert message in result.output, (name, result.output)
        assert result.exc_info is None or result.exc_info[0] is SystemExit  # a message, not a traceback


def test_validate_turtle_on_stdin() -> None:
    turtle = (ROOT / "output" / "catalog.ttl").read_bytes()
    result = CliRunner().invoke(main, ["validate", "-"], input=turtle, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "6 dataset(s) checked" in result.output and "0 violation(s)" in result.output
    files = run("validate", str(ROOT / "output" / "catalog.ttl"), "-f", "json")
    piped = CliRunner().invoke(main, ["validate", "-", "-f", "json"], input=turtle, catch_exceptions=False)
    assert json.loads(piped.stdout) == json.loads(files.stdout)  # the same report as from the file


def test_validate_a_record_on_stdin(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "-", "--shapes", "google"], catch_exceptions=False,
                                input=_nameless_copy(tmp_path).read_bytes())
    assert result.exit_code == 1
    assert "Eating Disorders Genetics Initiative" in result.output
    assert "VIOLATION" in result.output and "schema:description" in result.output
    good = CliRunner().invoke(main, ["validate", "-", "--shapes", "google"], input=MATILDA.read_bytes(),
                              catch_exceptions=False)
    assert good.exit_code == 0 and "1 dataset(s) checked against google" in good.output


def test_bad_rdf_on_stdin_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "-", "--from", "turtle"], input=b"<a> <b> .\n")
    assert result.exit_code == 2 and "<stdin>: invalid turtle" in result.output


def test_convert_validate_takes_a_shapes_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("convert", str(EDGI), "-o", f"{out}/", "-f", "nt", "--validate", "--shapes",
                 str(_house_rules(tmp_path)))
    assert result.exit_code == 1  # the record has no schema:version: skipped
    rejects = [json.loads(line) for line in (out / "rejects.jsonl").read_text().splitlines()]
    assert [r["origin"] for r in rejects] == [str(EDGI)]
    assert {p["profile"] for p in rejects[0]["problems"]} == {"house-rules"}


# --- a third party's shapes profile ----------------------------------------------------------------

THIRD_PARTY = '''
"""A third party's shapes profile, packaged as ldcat's own are."""

from importlib import resources

from ldcat.plugins import ShapesProfile

HOUSE = ShapesProfile("house", "House rules: every dataset states its version.",
                      (resources.files(__name__).joinpath("house.ttl"),))
'''


def test_shapes_list_and_validate_use_a_third_party_profile(tmp_path: Path) -> None:
    site = tmp_path / "site"
    package = site / "ldcat_house"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(THIRD_PARTY, encoding="utf-8")
    (package / "house.ttl").write_text(HOUSE_RULES, encoding="utf-8")
    info = site / "ldcat_house-0.2.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: ldcat-house\nVersion: 0.2\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[ldcat.shapes]\nhouse = ldcat_house:HOUSE\n", encoding="utf-8")

    def ldcat(*args: str) -> subprocess.CompletedProcess[str]:
        path = os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))
        return subprocess.run([sys.executable, "-m", "ldcat", *args], capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONPATH": path}, check=False)

    listing = ldcat("shapes", "list")
    assert listing.returncode == 0, listing.stderr
    assert f"house      {package / 'house.ttl'} (2 shapes)  [ldcat-house 0.2]" in listing.stdout
    assert "House rules: every dataset states its version." in listing.stdout
    assert "google     shapes/google.ttl" in listing.stdout

    result = ldcat("validate", str(MATILDA), "--shapes", "house", "-f", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["profiles"] == ["house"] and {r["profile"] for r in report["results"]} == {"house"}
    default = json.loads(ldcat("validate", str(MATILDA), "-f", "json").stdout)
    assert default["profiles"] == ["google", "dcat-ap-3", "ldcat"]  # asked for, not by default


def test_a_file_validates_exactly_as_rdflibs_parse_of_it_does(tmp_path: Path) -> None:
    """`ldcat validate FILE` parses with pyoxigraph and splits the triples into pieces in plain
    dictionaries; the reference is rdflib's own parse of the same file, split as an rdflib Graph.
    Every result (focus, path, constraint, severity, value) and every dataset must agree."""
    from conftest import ALL_FIXTURES, OPTIONS
    from ldcat.pipeline import ConvertOptions, convert
    from ldcat.validate.sources import validate_sources
    from ldcat.validate.validator import validate_graph

    convert(ALL_FIXTURES, ConvertOptions(formats=("nt", "turtle"), output=tmp_path, mapping=OPTIONS))
    for name, fmt in (("catalog.nt", "nt"), ("catalog.ttl", "turtle")):
        fast, problems = validate_sources([str(tmp_path / name)])
        reference = validate_graph(Graph().parse(tmp_path / name, format=fmt))
        assert problems.ok
        assert fast.datasets == reference.datasets and len(fast.datasets) >= 16
        assert sorted(map(repr, fast.results)) == sorted(map(repr, reference.results))
        assert any(r.severity == "warning" for r in fast.results)
