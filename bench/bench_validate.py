"""Validation throughput: records/s and peak memory for growing N (it should stay flat per record).

    python bench/bench_validate.py 500 1000 2000
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synth import write

from ldcat.pipeline import records
from ldcat.problems import Report
from ldcat.validate import Validator, default_shapes


def run(n: int, tmp: Path) -> tuple[float, float, int]:
    source = tmp / f"synthetic-{n}.jsonl"
    with source.open("w") as out:
        write(n, out)
    items = list(records([source], Report()))
    validator = Validator(default_shapes())
    start = time.perf_counter()
    for item in items:
        validator.add(item.graph)
    report = validator.finish()
    seconds = time.perf_counter() - start
    return seconds, n / seconds, len(report.results)


def main(sizes: list[int]) -> None:
    tmp = Path("/tmp/ldcat-bench")
    tmp.mkdir(exist_ok=True)
    print(f"{'records':>8} {'seconds':>8} {'records/s':>10} {'results':>8} {'peak RSS MB':>11}")
    for n in sizes:
        seconds, rate, results = run(n, tmp)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{n:>8} {seconds:>8.1f} {rate:>10.0f} {results:>8} {rss:>11.0f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [500, 1000, 2000])
