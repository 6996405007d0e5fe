"""Start-up time of the `ldcat` command: `--version`, `--help` and a command's `--help`.

Each is run as a fresh process N times (default 10) and the median and best wall times printed,
beside the bare interpreter (`python -c pass`) and `import rdflib`, the floor and the cost that
lazy imports avoid.

    .venv/bin/python bench/bench_startup.py [N]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

LDCAT = [str(Path(sys.executable).with_name("ldcat"))]
CASES = {
    "python -c pass (floor)": [sys.executable, "-c", "pass"],
    "python -c 'import rdflib'": [sys.executable, "-c", "import rdflib"],
    "ldcat --version": [*LDCAT, "--version"],
    "ldcat --help": [*LDCAT, "--help"],
    "ldcat convert --help": [*LDCAT, "convert", "--help"],
    "ldcat plugins": [*LDCAT, "plugins"],
}


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    print(f"{'command':32} {'median':>9} {'best':>9}   ({runs} runs each)")
    for label, command in CASES.items():
        timed(command)  # warm the file cache
        times = [timed(command) for _ in range(runs)]
        print(f"{label:32} {statistics.median(times) * 1000:7.0f} ms {min(times) * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
