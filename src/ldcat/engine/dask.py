"""The Dask engine: the unit of work over partitions of JSON Lines files on a Dask cluster (the `dask` extra).

The driver only finds partition boundaries (byte offsets every `PARTITION_LINES` lines); each
worker reads its own byte range of the file (no records travel through the scheduler), runs
`ldcat.engine.work.process` on it and pickles the outcomes into a shard file in ``DIR/.shards``
(which the workers must share). The driver reads the shards back in partition order, so it yields
the outcomes in input order, exactly as the local engine does, and `ldcat.pipeline.convert` makes
the same output and report of them with the same `Policy`.

The workers of a local cluster die with the ldcat process that started them, even when it is
killed with SIGKILL (`dask_setup`, their preload); workers of a cluster given by `--scheduler` are
that cluster's own, and left alone.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import pickle
import shutil
from collections.abc import Generator, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

from ldcat.engine import Source
from ldcat.engine.local import die_with_parent
from ldcat.engine.slabs import Files, items
from ldcat.engine.work import Job, Outcome, chunked, process
from ldcat.errors import InputError, UsageError
from ldcat.model import RawRecord
from ldcat.problems import Problem

PARTITION_LINES = 5000


@dataclass(frozen=True, slots=True)
class Partition:
    number: int
    path: str
    start: int  # byte offsets
    end: int
    first_line: int
    last: bool = False  # the file's last partition


def partitions(sources: Iterable[Source], lines: int | None = None) -> list[Partition]:
    """Byte ranges of `lines` lines each (default `PARTITION_LINES`) over JSON Lines files
    (directories: their *.jsonl and *.ndjson)."""
    size = lines or PARTITION_LINES
    files: list[str] = []
    for source in sources:
        if not isinstance(source, str | os.PathLike):
            raise UsageError("the dask engine reads JSON Lines files or directories of them, not a stream")
        path = Path(source)
        if path.is_dir():
            files += [str(p) for p in sorted(path.iterdir()) if p.suffix in (".jsonl", ".ndjson")]
        elif path.is_file():
            files.append(os.fspath(source))  # as given: origins then name it as the local engine does
        elif not path.exists():
            raise InputError(f"{source}: no such file")  # as the local engine says it
        else:
            raise UsageError(f"{source}: the dask engine reads JSON Lines files or directories of them")
    parts: list[Partition] = []
    for name in files:
        with open(name, "rb") as handle:
            start, first, blank = 0, 1, True
            for line, text in enumerate(iter(handle.readline, b""), 1):
                # The first partition runs at least to the first line of content, so it alone says
                # whether the file is empty, as a whole file read locally does.
                blank = blank and not text.strip()
                if line - first + 1 >= size and not blank:
                    parts.append(Partition(len(parts), name, start, handle.tell(), first))
                    start, first = handle.tell(), line + 1
            if handle.tell() > start or start == 0:
                parts.append(Partition(len(parts), name, start, handle.tell(), first, last=True))
            elif parts and parts[-1].path == name:
                parts[-1] = replace(parts[-1], last=True)
    return parts


def outcomes(sources: Iterable[Source], job: Job, *, output: Path | None, reader: str | None = None,
             scheduler: str | None = None, workers: int = 1) -> Generator[Outcome, None, None]:
    """Every record's outcome, in input order, computed on the cluster at `scheduler` (None: a
    local cluster of `workers` processes on 127.0.0.1). Usage errors are raised now, not when
    iterated."""
    if importlib.util.find_spec("distributed") is None:
        raise UsageError("the dask engine needs the extra: pip install 'ldcat[dask]'")
    if output is None:
        raise UsageError("the dask engine writes to -o DIR (its workers put their shards there)")
    if reader not in (None, "jsonl"):
        raise UsageError(f"the dask engine reads JSON Lines, not {reader}")
    return _run(partitions(sources), replace(job, slim=not job.keep_triples), output / ".shards", scheduler, workers)


def _run(parts: list[Partition], job: Job, shards: Path, scheduler: str | None,
         workers: int) -> Generator[Outcome, None, None]:
    from dask.distributed import Client, LocalCluster

    shards.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, shards, ignore_errors=True)
        # distributed's constructors have no annotations.
        address = scheduler or stack.enter_context(LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
            preload=[__name__]))
        client = stack.enter_context(Client(address))  # type: ignore[no-untyped-call]
        futures = client.map(run_partition, parts, job=job, shards=str(shards), pure=False)
        # A run stopped early (--strict, --on-invalid fail) leaves no work running on a shared cluster.
        stack.callback(client.cancel, futures)
        files = Files()
        for future, part in zip(futures, parts, strict=True):
            produced = False
            for outcome in _shard(Path(future.result())):
                produced = True
                yield outcome
            yield from files.after(part.path, produced, whole=part.start == 0 and part.last, last=part.last)


def dask_setup(worker: object) -> None:
    """The preload of a local cluster's worker process, which dask calls as it starts: the worker
    dies when the ldcat process it was spawned from does, as a local engine's worker does, instead
    of lingering until dask notices; Ctrl-C is the parent's to handle (it closes the cluster)."""
    parent = multiprocessing.parent_process()  # the spawning ldcat process: its nannies run in it
    assert parent is not None and parent.pid is not None, "not a worker process"
    die_with_parent(parent.pid)


def _shard(path: Path) -> Iterator[Outcome]:
    """A shard's outcomes, then the shard is gone (disk use shrinks as the driver goes)."""
    with path.open("rb") as handle:
        while True:
            try:
                chunk: list[Outcome] = pickle.load(handle)  # written by run_partition, in this run's directory
            except EOFError:
                break
            yield from chunk
    path.unlink()


def run_partition(part: Partition, job: Job, shards: str) -> str:
    """One worker's task: read its byte range, run the unit of work on it, pickle the outcomes
    (a chunk at a time, so memory stays flat) into its shard; returns the shard's path."""
    shard = Path(shards) / f"shard-{part.number:06d}.pickle"
    with shard.open("wb") as out:
        for chunk in chunked(_items(part, job)):
            pickle.dump(process(chunk, job), out, pickle.HIGHEST_PROTOCOL)
    return str(shard)


def _items(part: Partition, job: Job) -> Iterator[RawRecord | Problem]:
    with open(part.path, "rb") as handle:
        handle.seek(part.start)
        data = handle.read(part.end - part.start)
    return items(data, part.path, part.first_line, whole=part.start == 0 and part.last,
                 settings=job.mapping.settings)
