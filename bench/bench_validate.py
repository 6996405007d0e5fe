"""Validation throughput of each SHACL engine: records/s, µs per record and peak memory for growing
N (flat per record), and how many times faster the fast engine is than pyshacl, in one run.

    python bench/bench_validate.py                      # 1,000 and 10,000 records, both engines
    python bench/bench_validate.py 500 2000 --engines fast

Records are converted first (not timed), then fed to a `Validator` as the pipeline feeds it: each
record's triples. Both engines must give the same number of results (the differential test,
tests/test_shacl_engines.py, checks they are the same results). CPU seconds are printed beside wall
seconds, since a busy machine slows the wall clock.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from rdflib import Graph
from synth import write

from ldcat.pipeline import Converted, records
from ldcat.problems import Report
from ldcat.validate import Validator, default_shapes, with_vocabulary

ENGINES = ("fast", "pyshacl")


def converted(n: int, tmp: Path) -> list[Converted]:
    source = tmp / f"synthetic-{n}.jsonl"
    with source.open("w") as out:
        write(n, out)
    return list(records([source], Report()))


def run(items: list[Converted], engine: str) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, results) of validating `items` with `engine`."""
    validator = Validator(default_shapes(), shacl_engine=engine)
    with_vocabulary(Graph())  # parse the offline vocabulary now, not in the first timed batch
    wall, cpu = time.perf_counter(), time.process_time()
    for item in items:
        validator.add(item.triples)
    report = validator.finish()
    return time.perf_counter() - wall, time.process_time() - cpu, len(report.results)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated: fast, pyshacl")
    args = parser.parse_args(argv)
    engines = [e for e in args.engines.split(",") if e]
    tmp = Path("/tmp/ldcat-bench")
    tmp.mkdir(exist_ok=True)
    print(f"{'engine':>8} {'records':>8} {'wall s':>8} {'cpu s':>8} {'records/s':>10} {'µs/record':>10} "
          f"{'results':>8} {'peak RSS MB':>11}")
    for n in args.sizes:
        items = converted(n, tmp)
        rates: dict[str, float] = {}
        for engine in engines:
            wall, cpu, results = run(items, engine)
            rates[engine] = n / cpu
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{engine:>8} {n:>8} {wall:>8.2f} {cpu:>8.2f} {n / cpu:>10.0f} {cpu / n * 1e6:>10.0f} "
                  f"{results:>8} {rss:>11.0f}", flush=True)
        if len(rates) == 2:
            print(f"{'':>8} {n:>8} fast is {rates['fast'] / rates['pyshacl']:.1f}× pyshacl (CPU records/s)")


if __name__ == "__main__":
    main()
