"""A site's history in three publishes of the real fixture records, for the tests of what harvesters
read across publishes (OAI-PMH, the change feed): all of them on the first day; two dropped and one
changed on the second; one of the two back on the third."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from conftest import FIXTURES

RECORDS = sorted((FIXTURES / "records").glob("*.json"))
DROPPED = [RECORDS[2].name, RECORDS[5].name]  # gone in the second publish; the first comes back in the third
CHANGED = RECORDS[0].name  # its title changes in the second publish
DAYS = [date(2026, 1, 10), date(2026, 2, 10), date(2026, 3, 10)]


def inputs(folder: Path, step: int) -> list[Path]:
    """The records of publish `step` (0, 1, 2), written to `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for path in RECORDS:
        if (step == 1 and path.name in DROPPED) or (step == 2 and path.name == DROPPED[1]):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        if step >= 1 and path.name == CHANGED:
            data["dataset_schema"]["name"] += " (revised)"
        copy = folder / path.name
        copy.write_text(json.dumps(data), encoding="utf-8")
        out.append(copy)
    return out
