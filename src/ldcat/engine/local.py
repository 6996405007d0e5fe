"""The local engine: the unit of work over any readable input, in this process or a pool of `jobs`."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Generator, Iterable
from concurrent.futures import Future, ProcessPoolExecutor

from ldcat.engine import Source
from ldcat.engine.work import Job, Outcome, chunked, process
from ldcat.read import read
from ldcat.validate import shapes_graph


def outcomes(sources: Iterable[Source], job: Job, *, reader: str | None = None, jobs: int = 1
             ) -> Generator[Outcome, None, None]:
    """Every record's outcome, in input order, computed in `jobs` processes.

    At most two chunks per process are in flight, so memory stays flat however long the input.
    """
    # The plugins' settings (--set, [plugins.*]) travel with the mapping's; readers take theirs from it.
    settings = job.mapping.settings
    chunks = chunked(item for source in sources for item in read(source, reader, settings=settings))
    if jobs <= 1:
        for chunk in chunks:
            yield from process(chunk, job)
        return
    for profile in job.validate:
        shapes_graph(profile)  # parsed once, here, before the workers fork and inherit it
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        pending: deque[Future[list[Outcome]]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(process, chunk, job))
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int) -> None:
    """A worker's first step: die when the parent does, even by SIGKILL, so no worker outlives
    its run; leave Ctrl-C to the parent, which stops the pool itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform == "linux":
        with contextlib.suppress(OSError, AttributeError):  # no prctl in this libc: the check below only
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
