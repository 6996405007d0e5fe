"""Benchmark input cloned from real records: the Harmony records in tests/fixtures, over and over.

Each copy is the real record with every uuid (its own, its children's, its parents') replaced by a
new one derived from the copy's number, and its title numbered, so copies are distinct datasets
with the real records' shapes: their sizes, quirks, HTML, children and variables.

    python bench/clone.py 10000 > records.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "harmony" / "records"


def _real() -> list[dict[str, Any]]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(FIXTURES.glob("*.json"))]


def _renamed(value: Any, copy: int) -> Any:
    """`value` with each uuid replaced by one of its own for this copy (the same uuid twice in a
    record gets the same new one, so links between its parts hold)."""
    if isinstance(value, dict):
        return {k: (_uuid(v, copy) if k == "uuid" and isinstance(v, str) else _renamed(v, copy))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(item, copy) for item in value]
    return value


def _uuid(old: str, copy: int) -> str:
    return hashlib.blake2b(f"{old}/{copy}".encode(), digest_size=16).hexdigest()


def records(n: int) -> Iterator[dict[str, Any]]:
    real = _real()
    for copy in range(n):
        record = _renamed(real[copy % len(real)], copy)
        schema = record.get("dataset_schema")
        if isinstance(schema, dict) and isinstance(schema.get("name"), str):
            schema["name"] = f"{schema['name']} (copy {copy + 1})"
        yield record


def write(n: int, out: IO[str]) -> None:
    for record in records(n):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def main(writer: Callable[[int, IO[str]], None], description: str) -> None:
    """The command line of an input writer (this one and synth.py): N records as JSON Lines on stdout."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("n", nargs="?", type=int, default=1000, help="how many records (default: 1000)")
    n = parser.parse_args().n
    if n < 0:
        parser.error(f"N must be 0 or more, not {n}")
    writer(n, sys.stdout)


if __name__ == "__main__":
    main(write, "Write N records cloned from the real fixture records, as JSON Lines.")
