"""A published site's state (``.ldcat/state.json``): what `ldcat publish` knows of each record
between runs, and what the OAI-PMH provider and the change feed serve from; and a record's
triples read back from its N-Triples document (`dataset_triples`).

For each record: its content hash (whether it changed), the date of its last real change (its
catalogue record's ``dct:modified``, its OAI-PMH datestamp) and the catalogues that hold it (its
OAI-PMH sets); child datasets a record describes are marked as parts. A record that leaves the
input becomes a tombstone, kept for ever (OAI-PMH's ``deletedRecord`` is *persistent*) unless
it comes back. A state written before tombstones (a flat mapping of key → hash and date) still
reads, with none.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ldcat.mapping import Triple
from ldcat.store import from_ox

STATE = ".ldcat/state.json"
VERSION = 2


@dataclass(frozen=True, slots=True)
class Kept:
    """One record, as the state keeps it."""

    hash: str
    modified: str  # YYYY-MM-DD
    sets: dict[str, str] = field(default_factory=dict)  # catalogue key → name
    part: bool = False


@dataclass(frozen=True, slots=True)
class Tombstone:
    deleted: str  # YYYY-MM-DD: the publish that no longer found it
    sets: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class State:
    base_url: str = ""
    records: dict[str, Kept] = field(default_factory=dict)
    deleted: dict[str, Tombstone] = field(default_factory=dict)


def read_state(site: Path) -> State:
    """The site's state; an empty one if it has none (or an unreadable one: everything is new)."""
    try:
        data = json.loads((site / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return State()
    if not isinstance(data, dict):
        return State()
    if data.get("version") != VERSION:  # the first format: key → {"hash", "modified"}
        return State(records={k: Kept(v["hash"], v["modified"]) for k, v in data.items()
                              if isinstance(v, dict) and {"hash", "modified"} <= v.keys()})
    return State(data.get("base_url", ""),
                 {k: Kept(v["hash"], v["modified"], v.get("sets", {}), v.get("part", False))
                  for k, v in data.get("records", {}).items()},
                 {k: Tombstone(v["deleted"], v.get("sets", {})) for k, v in data.get("deleted", {}).items()})


def next_state(old: State, records: dict[str, Kept], base_url: str, today: str) -> State:
    """The state after a publish that wrote `records`: the records gone since `old` (not parts)
    become tombstones dated `today`, and a tombstone whose record is back is lifted."""
    deleted = {k: t for k, t in old.deleted.items() if k not in records}
    for key, kept in old.records.items():
        if key not in records and not kept.part:
            deleted[key] = Tombstone(today, kept.sets)
    return State(base_url, records, deleted)


def write_state(state: State, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "version": VERSION, "base_url": state.base_url,
        "records": {k: {"hash": v.hash, "modified": v.modified, **({"part": True} if v.part else {"sets": v.sets})}
                    for k, v in sorted(state.records.items())},
        "deleted": {k: {"deleted": t.deleted, "sets": t.sets} for k, t in sorted(state.deleted.items())},
    }
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=0, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def dataset_triples(site: Path, key: str) -> list[Triple]:
    """A record's triples, read back from the site's N-Triples document of it (pyoxigraph parses fast)."""
    return [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object))  # type: ignore[misc]
            for t in ox.parse(path=str(site / "dataset" / f"{key}.nt"), format=ox.RdfFormat.N_TRIPLES)]
