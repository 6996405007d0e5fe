"""JSON Lines in slabs: runs of lines handed to a worker as bytes, which it reads itself.

A process pool that is sent parsed records spends more on pickling them (and the worker on
unpickling them) than on parsing the JSON; a slab is only bytes, so the scheduling process reads
lines and the worker decodes, parses and reads them, as the Dask engine's workers read their byte
ranges of a file. Either way a slab reads exactly as its lines do in the whole file: the same
records, the same problems, the same origins (``file.jsonl:LINE``).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ldcat import plugins
from ldcat.engine.work import Outcome
from ldcat.model import RawRecord
from ldcat.plugins import Settings
from ldcat.problems import Problem
from ldcat.read import no_records, read

READER = "jsonl"


@dataclass(frozen=True, slots=True)
class Slab:
    """Lines `first_line`… of the JSON Lines file `name`; `last` when they run to its end."""

    name: str
    first_line: int
    data: bytes
    last: bool = False

    @property
    def whole(self) -> bool:
        return self.first_line == 1 and self.last


def slabs(path: str, name: str, lines: int) -> Iterator[Slab]:
    """The file at `path` in slabs of `lines` lines (origins name it `name`). The first slab runs
    at least to the first line of content, so it alone says whether the file is empty."""
    with open(path, "rb") as handle:
        first, buffer, blank = 1, [], True
        pending: Slab | None = None
        for number, line in enumerate(handle, 1):
            buffer.append(line)
            blank = blank and not line.strip()
            if len(buffer) >= lines and not blank:
                if pending is not None:
                    yield pending
                pending = Slab(name, first, b"".join(buffer))
                first, buffer = number + 1, []
        if pending is None:  # all of it in one slab
            yield Slab(name, first, b"".join(buffer), last=True)
        elif not buffer:  # the last slab ended with the file
            yield replace(pending, last=True)
        else:
            yield pending
            yield Slab(name, first, b"".join(buffer), last=True)


def items(data: bytes, name: str, first_line: int, *, whole: bool,
          settings: Settings | None = None) -> Iterator[RawRecord | Problem]:
    """What the JSON Lines reader reads of `data`, lines `first_line`… of the file `name`."""
    if whole:  # the file itself: as `ldcat.read.read` reads it (empty input, no records...)
        return read(io.BytesIO(data), READER, name=name, settings=settings)
    # Part of a file: straight to the reader (no detection, no "empty input": the first part says
    # that), after a blank line unless it is the head, because the reader takes its line 1 for the
    # file's first (where a byte-order mark is allowed); origins then count from the file's start.
    reader = plugins.reader(READER, settings)
    if first_line == 1:
        return reader.read(io.BytesIO(data), name)
    lines = reader.read(io.BytesIO(b"\n" + data), name)
    return (_shifted(item, name, first_line - 2) for item in lines)


class Files:
    """Whether the parts of the file being read have given any outcome yet: a file's "no records"
    is known only after its last part (a part that is the whole file finds it itself)."""

    def __init__(self) -> None:
        self.nothing = True

    def after(self, name: str, produced: bool, *, whole: bool, last: bool) -> Iterator[Outcome]:
        """What follows a part's outcomes (`produced`: it had some)."""
        self.nothing = self.nothing and not produced
        if last:
            if self.nothing and not whole:
                yield Outcome(name, None, [no_records(name, READER)])
            self.nothing = True


def slab_items(slab: Slab, settings: Settings | None = None) -> Iterator[RawRecord | Problem]:
    return items(slab.data, slab.name, slab.first_line, whole=slab.whole, settings=settings)


def _shifted(item: RawRecord | Problem, name: str, by: int) -> RawRecord | Problem:
    if isinstance(item, Problem):
        return replace(item, record=_line(item.record, name, by)) if item.record else item
    return replace(item, origin=_line(item.origin, name, by))


def _line(origin: str, name: str, by: int) -> str:
    """``name:LINE`` or ``name:LINE#ITEM`` (the reader's origins), `by` lines further on."""
    line, mark, rest = origin[len(name) + 1:].partition("#")
    return f"{name}:{int(line) + by}{mark}{rest}"
