"""Faults: `ldcat load`, `ldcat convert -o` and `ldcat publish` killed (SIGKILL, or SIGINT as Ctrl-C) at random moments.

A killed load leaves the store readable with every record it had (old or new version, never
missing), the next load first rolls back the graphs a killed bulk load was adding, so no graph is
left part-written, and a rerun gives the same store as an uninterrupted load. A killed convert
leaves the previous output files whole, its temporary files are removed by the next run, which
writes the same bytes as an uninterrupted one, and no worker process outlives the killed parent,
with the local engine or with dask's local cluster (even a worker too stuck to notice). A killed
publish leaves the previous site or the new one, whole, never a mixture, and the next run gives the
same site as an uninterrupted one, with no build or old site left beside it.
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
from ldcat.publish import PublishOptions, publish
from ldcat.store import LoadOptions, embedded, input_graphs, load_embedded, open_store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from synth import records as synthetic  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="signals and /proc: Linux only")

RECORDS = 30
TRIALS = 10
DASK_TRIALS = 4  # a local cluster takes seconds to start
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


def _load(store: Path, source: Path, options: LoadOptions | None = None) -> Report:
    report = Report()
    load_embedded(open_store(store), input_graphs([source], report, OPTIONS), report, options or LoadOptions())
    return report


def _content(store: Path) -> tuple[set[str], list[str]]:
    opened = ox.Store.read_only(str(store))
    graphs = {g.value for g in opened.named_graphs() if isinstance(g, ox.NamedNode)}
    return graphs, sorted(str(q) for q in opened)


def _graphs(store: Path) -> dict[str, list[str]]:
    """Each named graph's quads."""
    found: dict[str, list[str]] = {}
    for quad in ox.Store.read_only(str(store)):
        if isinstance(quad.graph_name, ox.NamedNode):
            found.setdefault(quad.graph_name.value, []).append(str(quad))
    return {name: sorted(quads) for name, quads in found.items()}


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
    # The store holds a third of the records, so that most of the load adds graphs new to the store,
    # in bulk loads (3 records each): kills land inside them as well as in the replacing updates.
    part = tmp_path / "part.jsonl"
    part.write_text("".join(first.read_text(encoding="utf-8").splitlines(True)[:RECORDS // 3]), encoding="utf-8")
    base = tmp_path / "base.store"
    _load(base, part)
    before = _graphs(base)
    old = _records(set(before))
    assert len(old) == RECORDS // 3

    reference = tmp_path / "reference.store"
    shutil.copytree(base, reference)
    load = ["load", str(changed), "--base-iri", BASE, "--harvested", HARVESTED, "-q"]
    start = time.perf_counter()
    _run([*load, "--store", str(reference)], None, 0)
    duration = time.perf_counter() - start
    expected = _content(reference)
    after = _graphs(reference)
    assert embedded.JOURNAL not in expected[0]  # a finished load leaves no journal graph, not even an empty one
    assert _records(expected[0]) >= old and len(_records(expected[0])) == RECORDS + 5

    rng = random.Random(11)
    interrupted = in_bulk = 0
    for trial, sig in enumerate([signal.SIGKILL] * TRIALS + [signal.SIGINT] * TRIALS):
        store = tmp_path / f"trial-{trial}.store"
        shutil.copytree(base, store)
        proc = _run([*load, "--store", str(store)], sig, rng.uniform(0, duration))
        interrupted += proc.returncode != 0
        journal = embedded.JOURNAL in _graphs(store)  # it opens; a journal: killed inside a bulk load
        in_bulk += journal
        # An empty load rolls back what the journal names, then every record is whole, old or new.
        report = Report()
        load_embedded(open_store(store), [], report, LoadOptions())
        assert [p.code for p in report] == (["load-rolled-back"] if journal else []), f"trial {trial}"
        graphs = _graphs(store)
        assert _records(set(graphs)) >= old, f"trial {trial} ({sig!r}): records lost: {sorted(old - set(graphs))[:3]}"
        partial = [g for g in _records(set(graphs)) if graphs[g] not in (before.get(g), after[g])]
        assert not partial, f"trial {trial} ({sig!r}): graphs neither old nor new: {partial[:3]}"
        assert embedded.JOURNAL not in graphs
        # The rerun, with --sync over every namespace the journal could be in: nothing is stale.
        rerun = _load(store, changed, LoadOptions(sync=True, namespaces=(RECORD_GRAPHS, "urn:")))
        assert rerun.stats["removed"] == 0, f"trial {trial}: the rerun removed graphs"
        assert _content(store) == expected, f"trial {trial} ({sig!r}): the rerun differs"
        shutil.rmtree(store)
    print(f"load: {duration:.2f} s uninterrupted; {interrupted} of {2 * TRIALS} runs interrupted, "
          f"{in_bulk} inside a bulk load")
    assert interrupted >= TRIALS // 2  # most kills landed during the run, not after it
    assert in_bulk, "no kill landed inside a bulk load"


PARSERS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS}


def _site(site: Path) -> dict[str, bytes]:
    """Every file of a site and its bytes (not its times: files carried over keep theirs)."""
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _whole(site: Path) -> None:
    """Every file of the site parses as what its name says."""
    for path in site.rglob("*"):
        if path.suffix in PARSERS:
            list(ox.parse(path=str(path), format=PARSERS[path.suffix]))
        elif path.suffix in (".json", ".jsonld"):
            json.loads(path.read_bytes())
        elif path.suffix in (".html", ".xml", ".txt"):
            assert path.stat().st_size, path
    assert (site / "index.html").is_file() and (site / "catalog.ttl").is_file()


def _timeline(command: list[str], build: Path) -> tuple[float, float, float]:
    """An uninterrupted run's seconds until `build` appears, until it is gone (switched in), and to the end."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not build.exists() and proc.poll() is None:
        time.sleep(0.002)
    built = time.perf_counter() - start
    while build.exists() and proc.poll() is None:
        time.sleep(0.002)
    switched = time.perf_counter() - start
    assert proc.wait(120) == 0
    return built, switched, time.perf_counter() - start


def test_killed_publish_keeps_the_previous_site(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    # A few records of the load test's inputs (publishing takes longer a record): the first ten,
    # then their revised versions and two new ones.
    first, changed = (tmp_path / path.name for path in inputs)
    for path, n, head in zip(inputs, (10, 12), (first, changed), strict=True):
        head.write_text("".join(path.read_text("utf-8").splitlines(True)[:n]), encoding="utf-8")
    base = tmp_path / "base" / "site"
    publish([first], PublishOptions(site=base, base_url=BASE, page_size=5, harvested=date(2026, 11, 1)))
    previous = _site(base)

    args = ["publish", str(changed), "--base-iri", BASE, "--harvested", HARVESTED, "--page-size", "5", "-q"]
    reference = tmp_path / "reference" / "site"
    shutil.copytree(base.parent, reference.parent)
    built, switched, duration = _timeline([*LDCAT, *args, "-o", str(reference)], reference.parent / ".site.building")
    expected = _site(reference)
    assert expected != previous

    rng = random.Random(13)
    phases: dict[str, int] = {}
    for trial, sig in enumerate([signal.SIGKILL] * TRIALS + [signal.SIGINT] * TRIALS):
        site = tmp_path / f"trial-{trial}" / "site"
        shutil.copytree(base.parent, site.parent)
        # Kills land while the new site is built, and every other one about when it is switched in,
        # timed from the moment the build starts, so that a slower run (a busy machine) moves them
        # with it.
        aside, building = site.parent / ".site.old", site.parent / ".site.building"
        proc = subprocess.Popen([*LDCAT, *args, "-o", str(site)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        while not building.exists() and proc.poll() is None:
            time.sleep(0.002)
        span = switched - built
        time.sleep(rng.uniform(span - 0.05, span + 0.05) if trial % 2 else rng.uniform(0, span))
        proc.send_signal(sig)
        proc.wait(60)
        # The site is the previous one or the new one, whole; or, where the switch takes two renames
        # (not Linux), killed between them, the previous one is whole beside it, where the next
        # run takes it back from.
        found = _site(site) if site.exists() else _site(aside)
        assert found in (previous, expected), f"trial {trial} ({sig!r}): a mixture of two sites"
        _whole(site if site.exists() else aside)
        phase = ("between renames" if not site.exists() else "building" if found == previous
                 else "old site being removed" if building.exists() or aside.exists() else "switched")
        phases[phase] = phases.get(phase, 0) + 1
        options = PublishOptions(site=site, base_url=BASE, page_size=5, harvested=date(2026, 11, 22))
        publish([changed], options)  # the rerun
        assert _site(site) == expected, f"trial {trial} ({sig!r}): the rerun differs"
        assert [p.name for p in site.parent.iterdir()] == ["site"], f"trial {trial}: build or old site remains"
        shutil.rmtree(site.parent)
    print(f"publish: {duration:.2f} s uninterrupted, build from {built:.2f} s, switch at {switched:.2f} s; "
          f"kills landed {phases}")
    assert phases.get("building", 0) >= TRIALS // 2  # most kills landed while the new site was built


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


def test_killed_dask_convert_leaves_no_worker(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    _, changed = inputs
    # Partitions of 5 lines, so that both workers have tasks when the parent is killed.
    ldcat = [*LDCAT[:-1], f"import ldcat.engine.dask as d; d.PARTITION_LINES = 5; {LDCAT[-1]}"]
    args = ["convert", str(changed), "--engine", "dask", "--jobs", "2", "--format", "nq",
            "--base-iri", BASE, "--harvested", HARVESTED, "-q"]
    orphans: set[int] = set()
    waits: list[float] = []
    for trial in range(DASK_TRIALS):
        out = tmp_path / f"trial-{trial}"
        proc = subprocess.Popen([*ldcat, *args, "-o", f"{out}/"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not list(out.glob(".shards/shard-*")) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)  # until a worker writes its first shard
        assert proc.poll() is None, f"trial {trial}: the convert ended before it was killed"
        time.sleep(0.05 * trial)
        workers = _children(proc.pid)
        spawned = {p for p in workers if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()}
        assert len(spawned) == 2, f"trial {trial}: {len(spawned)} worker process(es)"
        if trial % 2:  # frozen (as if stuck in a call that holds the GIL): they cannot notice the loss themselves
            for pid in spawned:
                os.kill(pid, signal.SIGSTOP)
        proc.kill()
        proc.wait(60)
        killed = time.monotonic()
        while any(_alive(p) for p in workers) and time.monotonic() < killed + 5:
            time.sleep(0.01)
        waits.append(time.monotonic() - killed)
        orphans |= {p for p in workers if _alive(p)}
    for pid in orphans:  # pragma: no cover - only on failure
        os.kill(pid, signal.SIGKILL)
    print(f"dask: descendants gone {', '.join(f'{w:.2f}' for w in waits)} s after the kill")
    assert not orphans, f"dask workers outlived their parent: {sorted(orphans)}"
