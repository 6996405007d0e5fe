"""RDF terms as text, shared by every writer: N-Triples terms, prefixed names, and the writers'
fixed order of subjects and predicates (which makes the output byte-identical for the same input)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ldcat.namespaces import PREFIXES, RDF, XSD

# A record's triples: an rdflib Graph or any collection of (s, p, o).
Triples = Graph | Collection[tuple[Node, Node, Node]]

_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r\t\b\f\x00-\x1f\x7f]')
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def escape(value: str) -> str:
    if _SURROGATE.search(value):  # never reaches a writer from ldcat's normaliser; a loaded file may hold one
        value = _SURROGATE.sub("\ufffd", value)
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(0), f"\\u{ord(m.group(0)):04X}"), value)


def _escape_surrogate(match: re.Match[str]) -> str:
    return quote(match.group(0).encode("utf-8", "surrogatepass"))


def nt_term(term: Node) -> str:
    """A term in N-Triples syntax (also valid Turtle). ldcat mints no blank nodes, but files it
    loads may have them."""
    if isinstance(term, URIRef):
        return f"<{_SURROGATE.sub(_escape_surrogate, term)}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        body = f'"{escape(str(term))}"'
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
