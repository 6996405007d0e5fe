"""The embedded store: one named graph per record, reloads replace, --sync removes, locks are clear."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from conftest import OPTIONS, RECORDS, ROOT
from ldcat.cli import main
from ldcat.errors import InputError
from ldcat.problems import Report
from ldcat.store import LoadOptions, input_graphs, load_embedded, open_store

EDGI = RECORDS / "02_mhc_study_edgi.json"
EDGI_GRAPH = ox.NamedNode("https://data.example.org/record/a1c964cfed1e3f54ccc20eea1fa6deff")
NAMESPACES = ("https://data.example.org/record/", "https://data.example.org/catalog")


def _load(store: ox.Store, *paths: Path, sync: bool = False) -> Report:
    report = Report()
    load_embedded(store, input_graphs(list(paths), report, OPTIONS), report, LoadOptions(sync, NAMESPACES))
    return report


def _titles(store: ox.Store) -> set[str]:
    query = "SELECT ?t WHERE { GRAPH ?g { ?d <http://purl.org/dc/terms/title> ?t } }"
    return {row["t"].value for row in store.query(query)}


def test_each_record_is_a_named_graph_and_reloading_replaces_it(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s")
    first = _load(store, EDGI)
    assert store.contains_named_graph(EDGI_GRAPH)
    count = len(list(store.quads_for_pattern(None, None, None, EDGI_GRAPH)))
    assert count == first.stats["quads"] - sum(
        len(list(store.quads_for_pattern(None, None, None, g))) for g in store.named_graphs() if g != EDGI_GRAPH)

    changed = json.loads(EDGI.read_text())
    changed["dataset_schema"]["name"] = "Eating Disorders Genetics Initiative (renamed)"
    changed["dataset_schema"]["keywords"] = ["Housing"]
    path = tmp_path / "edgi-changed.json"
    path.write_text(json.dumps(changed))
    report = _load(store, path)
    assert report.stats["replaced"] >= 1
    assert "Eating Disorders Genetics Initiative" not in _titles(store)
    assert "Eating Disorders Genetics Initiative (renamed)" in _titles(store)
    keywords = {r["k"].value for r in store.query(
        "SELECT ?k WHERE { GRAPH ?g { ?d <http://www.w3.org/ns/dcat#keyword> ?k } }")}
    assert keywords == {"Housing"}


def test_sync_removes_records_no_longer_in_the_input(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s")
    _load(store, EDGI, RECORDS / "06_mhc_study_cosmo.json")
    report = _load(store, EDGI, sync=True)
    assert report.stats["removed"] == 1
    assert _titles(store) >= {"Eating Disorders Genetics Initiative"}
    assert "COVID Social Mobility & Opportunities (COSMO) Study" not in _titles(store)


def test_loading_ldcat_nquads_keeps_the_record_graphs(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s")
    _load(store, ROOT / "output")  # a directory: its catalog.nq, not every format
    graphs = {g.value for g in store.named_graphs()}
    assert len([g for g in graphs if "/record/" in g]) == 5
    assert len(store) == sum(1 for _ in ox.parse(path=str(ROOT / "output" / "catalog.nq"),
                                                 format=ox.RdfFormat.N_QUADS))


def test_a_store_locked_by_another_writer_gives_a_clear_error(tmp_path: Path) -> None:
    held = open_store(tmp_path / "s")
    with pytest.raises(InputError, match="open in another process"):
        open_store(tmp_path / "s")
    del held


def test_load_command(tmp_path: Path) -> None:
    store = tmp_path / "harmony.store"
    args = ["load", str(EDGI), str(RECORDS / "06_mhc_study_cosmo.json"), "--store", str(store),
            "--harvested", "2026-11-22"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "4 graph(s) loaded" in result.stderr  # 2 records, the aggregator, the mhc catalogue
    again = CliRunner().invoke(main, args)
    assert "(4 replaced, 0 removed)" in again.stderr


def test_any_rdf_file_loads_as_one_graph_blank_nodes_included(tmp_path: Path) -> None:
    data = tmp_path / "other.ttl"
    data.write_text('@prefix ex: <http://example.org/> .\nex:a ex:knows [ ex:name "B" ] .\n')
    store = open_store(tmp_path / "s")
    _load(store, data)
    _load(store, data)  # again: replaced, not doubled
    assert {g.value for g in store.named_graphs()} == {data.resolve().as_uri()}
    assert len(store) == 2
