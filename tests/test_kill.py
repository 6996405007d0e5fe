"""Faults: `ldcat load` and `ldcat convert -o` killed (SIGKILL, or SIGINT as Ctrl-C) at random moments.

A killed load leaves the store readable with every record it had (old or new version, never
missing), and a rerun gives the same store as an uninterrupted load. A killed convert leaves the
previous output files whole, its temporary files are removed by the next run, which writes the same
bytes as an uninterrupted one, and no worker process outlives the killed parent.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from ldcat.mapping import MapOptions
from ldcat.pipeline import ConvertOptions, convert
from ldcat.problems import Report
from ldcat.store import LoadOptions, input_graphs, load_embedded, open_store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from synth import records as synthetic  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="signals and /proc: Linux only")

RECORDS = 30
TRIALS = 10
BASE = "https://data.example.org/"
HARVESTED = "2026-11-22"
OPTIONS = MapOptions(base_iri=BASE, harvested=date(2026, 11, 22))
RECORD_GRAPHS = f"{BASE}record/"
# The CLI with small batches, so that a load of a few dozen records runs through many of them.
LDCAT = [sys.executable, "-c", "import sys, ldcat.store.embedded as e; e.BULK_THRESHOLD = 3; "
         "from ldcat.cli import main; sys.argv[0] = 'ldcat'; main()"]


def _write(path: Path, items: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The first input and a changed one: every record revised, and a few new ones."""
    tmp = tmp_path_factory.mktemp("kill")
    first = list(synthetic(RECORDS + 5))
    changed = json.loads(json.dumps(first))
    for item in changed:
        schema = item["dataset_schema"]
        schema["name"] = f"{schema.get('name') or ''} (revised)"
    return _write(tmp / "first.jsonl", first[:RECORDS]), _write(tmp / "changed.jsonl", changed)


def _load(store: Path, source: Path) -> None:
    report = Report()
    load_embedded(open_store(store), input_graphs([source], report, OPTIONS), report, LoadOptions())


def _content(store: Path) -> tuple[set[str], list[str]]:
    opened = ox.Store.read_only(str(store))
    graphs = {g.value for g in opened.named_graphs() if isinstance(g, ox.NamedNode)}
    return graphs, sorted(str(q) for q in opened)


def _records(graphs: set[str]) -> set[str]:
    return {g for g in graphs if g.startswith(RECORD_GRAPHS)}


def _run(args: list[str], sig: int | None, delay: float) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([*LDCAT, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if sig is None:
        assert proc.wait(120) == 0
        return proc
    time.sleep(delay)
    proc.send_signal(sig)
    proc.wait(60)
    return proc


def test_killed_load_loses_no_record(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    first, changed = inputs
    base = tmp_path / "base.store"
    _load(base, first)
    before, _ = _content(base)
    old = _records(before)
    assert len(old) == RECORDS

    reference = tmp_path / "reference.store"
    shutil.copytree(base, reference)
    load = ["load", str(changed), "--base-iri", BASE, "--harvested", HARVESTED, "-q"]
    start = time.perf_counter()
    _run([*load, "--store", str(reference)], None, 0)
    duration = time.perf_counter() - start
    expected = _content(reference)
    assert _records(expected[0]) >= old and len(_records(expected[0])) == RECORDS + 5

    rng = random.Random(11)
    interrupted = 0
    for trial, sig in enumerate([signal.SIGKILL] * TRIALS + [signal.SIGINT] * TRIALS):
        store = tmp_path / f"trial-{trial}.store"
        shutil.copytree(base, store)
        proc = _run([*load, "--store", str(store)], sig, rng.uniform(0, duration))
        interrupted += proc.returncode != 0
        graphs, _ = _content(store)  # it opens
        assert _records(graphs) >= old, f"trial {trial} ({sig!r}): records lost: {sorted(old - graphs)[:3]}"
        _load(store, changed)  # the rerun
        assert _content(store) == expected, f"trial {trial} ({sig!r}): the rerun differs"
        shutil.rmtree(store)
    assert interrupted >= TRIALS // 2  # most kills landed during the run, not after it


def _children(pid: int) -> set[int]:
    """Every descendant of `pid`, from /proc."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                kids = {int(k) for k in (task / "children").read_text().split()}
            except OSError:
                continue
            todo.extend(kids - found)
            found |= kids
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_killed_convert_keeps_output_and_leaves_no_orphan(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    first, changed = inputs
    base = tmp_path / "base"
    options = ConvertOptions(formats=("nq", "turtle"), output=base, mapping=OPTIONS)
    convert([first], options)
    previous = {p.name: p.read_bytes() for p in base.iterdir()}
    reference = tmp_path / "reference"
    convert([changed], ConvertOptions(formats=("nq", "turtle"), output=reference, mapping=OPTIONS))
    expected = {p.name: p.read_bytes() for p in reference.iterdir()}

    args = ["convert", str(changed), "--format", "nq", "--format", "turtle", "--jobs", "2",
            "--base-iri", BASE, "--harvested", HARVESTED, "-q"]
    start = time.perf_counter()
    _run([*args, "-o", f"{tmp_path / 'timed'}/"], None, 0)
    duration = time.perf_counter() - start

    rng = random.Random(12)
    orphans: set[int] = set()
    for trial in range(TRIALS):
        out = tmp_path / f"trial-{trial}"
        shutil.copytree(base, out)
        proc = subprocess.Popen([*LDCAT, *args, "-o", f"{out}/"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, duration))
        workers = _children(proc.pid)
        sig = signal.SIGKILL if trial % 3 else signal.SIGINT
        proc.send_signal(sig)
        proc.wait(60)
        deadline = time.monotonic() + 5
        while any(_alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        orphans |= {p for p in workers if _alive(p)}
        for path in out.iterdir():  # every file under its final name is whole: the old one or the new one
            if path.is_file() and not path.name.startswith("."):
                assert path.read_bytes() in (previous.get(path.name), expected.get(path.name)), path
                if path.suffix == ".nq":
                    assert list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))
        convert([changed], ConvertOptions(formats=("nq", "turtle"), output=out, mapping=OPTIONS))  # the rerun
        assert not list(out.rglob(".*.tmp")), f"trial {trial}: temporary files remain"
        assert {p.name: p.read_bytes() for p in out.iterdir()} == expected
        shutil.rmtree(out)
    for pid in orphans:  # pragma: no cover - only on failure
        os.kill(pid, signal.SIGKILL)
    assert not orphans, f"worker processes outlived their parent: {sorted(orphans)}"
