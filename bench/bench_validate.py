"""Validation throughput of each SHACL engine: records/s, µs per record and peak memory for growing
N (flat per record), and how many times faster the fast engine is than pyshacl, in one run.

    python bench/bench_validate.py                      # 1,000 and 10,000 records, both engines
    python bench/bench_validate.py 500 2000 --engines fast
    python bench/bench_validate.py 1000 --engines fast,shacl    # after `pip install shacl`

Records are converted first (not timed), then fed to a `Validator` as the pipeline feeds it: each
record's triples. Both engines must give the same number of results (the differential test,
tests/test_shacl_engines.py, checks they are the same results). CPU seconds are printed beside wall
seconds, since a busy machine slows the wall clock.

`shacl` is the other design issue 12 names: a SHACL engine from PyPI (the `shacl` package, Rust, the fastest
of those measured there), not a dependency of ldcat. It is given what it would get in the pipeline, each batch
of `BATCH_SIZE` records as N-Triples text with the vocabulary those records refer to (made before the clock
starts), and each profile's shapes compiled once. Its results are compared with the fast engine's, one by one
(focus, constraint, severity, shape, value), and the disagreements counted. As the `Validator` does, a result
that several batches find (about a node they share: an agent, a place, the catalogue) counts once.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import clone
import synth
from rdflib import Graph

from ldcat.pipeline import Converted, records
from ldcat.problems import Report
from ldcat.serialise.terms import nt_lines
from ldcat.validate import BATCH_SIZE, Validator, default_shapes, with_vocabulary
from ldcat.validate.shapes import resolve

ENGINES = ("fast", "pyshacl", "shacl")
Finding = tuple[str, str, str, str, str]  # focus, constraint (local name), severity, shape, value


def converted(n: int, tmp: Path, kind: str) -> list[Converted]:
    source = tmp / f"{kind}-{n}.jsonl"
    with source.open("w") as out:
        (clone if kind == "real" else synth).write(n, out)
    return list(records([source], Report()))


def run(items: list[Converted], engine: str) -> tuple[float, float, set[Finding]]:
    """(wall seconds, CPU seconds, findings) of validating `items` with `engine`."""
    if engine == "shacl":
        return run_shacl_pypi(items)
    validator = Validator(default_shapes(), shacl_engine=engine)
    with_vocabulary(Graph())  # parse the offline vocabulary now, not in the first timed batch
    wall, cpu = time.perf_counter(), time.process_time()
    for item in items:
        validator.add(item.triples)
    report = validator.finish()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall, cpu, {(r.focus, r.constraint.rpartition(":")[2], r.severity, r.shape or "", r.value or "")
                       for r in report.results}


def run_shacl_pypi(items: list[Converted]) -> tuple[float, float, set[Finding]]:
    """The same with the `shacl` package: each batch's N-Triples (made untimed), every profile's shapes."""
    import shacl  # type: ignore[import-not-found]  # optional: only this engine needs it

    profiles = [shacl.Shapes.from_text("".join(text for _, text in resolve(name).text()))
                for name in default_shapes()]
    batches = []
    for start in range(0, len(items), BATCH_SIZE):
        graph = Graph()
        for item in items[start:start + BATCH_SIZE]:
            graph += item.triples
        batches.append("".join(nt_lines(with_vocabulary(graph))))
    findings: set[Finding] = set()
    wall, cpu = time.perf_counter(), time.process_time()
    for text in batches:
        for shapes in profiles:
            for r in shapes.validate_text(text, format="ntriples").results:
                findings.add((r.focus_node.strip("<>"), r.component, r.severity.lower(),
                              (r.root_shape or "").strip("<>"), r.value_plain or ""))
    return time.perf_counter() - wall, time.process_time() - cpu, findings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--engines", default="fast,pyshacl",
                        help=f"comma-separated, of {', '.join(ENGINES)} (shacl: the PyPI package, if installed)")
    parser.add_argument("--input", choices=("real", "synthetic"), default="synthetic",
                        help="records cloned from the real fixtures (bench/clone.py) or bench/synth.py's")
    args = parser.parse_args(argv)
    engines = [e for e in args.engines.split(",") if e]
    tmp = Path("/tmp/ldcat-bench")
    tmp.mkdir(exist_ok=True)
    print(f"{'engine':>8} {'records':>8} {'wall s':>8} {'cpu s':>8} {'records/s':>10} {'µs/record':>10} "
          f"{'results':>8} {'peak RSS MB':>11}")
    for n in args.sizes:
        items = converted(n, tmp, args.input)
        rates: dict[str, float] = {}
        found: dict[str, set[Finding]] = {}
        for engine in engines:
            wall, cpu, found[engine] = run(items, engine)
            rates[engine] = n / cpu
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{engine:>8} {n:>8} {wall:>8.2f} {cpu:>8.2f} {n / cpu:>10.0f} {cpu / n * 1e6:>10.0f} "
                  f"{len(found[engine]):>8} {rss:>11.0f}", flush=True)
        for other in (e for e in engines if e != "fast" and "fast" in rates):
            differ = len(found["fast"] ^ found[other])
            print(f"{'':>8} {n:>8} fast is {rates['fast'] / rates[other]:.1f}× {other} (CPU records/s); "
                  f"results that differ: {differ}")


if __name__ == "__main__":
    main()
