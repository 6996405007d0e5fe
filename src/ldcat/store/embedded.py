"""The embedded store: a pyoxigraph (RocksDB) directory, ``./ldcat.store`` unless told otherwise.

Loading replaces each named graph whole; with `LoadOptions.sync` the graphs under ldcat's own
namespaces that this load did not write are dropped. Only one process may have the store open
for writing at a time.

A load killed at any moment (kill -9, Ctrl-C) loses no record and leaves no graph half-written:

* a graph already in the store is replaced by a SPARQL update that drops the old graph and
  inserts the new one (`REPLACE_CHUNK` graphs an update), which pyoxigraph applies as one
  transaction;
* graphs new to the store go in through `Store.load` (one transaction) or, past
  `BULK_THRESHOLD` records, `Store.bulk_load`, which is not transactional. So before a bulk
  load the names of its new graphs are written to the journal graph `JOURNAL` (one update),
  and dropped from it once the bulk load is in (one update). A load that finds names in the
  journal drops those graphs, which the interrupted load had been adding and no load finished
  (a ``load-rolled-back`` warning says how many), and then empties the journal: the store is
  back to what it was before the interrupted batch. The journal graph exists only while a bulk
  load runs, and after a killed one until the next load, so `--sync` never meets it, nor do
  queries of a store whose last load finished;
* `--sync` drops stale graphs only after every new graph is in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ldcat.errors import InputError
from ldcat.problems import Problem, Report
from ldcat.store.inputs import NamedGraph

BULK_THRESHOLD = 1000  # records; above it the embedded store uses its bulk loader
REPLACE_CHUNK = 50  # graphs replaced per update (one transaction): faster than larger or smaller ones
JOURNAL = "urn:ldcat:load-journal"  # named graph: ``<JOURNAL> <LOADING> <graph>`` for each graph being bulk loaded
LOADING = f"{JOURNAL}#loading"


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
    """Replace each named graph in the store; batches of records go through the bulk loader.
    First roll back the bulk load an earlier, interrupted load left unfinished.

    One batch is written in a thread while the next is made (pyoxigraph's loaders release the
    GIL), one batch at a time and in order; a stopped load waits for the batch being written."""
    _roll_back(store, report)
    loaded: set[str] = set()
    batch: list[NamedGraph] = []
    bulk = False
    with ThreadPoolExecutor(1, thread_name_prefix="ldcat-load") as writer:
        writing: Future[Counter[str]] | None = None
        for named in graphs:
            batch.append(named)
            if len(batch) >= BULK_THRESHOLD:
                bulk = True
                _counted(writing, report)
                writing = writer.submit(_write_batch, store, batch, bulk, loaded)
                batch = []
        _counted(writing, report)
        _counted(writer.submit(_write_batch, store, batch, bulk, loaded), report)
    if options.sync:
        stale = [g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value not in loaded
                 and g.value.startswith(options.namespaces)]
        for start in range(0, len(stale), BULK_THRESHOLD):
            store.update("".join(f"DROP SILENT GRAPH <{name}> ;\n" for name in stale[start:start + BULK_THRESHOLD]))
        report.count("removed", len(stale))
    store.flush()


def _counted(writing: Future[Counter[str]] | None, report: Report) -> None:
    """Wait for the batch being written, and count what it wrote (here: the report is not the thread's)."""
    if writing is not None:
        for name, n in writing.result().items():
            report.count(name, n)


def _write_batch(store: ox.Store, batch: list[NamedGraph], bulk: bool, loaded: set[str]) -> Counter[str]:
    """Replace the batch's graphs. New graphs go in as N-Quads text, which pyoxigraph parses far
    faster than Python can build term objects for it; graphs already in the store are replaced by
    one update (drop, then insert), so an interrupted load never leaves a record missing."""
    counts: Counter[str] = Counter()
    lines: list[str] = []
    replaced: list[NamedGraph] = []
    added: list[str] = []
    quads = 0
    for named in batch:
        if store.contains_named_graph(ox.NamedNode(named.name)):
            replaced.append(named)
            counts["replaced"] += 1
        else:
            added.append(named.name)
            lines.append(named.nquads())
        quads += len(named)
        loaded.add(named.name)
        counts["graphs"] += 1
    for start in range(0, len(replaced), REPLACE_CHUNK):
        store.update(_replacement(replaced[start:start + REPLACE_CHUNK]))
    if lines:
        data = "".join(lines).encode()
        if bulk:
            journal = "".join(f"<{JOURNAL}> <{LOADING}> <{name}> .\n" for name in added)
            store.update(f"INSERT DATA {{ GRAPH <{JOURNAL}> {{\n{journal}}} }}")
            store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
            store.flush()  # the bulk load is on disk before the journal says it is done
            store.update(f"DROP SILENT GRAPH <{JOURNAL}>")
        else:
            store.load(data, format=ox.RdfFormat.N_QUADS)
    counts["quads"] += quads
    return counts


def _roll_back(store: ox.Store, report: Report) -> None:
    """Drop the graphs the journal names (an interrupted bulk load's, new to the store then, so
    maybe partial), and the journal, in one update."""
    names = [q.object.value for q in store.quads_for_pattern(None, None, None, ox.NamedNode(JOURNAL))
             if isinstance(q.object, ox.NamedNode)]
    if not names:
        return
    store.update("".join(f"DROP SILENT GRAPH <{name}> ;\n" for name in names) + f"DROP SILENT GRAPH <{JOURNAL}>")
    report.add(Problem("load-rolled-back", f"an earlier load was interrupted: the {len(names)} graph(s) it was "
                       "adding, maybe incomplete, were removed", "warning"))


def _replacement(graphs: list[NamedGraph]) -> str:
    """One SPARQL update that drops the graphs and inserts their new triples: one transaction."""
    parts = [f"DROP SILENT GRAPH <{named.name}> ;\n" for named in graphs]
    parts.append("INSERT DATA {\n")
    for named in graphs:
        parts.append(f"GRAPH <{named.name}> {{\n")
        parts.append(named.ntriples())
        parts.append("}\n")
    parts.append("}\n")
    return "".join(parts)
