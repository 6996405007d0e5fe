"""Every engine writes the same bytes and the same report: local (one process, a pool) and Dask.

The input has every kind of bad line (invalid JSON, a byte-order mark mid-file, `null`, a list
line, a record without a name, repeats of earlier records, records that break a SHACL shape), and
the partitions are small so the bad lines and the repeats fall in different partitions from the
records they repeat. One Dask cluster serves the whole module (it takes seconds to start).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import RECORDS, ROOT
from ldcat.engine import dask as dask_engine
from ldcat.engine import local as local_engine
from ldcat.engine.slabs import slabs as slabbed
from ldcat.errors import LdcatError
from ldcat.mapping import MapOptions
from ldcat.pipeline import ConvertOptions, OnInvalid, convert
from ldcat.problems import Report

MAPPING = MapOptions(harvested=date(2026, 11, 22))
FORMATS = ("nt", "turtle", "jsonld", "nq")
PROFILES = ("google", "ldcat")
PARTITION_LINES = 3
REPEAT = "same key as an earlier record; this copy skipped"


def _record(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((RECORDS / name).read_text())
    return data


def _line(data: object) -> str:
    return json.dumps(data, ensure_ascii=False)


def _nameless() -> dict[str, Any]:
    data = _record("04_ukds_child_dataset_3957_vehicle_with_variables.json")
    data["dataset_schema"].pop("name")
    data["extra_data"].pop("name", None)
    return data


def _undescribed(uuid: str) -> dict[str, Any]:
    """A record that maps but breaks a required shape: no description anywhere."""
    data = _record("02_mhc_study_edgi.json")
    data["dataset_schema"].pop("description")
    data["extra_data"]["uuid"] = uuid  # another record, not a repeat of EDGI
    return data


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    first, second = _record("01_ukds_dataset_856152.json"), _record("03_adruk_dataset_nhs_tayside_fife_immunology.json")
    listed = _record("06_mhc_study_cosmo.json")
    lines = [
        _line(first),
        _line(second),
        "",
        "{not json",  # line 4: the first partition boundary falls just before the first bad line
        "null",
        _line([listed, 7]),  # a list line: a record (#1) and not a record (#2)
        "\ufeff" + _line(_record("05_matilda_dataset_path_through_life.json")),  # a BOM is only allowed on line 1
        _line(_nameless()),
        _line(first),  # a repeat, two partitions on
        _line(_undescribed("f" * 32)),
        _line(second),
        _line(listed),
        *(ROOT / "examples" / "records.jsonl").read_text().splitlines(),
        _line(_undescribed("e" * 32)),
    ]
    path = tmp_path_factory.mktemp("engines") / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@dataclass
class Run:
    """Everything a run leaves: every file under the output directory, the report, the error."""

    files: dict[str, bytes]
    stats: dict[str, int]
    problems: list[str]
    error: tuple[type[LdcatError], str] | None


def _run(source: Path, out: Path, engine: dict[str, Any], *, validate: tuple[str, ...] = PROFILES,
         on_invalid: OnInvalid = "skip", strict: bool = False) -> Run:
    options = ConvertOptions(formats=FORMATS, output=out, mapping=MAPPING, validate=validate, on_invalid=on_invalid,
                             strict=strict, rejects=out / "rejects.jsonl", **engine)
    report = Report()
    error = None
    try:
        convert([source], options, report=report)
    except LdcatError as exc:
        error = (type(exc), str(exc))
    files = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    return Run(files, dict(report.stats), [str(p) for p in report.problems], error)


def _engines(scheduler: str) -> dict[str, dict[str, Any]]:
    return {"local": {"jobs": 1}, "pool": {"jobs": 2}, "dask": {"engine": "dask", "scheduler": scheduler}}


@pytest.mark.parametrize(("on_invalid", "strict"), [(o, s) for o in ("skip", "keep", "fail") for s in (False, True)])
def test_every_engine_writes_the_same(source: Path, scheduler: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      on_invalid: OnInvalid, strict: bool) -> None:
    monkeypatch.setattr(dask_engine, "PARTITION_LINES", PARTITION_LINES)
    monkeypatch.setattr(local_engine, "SLAB_LINES", PARTITION_LINES)
    runs = {name: _run(source, tmp_path / name, engine, on_invalid=on_invalid, strict=strict)
            for name, engine in _engines(scheduler).items()}
    assert runs["pool"] == runs["local"]
    assert runs["dask"] == runs["local"]
    local = runs["local"]
    if strict:  # stops at the first bad line, and writes nothing
        assert local.error is not None and local.error[1].startswith(f"error: {source}:4: invalid JSON")
        assert local.files == {}
    elif on_invalid == "fail":  # stops at the first record with violations, after the repeat before it
        assert local.error is not None and local.error[1].startswith(f"{source}:10: schema:description")
        assert local.files == {}
        assert any(p.startswith(f"warning: {source}:9, extra_data.uuid: {REPEAT}") for p in local.problems)
    else:
        assert local.error is None
        assert {f"catalog.{e}" for e in ("nt", "ttl", "jsonld", "nq")} <= set(local.files)
        rejected = [json.loads(r)["origin"] for r in local.files.get("rejects.jsonl", b"").decode().splitlines()]
        assert rejected == ([f"{source}:10", f"{source}:18"] if on_invalid == "skip" else [])
        assert sum(REPEAT in p for p in local.problems) == 3
        assert local.stats["failed"] == 5  # invalid JSON, the BOM, null, the 7 in the list, no name


def test_every_engine_writes_the_same_without_validation(source: Path, scheduler: str, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_engine, "PARTITION_LINES", PARTITION_LINES)
    monkeypatch.setattr(local_engine, "SLAB_LINES", PARTITION_LINES)
    runs = {name: _run(source, tmp_path / name, engine, validate=())
            for name, engine in _engines(scheduler).items()}
    assert runs["pool"] == runs["local"] == runs["dask"]
    assert runs["local"].stats["written"] == 10 and "rejects.jsonl" not in runs["local"].files


def test_partitions_split_the_bad_lines_and_the_repeats(source: Path) -> None:
    parts = dask_engine.partitions([source], lines=PARTITION_LINES)
    assert [p.first_line for p in parts] == [1, 4, 7, 10, 13, 16]
    assert [p.last for p in parts] == [False] * 5 + [True]
    slabs = list(slabbed(str(source), str(source), PARTITION_LINES))
    assert [s.first_line for s in slabs] == [p.first_line for p in parts]
    assert b"".join(s.data for s in slabs) == source.read_bytes() and not any(s.whole for s in slabs)


@pytest.mark.parametrize(("text", "expected"), [
    ("\n\n\n\n[]\n", ["warning: {path}: holds no records (read as jsonl)"]),  # one slab: the whole file
    ("[]\n\n[]\n[]\n\n[]\n", ["warning: {path}: holds no records (read as jsonl)"]),  # known after the last
    ("", ["error: {path}: the input is empty"]),
    ('\n\n\n\n\n{"a": 1}\n\n\n{bad\n', ["error: {path}:6: not a Harmony record: no 'dataset_schema' or "
                                       "'extra_data' (keys: a)",
                                       "error: {path}:9: invalid JSON at column 2: Expecting property name "
                                       "enclosed in double quotes"]),
])
def test_the_pool_reads_a_file_as_one_process_does(scheduler: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   text: str, expected: list[str]) -> None:
    """The first slab runs to the first line of content, so the file's own problems (empty, no
    records after its last slab) are found as a whole-file read finds them, and line numbers count
    from the file's start."""
    monkeypatch.setattr(local_engine, "SLAB_LINES", 2)
    monkeypatch.setattr(dask_engine, "PARTITION_LINES", 2)
    path = tmp_path / "records.jsonl"
    path.write_text(text, encoding="utf-8")
    runs = [_run(path, tmp_path / name, engine, validate=()) for name, engine in _engines(scheduler).items()]
    assert runs[0] == runs[1] == runs[2]
    assert runs[1].problems == [e.format(path=path) for e in expected]


def test_a_readers_warning_without_a_record_is_reported_not_counted_as_a_failure() -> None:
    from ldcat.engine.policy import Policy
    from ldcat.engine.work import Outcome
    from ldcat.errors import StopRun
    from ldcat.problems import Problem, Report

    report = Report()
    note = Problem("rsc-truncated", "the page is truncated; the record may be incomplete", "warning", "p.rsc.txt")
    with Policy(report, strict=True) as policy:
        assert not policy.admit(Outcome("p.rsc.txt", None, [note]))
        assert report.stats["failed"] == 0 and report.problems == [note]
        error = Problem("rsc-no-rows", "no rows", "error", "q.rsc.txt")
        with pytest.raises(StopRun, match="no rows"):
            policy.admit(Outcome("q.rsc.txt", None, [note, error]))
    assert report.stats["failed"] == 1


def test_a_loaders_workers_run_below_it_and_give_the_same_text(tmp_path: Path) -> None:
    """`rendered` (what the loaders read) runs its pool `LOADER_NICE` steps below the loading process,
    so the store's loader keeps its core; the text is what one process renders, each line in the record's graph."""
    import multiprocessing
    import os

    from ldcat.pipeline import LOADER_NICE, rendered

    path = tmp_path / "records.jsonl"
    path.write_text("".join(_line(_record(name)) + "\n" for name in sorted(os.listdir(RECORDS))
                            if name.endswith(".json")), encoding="utf-8")
    others = {child.pid for child in multiprocessing.active_children()}  # the module's Dask cluster
    priorities: set[int] = set()
    pooled = []
    for item in rendered([path], Report(), mapping=MAPPING, jobs=2):
        priorities |= {os.getpriority(os.PRIO_PROCESS, child.pid) for child in multiprocessing.active_children()
                       if child.pid not in others}
        pooled.append((item.record.key, item.nquads))
    alone = [(item.record.key, item.nquads) for item in rendered([path], Report(), mapping=MAPPING, jobs=1)]
    assert pooled == alone and len(alone) > 3
    for key, quads in alone:
        graph = f" <{MAPPING.iris.record(key)}> .\n"
        assert quads and all(line.endswith(graph) for line in quads.splitlines(keepends=True))
    assert priorities == {min(os.getpriority(os.PRIO_PROCESS, 0) + LOADER_NICE, 19)}
