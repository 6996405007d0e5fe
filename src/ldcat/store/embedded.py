"""The embedded store: a pyoxigraph (RocksDB) directory, ``./ldcat.store`` unless told otherwise.

Loading replaces each named graph whole; with `LoadOptions.sync` the graphs under ldcat's own
namespaces that this load did not write are dropped. Only one process may have the store open
for writing at a time.
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
        stale = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value not in loaded
                 and g.value.startswith(options.namespaces)]
        for graph in stale:
            store.remove_graph(graph)
        report.count("removed", len(stale))
    store.flush()


def _write_batch(store: ox.Store, batch: list[NamedGraph], bulk: bool, report: Report, loaded: set[str]) -> None:
    """Replace the batch's graphs. The quads go in as N-Quads text, which pyoxigraph parses far
    faster than Python can build term objects for it."""
    lines: list[str] = []
    for named in batch:
        name = ox.NamedNode(named.name)
        if store.contains_named_graph(name):
            store.remove_graph(name)
            report.count("replaced")
        graph = f" <{named.name}> .\n"
        lines.extend(f"{nt_term(s)} {nt_term(p)} {nt_term(o)}{graph}" for s, p, o in named.graph)
        loaded.add(named.name)
        report.count("graphs")
    data = "".join(lines).encode()
    if bulk:
        store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    else:
        store.load(data, format=ox.RdfFormat.N_QUADS)
    report.count("quads", len(lines))
