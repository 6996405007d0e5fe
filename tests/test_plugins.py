"""The plugin registry: built-ins registered like anyone's, and a third party's package used unchanged.

The third-party package is real: a folder with a module and a ``.dist-info`` (METADATA and
entry_points.txt), put on the path as pip would install it. The CLI runs in a subprocess, as a user
runs it after ``pip install ldcat-croissant``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import tomllib
from importlib import metadata
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import ROOT
from ldcat.errors import UsageError
from ldcat.plugins import KINDS, Registry, registry

CROISSANT = '''
"""A third party's ldcat plugins: a CSV reader (with a column mapping) and a Croissant-flavoured profile."""

import csv
import io

from rdflib import Literal, URIRef

from ldcat.mapping import Profile
from ldcat.model import RawRecord
from ldcat.problems import Problem

SDO = "http://schema.org/"
CROISSANT = "http://mlcommons.org/croissant/"


class CsvReader:
    name = "csv"
    title = "CSV, one record per row"

    def __init__(self, settings):
        self.delimiter = settings.get("delimiter", ",")
        self.columns = {"name": "name", "description": "description", "uuid": "uuid", **settings.get("columns", {})}

    def sniff(self, head, *, at_eof, name):
        return bool(name and name.endswith(".csv"))

    def read(self, stream, origin):
        rows = csv.DictReader(io.TextIOWrapper(stream, encoding="utf-8"), delimiter=self.delimiter)
        for n, row in enumerate(rows, 2):
            name = row.get(self.columns["name"])
            if not name:
                yield Problem("csv-no-name", "the row has no name", "error", f"{origin}:{n}", self.columns["name"])
                continue
            yield RawRecord({"dataset_schema": {"name": name, "description": row.get(self.columns["description"])},
                             "extra_data": {"uuid": row.get(self.columns["uuid"]), "source": ["csv"]}},
                            f"{origin}:{n}", "csv")


class Croissant(Profile):
    name = "croissant"
    title = "Croissant (MLCommons) dataset metadata"

    def dataset(self, record, ds, options):
        yield ds, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(SDO + "Dataset")
        yield ds, URIRef(SDO + "name"), Literal(record.name)
        version = self.settings.get("version", "1.0")
        yield ds, URIRef("http://purl.org/dc/terms/conformsTo"), URIRef(f"{CROISSANT}{version}")
        if record.description is None:
            yield Problem("croissant-no-description", "Croissant wants a description", "warning", record.origin,
                          "description")
'''

ENTRY_POINTS = """
[ldcat.readers]
csv = ldcat_croissant:CsvReader

[ldcat.profiles]
croissant = ldcat_croissant:Croissant

[ldcat.writers]
nt = ldcat_croissant:NotAWriter
"""


@pytest.fixture
def third_party(tmp_path: Path) -> Path:
    """A site folder holding an installed 'ldcat-croissant' distribution."""
    site = tmp_path / "site"
    (site / "ldcat_croissant").mkdir(parents=True)
    (site / "ldcat_croissant" / "__init__.py").write_text(CROISSANT, encoding="utf-8")
    info = site / "ldcat_croissant-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: ldcat-croissant\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(ENTRY_POINTS, encoding="utf-8")
    return site


@pytest.fixture
def records_csv(tmp_path: Path) -> Path:
    path = tmp_path / "records.csv"
    rows = ["Title;About;id", "Living Costs 2021;A survey of household costs.;" + "3f1e" * 8, ";no name;" + "77aa" * 8,
            "Twins Study;;" + "9c0d" * 8]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def ldcat(*args: str, site: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(site or ""), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "ldcat", *args], capture_output=True, text=True, env=env, timeout=120,
                          check=False)


def pyproject_entry_points() -> dict[str, dict[str, str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {group.removeprefix("ldcat."): table for group, table in project["entry-points"].items()}


def test_every_builtin_is_registered_through_ldcats_own_entry_points() -> None:
    result = ldcat("plugins", "--json")
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    builtins = {(p["kind"], p["name"]): p for p in listed if p["builtin"]}
    declared = pyproject_entry_points()
    expected = {(kind, name) for kind, table in declared.items() for name in table}
    assert set(builtins) == expected
    for (kind, name), plugin in builtins.items():
        assert plugin["entry_point"] == f"{name} = {declared[kind][name]}"
        assert plugin["group"] == f"ldcat.{kind}" and plugin["distribution"] == "ldcat"
    assert {"readers", "profiles", "writers", "shapes"} <= set(declared)


def test_every_builtin_loads_and_has_the_interface_of_its_kind() -> None:
    from ldcat.mapping import Profile
    from ldcat.plugins import Reader, ShapesProfile

    for plugin in registry.plugins():
        loaded = registry.load(plugin.kind, plugin.name)
        if plugin.kind == "readers":
            assert isinstance(loaded({}), Reader) and loaded({}).name == plugin.name
        elif plugin.kind == "profiles":
            assert issubclass(loaded, Profile) and loaded.name == plugin.name and loaded.title
        elif plugin.kind == "writers":
            assert all(callable(getattr(loaded, m)) for m in ("begin", "render", "emit", "write", "end"))
        elif plugin.kind == "shapes":
            assert isinstance(loaded, ShapesProfile) and all(text for _, text in loaded.text())


def test_a_third_party_reader_and_profile_are_listed_and_used(third_party: Path, records_csv: Path) -> None:
    listing = ldcat("plugins", site=third_party)
    assert listing.returncode == 0, listing.stderr
    assert "croissant" in listing.stdout and "ldcat-croissant 0.1" in listing.stdout
    assert "(shadowed by ldcat's)" in listing.stdout  # its 'nt' writer cannot replace the built-in

    result = ldcat("convert", str(records_csv), "--profile", "croissant", "--set", "csv.delimiter=;",
                   "--set", "csv.columns.name=Title", "--set", "csv.columns.description=About",
                   "--set", "csv.columns.uuid=id", "--set", "croissant.version=1.1", "-f", "nt", site=third_party)
    assert result.returncode == 1, result.stderr  # one row has no name: reported, the others written
    quads = list(ox.parse(result.stdout.encode(), format=ox.RdfFormat.N_TRIPLES))
    names = {q.object.value for q in quads if q.predicate.value == "http://schema.org/name"}
    assert names == {"Living Costs 2021", "Twins Study"}
    conforms = {q.object.value for q in quads if q.predicate.value == "http://purl.org/dc/terms/conformsTo"}
    assert conforms == {"http://mlcommons.org/croissant/1.1"}
    assert not [q for q in quads if q.predicate.value.startswith("http://www.w3.org/ns/dcat#")]
    assert f"error: {records_csv}:3, Title: the row has no name" in result.stderr
    assert f"warning: {records_csv}:4, description: Croissant wants a description" in result.stderr


def test_the_reader_is_found_by_content_sniffing_without_from(third_party: Path, records_csv: Path) -> None:
    result = ldcat("convert", str(records_csv), "--profile", "schema", "--set", "csv.delimiter=;",
                   "--set", "csv.columns.name=Title", "--set", "csv.columns.uuid=id", "-f", "nt", site=third_party)
    assert "Living Costs 2021" in result.stdout and "Twins Study" in result.stdout


def test_an_unknown_plugin_name_is_a_usage_error() -> None:
    result = ldcat("convert", "examples/records.jsonl", "--profile", "croissant")
    assert result.returncode == 2
    assert "unknown profile 'croissant'" in result.stderr and "ldcat plugins" in result.stderr
    assert "Traceback" not in result.stderr


def dist_info(site: Path, name: str, entry_points: str) -> None:
    info = site / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")


def registry_of(site: Path) -> Registry:
    """A registry that sees only the distributions in `site`."""
    def source(group: str) -> list[metadata.EntryPoint]:
        return [p for d in metadata.distributions(path=[str(site)]) for p in d.entry_points if p.group == group]

    return Registry(source)


def test_builtins_win_and_third_parties_are_ordered_by_distribution(tmp_path: Path) -> None:
    dist_info(tmp_path, "aaa-plugins", "[ldcat.writers]\nnt = zzz:Fake\n")
    dist_info(tmp_path, "ldcat", "[ldcat.writers]\nnt = ldcat.x:NT\n")
    dist_info(tmp_path, "bbb", "[ldcat.writers]\ncsvw = b:W\n")
    dist_info(tmp_path, "aaa", "[ldcat.writers]\ncsvw = a:W\n")
    fake = registry_of(tmp_path)
    assert fake.names("writers") == ("nt", "csvw")
    found = {(p.name, p.distribution): p for p in fake.plugins("writers")}
    assert found["nt", "aaa-plugins"].shadowed_by == "ldcat" and found["nt", "ldcat"].shadowed_by is None
    assert found["csvw", "bbb"].shadowed_by == "aaa"


def test_a_broken_plugin_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    dist_info(tmp_path, "badpkg", "[ldcat.readers]\nbad = no_such_module:Reader\n")
    fake = registry_of(tmp_path)
    with pytest.raises(UsageError, match=r"the input format 'bad' \(no_such_module:Reader\) cannot be loaded"):
        fake.load("readers", "bad")
    with pytest.raises(UsageError, match="unknown plugin kind"):
        fake.names("nope")
    assert set(KINDS) >= {"readers", "profiles", "writers", "shapes", "harvesters"}


def test_plugins_table_lists_each_kind() -> None:
    result = ldcat("plugins")
    assert result.returncode == 0
    for kind in ("readers:", "profiles:", "writers:", "shapes:"):
        assert kind in result.stdout
    assert textwrap.dedent(result.stdout).count("built-in") == len(registry.plugins())
