"""read → normalise → map → (validate) → serialise: the one conversion loop, whatever the engine.

An engine (`ldcat.engine`: local, in one process or a pool; or Dask) yields every record's
`Outcome` in input order; one `Policy` decides what is written, so every engine writes the same
bytes and the same report. `records()` is the in-process front half that validate, load and
publish share. A record that cannot be read or mapped becomes an error in the report and the run
goes on; with `strict` the run stops at the first one.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO

from rdflib import Graph
from rdflib.term import Node

from ldcat.engine import Source as Source  # re-exported: publish and store import it from here
from ldcat.engine import dask as dask_engine
from ldcat.engine import local as local_engine
from ldcat.engine.policy import OnInvalid as OnInvalid  # re-exported: the CLI imports it from here
from ldcat.engine.policy import Policy
from ldcat.engine.work import Job, Outcome, as_problem
from ldcat.errors import UsageError
from ldcat.mapping import MapOptions, Triple, catalogue_graphs
from ldcat.model import Catalogue, Record
from ldcat.problems import Problem, Report
from ldcat.serialise import WRITERS, Writer, atomic_open, extension, format_name, remove_stale_temps
from ldcat.validate import Validator

Progress = Callable[[int], None]
ENGINES = ("local", "dask")


@dataclass(frozen=True)
class ConvertOptions:
    formats: tuple[str, ...] = ("turtle",)
    output: Path | None = None  # a directory; None writes the one format to `stream`
    split: bool = False
    reader: str | None = None  # force an input format (--from)
    strict: bool = False
    mapping: MapOptions = field(default_factory=MapOptions)
    validate: tuple[str, ...] = ()  # SHACL profiles to check each record against; empty: no validation
    shacl_engine: str = "fast"  # one of ldcat.validate.ENGINES: which engine checks them
    on_invalid: OnInvalid = "skip"
    rejects: Path | None = None  # where skipped records are listed (JSON Lines), with the reasons
    jobs: int = 1  # worker processes (local), or workers of the local cluster (dask without a scheduler)
    engine: str = "local"  # one of ENGINES: what computes the outcomes; the output does not depend on it
    scheduler: str | None = None  # dask: a scheduler's address (tcp://host:8786); None starts a local cluster


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


def default_jobs() -> int:
    return os.cpu_count() or 1


@dataclass(frozen=True)
class Rendered:
    """A normalised record, its triples as N-Quads lines in its own named graph (the record's IRI,
    `Iris.record`), rendered in a worker, and how many."""

    record: Record
    nquads: str
    count: int


LOADER_NICE = 10  # the converting workers' step below a loader (see `rendered`)


def rendered(sources: Iterable[Source], report: Report, *, reader: str | None = None,
             mapping: MapOptions | None = None, jobs: int = 1) -> Iterator[Rendered]:
    """Every good record of every source as N-Quads text in its graph, computed in `jobs` processes:
    what a loader needs, without sending rdflib terms between processes, and without the loading
    process naming each line's graph in a second copy of the text (`ldcat load` of 10,000 real
    records: peak RSS 708-722 MB before, 670-686 MB after; time within the noise); problems go to
    `report`.

    The store is what a load waits for (pyoxigraph's bulk loader works on one core), so the
    workers run below it (`LOADER_NICE`): converting ahead of the store gains nothing, and taking
    its core slows it (`ldcat load` of 3,000 real records: 25.2-26.1 s before, 23.7-24.0 s after)."""
    job = Job(mapping=mapping or MapOptions(), formats=("nq",))
    for outcome in _admitted(sources, report, job, reader=reader, jobs=jobs, nice=LOADER_NICE):
        assert outcome.record is not None
        yield Rendered(outcome.record, outcome.rendered["nq"], outcome.count)


def records(sources: Iterable[Source], report: Report, *, reader: str | None = None,
            mapping: MapOptions | None = None, strict: bool = False) -> Iterator[Converted]:
    """Every good record of every source, normalised and mapped; problems go to `report`."""
    job = Job(mapping=mapping or MapOptions(), keep_triples=True)
    for outcome in _admitted(sources, report, job, reader=reader, strict=strict):
        assert outcome.record is not None and outcome.triples is not None
        yield Converted(outcome.record, outcome.triples)


def _admitted(sources: Iterable[Source], report: Report, job: Job, *, reader: str | None, jobs: int = 1,
              strict: bool = False, nice: int = 0) -> Iterator[Outcome]:
    """The outcomes the policy admits (good records, first copies), in input order."""
    with Policy(report, strict=strict) as policy, \
            closing(local_engine.outcomes(sources, job, reader=reader, jobs=jobs, nice=nice)) as run:
        yield from (outcome for outcome in run if policy.admit(outcome))


def convert(sources: Iterable[Source], options: ConvertOptions, *, stream: IO[str] | None = None,
            progress: Progress | None = None, report: Report | None = None) -> Report:
    """Convert records to RDF files (or one stream). Returns the report; raises only for usage
    errors, unreadable sources and, in strict mode or with `on_invalid="fail"`, `StopRun` (and then
    leaves no catalogue or rejects file: they are written atomically)."""
    formats = tuple(dict.fromkeys(format_name(f) for f in options.formats))
    if options.output is None and (len(formats) != 1 or options.split):
        raise UsageError("writing to standard output takes exactly one format and no --split; use -o DIR")
    # Formats of one document per record (DDI, Dublin Core): each record's own file in DIR/datasets/.
    documents = tuple(f for f in formats if getattr(WRITERS[f], "documents", False))
    if documents and options.output is None:
        raise UsageError(f"{documents[0]} is one document per record: give -o DIR/ (each record's goes to "
                         "DIR/datasets/)")
    streamed = tuple(f for f in formats if f not in documents)
    report = report if report is not None else Report()
    catalogues: dict[str, Catalogue] = {}
    links: dict[tuple[Node, Node], Triple] = {}  # for validating the catalogues: one link of each kind suffices
    job = Job(mapping=options.mapping, formats=formats, validate=options.validate, shacl_engine=options.shacl_engine)
    if options.validate:  # which profiles pyshacl checks, once for the run (each chunk's validator knows too)
        report.extend(Problem("shapes-not-fast", note, "info")
                      for note in Validator(options.validate, shacl_engine=options.shacl_engine).notes)
    outcomes = _outcomes(sources, job, options)  # before any output is opened: an engine's usage errors first
    if options.output is not None:  # what a killed run left; this run's own are not made yet
        remove_stale_temps(options.output, [*(f"catalog.{extension(f)}" for f in formats), "rejects.jsonl"])
        remove_stale_temps(options.output / "datasets")
    with ExitStack() as stack:
        writers = [_open(stack, options, fmt, "catalog", stream) for fmt in streamed]
        for writer in writers:
            writer.begin()
        policy = stack.enter_context(Policy(report, strict=options.strict, on_invalid=options.on_invalid,
                                            rejects=options.rejects))
        # Closed first on the way out, so a stopped run also stops its workers.
        for seen, outcome in enumerate(stack.enter_context(closing(outcomes)), 1):
            if progress:  # every outcome, written or not: the bar counts what has been read
                progress(seen)
            if not policy.admit(outcome):
                continue
            assert outcome.record is not None
            catalogues.update((c.key, c) for c in outcome.record.catalogues)
            if options.validate:
                for link in outcome.links:
                    links.setdefault((link[0], link[1]), link)
            if options.split:
                _write_split(options, formats, outcome)
            else:
                if documents:
                    _write_split(options, documents, outcome)
                for writer, fmt in zip(writers, streamed, strict=True):
                    writer.emit(outcome.rendered[fmt])
            report.count("written")
        summary = catalogue_graphs(catalogues.values(), options.mapping)
        report.count("triples", sum(len(g) for _, g in summary))
        if options.validate:
            checked = sum((g for _, g in summary), Graph())
            checked += links.values()
            _validate_catalogues(checked, options, report)
        for writer in writers:
            for name, graph in summary:
                writer.write(graph, name)
            writer.end()
    return report


def _outcomes(sources: Iterable[Source], job: Job, options: ConvertOptions) -> Generator[Outcome, None, None]:
    """The outcomes from the engine `options` name, in input order."""
    if options.engine == "dask":
        return dask_engine.outcomes(sources, job, output=options.output, reader=options.reader,
                                    scheduler=options.scheduler, workers=options.jobs)
    if options.engine != "local":
        raise UsageError(f"unknown engine {options.engine!r}; choose one of: {', '.join(ENGINES)}")
    if options.scheduler is not None:
        raise UsageError("a scheduler is for the dask engine (--engine dask)")
    return local_engine.outcomes(sources, job, reader=options.reader, jobs=options.jobs)


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
    validator = Validator(options.validate, shacl_engine=options.shacl_engine)
    validator.queue(summary)
    for result in validator.flush():
        report.add(as_problem(result, "catalogue"))
