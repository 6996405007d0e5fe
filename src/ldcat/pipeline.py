"""read → normalise → map → serialise, one record at a time.

`records()` is the shared front half (used by convert, validate and load); `convert()` adds the
writers. A record that cannot be read or mapped becomes an error in the report and the run goes
on; with `strict` the run stops at the first one.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, BinaryIO

from rdflib import Graph

from ldcat.mapping import MapOptions, map_catalogues, map_record
from ldcat.model import Catalogue, Record
from ldcat.normalise import normalise
from ldcat.problems import Problem, RecordError, Report, UsageError
from ldcat.read import read
from ldcat.serialise import WRITERS, Writer, atomic_open, extension, format_name

Source = str | Path | BinaryIO
Progress = Callable[[int], None]


class StopRun(Exception):
    """Raised in strict mode at the first record error; the report already holds it."""


@dataclass(frozen=True)
class ConvertOptions:
    formats: tuple[str, ...] = ("turtle",)
    output: Path | None = None  # a directory; None writes the one format to `stream`
    split: bool = False
    reader: str | None = None  # force an input format (--from)
    strict: bool = False
    mapping: MapOptions = field(default_factory=MapOptions)


@dataclass(frozen=True, slots=True)
class Converted:
    record: Record
    graph: Graph


def records(sources: Iterable[Source], report: Report, *, reader: str | None = None,
            mapping: MapOptions | None = None, strict: bool = False) -> Iterator[Converted]:
    """Every good record of every source, normalised and mapped; problems go to `report`."""
    mapping = mapping or MapOptions()
    seen: dict[str, str] = {}
    for source in sources:
        for item in read(source, reader):
            if isinstance(item, Problem):
                _fail(report, item, strict)
                continue
            report.count("read")
            try:
                record, problems = normalise(item)
            except RecordError as exc:
                _fail(report, exc.problem, strict)
                continue
            report.extend(problems)
            if record.key in seen:
                report.add(Problem("duplicate-record", f"same record as {seen[record.key]}; this copy skipped",
                                   "warning", item.origin, "extra_data.uuid"))
                continue
            seen[record.key] = item.origin
            graph = map_record(record, mapping)
            report.count("records")
            report.count("triples", len(graph))
            yield Converted(record, graph)


def _fail(report: Report, problem: Problem, strict: bool) -> None:
    report.add(problem)
    report.count("failed")
    if strict:
        raise StopRun(str(problem))


def convert(sources: Iterable[Source], options: ConvertOptions, *, stream: IO[str] | None = None,
            progress: Progress | None = None) -> Report:
    """Convert records to RDF files (or one stream). Returns the report; raises only for usage
    errors, unreadable sources and, in strict mode, `StopRun`."""
    formats = tuple(dict.fromkeys(format_name(f) for f in options.formats))
    if options.output is None and (len(formats) != 1 or options.split):
        raise UsageError("writing to standard output takes exactly one format and no --split; use -o DIR")
    report = Report()
    catalogues: dict[str, Catalogue] = {}
    with ExitStack() as stack:
        writers = [_open(stack, options, fmt, "catalog", stream) for fmt in formats]
        for writer in writers:
            writer.begin()
        for n, item in enumerate(records(sources, report, reader=options.reader, mapping=options.mapping,
                                         strict=options.strict), 1):
            catalogues.update((c.key, c) for c in item.record.catalogues)
            if options.split:
                _write_split(options, formats, item)
            else:
                for writer in writers:
                    writer.write(item.graph)
            if progress:
                progress(n)
        summary = map_catalogues(catalogues.values(), options.mapping)
        report.count("triples", len(summary))
        for writer in writers:
            writer.write(summary)
            writer.end()
    return report


def _open(stack: ExitStack, options: ConvertOptions, fmt: str, name: str, stream: IO[str] | None) -> Writer:
    if options.output is None:
        return WRITERS[fmt](stream or sys.stdout)
    path = options.output / f"{name}.{extension(fmt)}"
    return WRITERS[fmt](stack.enter_context(atomic_open(path)))


def _write_split(options: ConvertOptions, formats: tuple[str, ...], item: Converted) -> None:
    assert options.output is not None
    for fmt in formats:
        with atomic_open(options.output / "datasets" / f"{item.record.key}.{extension(fmt)}") as out:
            writer = WRITERS[fmt](out)
            writer.begin()
            writer.write(item.graph)
            writer.end()
