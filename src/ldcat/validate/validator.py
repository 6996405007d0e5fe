"""Validating pieces of data in bounded batches against some shapes profiles, into one report.

One graph per batch, never one graph for the whole catalogue, so the cost grows linearly; each
result is attributed to the dataset it is about, and reported once however many batches share
its node.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Node

from ldcat.namespaces import RDF
from ldcat.plugins import ShapesProfile
from ldcat.serialise import Triples
from ldcat.validate.engine import run_shacl, with_vocabulary
from ldcat.validate.pieces import Piece, dataset_pieces, owner, titles, topic
from ldcat.validate.report import Result, ValidationReport
from ldcat.validate.shapes import resolve_all, shapes_graph

BATCH_SIZE = 200
Shapes = str | Path | ShapesProfile  # a profile's name, a shapes file, or a profile itself


class Validator:
    """Validates pieces in batches and gathers one report. Feed it with `add`, then `finish`.

    `shapes` are profile names, shapes files or `ShapesProfile`s (see `resolve`); none means
    every built-in profile.
    """

    def __init__(self, shapes: Iterable[Shapes] = (), batch_size: int = BATCH_SIZE) -> None:
        self.profiles = resolve_all(shapes)
        self.report = ValidationReport(tuple(p.name for p in self.profiles))
        self.batch_size = batch_size
        self.pending: list[Piece] = []
        self.seen: set[tuple[str, ...]] = set()
        for profile in self.profiles:
            shapes_graph(profile)  # parse now, once, so a bad shapes file fails before any data is read

    def queue(self, piece: Triples | Piece) -> bool:
        """Queue a piece without validating; True when a batch is full (time to `flush`)."""
        self.pending.append(piece if isinstance(piece, Piece) else Piece(piece))
        return len(self.pending) >= self.batch_size

    def add(self, piece: Triples | Piece) -> list[Result]:
        """Queue a piece; returns the results of the batch it completed (if it completed one)."""
        return self.flush() if self.queue(piece) else []

    def flush(self) -> list[Result]:
        """Validate what is queued. Returns every result of the batch (for per-record verdicts);
        the report keeps each distinct result once, however many batches share the node."""
        if not self.pending:
            return []
        batch = Graph()
        refs: set[Node] = set()
        for piece in self.pending:
            batch += piece.graph
            refs |= piece.refs
        # A node only referred to here is described (and checked) in a piece of its own.
        refs = {n for n in refs if not any(pr for pr in batch.predicates(n) if pr != RDF.type)}
        self.pending = []
        names = titles(batch)
        self.report.datasets.update(names)
        found: list[Result] = []
        batch = with_vocabulary(batch)
        for profile in self.profiles:
            for result in run_shacl(batch, profile, mixed=True):
                if URIRef(result.focus) in refs:
                    continue
                dataset = owner(result.focus, names) or topic(batch, result.focus, names)
                result = result.about(dataset, names.get(dataset) if dataset else None)
                found.append(result)
                if result.key() not in self.seen:
                    self.seen.add(result.key())
                    self.report.results.append(result)
        return found

    def finish(self) -> ValidationReport:
        self.flush()
        return self.report


def validate_graph(graph: Graph, shapes: Iterable[Shapes] = (), batch_size: int = BATCH_SIZE) -> ValidationReport:
    """Validate any RDF graph (ldcat's or not), piece by piece."""
    validator = Validator(shapes, batch_size)
    for piece in dataset_pieces(graph):
        validator.add(piece)
    return validator.finish()
