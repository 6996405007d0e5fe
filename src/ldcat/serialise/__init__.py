"""Streaming writers for N-Triples, Turtle and JSON-LD: one record's graph at a time.

rdflib's own serialisers pretty-print one whole graph, which slows down faster than the graph
grows; these write each record as it comes, in a fixed order (the dataset first, then subjects,
predicates and objects sorted), so the same input always gives the same bytes. Tests parse the
output with rdflib and pyoxigraph and compare graphs.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ldcat.errors import UsageError
from ldcat.namespaces import PREFIXES, RDF, XSD

# A record's triples: an rdflib Graph or any collection of (s, p, o).
Triples = Graph | Collection[tuple[Node, Node, Node]]

_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r\t\b\f\x00-\x1f\x7f]')
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def _escape(value: str) -> str:
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(0), f"\\u{ord(m.group(0)):04X}"), value)


def nt_term(term: Node) -> str:
    """A term in N-Triples syntax (also valid Turtle). ldcat mints no blank nodes, but files it
    loads may have them."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        body = f'"{_escape(str(term))}"'
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            return f"{body}^^<{term.datatype}>"
        return body
    raise TypeError(f"not an RDF term: {term!r}")


def compact(iri: str) -> str | None:
    """``prefix:local`` for an IRI in a known namespace whose local part is a plain name."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace) and _LOCAL.match(iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return None


def grouped(graph: Triples) -> Iterator[tuple[URIRef, list[tuple[URIRef, list[Node]]]]]:
    """Subjects with their predicates and objects, in the writers' fixed order.

    The subject with the most outgoing triples (the dataset) comes first so a reader sees it
    before its parts; ties and the rest sort by IRI. rdf:type leads each subject's predicates.
    """
    subjects: dict[URIRef, dict[URIRef, list[Node]]] = {}
    for s, p, o in graph:
        subjects.setdefault(s, {}).setdefault(p, []).append(o)  # type: ignore[arg-type]
    order = sorted(subjects, key=lambda s: (-sum(map(len, subjects[s].values())), str(s)))
    if len(order) > 1:
        order = [order[0], *sorted(order[1:], key=str)]
    for s in order:
        preds = sorted(subjects[s], key=lambda p: (p != RDF.type, compact(str(p)) or str(p)))
        yield s, [(p, sorted(subjects[s][p], key=nt_term)) for p in preds]


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


class _Writer:
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

    def emit(self, text: str) -> None:
        self.emit_raw(text)

    def emit_raw(self, text: str) -> None:
        assert self.out is not None, "a writer without an output can only render"
        self.out.write(text)

    def write(self, graph: Triples, name: URIRef | None = None) -> None:
        self.emit(self.render(graph, name))

    def end(self) -> None:
        self.emit_raw(self.footer())


class NTriplesWriter(_Writer):
    """One line per triple; each record's lines sorted."""

    extension = "nt"

    def render(self, graph: Triples, name: URIRef | None = None) -> str:
        return "".join(sorted(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in graph))


class NQuadsWriter(_Writer):
    """N-Triples plus the graph name: one named graph per record, as stores load them."""

    extension = "nq"

    def render(self, graph: Triples, name: URIRef | None = None) -> str:
        suffix = f" {nt_term(name)} .\n" if name is not None else " .\n"
        return "".join(sorted(f"{nt_term(s)} {nt_term(p)} {nt_term(o)}{suffix}" for s, p, o in graph))


class TurtleWriter(_Writer):
    """Turtle with the ldcat prefixes, one block per subject, long texts in triple quotes."""

    extension = "ttl"

    def header(self) -> str:
        return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())

    def render(self, graph: Triples, name: URIRef | None = None) -> str:
        parts: list[str] = []
        for s, predicates in grouped(graph):
            lines = [
                f"    {self._predicate(p)} {', '.join(self._term(o) for o in objects)}"
                for p, objects in predicates
            ]
            parts.append(f"\n{self._term(s)}\n" + " ;\n".join(lines) + " .\n")
        return "".join(parts)

    @staticmethod
    def _predicate(p: URIRef) -> str:
        return "a" if p == RDF.type else TurtleWriter._term(p)

    @staticmethod
    def _term(term: Node) -> str:
        if isinstance(term, URIRef):
            return compact(str(term)) or f"<{term}>"
        if isinstance(term, Literal) and not term.language:
            if term.datatype in (XSD.integer, XSD.boolean) and not term.ill_typed:
                return str(term)
            if term.datatype and term.datatype != XSD.string:
                value = str(term)
                return f'"{_escape(value)}"^^{compact(str(term.datatype)) or f"<{term.datatype}>"}'
            value = str(term)
            if "\n" in value:
                escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
                return f'"""{escaped}"""'
        return nt_term(term)


class JsonLdWriter(_Writer):
    """Compacted JSON-LD: one inline context (never fetched), a flat ``@graph`` of node objects."""

    extension = "jsonld"

    def __init__(self, out: IO[str] | None = None) -> None:
        super().__init__(out)
        self.first = True

    def header(self) -> str:
        context = json.dumps({"@context": PREFIXES}, indent=2, ensure_ascii=False)
        return context[:-2] + ',\n  "@graph": ['

    def footer(self) -> str:
        return "\n  ]\n}\n"

    def render(self, graph: Triples, name: URIRef | None = None) -> str:
        nodes: list[str] = []
        for s, predicates in grouped(graph):
            node: dict[str, object] = {"@id": self._iri(s)}
            for p, objects in predicates:
                if p == RDF.type:
                    node["@type"] = _one_or_many([self._iri(o) for o in objects])
                else:
                    node[compact(str(p)) or str(p)] = _one_or_many([self._value(o) for o in objects])
            nodes.append(json.dumps(node, indent=2, ensure_ascii=False).replace("\n", "\n    "))
        return ",\n    ".join(nodes)

    def emit(self, text: str) -> None:
        if text:
            self.emit_raw(("\n    " if self.first else ",\n    ") + text)
            self.first = False

    @staticmethod
    def _iri(term: Node) -> str:
        return compact(str(term)) or str(term)

    @staticmethod
    def _value(term: Node) -> object:
        if isinstance(term, URIRef):
            return {"@id": JsonLdWriter._iri(term)}
        assert isinstance(term, Literal)
        if term.language:
            return {"@value": str(term), "@language": term.language}
        if term.datatype == XSD.boolean and not term.ill_typed:
            return term.toPython()
        if term.datatype == XSD.integer and not term.ill_typed:
            return int(term)
        if term.datatype and term.datatype != XSD.string:
            return {"@value": str(term), "@type": JsonLdWriter._iri(term.datatype)}
        return str(term)


def _one_or_many(values: list[object]) -> object:
    return values[0] if len(values) == 1 else values


WRITERS: dict[str, Callable[[IO[str]], Writer]] = {
    "turtle": TurtleWriter,
    "jsonld": JsonLdWriter,
    "nt": NTriplesWriter,
    "nq": NQuadsWriter,
}
ALIASES = {"ttl": "turtle", "json-ld": "jsonld", "ntriples": "nt", "n-triples": "nt", "nquads": "nq",
           "n-quads": "nq"}


def format_name(name: str) -> str:
    """The canonical format name for a name or alias, or a UsageError."""
    key = ALIASES.get(name.lower(), name.lower())
    if key not in WRITERS:
        raise UsageError(f"unknown format {name!r}; choose from {', '.join(WRITERS)}")
    return key


def extension(fmt: str) -> str:
    return WRITERS[format_name(fmt)].extension  # type: ignore[attr-defined]


@contextmanager
def atomic_open(path: Path) -> Iterator[IO[str]]:
    """Write to a temporary file beside `path` and rename it into place only on success,
    so a reader never sees half a file and a failed run leaves the old file as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; published files are meant to be read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def serialise(graphs: Iterable[Triples], fmt: str, out: IO[str]) -> None:
    """Write graphs to one stream in one format."""
    writer = WRITERS[format_name(fmt)](out)
    writer.begin()
    for graph in graphs:
        writer.write(graph)
    writer.end()
