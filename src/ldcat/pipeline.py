"""read → normalise → map → serialise, one record at a time.

`records()` is the shared front half (used by convert, validate and load); `convert()` adds the
writers. A record that cannot be read or mapped becomes an error in the report and the run goes
on; with `strict` the run stops at the first one.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO, BinaryIO, Literal

from rdflib import Graph

from ldcat.mapping import MapOptions, Triple, catalogue_graphs, map_catalogues, record_triples
from ldcat.model import Catalogue, Record
from ldcat.namespaces import DCAT
from ldcat.normalise import normalise
from ldcat.problems import InputError, Problem, RecordError, Report, Severity, UsageError
from ldcat.rdfio import RDF_FORMATS, load_rdf, sniff_rdf
from ldcat.read import detect_format, read
from ldcat.serialise import WRITERS, Writer, atomic_open, extension, format_name
from ldcat.validate import Result, ValidationReport, Validator, dataset_pieces

Source = str | Path | BinaryIO
Progress = Callable[[int], None]
OnInvalid = Literal["skip", "keep", "fail"]


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
    validate: tuple[str, ...] = ()  # SHACL profiles to check each record against; empty: no validation
    on_invalid: OnInvalid = "skip"
    rejects: Path | None = None  # where skipped records are listed (JSON Lines), with the reasons


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
            triples = record_triples(record, mapping)
            report.count("records")
            report.count("triples", len(triples))
            yield Converted(record, triples)


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
        stream = records(sources, report, reader=options.reader, mapping=options.mapping, strict=options.strict)
        if options.validate:
            stream = _validated(stream, options, report, stack)
        links = Graph()
        for n, item in enumerate(stream, 1):
            catalogues.update((c.key, c) for c in item.record.catalogues)
            if options.validate:
                _keep_links(item.triples, links)
            if options.split:
                _write_split(options, formats, item)
            else:
                name = options.mapping.iris.record(item.record.key)
                for writer in writers:
                    writer.write(item.triples, name)
            report.count("written")
            if progress:
                progress(n)
        summary = catalogue_graphs(catalogues.values(), options.mapping)
        report.count("triples", sum(len(g) for _, g in summary))
        if options.validate:
            _validate_catalogues(sum((g for _, g in summary), links), options, report)
        for writer in writers:
            for name, graph in summary:
                writer.write(graph, name)
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
            writer.write(item.triples, options.mapping.iris.record(item.record.key))
            writer.end()


def _validated(items: Iterator[Converted], options: ConvertOptions, report: Report,
               stack: ExitStack) -> Iterator[Converted]:
    """Validate records in bounded batches; yield those to write, per `on_invalid`."""
    validator = Validator(options.validate)
    rejects: IO[str] | None = None
    batch: list[Converted] = []

    def verdicts() -> Iterator[Converted]:
        nonlocal rejects
        results = validator.flush()
        for item in batch:
            own = _results_for(item, results)
            for result in own:
                report.add(_as_problem(result, item.record.origin))
            violations = [r for r in own if r.severity == "violation"]
            if not violations or options.on_invalid == "keep":
                yield item
                continue
            report.count("rejected")
            if options.on_invalid == "fail":
                raise StopRun(f"{item.record.origin}: {violations[0].path}: {violations[0].message}")
            if rejects is None and options.rejects is not None:
                rejects = stack.enter_context(atomic_open(options.rejects))
            if rejects is not None:
                rejects.write(json.dumps(_reject(item, own), ensure_ascii=False) + "\n")
        batch.clear()

    for item in items:
        batch.append(item)
        if validator.queue(item.triples):
            yield from verdicts()
    yield from verdicts()


def _results_for(item: Converted, results: list[Result]) -> list[Result]:
    subjects = {str(s) for s, _, _ in item.triples}
    return [r for r in results if r.focus in subjects]


def _as_problem(result: Result, origin: str) -> Problem:
    severity: Severity = "error" if result.severity == "violation" else "warning"
    where = "" if result.dataset and result.focus == result.dataset else f" on <{result.focus}>"
    value = f" (value: {result.value})" if result.value is not None else ""
    return Problem(f"shape-{result.severity}", f"[{result.profile}]{where} {result.message}{value}", severity,
                   origin, result.path)


def _reject(item: Converted, results: list[Result]) -> dict[str, object]:
    return {"origin": item.record.origin, "key": item.record.key, "name": item.record.name,
            "problems": [asdict(r) for r in results]}


def _validate_catalogues(summary: Graph, options: ConvertOptions, report: Report) -> None:
    validator = Validator(options.validate)
    validator.queue(summary)
    for result in validator.flush():
        report.add(_as_problem(result, "catalogue"))


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
        if source != "-" and (fmt or (reader is None and _looks_like_rdf(Path(source)))):
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


def _looks_like_rdf(path: Path) -> bool:
    """RDF, not records? Content decides; JSON-LD is validated as the RDF it is."""
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    kind = sniff_rdf(head)
    if kind == "jsonld":  # JSON-LD is RDF already, unless it is Harmony's own JSON
        return detect_format(head, name=path.name) == "jsonld"
    return kind is not None


def _keep_links(triples: Iterable[Triple], links: Graph) -> None:
    """One dcat:dataset / dcat:record link per catalogue, so a catalogue is checked with content."""
    for s, p, o in triples:
        if p in (DCAT.dataset, DCAT.record) and (s, p, None) not in links:
            links.add((s, p, o))
