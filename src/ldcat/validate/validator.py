"""Validating pieces of data in bounded batches against some shapes profiles, into one report.

One graph per batch, never one graph for the whole catalogue, so the cost grows linearly; each
result is attributed to the dataset it is about, and reported once however many batches share
its node. Each profile is validated by the fast engine when it supports the profile's shapes (the
same results, from the triples, with no rdflib graph), else by pyshacl, with a note saying why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.term import Node

from ldcat.errors import UsageError
from ldcat.namespaces import DCT, FOAF, RDF, SDO
from ldcat.plugins import ShapesProfile
from ldcat.serialise import Triples
from ldcat.validate import fast
from ldcat.validate.engine import (
    ENGINES,
    fast_unsupported,
    mix_vocabulary_after,
    run_shacl,
    vocabulary_subjects,
    with_vocabulary,
)
from ldcat.validate.fast.index import TYPE, Index, key
from ldcat.validate.pieces import CATALOGUE_TYPES, ROOT_TYPES, Piece, dataset_pieces, owner, titles, topic
from ldcat.validate.report import Result, ValidationReport
from ldcat.validate.shapes import resolve_all, shapes_graph

BATCH_SIZE = 200
Shapes = str | Path | ShapesProfile  # a profile's name, a shapes file, or a profile itself


class Validator:
    """Validates pieces in batches and gathers one report. Feed it with `add`, then `finish`.

    `shapes` are profile names, shapes files or `ShapesProfile`s (see `resolve`); none means
    every built-in profile. `shacl_engine` is one of `ENGINES`: "fast" (the default) validates
    each profile the fast engine supports with it and the others with pyshacl, each such fallback
    explained in `notes`; "pyshacl" validates every profile with pyshacl. `engines` says which
    engine validates each profile, in the order of `profiles`.
    """

    def __init__(self, shapes: Iterable[Shapes] = (), batch_size: int = BATCH_SIZE,
                 shacl_engine: str = "fast") -> None:
        if shacl_engine not in ENGINES:
            raise UsageError(f"unknown SHACL engine {shacl_engine!r}; choose one of: {', '.join(ENGINES)}")
        self.profiles = resolve_all(shapes)
        self.report = ValidationReport(tuple(p.name for p in self.profiles))
        self.batch_size = batch_size
        self.pending: list[Piece] = []
        self.seen: set[tuple[str, ...]] = set()
        self.notes: list[str] = []
        engines: list[str] = []
        self._compiled: list[fast.Compiled | None] = []
        for profile in self.profiles:
            graph = shapes_graph(profile)  # parse now, once, so a bad shapes file fails before any data is read
            why = fast_unsupported(profile) if shacl_engine == "fast" else "pyshacl was asked for"
            if why is None:
                engines.append("fast")
                self._compiled.append(fast.compiled(graph))
            else:
                engines.append("pyshacl")
                self._compiled.append(None)
                if shacl_engine == "fast":
                    self.notes.append(f"shapes {profile.name}: validated with pyshacl (the fast engine does not "
                                      f"support them: {why})")
        self.engines = tuple(engines)

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
        if "pyshacl" not in self.engines:
            with fast.gc_paused():
                return self._flush_fast()
        batch = Graph()
        refs: set[Node] = set()
        for piece in self.pending:
            batch += piece.graph
            refs |= piece.refs
        # A node only referred to here is described (and checked) in a piece of its own.
        refs = {n for n in refs if not any(pr for pr in batch.predicates(n) if pr != RDF.type)}
        ix = self._index() if "fast" in self.engines else None
        if ix is not None:
            mix_vocabulary_after(ix)
        self.pending = []
        names = titles(batch)
        self.report.datasets.update(names)
        batch = with_vocabulary(batch)
        results: list[Result] = []
        for profile, compiled in zip(self.profiles, self._compiled, strict=True):
            if compiled is None:
                results += run_shacl(batch, profile, mixed=True)
            else:
                assert ix is not None
                results += compiled.run(ix, profile.name)
        return self._keep(results, refs, names, lambda focus: topic(batch, focus, names))

    def _index(self) -> Index:
        ix = Index()
        vocabulary = vocabulary_subjects()
        for piece in self.pending:
            ix.add(piece.graph, vocabulary)
        return ix

    def _flush_fast(self) -> list[Result]:
        """`flush` when every profile is validated by the fast engine: no rdflib graph at all."""
        ix = self._index()
        refs: set[Node] = set()
        for piece in self.pending:
            refs |= piece.refs
        refs = {n for n in refs if not any(p != TYPE for p in ix.predicates_of(key(n)))}
        self.pending = []
        names = _titles(ix)
        self.report.datasets.update(names)
        mix_vocabulary_after(ix)
        skip = {str(n) for n in refs if type(n) is URIRef}  # what `URIRef(focus) in refs` finds

        def about(focus: str) -> tuple[str | None, str | None]:
            dataset = owner(focus, names)
            if dataset is None:
                found = ix.first(focus, _PRIMARY_TOPIC)
                dataset = str(found) if found is not None and str(found) in names else None
            return dataset, names.get(dataset) if dataset else None

        found: list[Result] = []
        for profile, compiled in zip(self.profiles, self._compiled, strict=True):
            assert compiled is not None
            found += compiled.run(ix, profile.name, about, skip)
        self._report(found)
        return found

    def _report(self, results: list[Result]) -> None:
        """Keep each distinct result once in the report."""
        for result in results:
            if result.key() not in self.seen:
                self.seen.add(result.key())
                self.report.results.append(result)

    def _keep(self, results: list[Result], refs: set[Node], names: dict[str, str | None],
              about: Callable[[str], str | None]) -> list[Result]:
        found: list[Result] = []
        for result in results:
            if URIRef(result.focus) in refs:
                continue
            dataset = owner(result.focus, names) or about(result.focus)
            found.append(result.about(dataset, names.get(dataset) if dataset else None))
        self._report(found)
        return found

    def finish(self) -> ValidationReport:
        self.flush()
        return self.report


_TITLE, _NAME, _PRIMARY_TOPIC = str(DCT.title), str(SDO.name), str(FOAF.primaryTopic)


def _titles(ix: Index) -> dict[str, str | None]:
    """`pieces.titles` from an index (of the data, without the vocabulary)."""
    found: dict[str, str | None] = {}
    typed = ix.inverse(TYPE)
    catalogues: set[Any] = set()  # index keys (see index.key)
    for t in CATALOGUE_TYPES:
        catalogues |= typed.get(key(t), set())
    for t in ROOT_TYPES:
        for s in typed.get(key(t), ()):
            if (type(s) is str or isinstance(s, URIRef)) and s not in catalogues:  # an IRI (see index.key)
                title = ix.first(s, _TITLE) or ix.first(s, _NAME)
                found[str(s)] = None if title is None else str(title)
    return found


def validate_graph(graph: Graph, shapes: Iterable[Shapes] = (), batch_size: int = BATCH_SIZE,
                   shacl_engine: str = "fast") -> ValidationReport:
    """Validate any RDF graph (ldcat's or not), piece by piece."""
    validator = Validator(shapes, batch_size, shacl_engine)
    for piece in dataset_pieces(graph):
        validator.add(piece)
    return validator.finish()
