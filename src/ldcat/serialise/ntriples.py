"""N-Triples and N-Quads: one line per triple (per quad), each record's lines sorted."""

from __future__ import annotations

from rdflib import URIRef

from ldcat.serialise.base import BaseWriter
from ldcat.serialise.terms import Triples, nt_lines, nt_term


class NTriplesWriter(BaseWriter):
    """One line per triple; each record's lines sorted."""

    extension = "nt"

    def render(self, graph: Triples, name: URIRef | None = None) -> str:
        return "".join(sorted(nt_lines(graph)))


class NQuadsWriter(BaseWriter):
    """N-Triples plus the graph name: one named graph per record, as stores load them."""

    extension = "nq"

    def render(self, graph: Triples, name: URIRef | None = None) -> str:
        suffix = f" {nt_term(name)} .\n" if name is not None else " .\n"
        return "".join(sorted(nt_lines(graph, suffix)))
