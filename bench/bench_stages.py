"""Per-stage cost of converting one record, measured in one process: where the time goes.

    .venv/bin/python bench/bench_stages.py                # 2000 records of each corpus, best of 3
    .venv/bin/python bench/bench_stages.py -n 5000 -r 5 --corpus synthetic

Each stage runs over all N records before the next starts, and is timed with CPU time
(`time.process_time`: the machine is shared, wall time says more about the neighbours), best of
`--repeat` runs. The stages are those of `ldcat.engine.work.process`:

| stage     | what it runs                                                      |
|-----------|-------------------------------------------------------------------|
| parse     | `ldcat.read.jsontext.loads` on each JSON Lines line               |
| read      | `ldcat.read.harmony.records_from_document` → `RawRecord`           |
| normalise | `ldcat.normalise.normalise`                                       |
| map       | `ldcat.mapping.record_triples` (the default profiles)             |
| render    | the N-Triples writer's `render` of the record's triples           |

Corpora: ``synthetic`` (`bench/synth.py`, seed 1) and ``fixtures`` (the real records of
tests/fixtures/harmony, read once with `ldcat.read.read`, written back as JSON Lines and cycled to
N: the page readers' own parsing is not part of it, and their notes are kept on the records).

The stage functions below are importable, so other benchmarks and profilers can time one stage:
``python -m cProfile -s cumtime bench/bench_stages.py --stage normalise``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from itertools import cycle, islice
from pathlib import Path
from typing import Any

from ldcat.errors import RecordError
from ldcat.mapping import MapOptions, Triple, record_triples
from ldcat.model import RawRecord, Record
from ldcat.normalise import normalise
from ldcat.problems import Problem
from ldcat.read import read
from ldcat.read.harmony import records_from_document
from ldcat.read.jsontext import loads
from ldcat.serialise import WRITERS

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "harmony"
# The tests' options (tests/conftest.py OPTIONS): a fixed harvest date, so every run maps the same.
OPTIONS = MapOptions(base_iri="https://data.example.org/", harvested=date(2026, 11, 22))

Normalised = tuple[Record, list[Problem]]


# --- inputs -------------------------------------------------------------------------------------

def synthetic_lines(n: int, seed: int = 1) -> list[str]:
    """N synthetic records as JSON Lines (`bench/synth.py`)."""
    sys.path.insert(0, str(Path(__file__).parent))
    import synth
    return [json.dumps(item, ensure_ascii=False) for item in synth.records(n, seed)]


def fixture_records() -> list[RawRecord]:
    """Every record of the real fixtures, as their readers give them."""
    paths = sorted([*(FIXTURES / "records").glob("*.json"), *(FIXTURES / "pages").glob("*.rsc.txt"),
                    *(FIXTURES / "page-jsonld").glob("*.jsonld")])
    return [r for p in paths for r in read(p) if isinstance(r, RawRecord)]


def fixture_lines(n: int) -> tuple[list[str], list[RawRecord]]:
    """The fixtures' records cycled to N, as JSON Lines, with the records they came from (for
    their origins and reader notes)."""
    raws = list(islice(cycle(fixture_records()), n))
    return [json.dumps(r.data, ensure_ascii=False) for r in raws], raws


# --- the stages ---------------------------------------------------------------------------------

def parse(lines: Sequence[str]) -> list[Any]:
    return [loads(line) for line in lines]


def read_stage(docs: Sequence[Any], name: str = "bench.jsonl") -> list[RawRecord]:
    """The reader's step after parsing: each document's records (the problems it finds dropped)."""
    out: list[RawRecord] = []
    for lineno, doc in enumerate(docs, start=1):
        out.extend(r for r in records_from_document(doc, f"{name}:{lineno}", reader="jsonl")
                   if isinstance(r, RawRecord))
    return out


def normalise_stage(raws: Sequence[RawRecord]) -> list[Normalised]:
    out: list[Normalised] = []
    for raw in raws:
        with contextlib.suppress(RecordError):  # a record that cannot be normalised is only left out
            out.append(normalise(raw))
    return out


def map_stage(normalised: Sequence[Normalised], options: MapOptions = OPTIONS) -> list[set[Triple]]:
    # A copy of the problems: mapping adds to them, and each repeat must start from the same ones.
    return [record_triples(record, options, list(problems)) for record, problems in normalised]


def render_stage(normalised: Sequence[Normalised], triples: Sequence[set[Triple]],
                 options: MapOptions = OPTIONS, fmt: str = "nt") -> list[str]:
    writer = WRITERS[fmt](None)
    return [writer.render(t, options.iris.record(record.key))
            for (record, _), t in zip(normalised, triples, strict=True)]


# --- timing -------------------------------------------------------------------------------------

def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The least CPU time of `repeat` runs of `fn`, and its last result."""
    times: list[float] = []
    result: Any = None
    for _ in range(repeat):
        start = time.process_time()
        result = fn()
        times.append(time.process_time() - start)
    return min(times), result


def run(lines: list[str], repeat: int, notes: Sequence[RawRecord] = (),
        stages: Sequence[str] | None = None) -> dict[str, float]:
    """CPU seconds per stage over `lines`; `notes` gives each record its reader's origin and notes."""
    timings: dict[str, float] = {}

    def timed(stage: str, fn: Callable[[], Any]) -> Any:
        if stages is None or stage in stages:
            timings[stage], result = best(fn, repeat)
            return result
        return fn()

    docs = timed("parse", lambda: parse(lines))
    raws = timed("read", lambda: read_stage(docs))
    if notes:
        raws = [RawRecord(r.data, n.origin, n.reader, n.notes) for r, n in zip(raws, notes, strict=True)]
    normalised = timed("normalise", lambda: normalise_stage(raws))
    if stages is not None and not {"map", "render"} & set(stages):
        return timings
    triples = timed("map", lambda: map_stage(normalised))
    timed("render", lambda: render_stage(normalised, triples))
    return timings


def table(results: dict[str, dict[str, float]], n: int) -> str:
    corpora = list(results)
    stages = list(dict.fromkeys(s for r in results.values() for s in r))
    head = "| stage | " + " | ".join(f"{c} µs/rec | {c} rec/s" for c in corpora) + " |"
    rows = [head, "|---" * (1 + 2 * len(corpora)) + "|"]
    for stage in [*stages, "total"]:
        cells = []
        for corpus in corpora:
            seconds = sum(results[corpus].values()) if stage == "total" else results[corpus].get(stage)
            cells += ["–", "–"] if seconds is None else [f"{seconds / n * 1e6:,.0f}", f"{n / seconds:,.0f}"]
        rows.append(f"| {stage} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=2000, help="records per corpus")
    parser.add_argument("-r", "--repeat", type=int, default=3, help="runs per stage (the best is shown)")
    parser.add_argument("--corpus", choices=("synthetic", "fixtures"), action="append",
                        help="corpus to run (default: both)")
    parser.add_argument("--stage", action="append", choices=("parse", "read", "normalise", "map", "render"),
                        help="time only these stages (the others run once, untimed, to feed them)")
    args = parser.parse_args(argv)
    results: dict[str, dict[str, float]] = {}
    for corpus in args.corpus or ("synthetic", "fixtures"):
        if corpus == "synthetic":
            results[corpus] = run(synthetic_lines(args.n), args.repeat, stages=args.stage)
        else:
            lines, raws = fixture_lines(args.n)
            results[corpus] = run(lines, args.repeat, raws, stages=args.stage)
    print(f"{args.n} records per corpus, CPU time, best of {args.repeat}\n")
    print(table(results, args.n))


if __name__ == "__main__":
    main()
