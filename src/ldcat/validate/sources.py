"""Validating what a user names: RDF files and standard input as they are, record files after
converting them, all into one report.

RDF or records is decided by content (or by ``--from``). Standard input cannot be read twice, so
its head is read once to decide: RDF is then read whole (a graph is in memory anyway), records
stream on from the head, however many there are.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from rdflib import Graph
from rdflib.term import Node

from ldcat.engine import Source
from ldcat.errors import UsageError
from ldcat.mapping import MapOptions, Triple, map_catalogues
from ldcat.model import Catalogue
from ldcat.namespaces import DCAT
from ldcat.problems import Problem, Report
from ldcat.read.detect import read_head, replay
from ldcat.read.rdf import RDF_FORMATS, is_rdf_file, is_rdf_head, parse_rdf, rdf_triples, read_bytes, sniff_rdf
from ldcat.validate.pieces import dataset_pieces
from ldcat.validate.report import ValidationReport
from ldcat.validate.validator import Shapes, Validator

STDIN = "-"
_HEAD = 65536  # as much as `is_rdf_file` sniffs of a file


def validate_sources(sources: Iterable[str], shapes: Iterable[Shapes] = (), reader: str | None = None,
                     mapping: MapOptions | None = None, *, stdin: BinaryIO | None = None,
                     shacl_engine: str = "fast",
                     progress: Callable[[int], None] | None = None) -> tuple[ValidationReport, Report]:
    """Validate RDF directly, and records after converting them; one report for all.

    `sources` are paths, or ``-`` for `stdin` (default: the process's standard input). `reader`
    forces an input format: an RDF one (turtle, nt, jsonld) reads every source as RDF, a record
    reader's name every source as records. Conversion problems (a record that cannot be read) come
    back in the second report. `shacl_engine` is one of `ENGINES` (see `Validator`); why a profile
    went to pyshacl is an info problem in the second report. `progress` hears how many datasets
    (or records) have been checked so far.
    """
    names = list(sources)
    if names.count(STDIN) > 1:
        raise UsageError("'-' (standard input) can be given only once")
    mapping = mapping or MapOptions()
    # First, so an unknown name or a shapes file that does not parse fails before any input is read.
    validator = Validator(shapes, shacl_engine=shacl_engine)
    rdf_format = reader if reader in RDF_FORMATS else None
    problems = Report()
    for note in validator.notes:
        problems.add(Problem("shapes-not-fast", note, "info"))
    record_sources: list[Source] = []
    checked = Counted(progress)
    for source in names:
        if source == STDIN:
            stream = stdin or sys.stdin.buffer
            head, at_eof = read_head(stream)
            if rdf_format or (reader is None and is_rdf_head(head, at_eof=at_eof)):
                data = head if at_eof else head + stream.read()
                triples = _triples(data, rdf_format, "<stdin>")
            else:
                record_sources.append(replay(head, stream))
                continue
        elif rdf_format or (reader is None and is_rdf_file(Path(source))):
            triples = _triples(read_bytes(Path(source)), rdf_format, source)
        else:
            record_sources.append(source)
            continue
        for piece in dataset_pieces(triples):
            validator.add(piece)
            checked.one()
    if record_sources:
        _validate_records(validator, record_sources, None if rdf_format else reader, mapping, problems, checked)
    return validator.finish(), problems


def _triples(data: bytes, fmt: str | None, origin: str) -> Iterable[tuple[Node, Node, Node]]:
    """The file's triples: JSON-LD through rdflib (its contexts kept local), the rest by pyoxigraph."""
    fmt = fmt or sniff_rdf(data[:_HEAD])
    return parse_rdf(data, fmt, origin) if fmt in (None, "jsonld") else rdf_triples(data, fmt, origin)


class Counted:
    """How many have gone by, told to `progress` (if any) at each."""

    def __init__(self, progress: Callable[[int], None] | None) -> None:
        self.progress = progress
        self.n = 0

    def one(self) -> None:
        self.n += 1
        if self.progress is not None:
            self.progress(self.n)


def _validate_records(validator: Validator, sources: list[Source], reader: str | None, mapping: MapOptions,
                      problems: Report, checked: Counted) -> None:
    """Each record as it is converted, then the catalogues they belong to (with a link to some of
    their content, as `convert` writes them)."""
    # ldcat.pipeline imports this package (for the Validator), so importing it at the top would be circular.
    from ldcat.pipeline import records

    catalogues: dict[str, Catalogue] = {}
    links = Graph()
    for item in records(sources, problems, reader=reader, mapping=mapping):
        catalogues.update((c.key, c) for c in item.record.catalogues)
        _keep_links(item.triples, links)
        validator.add(item.triples)
        checked.one()
    validator.add(map_catalogues(catalogues.values(), mapping) + links)


def _keep_links(triples: Iterable[Triple], links: Graph) -> None:
    """One dcat:dataset / dcat:record link per catalogue, so a catalogue is checked with content."""
    for s, p, o in triples:
        if p in (DCAT.dataset, DCAT.record) and (s, p, None) not in links:
            links.add((s, p, o))

