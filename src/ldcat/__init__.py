"""ldcat: publish research-data catalogue records as schema.org and DCAT 3 Linked Data.

The library in one screen::

    from pathlib import Path
    from ldcat import ConvertOptions, MapOptions, convert, records, Report

    report = convert(["records.jsonl"], ConvertOptions(formats=("turtle", "nt"), output=Path("out")))
    print(report.stats, [str(p) for p in report.errors])

    report = Report()
    for item in records(["records.jsonl"], report, mapping=MapOptions(base_iri="https://data.example.org/")):
        print(item.record.name, len(item.graph))   # a normalised Record and its rdflib Graph

The names below are imported on first use, so ``import ldcat`` (and ``ldcat --help``) stays fast.
The steps have modules of their own: `ldcat.read.read`, `ldcat.normalise.normalise`,
`ldcat.mapping.record_triples`, `ldcat.validate`, `ldcat.serialise.serialise`, `ldcat.store`.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Agent": "ldcat.model", "Catalogue": "ldcat.model", "Period": "ldcat.model", "RawRecord": "ldcat.model",
    "Record": "ldcat.model", "RecordRef": "ldcat.model", "Variable": "ldcat.model",
    "InputError": "ldcat.errors", "LdcatError": "ldcat.errors", "RecordError": "ldcat.errors",
    "StopRun": "ldcat.errors", "UsageError": "ldcat.errors",
    "Problem": "ldcat.problems", "Report": "ldcat.problems",
    "MapOptions": "ldcat.mapping", "Profile": "ldcat.mapping", "map_catalogues": "ldcat.mapping",
    "map_record": "ldcat.mapping",
    "Converted": "ldcat.pipeline", "ConvertOptions": "ldcat.pipeline", "convert": "ldcat.pipeline",
    "records": "ldcat.pipeline",
    "ShapesProfile": "ldcat.plugins", "registry": "ldcat.plugins",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value  # once imported, a plain attribute
        return value
    raise AttributeError(f"module 'ldcat' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
