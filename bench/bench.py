"""End-to-end benchmark: ldcat's steps against a bare JSON loop and the rdflib + pySHACL script a
user would otherwise write. Every step runs as its own subprocess, so its wall time and peak RSS
are its own (peak RSS via `/usr/bin/time -f %M`, or a small Python wrapper when that is missing).

    python bench/bench.py                          # N = 10000, 100000, real and synthetic records
    python bench/bench.py --sizes 1000 10000       # only these sizes
    python bench/bench.py --million                # also N = 1,000,000
    python bench/bench.py --full                   # every step at every size (slow!)

Inputs are generated once per N (bench/synth.py, seed 1) into /tmp/ldcat-bench and reused; outputs
are deleted after each step. The table is printed and written to bench/results.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
LDCAT = str(Path(PYTHON).with_name("ldcat"))
TIME = "/usr/bin/time"
HARVESTED = "2024-01-01"  # pinned, so ldcat and the baseline map records identically
FORMATS = ("nt", "turtle", "jsonld")
RDFLIB_FORMATS = {"nt": "nt", "turtle": "turtle", "jsonld": "json-ld"}


# --- children: run as `python bench.py _json|_baseline|_rss ...` ------------------------------------


def child_json(source: str) -> None:
    """The floor: read the JSON Lines and parse every line, nothing else."""
    count = 0
    with open(source, "rb") as handle:
        for line in handle:
            if line.strip():
                json.loads(line)
                count += 1
    print(count)


class OverBudget(BaseException):
    """Raised by SIGALRM in a baseline sub-step that ran out of time (BaseException: nothing in
    rdflib or pyshacl catches it)."""


def child_baseline(source: str, outdir: str, results: str, validate: bool, budget: int) -> None:
    """What a user would write without ldcat: one rdflib Graph of the same triples (ldcat's own
    mapping), one pyshacl.validate call, rdflib's serialisers. Each sub-step is appended to
    `results` as a JSON line as soon as it is done (so a timeout keeps the finished ones);
    `rss_mb` is this process's peak RSS so far. A sub-step after the build that takes longer than
    `budget` seconds is abandoned (logged with "over_budget") and the next one runs."""

    def alarm(signum: int, frame: object) -> None:
        raise OverBudget

    signal.signal(signal.SIGALRM, alarm)
    with open(results, "a") as log:
        log.write(json.dumps({"step": "started", "epoch": time.time()}) + "\n")

        def done(step: str, start: float, **extra: object) -> None:
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            seconds = time.perf_counter() - start
            log.write(json.dumps({"step": step, "seconds": seconds, "rss_mb": rss, **extra}) + "\n")
            log.flush()

        def budgeted(step: str, work: Callable[[], dict[str, object] | None]) -> None:
            start = time.perf_counter()
            signal.alarm(budget)
            try:
                extra = work() or {}
            except OverBudget:
                extra = {"over_budget": True}
            finally:
                signal.alarm(0)
            done(step, start, **extra)

        start = time.perf_counter()
        import pyshacl
        from rdflib import Graph, URIRef

        from ldcat.mapping import MapOptions, map_catalogues
        from ldcat.pipeline import records
        from ldcat.problems import Report
        from ldcat.validate import default_shapes, ontology_graph, shapes_graph

        done("import", start)

        start = time.perf_counter()
        mapping = MapOptions(harvested=dt.date.fromisoformat(HARVESTED))
        graph = Graph()
        catalogues = {}
        for item in records([source], Report(), mapping=mapping):
            graph += item.triples
            catalogues.update((c.key, c) for c in item.record.catalogues)
        graph += map_catalogues(catalogues.values(), mapping)  # as ldcat convert writes them too
        done("build", start, triples=len(graph))

        def serialise(fmt: str) -> None:
            graph.serialize(destination=os.path.join(outdir, f"baseline.{fmt}"), format=RDFLIB_FORMATS[fmt],
                            encoding="utf-8")

        def shacl() -> dict[str, object]:
            shapes = Graph()
            for profile in default_shapes():
                shapes += shapes_graph(profile)
            conforms, report, _ = pyshacl.validate(graph, shacl_graph=shapes, ont_graph=ontology_graph(),
                                                   inference="none", advanced=True, allow_warnings=True)
            found = len(set(report.objects(None, URIRef("http://www.w3.org/ns/shacl#result"))))
            return {"conforms": bool(conforms), "results": found}

        budgeted("nt", lambda: serialise("nt"))
        if validate:
            budgeted("validate", shacl)
        budgeted("turtle", lambda: serialise("turtle"))
        budgeted("jsonld", lambda: serialise("jsonld"))


def child_oxigraph(source: str, outdir: str, results: str) -> None:
    """The pyoxigraph way: the same triples (ldcat's own mapping) as pyoxigraph terms in one
    in-memory `pyoxigraph.Dataset`, written by pyoxigraph's serialisers. pyoxigraph has no SHACL.
    Sub-steps are logged as `child_baseline` logs them."""
    with open(results, "a") as log:
        def done(step: str, start: float, **extra: object) -> None:
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            log.write(json.dumps({"step": step, "seconds": time.perf_counter() - start, "rss_mb": rss, **extra})
                      + "\n")
            log.flush()

        log.write(json.dumps({"step": "started", "epoch": time.time()}) + "\n")
        start = time.perf_counter()
        import pyoxigraph as ox

        from ldcat.mapping import MapOptions, map_catalogues
        from ldcat.pipeline import records
        from ldcat.problems import Report
        from ldcat.store.terms import to_ox

        done("import", start)
        start = time.perf_counter()
        mapping = MapOptions(harvested=dt.date.fromisoformat(HARVESTED))
        dataset = ox.Dataset()
        catalogues = {}
        for item in records([source], Report(), mapping=mapping):
            for s, p, o in item.triples:
                dataset.add(ox.Quad(to_ox(s), to_ox(p), to_ox(o)))  # type: ignore[arg-type]
            catalogues.update((c.key, c) for c in item.record.catalogues)
        for s, p, o in map_catalogues(catalogues.values(), mapping):
            dataset.add(ox.Quad(to_ox(s), to_ox(p), to_ox(o)))  # type: ignore[arg-type]
        done("build", start, triples=len(dataset))
        formats = {"nt": ox.RdfFormat.N_TRIPLES, "turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD}
        for name, fmt in formats.items():
            start = time.perf_counter()
            ox.serialize((q.triple for q in dataset), os.path.join(outdir, f"oxigraph.{name}"), fmt)
            done(name, start)


def child_bulk_load(nquads: str, store: str) -> None:
    """pyoxigraph's own fastest load of an N-Quads file into a new store: the floor for `ldcat load`."""
    import pyoxigraph as ox

    ox.Store(store).bulk_load(path=nquads, format=ox.RdfFormat.N_QUADS)


def child_rss(out: str, command: list[str]) -> None:
    """Fallback for a missing /usr/bin/time: run `command` and write '<seconds> <peak RSS KB>'.
    This process has exactly one child, so RUSAGE_CHILDREN's ru_maxrss is that child's peak."""
    start = time.perf_counter()
    code = subprocess.call(command)
    seconds = time.perf_counter() - start
    Path(out).write_text(f"{seconds:.2f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\n")
    sys.exit(code)


# --- measuring ------------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    rss_mb: float | None  # peak RSS of the largest single process (what wait4 reports)
    tree_mb: float | None  # peak of the summed RSS of all the step's processes (sampled)
    status: str = "ok"  # ok, timeout, or failed (exit N)
    stderr: str = ""


PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20


def session_rss_mb(session: int) -> float:
    """Summed RSS of every process in `session` (the step, its workers, /usr/bin/time)."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session:  # fields[0] is stat's field 3 (state); session is 6, rss is 24
            total += int(fields[21])
    return total * PAGE_MB


class Sampler(threading.Thread):
    """Samples a session's summed RSS every `interval` seconds until stopped; keeps the peak."""

    def __init__(self, session: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.session, self.interval, self.peak = session, interval, 0.0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            self.peak = max(self.peak, session_rss_mb(self.session))


def measure(command: list[str], timeout: float, memory_gb: float | None = None) -> Run:
    """Run `command` in its own process group; wall time from here, peak RSS of the command."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss_file:
        if os.access(TIME, os.X_OK):
            wrapped = [TIME, "-f", "%e %M", "-o", rss_file.name, *command]
        else:
            wrapped = [PYTHON, __file__, "_rss", rss_file.name, *command]

        def limit() -> None:
            if memory_gb:  # keep a runaway baseline from pushing the machine into swap
                size = int(memory_gb * 2**30)
                resource.setrlimit(resource.RLIMIT_AS, (size, size))

        start = time.perf_counter()
        proc = subprocess.Popen(wrapped, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                start_new_session=True, preexec_fn=limit)
        sampler = Sampler(proc.pid) if Path("/proc/self/stat").exists() else None
        if sampler:
            sampler.start()
        try:
            _, err = proc.communicate(timeout=timeout)
            status = "ok" if proc.returncode == 0 else f"failed (exit {proc.returncode})"
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            _, err = proc.communicate()
            status = "timeout"
        seconds = time.perf_counter() - start
        if sampler:
            sampler.stopped.set()
            sampler.join()
        fields = rss_file.read().split()
    rss_mb = int(fields[-1]) / 1024 if len(fields) >= 2 and fields[-1].isdigit() else None
    # Samples can miss a short peak; the sum is never below the largest single process.
    tree_mb = max(sampler.peak, rss_mb or 0) if sampler else None
    return Run(seconds, rss_mb, tree_mb, status, err or "")


def count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 24), b""):
            count += block.count(b"\n")
    return count


def supports_jobs(subcommand: str) -> bool:
    helptext = subprocess.run([LDCAT, subcommand, "--help"], capture_output=True, text=True).stdout
    return "--jobs" in helptext


INPUTS = ("real", "synthetic")  # bench/clone.py (the real fixture records, cloned) and bench/synth.py


def source_for(n: int, kind: str, workdir: Path) -> Path:
    """The input of `kind` for N records, written once (via a .part file, so never half-written)."""
    sys.path.insert(0, str(HERE))
    import clone
    import synth

    source = workdir / f"{kind}-{n}.jsonl"
    if not source.exists():
        print(f"generating {n} {kind} records -> {source}", file=sys.stderr)
        part = source.with_suffix(".part")
        with part.open("w") as out:
            (clone if kind == "real" else synth).write(n, out)
        part.rename(source)
    return source


# --- the benchmark --------------------------------------------------------------------------------


@dataclass
class Row:
    step: str
    n: int
    kind: str  # which input: real (cloned) or synthetic
    seconds: float | None  # None: did not finish (see status)
    triples: int | None
    rss_mb: float | None  # peak RSS of the largest single process
    status: str = "ok"  # ok, timeout, failed (exit N)
    tree_mb: float | None = None  # sampled peak of the summed RSS of all the step's processes
    at_least: bool = False  # seconds is a lower bound: the step ran out of time and was abandoned
    rates: bool = True  # show records/s and triples/s
    vs_baseline: float | None = None
    vs_baseline_bound: bool = False  # the baseline ran out of time: the ratio is an upper bound
    vs_json: float | None = None
    vs_oxigraph: float | None = None  # ÷ the pyoxigraph way (for load: ÷ pyoxigraph's bulk_load)


@dataclass
class Settings:
    sizes: list[int]
    inputs: list[str]
    workdir: Path
    timeout: float
    budget: int
    baseline_max: float
    validate_max: float
    nt_only_max: float
    oxigraph_max: float
    jobs: int | None
    memory_gb: float
    notes: list[str] = field(default_factory=list)
    load_start: str = field(default_factory=lambda: _loadavg())


def bench_size(n: int, kind: str, cfg: Settings) -> list[Row]:
    source = source_for(n, kind, cfg.workdir)
    out = cfg.workdir / f"out-{n}"
    rows: list[Row] = []

    def step(name: str, command: list[str], counted: Path | None = None, memory_gb: float | None = None) -> Row:
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        print(f"N={n} {kind}: {name} ...", file=sys.stderr, flush=True)
        run = measure(command, cfg.timeout, memory_gb)
        print(f"  {run.status} in {run.seconds:.1f} s, peak RSS {run.rss_mb or 0:.0f} MB", file=sys.stderr,
              flush=True)
        if run.status != "ok":
            print(f"  {run.stderr.strip()[-2000:]}", file=sys.stderr)
        lines = count_lines(counted) if counted and run.status == "ok" and counted.exists() else None
        row = Row(name, n, kind, run.seconds if run.status == "ok" else None, lines, run.rss_mb, run.status,
                  run.tree_mb, at_least=run.status == "timeout")
        if run.status == "timeout":
            row.seconds = run.seconds
        rows.append(row)
        return row

    jobs = ["--jobs", str(cfg.jobs)] if cfg.jobs else []
    convert = [LDCAT, "convert", str(source), "-o", str(out), "-q", "--harvested", HARVESTED, *jobs]

    json_row = step("json loop (floor)", [PYTHON, __file__, "_json", str(source)], memory_gb=cfg.memory_gb)
    nt_row = step("ldcat convert nt", [*convert, "-f", "nt"], out / "catalog.nt")
    if n <= cfg.nt_only_max and (out / "catalog.nt").exists():
        # Validating RDF as a file (anyone's, not only records): ldcat's own N-Triples of the input.
        written = cfg.workdir / f"{kind}-{n}.nt"
        shutil.move(out / "catalog.nt", written)
        file_row = step("ldcat validate FILE (its N-Triples)", [LDCAT, "validate", str(written), "-f", "json"])
        file_row.triples = count_lines(written)
        written.unlink()
    if n <= cfg.nt_only_max:
        step("ldcat convert turtle", [*convert, "-f", "turtle"])
        step("ldcat convert jsonld", [*convert, "-f", "jsonld"])
    if n <= cfg.validate_max:
        # --on-invalid keep: write every record, so the output is the same as without --validate.
        step("ldcat convert nt --validate", [*convert, "-f", "nt", "--validate", "--on-invalid", "keep"],
             out / "catalog.nt")
    store = cfg.workdir / f"store-{n}"
    shutil.rmtree(store, ignore_errors=True)
    load_row = step("ldcat load (embedded store)", [LDCAT, "load", str(source), "--store", str(store), "-q",
                                                    "--harvested", HARVESTED, *(jobs if supports_jobs("load") else [])])
    shutil.rmtree(store, ignore_errors=True)
    # The floor for loading: pyoxigraph's bulk loader on the N-Quads ldcat writes for the same input.
    nquads = cfg.workdir / f"{kind}-{n}.nq"
    subprocess.run([*convert, "-f", "nq"], check=True, capture_output=True)
    shutil.move(out / "catalog.nq", nquads)
    bulk_row = step("pyoxigraph bulk_load (ldcat's N-Quads)", [PYTHON, __file__, "_bulk_load", str(nquads), str(store)])
    shutil.rmtree(store, ignore_errors=True)
    nquads.unlink()
    if load_row.seconds and bulk_row.seconds:
        load_row.vs_oxigraph = load_row.seconds / bulk_row.seconds
    for row in rows:  # the same triples, whatever the format: the lines of ldcat's N-Triples
        row.triples = row.triples or nt_row.triples

    if n <= cfg.baseline_max:
        rows += baseline(n, kind, source, out, cfg, validate=n <= cfg.validate_max, ldcat_triples=nt_row.triples)
    if n <= cfg.oxigraph_max:
        rows += baseline(n, kind, source, out, cfg, validate=False, ldcat_triples=nt_row.triples, way="pyoxigraph")
    shutil.rmtree(out, ignore_errors=True)

    oxigraph = {r.step.removeprefix("pyoxigraph way: "): r for r in rows if r.step.startswith("pyoxigraph way: ")}
    for row in rows:
        fmt = row.step.removeprefix("ldcat convert ")
        parts = [oxigraph.get(k) for k in ("startup + import", "build dataset (ldcat mapping)", f"serialise {fmt}")]
        if fmt in FORMATS and row.seconds and all(p and p.seconds for p in parts):
            row.vs_oxigraph = row.seconds / sum(p.seconds or 0 for p in parts if p)
    base = {r.step.removeprefix("baseline: "): r for r in rows if r.step.startswith("baseline: ")}
    comparable = {
        "ldcat convert nt": ["serialise nt"],
        "ldcat convert turtle": ["serialise turtle"],
        "ldcat convert jsonld": ["serialise jsonld"],
        "ldcat convert nt --validate": ["validate (pyshacl, 1 call)", "serialise nt"],
        "ldcat validate FILE (its N-Triples)": ["validate (pyshacl, 1 call)"],  # the build stands for parsing
    }
    for row in rows:
        wanted = ["startup + import", "build graph (ldcat mapping)", *comparable.get(row.step, [])]
        parts = [base.get(k) for k in wanted]
        if row.step in comparable and row.seconds and not row.at_least and all(p and p.seconds for p in parts):
            row.vs_baseline = row.seconds / sum(p.seconds or 0 for p in parts if p)
            row.vs_baseline_bound = any(p.at_least for p in parts if p)
    if nt_row.seconds and json_row.seconds and not nt_row.at_least:
        nt_row.vs_json = nt_row.seconds / json_row.seconds
    return rows


WAYS = {  # the other ways: (row label, what the child does)
    "rdflib": ("baseline", "rdflib Graph + pyshacl + rdflib serialisers"),
    "pyoxigraph": ("pyoxigraph way", "pyoxigraph Dataset + pyoxigraph serialisers"),
}


def baseline(n: int, kind: str, source: Path, out: Path, cfg: Settings, validate: bool, ldcat_triples: int | None,
             way: str = "rdflib") -> list[Row]:
    """The rows of one of the other ways (`WAYS`), run as one child with timed sub-steps."""
    label, what = WAYS[way]
    results = out / f"{way}.jsonl"
    print(f"N={n} {kind}: {label} ({what}) ...", file=sys.stderr, flush=True)
    launched = time.time()
    child = ([PYTHON, __file__, "_baseline", str(source), str(out), str(results), "validate" if validate else "-",
              str(cfg.budget)] if way == "rdflib" else [PYTHON, __file__, "_oxigraph", str(source), str(out),
                                                           str(results)])
    run = measure(child, cfg.timeout, cfg.memory_gb)
    print(f"  {run.status} in {run.seconds:.1f} s, peak RSS {run.rss_mb or 0:.0f} MB", file=sys.stderr, flush=True)
    if run.status != "ok":
        print(f"  {run.stderr.strip()[-2000:]}", file=sys.stderr)
    steps = [json.loads(line) for line in results.read_text().splitlines()] if results.exists() else []
    done = {s["step"]: s for s in steps}
    nt_file = out / ("baseline.nt" if way == "rdflib" else "oxigraph.nt")
    triples = done.get("build", {}).get("triples")
    if "nt" in done and not done["nt"].get("over_budget") and nt_file.exists():
        triples = count_lines(nt_file)
    names = {"build": "build graph (ldcat mapping)" if way == "rdflib" else "build dataset (ldcat mapping)",
             "nt": "serialise nt", "validate": "validate (pyshacl, 1 call)",
             "turtle": "serialise turtle", "jsonld": "serialise jsonld"}
    # Interpreter start-up (launch to the child's first line) and imports.
    startup = None
    if "started" in done and "import" in done:
        startup = done["started"]["epoch"] - launched + done["import"]["seconds"]
    rows = [Row(f"{label}: startup + import", n, kind, startup, None, done.get("import", {}).get("rss_mb"),
                rates=False)]
    for key, name in names.items():
        if key == "validate" and not validate:
            continue
        info = done.get(key)
        over = bool(info and info.get("over_budget"))
        rows.append(Row(f"{label}: {name}", n, kind, info["seconds"] if info else None, triples,
                        info["rss_mb"] if info else None, "ok" if info else run.status, at_least=over))
        if over:
            cfg.notes.append(f"N={n} {kind}: {label} {name} abandoned after {cfg.budget} s (--budget).")
        if key == "build" and info and way == "rdflib":
            written = f"{ldcat_triples:,}" if ldcat_triples else "?"
            cfg.notes.append(f"N={n} {kind}: ldcat writes {written} N-Triples lines; the baseline graph holds "
                             f"{info['triples']:,} distinct triples (records repeat shared nodes: agents, "
                             "places, catalogues).")
        if key == "validate" and info and not over:
            cfg.notes.append(f"N={n} {kind}: baseline pyshacl conforms={info['conforms']} (warnings allowed), "
                             f"{info['results']:,} results.")
    measured = [r.seconds for r in rows if r.seconds is not None]
    if run.status == "ok" and startup is not None and len(measured) == len(rows):
        rows.append(Row(f"{label}: exit (frees the graph)", n, kind, max(run.seconds - sum(measured), 0.0), None,
                        None, rates=False))
    over = run.status == "timeout" or any(r.at_least for r in rows)
    rows.append(Row(f"{label}: total (whole child)", n, kind, run.seconds if run.status in ("ok", "timeout") else None,
                    triples, run.rss_mb, run.status, run.tree_mb, at_least=over, rates=False))
    return rows


# --- reporting ------------------------------------------------------------------------------------


HEADER = ["step", "input", "N", "seconds", "records/s", "triples/s", "peak RSS MB", "Σ RSS MB", "÷ baseline",
          "÷ pyoxigraph", "÷ JSON loop"]


def cells(row: Row) -> list[str]:
    def num(value: float | None, fmt: str, bound: str = "") -> str:
        return "—" if value is None else bound + format(value, fmt)

    seconds = row.seconds if row.seconds and row.seconds > 0 else None
    rates = row.rates and seconds
    return [
        row.step, row.kind, f"{row.n:,}",
        num(seconds, ".2f", "> " if row.at_least else "") if seconds or row.status == "ok" else row.status,
        num(row.n / seconds if rates and seconds else None, ",.0f", "< " if row.at_least else ""),
        num(row.triples / seconds if rates and seconds and row.triples else None, ",.0f",
            "< " if row.at_least else ""),
        num(row.rss_mb, ",.0f"), num(row.tree_mb, ",.0f"),
        num(row.vs_baseline, ".2f", "< " if row.vs_baseline_bound else ""), num(row.vs_oxigraph, ".2f"),
        num(row.vs_json, ".1f"),
    ]


def text_table(rows: Sequence[Row]) -> str:
    table = [HEADER, *(cells(r) for r in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADER))]
    lines = []
    for k, line in enumerate(table):
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths,
                                                                                                  strict=True))))
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(rows: Sequence[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join(["---"] + ["---:"] * (len(HEADER) - 1)) + "|"]
    lines += ["| " + " | ".join(cells(r)) + " |" for r in rows]
    return "\n".join(lines)


def machine() -> list[str]:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                    if line.startswith("model name")), cpu)
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    commit = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True,
                            text=True).stdout.strip() or "unknown"
    versions = subprocess.run([PYTHON, "-c", "import importlib.metadata as m; print(' '.join(f'{p} '"
                               "+ m.version(p) for p in ('rdflib', 'pyshacl', 'pyoxigraph')))"],
                              capture_output=True, text=True).stdout.strip()
    return [f"- date: {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
            f"- machine: {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu}, {ram:.0f} GB RAM, "
            f"{platform.system()} {platform.release()}",
            f"- Python {platform.python_version()}; {versions}; ldcat at {commit}"]


def write_markdown(path: Path, rows: Sequence[Row], cfg: Settings, command: str) -> None:
    jobs = f"`--jobs {cfg.jobs}`" if cfg.jobs else "no `--jobs` (single process)"
    text = [
        "# ldcat benchmark results", "",
        f"Generated by `{command}` (bench/bench.py). Inputs: *real* = the real Harmony records of "
        "tests/fixtures cloned with new uuids (bench/clone.py); *synthetic* = bench/synth.py (seed 1).", "",
        *machine(),
        f"- ldcat convert ran with {jobs}; per-step timeout {cfg.timeout:.0f} s; "
        f"baseline up to N={_limit(cfg.baseline_max)}, pyoxigraph way up to N={_limit(cfg.oxigraph_max)}, "
        f"validation up to N={_limit(cfg.validate_max)}, turtle and jsonld up to N={_limit(cfg.nt_only_max)}",
        f"- load average (1, 5, 15 min) at start {cfg.load_start}, at end {_loadavg()}: above 0 means other work "
        "shared the CPUs", "",
        markdown_table(rows), "",
        "Every step is a separate process: seconds are wall time including interpreter start-up and imports. "
        "peak RSS = the step's largest single process (`/usr/bin/time %M`; with `--jobs`, one worker or the "
        "parent); Σ RSS = peak of the summed RSS of all the step's processes, sampled every 0.1 s (what `--jobs` "
        "really costs). triples = lines of the N-Triples that ldcat wrote for that N (baseline rows: lines of the "
        "baseline's own N-Triples, i.e. distinct triples); records/s and triples/s are over the row's own "
        "seconds.", "",
        "The baseline is one child script: it builds one rdflib Graph from ldcat's own mapping, validates it with "
        "one `pyshacl.validate` call (all three ldcat shape profiles merged, ldcat's ontology graph, "
        "`inference='none'`, `advanced=True`), then serialises it with rdflib. Its sub-step rows show each "
        "sub-step's own time and the child's peak RSS *so far* (order: import, build, nt, validate, turtle, jsonld). "
        f"A sub-step after the build still running after {cfg.budget} s is abandoned and shown as `> {cfg.budget}` "
        "(`--budget`); ratios against it are then upper bounds (`< r`).",
        "",
        "÷ baseline = ldcat time ÷ (baseline start-up + build + serialise in the same format; plus validate for "
        "`--validate`); the baseline's exit (freeing its graph) is left out, which favours the baseline. "
        "÷ JSON loop = ldcat convert nt ÷ a bare `json.loads` loop over the same file. "
        "The pyoxigraph way is one child script too: the same triples (ldcat's mapping) as pyoxigraph terms in one "
        "in-memory `pyoxigraph.Dataset`, written by pyoxigraph's serialisers (pyoxigraph has no SHACL); "
        "÷ pyoxigraph = ldcat convert ÷ (its start-up + build + serialise in that format). For `ldcat load`, "
        "÷ pyoxigraph = ldcat load (converting included) ÷ pyoxigraph's own `bulk_load` of the N-Quads file ldcat "
        "writes for the same input, into a new store.", "",
        *(f"- {note}" for note in cfg.notes),
    ]
    path.write_text("\n".join(text).rstrip() + "\n")


def _loadavg() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _limit(value: float) -> str:
    return "all" if math.isinf(value) else f"{int(value):,}"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000], metavar="N")
    parser.add_argument("--inputs", nargs="+", choices=INPUTS, default=list(INPUTS),
                        help="real (the fixture records, cloned) and/or synthetic records (default: both)")
    parser.add_argument("--million", action="store_true", help="also N = 1,000,000")
    parser.add_argument("--full", action="store_true", help="every step at every size (no --skip-*-above)")
    parser.add_argument("--skip-baseline-above", type=int, default=10000, metavar="N",
                        help="no baseline (rdflib + pyshacl) above N records (default 10000)")
    parser.add_argument("--skip-oxigraph-above", type=int, default=100000, metavar="N",
                        help="no pyoxigraph way above N records (default 100000)")
    parser.add_argument("--skip-validate-above", type=int, default=100000, metavar="N",
                        help="no --validate and no baseline validation above N records (default 100000)")
    parser.add_argument("--skip-formats-above", type=int, default=10000, metavar="N",
                        help="above N records no convert turtle or jsonld (default 10000)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="ldcat convert --jobs, if ldcat has it (default: CPU count; 0: do not pass it)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per step (default 1800)")
    parser.add_argument("--budget", type=int, default=240,
                        help="seconds per baseline sub-step after the build; a slower one is abandoned and shown "
                             "as '> budget' (default 240)")
    parser.add_argument("--memory-gb", type=float, default=0.8 * os.sysconf("SC_PAGE_SIZE")
                        * os.sysconf("SC_PHYS_PAGES") / 2**30,
                        help="address-space limit for the baseline and JSON loop (default 80%% of RAM)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/ldcat-bench"))
    parser.add_argument("--results", type=Path, default=HERE / "results.md")
    args = parser.parse_args(argv)

    sizes = sorted(set(args.sizes + ([1_000_000] if args.million else [])))
    jobs = args.jobs if args.jobs and supports_jobs("convert") else None
    cfg = Settings(sizes, args.inputs, args.workdir, args.timeout, args.budget,
                   math.inf if args.full else args.skip_baseline_above,
                   math.inf if args.full else args.skip_validate_above,
                   math.inf if args.full else args.skip_formats_above,
                   math.inf if args.full else args.skip_oxigraph_above, jobs, args.memory_gb)
    cfg.workdir.mkdir(parents=True, exist_ok=True)
    if args.jobs and not jobs:
        print("ldcat convert has no --jobs yet: running it single-process", file=sys.stderr)

    rows: list[Row] = []
    for n in sizes:
        for kind in cfg.inputs:
            size_rows = bench_size(n, kind, cfg)
            rows += size_rows
            print(text_table(size_rows), file=sys.stderr)

    print(text_table(rows))
    command = "python bench/bench.py " + " ".join(argv if argv is not None else sys.argv[1:])
    write_markdown(args.results, rows, cfg, command.strip())
    print(f"\nwritten to {args.results}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_json":
        child_json(sys.argv[2])
    elif len(sys.argv) > 1 and sys.argv[1] == "_baseline":
        child_baseline(sys.argv[2], sys.argv[3], sys.argv[4], validate=sys.argv[5] == "validate",
                       budget=int(sys.argv[6]))
    elif len(sys.argv) > 1 and sys.argv[1] == "_oxigraph":
        child_oxigraph(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) > 1 and sys.argv[1] == "_bulk_load":
        child_bulk_load(sys.argv[2], sys.argv[3])
    elif len(sys.argv) > 1 and sys.argv[1] == "_rss":
        child_rss(sys.argv[2], sys.argv[3:])
    else:
        main()
