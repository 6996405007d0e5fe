"""Loading synthetic records into the embedded store: records/s, triples/s, peak memory.

    python bench/bench_load.py 100000
"""

from __future__ import annotations

import resource
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synth import write

from ldcat.mapping import MapOptions
from ldcat.problems import Report
from ldcat.store import LoadOptions, input_graphs, load_embedded, open_store


def main(n: int) -> None:
    tmp = Path("/tmp/ldcat-bench")
    tmp.mkdir(exist_ok=True)
    source = tmp / f"synthetic-{n}.jsonl"
    if not source.exists():
        with source.open("w") as out:
            write(n, out)
    target = tmp / f"load-{n}.store"
    shutil.rmtree(target, ignore_errors=True)
    report = Report()
    start = time.perf_counter()
    store = open_store(target)
    load_embedded(store, input_graphs([source], report, MapOptions()), report, LoadOptions())
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    quads = report.stats["quads"]
    print(f"{n} records, {quads} quads in {seconds:.1f} s: {n / seconds:.0f} records/s, "
          f"{quads / seconds:.0f} triples/s, peak RSS {rss:.0f} MB, store size "
          f"{sum(f.stat().st_size for f in target.rglob('*') if f.is_file()) / 2**20:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10000)
