"""What every writer is: the `Writer` interface (a writer plugin implements it) and a base class."""

from __future__ import annotations

from typing import IO, Protocol

from rdflib import URIRef

from ldcat.serialise.terms import Triples


class Writer(Protocol):
    """Streams graphs to one output. `name` is the graph's name, which only N-Quads keeps.

    `render` is pure (so worker processes can render records in parallel) and `emit` writes what
    it rendered; `write` is the two together.
    """

    extension: str

    def begin(self) -> None: ...
    def render(self, graph: Triples, name: URIRef | None = None) -> str: ...
    def emit(self, text: str) -> None: ...
    def write(self, graph: Triples, name: URIRef | None = None) -> None: ...
    def end(self) -> None: ...
    def body(self, document: str) -> str: ...  # a one-graph document it wrote, less what begin and end add


class BaseWriter:
    extension = ""

    def __init__(self, out: IO[str] | None = None) -> None:
        self.out = out

    def header(self) -> str:
        return ""

    def footer(self) -> str:
        return ""

    def render(self, graph: Triples, name: URIRef | None = None) -> str:
        raise NotImplementedError

    def begin(self) -> None:
        self.emit_raw(self.header())

    def body(self, document: str) -> str:
        """What `render` gave for the one graph of `document`, a whole document this writer wrote
        (`begin`, `write`, `end`): so a site can gather its records' documents into one file
        without rendering them again."""
        head, foot = self.header(), self.footer()
        if len(document) < len(head) + len(foot) or not (document.startswith(head) and document.endswith(foot)):
            raise ValueError(f"not a document of one graph written by the {self.extension} writer")
        return document[len(head):len(document) - len(foot)]

    def emit(self, text: str) -> None:
        self.emit_raw(text)

    def emit_raw(self, text: str) -> None:
        assert self.out is not None, "a writer without an output can only render"
        self.out.write(text)

    def write(self, graph: Triples, name: URIRef | None = None) -> None:
        self.emit(self.render(graph, name))

    def end(self) -> None:
        self.emit_raw(self.footer())
