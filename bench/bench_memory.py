"""Is memory flat? N cloned real records, validated, through `ldcat convert --jobs 2`; the resident
memory of the writing process and of each worker, sampled as the records go by.

    .venv/bin/python bench/bench_memory.py 1000000            # about 1 h 40 min on 2 cores
    .venv/bin/python bench/bench_memory.py 20000 --every 5

The records come from `bench/clone.py` on a pipe (nothing on disk), and the N-Triples go to a pipe
that this script reads and counts (not to a file: a file is written atomically at the end, so its
size says nothing during the run). Every `--every` seconds one line: seconds, records written
(N-Triples lines / the triples a cloned record has), RSS of the main process and of each worker.
Reading /proc is Linux's; the machine's other work makes the times vary, not the memory.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent
TRIPLES_PER_RECORD = 301.69  # 1,000,000 cloned records gave 301,687,620 triples (session 8)


def rss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(c) for c in found]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, help="records")
    parser.add_argument("--every", type=float, default=30, help="seconds between samples (default 30)")
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    clone = subprocess.Popen([sys.executable, str(HERE / "clone.py"), str(args.n)], stdout=subprocess.PIPE)
    convert = subprocess.Popen([str(bin_dir / "ldcat"), "convert", "-", "--validate", "--on-invalid", "keep",
                                "--jobs", "2", "-f", "nt", "-q"], stdin=clone.stdout, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=ROOT)
    assert clone.stdout is not None and convert.stdout is not None and convert.stderr is not None
    clone.stdout.close()  # the pipe is convert's now
    lines = [0]

    def count() -> None:
        assert convert.stdout is not None
        for _ in convert.stdout:
            lines[0] += 1

    counter = threading.Thread(target=count, daemon=True)
    counter.start()
    start = time.perf_counter()
    peak_main = peak_worker = 0
    while convert.poll() is None:
        main_kb = rss_kb(convert.pid) or 0
        workers = [kb for kb in (rss_kb(c) for c in children(convert.pid)) if kb]
        peak_main, peak_worker = max(peak_main, main_kb), max([peak_worker, *workers])
        print(f"{time.perf_counter() - start:7.0f} s {lines[0] / TRIPLES_PER_RECORD:10,.0f} records  "
              f"main {main_kb / 1024:6.1f} MB  workers {' '.join(f'{kb / 1024:.1f}' for kb in workers)} MB",
              flush=True)
        time.sleep(args.every)
    counter.join()
    clone.wait()
    summary = convert.stderr.read().decode().strip().splitlines()
    print(f"done in {time.perf_counter() - start:.0f} s; peak main {peak_main / 1024:.1f} MB, "
          f"peak worker {peak_worker / 1024:.1f} MB; {summary[-1] if summary else ''}")
    sys.exit(convert.returncode)


if __name__ == "__main__":
    main()
