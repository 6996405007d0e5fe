"""ldcat reads back what it writes: record → each output format → read back → the same triples.

For every fixture (tests/fixtures/harmony: API records, page payloads, page JSON-LD) and every output
format (N-Triples, Turtle, JSON-LD, N-Quads), the fixture is converted with the library
(`ldcat.pipeline.convert`), the file it wrote is read back through ldcat (`ldcat.pipeline.records`,
the format detected by content), and what the records read back map to is compared with the N-Triples
of the first conversion: the same IRIs and the same triples (`rdflib.compare.isomorphic`; ldcat writes
no blank nodes, so this is set equality).

What is compared: everything a conversion writes, the catalogue-level triples included (the Harmony
catalogue, each source catalogue's description, their `dcat:dataset` / `dcat:record` links): the
catalogues are rebuilt from the records read back, as `convert` does (`map_catalogues`). For N-Quads,
each record's named graph is also compared with the graph of the same name read back.

Reading ldcat's own output back reports nothing as not carried: every triple it wrote is read back
into the field it came from (the normaliser still repeats its own notes about the record, as it did
the first time).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from conftest import ALL_FIXTURES, FIXTURES, OPTIONS
from ldcat.mapping import MapOptions, map_catalogues
from ldcat.pipeline import ConvertOptions, convert, records
from ldcat.problems import Report
from ldcat.read import detect_format

# rdflib's own N-Quads parser warns about its own deprecated API.
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")

FORMATS = ("nt", "turtle", "jsonld", "nq")
EXTENSION = {"nt": "nt", "turtle": "ttl", "jsonld": "jsonld", "nq": "nq"}
RDFLIB_FORMAT = {"nt": "nt", "ttl": "turtle", "jsonld": "json-ld", "nq": "nquads"}
# Problems the normaliser reports about the record itself, which reading it again repeats.
_NOT_CARRIED = "field-not-mapped"


def _load(path: Path) -> Graph:
    graph = Graph()
    if path.suffix == ".nq":
        dataset = Dataset()
        dataset.parse(path, format="nquads")
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        return graph
    graph.parse(path, format=RDFLIB_FORMAT[path.suffix.lstrip(".")])
    return graph


def _write(fixture: Path, fmt: str, out: Path, mapping: MapOptions = OPTIONS) -> Path:
    report = convert([fixture], ConvertOptions(output=out, formats=tuple(dict.fromkeys((fmt, "nt"))), mapping=mapping))
    assert report.ok, [str(p) for p in report.errors]
    return out / f"catalog.{EXTENSION[fmt]}"


def read_back(path: Path, mapping: MapOptions = OPTIONS) -> tuple[Graph, Report, dict[str, Graph]]:
    """What ldcat reads from `path` maps to: one graph (records and their catalogues), the report,
    and each record's graph by its name (as N-Quads names them)."""
    report = Report()
    graph = Graph()
    by_name: dict[str, Graph] = {}
    catalogues = {}
    for item in records([path], report, mapping=mapping):
        graph += item.graph
        by_name[str(mapping.iris.record(item.record.key))] = item.graph
        catalogues.update((c.key, c) for c in item.record.catalogues)
    graph += map_catalogues(catalogues.values(), mapping)
    return graph, report, by_name


def _diff(expected: Graph, got: Graph) -> str:
    _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(got))
    lines = [f"- {t}" for t in sorted(missing)[:15]] + [f"+ {t}" for t in sorted(extra)[:15]]
    return f"{len(missing)} triple(s) missing, {len(extra)} extra:\n" + "\n".join(lines)


def _not_carried(report: Report) -> list[str]:
    return [str(p) for p in report.problems if p.code == _NOT_CARRIED]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("fixture", ALL_FIXTURES, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_every_fixture_round_trips_in_every_format(fixture: Path, fmt: str, tmp_path: Path) -> None:
    written = _write(fixture, fmt, tmp_path / "first")
    expected = _load(tmp_path / "first" / "catalog.nt")
    assert detect_format(written.read_bytes()[:65536], name=written.name) in ("rdf", "jsonld")
    got, report, _ = read_back(written)
    assert report.ok, [str(p) for p in report.errors]
    assert isomorphic(expected, got), _diff(expected, got)
    assert not _not_carried(report), _not_carried(report)


@pytest.mark.parametrize("fixture", ALL_FIXTURES, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_n_quads_record_graphs_come_back_graph_by_graph(fixture: Path, tmp_path: Path) -> None:
    written = _write(fixture, "nq", tmp_path / "first")
    dataset = Dataset()
    dataset.parse(written, format="nquads")
    _, _, by_name = read_back(written)
    names = {str(g.identifier) for g in dataset.graphs() if str(g.identifier).startswith(OPTIONS.base_iri + "record/")}
    assert names == set(by_name)
    for name in names:
        original = Graph()
        original += dataset.graph(URIRef(name))
        assert isomorphic(original, by_name[name]), f"{name}: " + _diff(original, by_name[name])


def test_a_second_round_trip_changes_nothing(tmp_path: Path) -> None:
    """ldcat's output read back and written again is byte-identical (it is deterministic)."""
    fixture = FIXTURES / "records" / "04_ukds_child_dataset_3957_vehicle_with_variables.json"
    first = _write(fixture, "turtle", tmp_path / "first")
    second = _write(first, "turtle", tmp_path / "second")
    third = _write(second, "turtle", tmp_path / "third")
    assert second.read_bytes() == third.read_bytes()
    assert _load(first) == _load(second) or isomorphic(_load(first), _load(second))


def test_another_base_iri_comes_back_from_the_output_itself(tmp_path: Path) -> None:
    """The base IRI is an option; read back without it, the output's own catalogue records say it."""
    mapping = MapOptions(base_iri="https://catalogue.example.net/ld/", harvested=OPTIONS.harvested)
    fixture = FIXTURES / "records" / "02_mhc_study_edgi.json"
    written = _write(fixture, "nt", tmp_path / "first", mapping)
    expected = _load(written)
    got, report, _ = read_back(written, mapping)
    assert isomorphic(expected, got), _diff(expected, got)
    assert not _not_carried(report)


def test_the_committed_demo_output_reads_back(tmp_path: Path) -> None:
    """`ldcat convert output/catalog.ttl -f jsonld` works: the bundled demo's output is read back."""
    from conftest import ROOT

    demo = ROOT / "output" / "catalog.ttl"
    report = convert([demo], ConvertOptions(output=tmp_path, formats=("jsonld", "nt"),
                                            mapping=MapOptions(harvested=OPTIONS.harvested)))
    assert report.ok and report.stats["records"] == 5, [str(p) for p in report.errors]
    assert not _not_carried(report)
    titles = {str(o) for o in _load(tmp_path / "catalog.nt").objects(None, URIRef("http://purl.org/dc/terms/title"))}
    assert "Northshire Growing Up Cohort (NGUC)" in titles
