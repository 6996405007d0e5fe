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
        text = NTriplesWriter().render(graph)
        return text if name is None else in_graph(text, name)


def in_graph(ntriples: str, name: URIRef) -> str:
    """N-Triples text as N-Quads of the graph `name`: each line ends in " .\\n", and no raw line
    break is inside one, so the name goes before each end (the lines' order stays sorted: the
    space before it sorts before any character that could follow a line's end in another)."""
    return ntriples.replace(" .\n", f" {nt_term(name)} .\n")


def out_of_graph(nquads: str, name: URIRef) -> str:
    """`in_graph` undone: the N-Quads lines of the graph `name` as N-Triples."""
    return nquads.replace(f" {nt_term(name)} .\n", " .\n")
