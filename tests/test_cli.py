"""The command line, driven through CliRunner: exit codes, messages, files, stdin/stdout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from conftest import RECORDS, ROOT, SEED_PAGE
from ldcat.cli import main

GOOD = RECORDS / "01_ukds_dataset_856152.json"
ARGS = ["--harvested", "2026-11-22"]


def run(*args: str, input: bytes | None = None) -> object:
    return CliRunner().invoke(main, [*args], input=input, catch_exceptions=False)


def test_convert_to_a_directory_writes_every_format(tmp_path: Path) -> None:
    result = run("convert", str(GOOD), str(SEED_PAGE), "-o", str(tmp_path), "-f", "turtle", "-f", "jsonld",
                 "-f", "nt", *ARGS)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog.jsonld", "catalog.nt", "catalog.ttl"]
    assert "2 record(s) converted, 0 failed" in result.output
    ttl = Graph().parse(tmp_path / "catalog.ttl")
    assert len(ttl) == len(Graph().parse(tmp_path / "catalog.nt"))


def test_convert_streams_stdin_to_stdout() -> None:
    result = run("convert", "-", "-f", "nt", *ARGS, input=GOOD.read_bytes())
    assert result.exit_code == 0
    graph = Graph().parse(data=result.stdout, format="nt")
    assert len(graph) > 50
    assert "1 record(s) converted" in result.stderr


def test_split_writes_one_file_per_record(tmp_path: Path) -> None:
    result = run("convert", *map(str, sorted(RECORDS.glob("0*.json"))), "-o", str(tmp_path), "--split", *ARGS)
    assert result.exit_code == 0
    assert len(list((tmp_path / "datasets").glob("*.ttl"))) == 6


def test_bad_records_are_reported_and_the_good_ones_still_written(tmp_path: Path) -> None:
    good = json.loads(GOOD.read_text())
    nameless = {"dataset_schema": {"description": "no name"}, "extra_data": {"uuid": "0" * 32}}
    wrong_type = {"dataset_schema": ["not", "an", "object"], "extra_data": {"uuid": "1" * 32}}
    lines = [json.dumps(good), "{not json", json.dumps(nameless), json.dumps(wrong_type), "42"]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n")
    result = run("convert", str(source), "-o", f"{tmp_path / 'out'}/", "-f", "nt", *ARGS)
    assert result.exit_code == 1
    assert "1 record(s) converted, 4 failed" in result.stderr
    assert f"error: {source}:2" in result.stderr
    assert "record has no name" in result.stderr
    assert "dataset_schema must be an object, got list" in result.stderr
    assert "Traceback" not in result.output
    out = Graph().parse(tmp_path / "out" / "catalog.nt")
    assert any("5050ed61f083639e6f2563d215c23229" in str(s) for s in out.subjects())


def test_truncated_page_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    data = SEED_PAGE.read_bytes()
    page = tmp_path / "truncated.rsc.txt"
    page.write_bytes(data[: len(data) // 3])
    result = run("convert", str(page), str(GOOD), "-f", "nt", *ARGS)
    assert result.exit_code == 1
    assert "truncated.rsc.txt" in result.stderr
    assert "1 record(s) converted, 1 failed" in result.stderr


def test_strict_stops_at_the_first_bad_record_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(GOOD.read_text().replace("\n", "") + "\n{broken\n")
    result = run("convert", str(source), "-o", f"{tmp_path / 'out'}/", "--strict", *ARGS)
    assert result.exit_code == 1
    assert "Error: stopped:" in result.stderr
    assert not (tmp_path / "out" / "catalog.ttl").exists()


def test_usage_errors_exit_2() -> None:
    assert run("convert", "/nonexistent/records.json").exit_code == 2
    assert run("convert", str(GOOD), "-f", "rdfxml").exit_code == 2
    assert run("convert", str(GOOD), "-f", "nt", "-f", "turtle").exit_code == 2
    result = run("convert", str(GOOD), "--harvested", "yesterday")
    assert result.exit_code == 2 and "not an ISO date" in result.stderr


def test_every_command_has_help() -> None:
    for command in main.commands:
        result = run(command, "--help")
        assert result.exit_code == 0 and "Example" in result.output, command


def test_o_names_a_file_or_a_directory(tmp_path: Path) -> None:
    assert run("convert", str(GOOD), "-o", str(tmp_path / "one.nt"), *ARGS).exit_code == 0
    nt = (tmp_path / "one.nt").read_text()
    assert nt.startswith("<") and "@prefix" not in nt  # N-Triples, from the extension
    assert run("convert", str(GOOD), "-o", str(tmp_path / "named.out"), "-f", "turtle", *ARGS).exit_code == 0
    assert (tmp_path / "named.out").read_text().startswith("@prefix")
    assert run("convert", str(GOOD), "-o", f"{tmp_path / 'new'}/", "-f", "nt", "-f", "jsonld", *ARGS).exit_code == 0
    assert {p.name for p in (tmp_path / "new").iterdir()} == {"catalog.nt", "catalog.jsonld"}
    two = run("convert", str(GOOD), "-o", str(tmp_path / "two.nt"), "-f", "nt", "-f", "turtle", *ARGS)
    assert two.exit_code == 2 and "takes one format" in two.stderr
    unknown = run("convert", str(GOOD), "-o", str(tmp_path / "x.unknown"), *ARGS)
    assert unknown.exit_code == 2 and "name it with -f" in unknown.stderr
    assert not (tmp_path / "two.nt").exists() and not (tmp_path / "x.unknown").exists()


def test_one_name_per_concept_across_commands() -> None:
    """--profile is vocabularies, --shapes is SHACL, -q is --quiet, --base-iri the base, wherever they appear."""
    meaning = {"--profile": "vocabular", "--shapes": "shapes", "-q": "--quiet", "--base-iri": "base iri",
               "--from": "input format", "--report-json": "json", "--set": "setting", "--config": "toml"}
    for name, command in main.commands.items():
        for param in getattr(command, "params", []):
            for opt in param.opts:
                if opt in meaning:
                    described = " ".join([*param.opts, param.help or ""]).lower()
                    assert meaning[opt].lower() in described, (name, opt, param.help)
    assert "--base-url" not in run("publish", "--help").output


def test_query_text_from_stdin(tmp_path: Path) -> None:
    result = run("query", str(GOOD.parent.parent.parent.parent.parent / "output" / "catalog.ttl"), "-Q", "-",
                 "-f", "csv", input=b"SELECT (COUNT(*) AS ?n) WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> }")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "n" and int(result.output.splitlines()[1]) > 0


def test_every_option_the_readme_shows_exists() -> None:
    """The README's shell examples use only options their command has (a renamed option breaks this)."""
    import re
    import shlex

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.S)
    checked = 0
    for line in (ln for block in blocks for ln in block.splitlines()):
        command_line = line.split("|")[-1].split(" #")[0].split(">")[0].strip()
        command_line = re.sub(r"^(LDCAT_\w+=\S+\s+)+", "", command_line)
        if not command_line.startswith("ldcat "):
            continue
        words = shlex.split(command_line)[1:]
        group = main.commands[words[0]]
        command = group.commands[words[1]] if hasattr(group, "commands") else group
        known = {opt for param in command.params for opt in param.opts} | {"--help", "-h"}
        for word in words:
            if word.startswith("-") and word != "-":
                assert word.split("=")[0] in known, f"README: {command_line!r}: {word} is not an option"
                checked += 1
    assert checked > 30


def test_language_tags_the_records_text_in_every_profile() -> None:
    def titles(*extra: str) -> set[str]:
        lines = run("convert", str(GOOD), "-f", "nt", *extra, *ARGS).output.splitlines()
        return {ln.split("> ", 2)[2] for ln in lines
                if ("/title>" in ln or "schema.org/name>" in ln) and "/dataset/" in ln.split(" ")[0]}

    assert {t[-6:] for t in titles("--language", "cy")} == {'"@cy .'}
    assert {t[-6:] for t in titles()} == {'"@en .'}
    assert all(t.endswith('" .') for t in titles("--language", ""))  # untagged


def test_a_bad_first_line_does_not_reject_a_json_lines_file(tmp_path: Path) -> None:
    good = json.dumps(json.loads(GOOD.read_text()))
    for first in ("null", "<html><body>502 Bad Gateway</body></html>", "[1, 2", "42"):
        source = tmp_path / "in.jsonl"
        source.write_text(f"{first}\n{good}\n")
        result = run("convert", str(source), "-f", "nt", *ARGS)
        assert result.exit_code == 1, first
        assert "1 record(s) converted, 1 failed" in result.stderr, (first, result.stderr)
        assert f"error: {source}:1" in result.stderr


def test_a_long_query_text_is_a_query_not_a_file_name() -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }" + " " * 300 + "# padded past any file name's length"
    result = run("query", str(GOOD.parents[4] / "output" / "catalog.ttl"), query, "-f", "csv")
    assert result.exit_code == 0, result.output
    assert int(result.output.splitlines()[1]) > 0


def test_the_command_list_is_not_cut_short() -> None:
    result = CliRunner().invoke(main, ["--help"])
    commands = result.output.split("Commands:")[1]
    assert "..." not in commands and len(commands.strip().splitlines()) >= 9


def test_a_config_file_read_from_the_working_directory_is_named(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = str(ROOT / "examples" / "records.jsonl")
    quiet = CliRunner().invoke(main, ["convert", source, "-q", "-o", "a.nt"])
    assert quiet.exit_code == 0 and "ldcat.toml" not in quiet.stderr
    (tmp_path / "ldcat.toml").write_text('harvested = 2020-01-01\nformats = ["nt"]\n')
    pinned = CliRunner().invoke(main, ["convert", source, "-q", "-o", "b.nt"])
    assert "note: settings from ./ldcat.toml: harvested = 2020-01-01, formats" in pinned.stderr
    assert '"2020-01-01"' in (tmp_path / "b.nt").read_text()
    chosen = CliRunner().invoke(main, ["convert", source, "-q", "-o", "c.nt", "--config", "ldcat.toml"])
    assert "note: settings" not in chosen.stderr  # asked for by name: nothing to point out
