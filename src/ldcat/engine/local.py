"""The local engine: the unit of work over any readable input, in this process or a pool of `jobs`."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace

from ldcat.engine import Source
from ldcat.engine.slabs import READER, Files, Slab, slab_items, slabs
from ldcat.engine.work import CHUNK, Job, Outcome, chunked, process
from ldcat.model import RawRecord
from ldcat.plugins import Settings
from ldcat.problems import Problem
from ldcat.read import format_of, read
from ldcat.validate import shapes_graph


def outcomes(sources: Iterable[Source], job: Job, *, reader: str | None = None, jobs: int = 1, nice: int = 0
             ) -> Generator[Outcome, None, None]:
    """Every record's outcome, in input order, computed in `jobs` processes.

    At most two chunks per process are in flight, so memory stays flat however long the input.
    The workers run `nice` steps below this process's CPU priority: a consumer whose own work is
    the bottleneck (a store's loader, in a thread of this process) then gets a core whenever it
    needs one, and the workers convert in what is left, instead of slowing it down.
    """
    # The plugins' settings (--set, [plugins.*]) travel with the mapping's; readers take theirs from it.
    settings = job.mapping.settings
    if jobs <= 1:
        for chunk in chunked(item for source in sources for item in read(source, reader, settings=settings)):
            yield from process(chunk, job)
        return
    job = replace(job, slim=not job.keep_triples)
    for profile in job.validate:
        shapes_graph(profile)  # parsed once, here, before the workers fork and inherit it
    with interrupts_between_chunks() as check, \
            ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=die_with_parent,
                                initargs=(os.getpid(), nice)) as pool:
        pending: deque[tuple[Future[list[Outcome]], Work]] = deque()
        files = Files()
        for work in _work(sources, reader, settings):
            pending.append((pool.submit(run, work, job), work))
            if len(pending) >= 2 * jobs:
                yield from _done(*pending.popleft(), files)
            check()
        while pending:
            yield from _done(*pending.popleft(), files)
            check()


@contextlib.contextmanager
def interrupts_between_chunks() -> Iterator[Callable[[], None]]:
    """Ctrl-C (SIGINT) while the pool runs is held until the next chunk's outcomes are in, where the
    check this yields raises it: a KeyboardInterrupt raised inside the executor's own code (as it
    submits, or forks a worker) can leave it unable to shut down, and the run hangs. Outside the
    main thread, where no signal arrives, it does nothing. A second Ctrl-C interrupts at once."""
    if threading.current_thread() is not threading.main_thread():
        yield lambda: None
        return
    got: list[int] = []

    def check() -> None:
        if got:
            raise KeyboardInterrupt

    def held(signum: int, frame: object) -> None:
        if got:
            raise KeyboardInterrupt
        got.append(signum)

    previous = signal.signal(signal.SIGINT, held)
    try:
        yield check
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)
    check()


Work = Slab | list[RawRecord | Problem]
SLAB_LINES = CHUNK  # JSON Lines lines per slab: a record a line, mostly


def _work(sources: Iterable[Source], reader: str | None, settings: Settings) -> Iterator[Work]:
    """The chunks for the workers: JSON Lines files as slabs of lines, other inputs read here.
    Only regular files are slabbed: detecting the format of a pipe would consume its head."""
    for source in sources:
        if (isinstance(source, str | os.PathLike) and os.path.isfile(source)
                and format_of(source, reader, settings=settings) == READER):
            yield from slabs(os.fspath(source), os.fspath(source), SLAB_LINES)
        else:
            yield from chunked(read(source, reader, settings=settings))


def _done(future: Future[list[Outcome]], work: Work, files: Files) -> Iterator[Outcome]:
    outcomes = future.result()
    yield from outcomes
    if isinstance(work, Slab):
        yield from files.after(work.name, bool(outcomes), whole=work.whole, last=work.last)


def run(work: Work, job: Job) -> list[Outcome]:
    """A worker's task: read a slab (or take records read already), then the unit of work."""
    return process(list(slab_items(work, job.mapping.settings)) if isinstance(work, Slab) else work, job)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int, nice: int = 0) -> None:
    """A worker's first step: die when the parent does, even by SIGKILL, so no worker outlives
    its run; leave Ctrl-C to the parent, which stops the pool itself; run `nice` steps below it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform == "linux":
        with contextlib.suppress(OSError, AttributeError):  # no prctl in this libc: the check below only
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    if nice:
        with contextlib.suppress(OSError):  # a priority is a preference: the work goes on without it
            os.nice(nice)
