"""The local engine: the unit of work over any readable input, in this process or a pool of `jobs`."""

from __future__ import annotations

import multiprocessing
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
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        pending: deque[Future[list[Outcome]]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(process, chunk, job))
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
