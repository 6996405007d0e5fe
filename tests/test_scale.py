"""The same output whatever runs it: one process, a pool of them, or a Dask cluster on loopback."""

from __future__ import annotations

import itertools
import json
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import RECORDS, ROOT
from ldcat.engine import dask as distributed
from ldcat.mapping import MapOptions
from ldcat.pipeline import ConvertOptions, convert
from ldcat.problems import Report

MAPPING = MapOptions(harvested=date(2026, 11, 22))
FORMATS = ("nt", "turtle", "jsonld", "nq")


@pytest.fixture(scope="module")
def records_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every fixture record and the examples, as JSON Lines, with a bad line in the middle."""
    lines = [json.dumps(json.loads(p.read_text())) for p in sorted(RECORDS.glob("*.json"))]
    lines += (ROOT / "examples" / "records.jsonl").read_text().splitlines()
    lines.insert(7, "{not json")
    path = tmp_path_factory.mktemp("scale") / "records.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


EXTENSIONS = ("nt", "ttl", "jsonld", "nq")


def _run(source: Path, out: Path, **kw: object) -> tuple[dict[str, bytes], Report]:
    report = convert([source], ConvertOptions(formats=FORMATS, output=out, mapping=MAPPING, **kw))  # type: ignore[arg-type]
    return {f: (out / f"catalog.{e}").read_bytes() for f, e in zip(FORMATS, EXTENSIONS, strict=True)}, report


def test_jobs_do_not_change_the_output(records_jsonl: Path, tmp_path: Path) -> None:
    one, report = _run(records_jsonl, tmp_path / "one", jobs=1)
    two, _ = _run(records_jsonl, tmp_path / "two", jobs=2)
    assert one == two
    assert report.stats["written"] == 21 and report.stats["failed"] == 1


def test_validation_in_workers_matches_one_process(records_jsonl: Path, tmp_path: Path) -> None:
    _, one = _run(records_jsonl, tmp_path / "one", jobs=1, validate=("google", "ldcat"))
    _, two = _run(records_jsonl, tmp_path / "two", jobs=2, validate=("google", "ldcat"))
    assert sorted(map(str, one.problems)) == sorted(map(str, two.problems))


def test_partitions_cover_every_line_once(records_jsonl: Path) -> None:
    parts = distributed.partitions([str(records_jsonl)], lines=5)
    assert [p.first_line for p in parts] == [1, 6, 11, 16, 21]
    assert parts[0].start == 0 and parts[-1].end == records_jsonl.stat().st_size
    assert all(a.end == b.start for a, b in itertools.pairwise(parts))


def test_dask_local_cluster_gives_the_same_graph(records_jsonl: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(distributed, "PARTITION_LINES", 6)  # several partitions, some across the bad line
    local, local_report = _run(records_jsonl, tmp_path / "local", jobs=1)
    _, report = _run(records_jsonl, tmp_path / "dask", jobs=2, engine="dask")  # its own local cluster
    for fmt, ext, parser in (("nt", "nt", "nt"), ("turtle", "ttl", "turtle"), ("jsonld", "jsonld", "json-ld")):
        dask_text = (tmp_path / "dask" / f"catalog.{ext}").read_bytes()
        assert isomorphic(Graph().parse(data=dask_text, format=parser), Graph().parse(data=local[fmt], format=parser))
        assert dask_text == local[fmt]  # same order too: partitions are assembled in input order
    assert report.stats["written"] == local_report.stats["written"] == 21
    assert [p.record for p in report.errors] == [f"{records_jsonl}:8"]
    assert not (tmp_path / "dask" / ".shards").exists()
