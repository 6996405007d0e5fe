"""What the workers' unit of work costs a record, in instructions: the same count on every run.

    .venv/bin/python bench/bench_instructions.py                 # this checkout, 500 fixture records
    .venv/bin/python bench/bench_instructions.py --base 96763e1  # against another commit, and is the output the same?

On a shared machine CPU time moves by a third for the same code (session 10: 557–791 µs a record), so a change
of a few per cent cannot be seen in it. valgrind's cachegrind counts the instructions a run executes instead,
which is repeatable for the same code, input and hash seed whatever the neighbours do. Each count is of a whole
interpreter run; what a variant costs is its run less the run that only builds the input (``none``):

| variant  | what the run does after building the input                                          |
|----------|-------------------------------------------------------------------------------------|
| none     | nothing                                                                             |
| json     | `json.loads` of each record's JSON line (the floor the issue compares with)         |
| nt       | `ldcat.engine.work.process` over the records in chunks of 64, rendering N-Triples   |
| validate | the same, validating the default shapes profiles with the fast engine               |

The records are tests/fixtures/harmony's real ones cycled to N, read once with their readers' notes
(`bench_stages.fixture_lines`). With ``--base REV`` the same runs are made with that commit's `src` (a git
worktree in a temporary folder, first on ``PYTHONPATH``), and each variant's rendered N-Triples and problems are
compared by digest: a change that is faster but writes other bytes says so. valgrind comes from Debian's
``valgrind`` package; a run takes about 15 s of valgrind per thousand records and variant.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VARIANTS = ("json", "nt", "validate")
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def _work(n: int, variant: str, digest: bool) -> None:
    """One counted run (in the interpreter valgrind watches): build the input, then run `variant`."""
    sys.path.insert(0, str(HERE))
    import bench_stages

    from ldcat.engine.work import Job, process
    from ldcat.model import RawRecord
    from ldcat.validate import default_shapes

    lines, notes = bench_stages.fixture_lines(n)
    raws = [RawRecord(r.data, k.origin, r.reader, notes=k.notes)
            for r, k in zip(bench_stages.read_stage(bench_stages.parse(lines)), notes, strict=True)]
    if variant == "none":
        return
    if variant == "json":
        for line in lines:
            json.loads(line)
        return
    job = Job(mapping=bench_stages.OPTIONS, formats=("nt",), slim=True,
              validate=default_shapes() if variant == "validate" else ())
    found = hashlib.md5()
    for start in range(0, len(raws), 64):
        for outcome in process(list(raws[start:start + 64]), job):
            if digest:
                found.update(outcome.rendered.get("nt", "").encode())
                found.update(repr(outcome.problems).encode())
    if digest:
        print(found.hexdigest())


def _environment(src: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(src)}


def count(src: Path, n: int, variant: str) -> int:
    """Instructions of one run of `variant` with the ldcat of `src`."""
    done = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, __file__, "_work", str(n), variant],
        env=_environment(src), capture_output=True, text=True, check=False)
    found = _REFS.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"valgrind failed for {variant}:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def digest(src: Path, n: int, variant: str) -> str:
    """The md5 of what `variant` renders and reports, with the ldcat of `src` (no valgrind)."""
    done = subprocess.run([sys.executable, __file__, "_digest", str(n), variant], env=_environment(src),
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


@contextmanager
def checkout(rev: str) -> Iterator[Path]:
    """The `src` of commit `rev`, in a git worktree that is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="ldcat-base-") as folder:
        tree = Path(folder) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(tree), rev], check=True)
        try:
            yield tree / "src"
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)


def table(n: int, counts: dict[str, dict[str, int]], same: dict[str, bool]) -> str:
    """Each variant's instructions a record (its run less ``none``), per version, and the change."""
    versions = list(counts)
    cost = {v: {k: counts[v][k] - counts[v]["none"] for k in VARIANTS} for v in versions}
    head = "| variant | " + " | ".join(f"{v}: M instructions | M a record | ÷ json.loads" for v in versions)
    if len(versions) == 2:
        head += " | change | output"
    rows = [head + " |", "|---" * (1 + 3 * len(versions) + (2 if len(versions) == 2 else 0)) + "|"]
    for variant in VARIANTS:
        cells = []
        for v in versions:
            ratio = "" if variant == "json" else f"{cost[v][variant] / cost[v]['json']:.1f}×"
            cells += [f"{cost[v][variant] / 1e6:,.1f}", f"{cost[v][variant] / n / 1e6:.2f}", ratio]
        if len(versions) == 2:
            base, new = (cost[v][variant] for v in versions)
            cells += [f"{(new - base) / base:+.1%}", "" if variant == "json" else
                      ("identical" if same[variant] else "**differs**")]
        rows.append(f"| {variant} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=500, help="fixture records (default 500)")
    parser.add_argument("--base", metavar="REV", help="also count a commit's code, and compare the outputs")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    counts: dict[str, dict[str, int]] = {}
    same: dict[str, bool] = {}
    with checkout(args.base) if args.base else nullcontext(None) as base_src:
        sources = {**({f"base {args.base}": base_src} if base_src else {}), "this checkout": ROOT / "src"}
        for version, src in sources.items():
            counts[version] = {}
            for variant in ("none", *VARIANTS):
                counts[version][variant] = count(src, args.n, variant)
                print(f"{version}: {variant} {counts[version][variant]:,} instructions", file=sys.stderr)
        if base_src:
            for variant in VARIANTS[1:]:
                same[variant] = digest(base_src, args.n, variant) == digest(ROOT / "src", args.n, variant)
    print(f"{args.n} fixture records, instructions (cachegrind, PYTHONHASHSEED=0), each less the run that only "
          "builds the input\n")
    print(table(args.n, counts, same))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("_work", "_digest"):
        _work(int(sys.argv[2]), sys.argv[3], digest=sys.argv[1] == "_digest")
    else:
        main()
