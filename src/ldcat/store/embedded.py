"""The embedded store: a pyoxigraph (RocksDB) directory, ``./ldcat.store`` unless told otherwise.

Loading replaces each named graph whole; with `LoadOptions.sync` the graphs under ldcat's own
namespaces that this load did not write are dropped. Only one process may have the store open
for writing at a time.

A load killed at any moment (kill -9, Ctrl-C) loses no record: a graph already in the store is
replaced by a SPARQL update that drops the old graph and inserts the new one (`REPLACE_CHUNK`
graphs an update), which pyoxigraph applies as one transaction; graphs new to the store go in
through the (bulk) loader; `--sync` drops stale graphs only after every new graph is in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ldcat.errors import InputError
from ldcat.problems import Report
from ldcat.serialise import nt_term
from ldcat.store.inputs import NamedGraph

BULK_THRESHOLD = 1000  # records; above it the embedded store uses its bulk loader
REPLACE_CHUNK = 50  # graphs replaced per update (one transaction): faster than larger or smaller ones


@dataclass
class LoadOptions:
    sync: bool = False
    namespaces: tuple[str, ...] = ()  # graph-name prefixes that --sync may remove (ldcat's own)



def open_store(path: Path, *, read_only: bool = False) -> ox.Store:
    """Open (or create) the embedded store, with a clear message when another process has it."""
    try:
        if read_only:
            if not path.exists():
                raise InputError(f"{path}: no store here; load something first (ldcat load ...)")
            return ox.Store.read_only(str(path))
        return ox.Store(str(path))
    except OSError as exc:
        text = str(exc)
        if "lock" in text.lower():
            raise InputError(f"{path}: the store is open in another process (only one may write at a "
                             "time); close it and try again") from None
        raise InputError(f"{path}: cannot open the store: {text}") from None


def load_embedded(store: ox.Store, graphs: Iterable[NamedGraph], report: Report, options: LoadOptions) -> None:
    """Replace each named graph in the store; batches of records go through the bulk loader."""
    loaded: set[str] = set()
    batch: list[NamedGraph] = []
    bulk = False
    for named in graphs:
        batch.append(named)
        if len(batch) >= BULK_THRESHOLD:
            bulk = True
            _write_batch(store, batch, bulk, report, loaded)
            batch = []
    _write_batch(store, batch, bulk, report, loaded)
    if options.sync:
        stale = [g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value not in loaded
                 and g.value.startswith(options.namespaces)]
        for start in range(0, len(stale), BULK_THRESHOLD):
            store.update("".join(f"DROP SILENT GRAPH <{name}> ;\n" for name in stale[start:start + BULK_THRESHOLD]))
        report.count("removed", len(stale))
    store.flush()


def _write_batch(store: ox.Store, batch: list[NamedGraph], bulk: bool, report: Report, loaded: set[str]) -> None:
    """Replace the batch's graphs. New graphs go in as N-Quads text, which pyoxigraph parses far
    faster than Python can build term objects for it; graphs already in the store are replaced by
    one update (drop, then insert), so an interrupted load never leaves a record missing."""
    lines: list[str] = []
    replaced: list[NamedGraph] = []
    quads = 0
    for named in batch:
        if store.contains_named_graph(ox.NamedNode(named.name)):
            replaced.append(named)
            report.count("replaced")
        else:
            graph = f" <{named.name}> .\n"
            lines.extend(f"{nt_term(s)} {nt_term(p)} {nt_term(o)}{graph}" for s, p, o in named.graph)
        quads += len(named.graph)
        loaded.add(named.name)
        report.count("graphs")
    for start in range(0, len(replaced), REPLACE_CHUNK):
        store.update(_replacement(replaced[start:start + REPLACE_CHUNK]))
    if lines:
        data = "".join(lines).encode()
        if bulk:
            store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        else:
            store.load(data, format=ox.RdfFormat.N_QUADS)
    report.count("quads", quads)


def _replacement(graphs: list[NamedGraph]) -> str:
    """One SPARQL update that drops the graphs and inserts their new triples: one transaction."""
    parts = [f"DROP SILENT GRAPH <{named.name}> ;\n" for named in graphs]
    parts.append("INSERT DATA {\n")
    for named in graphs:
        parts.append(f"GRAPH <{named.name}> {{\n")
        parts.extend(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in named.graph)
        parts.append("}\n")
    parts.append("}\n")
    return "".join(parts)
