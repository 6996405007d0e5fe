"""read → normalise → map → (validate) → serialise, streamed in chunks, in one or more processes.

`outcomes()` runs `ldcat.engine.work.process` over chunks of the input, in input order; `records()` is
the in-process front half that validate, load and publish share; `convert()` writes what the
workers rendered. A record that cannot be read or mapped becomes an error in the report and the
run goes on; with `strict` the run stops at the first one.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO, BinaryIO, Literal

from rdflib import Graph

from ldcat.engine.work import Job, Outcome, as_problem, process
from ldcat.errors import StopRun, UsageError
from ldcat.mapping import MapOptions, Triple, catalogue_graphs, map_catalogues
from ldcat.model import Catalogue, RawRecord, Record
from ldcat.namespaces import DCAT
from ldcat.problems import Problem, Report
from ldcat.read import read
from ldcat.read.rdf import RDF_FORMATS, is_rdf_file, load_rdf
from ldcat.serialise import WRITERS, Writer, atomic_open, extension, format_name
from ldcat.validate import ValidationReport, Validator, dataset_pieces, shapes_graph

Source = str | Path | BinaryIO
Progress = Callable[[int], None]
OnInvalid = Literal["skip", "keep", "fail"]


@dataclass(frozen=True)
class ConvertOptions:
    formats: tuple[str, ...] = ("turtle",)
    output: Path | None = None  # a directory; None writes the one format to `stream`
    split: bool = False
    reader: str | None = None  # force an input format (--from)
    strict: bool = False
    mapping: MapOptions = field(default_factory=MapOptions)
    validate: tuple[str, ...] = ()  # SHACL profiles to check each record against; empty: no validation
    on_invalid: OnInvalid = "skip"
    rejects: Path | None = None  # where skipped records are listed (JSON Lines), with the reasons
    jobs: int = 1  # worker processes


@dataclass(frozen=True)
class Converted:
    """A normalised record and its triples; `graph` is the same as an rdflib Graph, made on demand."""

    record: Record
    triples: set[Triple]

    @cached_property
    def graph(self) -> Graph:
        graph = Graph(bind_namespaces="none")
        graph += self.triples
        return graph


CHUNK = 64  # records per unit of work: big enough to amortise, small enough to keep memory flat


def _chunks(sources: Iterable[Source], reader: str | None) -> Iterator[list[RawRecord | Problem]]:
    chunk: list[RawRecord | Problem] = []
    for source in sources:
        for item in read(source, reader):
            chunk.append(item)
            if len(chunk) >= CHUNK:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def outcomes(sources: Iterable[Source], job: Job, *, reader: str | None = None, jobs: int = 1) -> Iterator[Outcome]:
    """Every record's outcome, in input order, computed in `jobs` processes.

    At most two chunks per process are in flight, so memory stays flat however long the input.
    """
    chunks = _chunks(sources, reader)
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


def default_jobs() -> int:
    return os.cpu_count() or 1


def _accept(outcome: Outcome, report: Report, seen: set[bytes], strict: bool) -> bool:
    """Report an outcome's problems; True when it is a record to write (not failed, not a repeat)."""
    if outcome.record is None:
        report.extend(outcome.problems)
        report.count("failed")
        if strict:
            raise StopRun(str(outcome.problems[0]))
        return False
    report.count("read")
    report.extend(outcome.problems)
    # 16 bytes per record seen, not the key and its origin: a million records stay ~100 MB.
    key = hashlib.md5(outcome.record.key.encode()).digest()
    if key in seen:
        report.add(Problem("duplicate-record", "same key as an earlier record; this copy skipped", "warning",
                           outcome.origin, "extra_data.uuid"))
        return False
    seen.add(key)
    report.count("records")
    report.count("triples", outcome.count)
    return True


def records(sources: Iterable[Source], report: Report, *, reader: str | None = None,
            mapping: MapOptions | None = None, strict: bool = False) -> Iterator[Converted]:
    """Every good record of every source, normalised and mapped; problems go to `report`."""
    seen: set[bytes] = set()
    job = Job(mapping=mapping or MapOptions(), keep_triples=True)
    for outcome in outcomes(sources, job, reader=reader):
        if _accept(outcome, report, seen, strict):
            assert outcome.record is not None and outcome.triples is not None
            yield Converted(outcome.record, outcome.triples)


def convert(sources: Iterable[Source], options: ConvertOptions, *, stream: IO[str] | None = None,
            progress: Progress | None = None, report: Report | None = None) -> Report:
    """Convert records to RDF files (or one stream). Returns the report; raises only for usage
    errors, unreadable sources and, in strict mode or with `on_invalid="fail"`, `StopRun`."""
    formats = tuple(dict.fromkeys(format_name(f) for f in options.formats))
    if options.output is None and (len(formats) != 1 or options.split):
        raise UsageError("writing to standard output takes exactly one format and no --split; use -o DIR")
    report = report if report is not None else Report()
    catalogues: dict[str, Catalogue] = {}
    seen: set[bytes] = set()
    links = Graph()
    job = Job(mapping=options.mapping, formats=formats, validate=options.validate)
    with ExitStack() as stack:
        writers = [_open(stack, options, fmt, "catalog", stream) for fmt in formats]
        for writer in writers:
            writer.begin()
        rejects: list[IO[str]] = []
        for outcome in outcomes(sources, job, reader=options.reader, jobs=options.jobs):
            if not _accept(outcome, report, seen, options.strict) or not _valid(outcome, options, report,
                                                                               rejects, stack):
                continue
            assert outcome.record is not None
            catalogues.update((c.key, c) for c in outcome.record.catalogues)
            links += [t for t in outcome.links if (t[0], t[1], None) not in links]
            if options.split:
                _write_split(options, formats, outcome)
            else:
                for writer, fmt in zip(writers, formats, strict=True):
                    writer.emit(outcome.rendered[fmt])
            report.count("written")
            if progress:
                progress(report.stats["written"])
        summary = catalogue_graphs(catalogues.values(), options.mapping)
        report.count("triples", sum(len(g) for _, g in summary))
        if options.validate:
            _validate_catalogues(sum((g for _, g in summary), links), options, report)
        for writer in writers:
            for name, graph in summary:
                writer.write(graph, name)
            writer.end()
    return report


def _valid(outcome: Outcome, options: ConvertOptions, report: Report, rejects: list[IO[str]],
           stack: ExitStack) -> bool:
    """Whether a record with violations is written, per `on_invalid`; skipped ones are listed."""
    if not outcome.violations or options.on_invalid == "keep":
        return True
    report.count("rejected")
    if options.on_invalid == "fail":
        first = outcome.violations[0]
        raise StopRun(f"{outcome.origin}: {first.path}: {first.message}")
    if options.rejects is not None:
        if not rejects:
            rejects.append(stack.enter_context(atomic_open(options.rejects)))
        rejects[0].write(json.dumps(outcome.reject(), ensure_ascii=False) + "\n")
    return False


def _open(stack: ExitStack, options: ConvertOptions, fmt: str, name: str, stream: IO[str] | None) -> Writer:
    if options.output is None:
        return WRITERS[fmt](stream or sys.stdout)
    path = options.output / f"{name}.{extension(fmt)}"
    return WRITERS[fmt](stack.enter_context(atomic_open(path)))


def _write_split(options: ConvertOptions, formats: tuple[str, ...], outcome: Outcome) -> None:
    assert options.output is not None and outcome.record is not None
    for fmt in formats:
        with atomic_open(options.output / "datasets" / f"{outcome.record.key}.{extension(fmt)}") as out:
            writer = WRITERS[fmt](out)
            writer.begin()
            writer.emit(outcome.rendered[fmt])
            writer.end()


def _validate_catalogues(summary: Graph, options: ConvertOptions, report: Report) -> None:
    validator = Validator(options.validate)
    validator.queue(summary)
    for result in validator.flush():
        report.add(as_problem(result, "catalogue"))


def validate_sources(sources: list[str], profiles: Iterable[str], reader: str | None,
                     mapping: MapOptions) -> tuple[ValidationReport, Report]:
    """Validate RDF files directly, and record files after converting them; one report for all.

    Conversion problems (a record that cannot be read) come back in the second report.
    """
    validator = Validator(profiles)
    problems = Report()
    record_sources: list[Source] = []
    for source in sources:
        fmt = reader if reader in RDF_FORMATS else None
        if source != "-" and (fmt or (reader is None and is_rdf_file(Path(source)))):
            for piece in dataset_pieces(load_rdf(Path(source), fmt)):
                validator.add(piece)
        else:
            record_sources.append(sys.stdin.buffer if source == "-" else source)
    if record_sources:
        catalogues: dict[str, Catalogue] = {}
        links = Graph()
        for item in records(record_sources, problems, reader=reader if reader not in RDF_FORMATS else None,
                            mapping=mapping):
            catalogues.update((c.key, c) for c in item.record.catalogues)
            _keep_links(item.triples, links)
            validator.add(item.triples)
        validator.add(map_catalogues(catalogues.values(), mapping) + links)
    return validator.finish(), problems


def _keep_links(triples: Iterable[Triple], links: Graph) -> None:
    """One dcat:dataset / dcat:record link per catalogue, so a catalogue is checked with content."""
    for s, p, o in triples:
        if p in (DCAT.dataset, DCAT.record) and (s, p, None) not in links:
            links.add((s, p, o))
