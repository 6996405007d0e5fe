"""RDF terms as text, shared by every writer: N-Triples terms, prefixed names, and the writers'
fixed order of subjects and predicates (which makes the output byte-identical for the same input)."""

from __future__ import annotations

import functools
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
_ESCAPE_OR_SURROGATE = re.compile(r'[\\"\n\r\t\b\f\x00-\x1f\x7f\ud800-\udfff]')
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def escape(value: str) -> str:
    if _ESCAPE_OR_SURROGATE.search(value) is None:  # most text: one scan, nothing to replace
        return value
    if _SURROGATE.search(value):  # never from ldcat's normaliser; a loaded file may hold one
        value = _SURROGATE.sub("\ufffd", value)
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(0), f"\\u{ord(m.group(0)):04X}"), value)


def _escape_surrogate(match: re.Match[str]) -> str:
    return quote(match.group(0).encode("utf-8", "surrogatepass"))


_STRING = XSD.string
_join = "".join


def nt_term(term: Node) -> str:
    """A term in N-Triples syntax (also valid Turtle). ldcat mints no blank nodes, but files it
    loads may have them."""
    # The exact type first: `isinstance` of a Literal against URIRef goes through an ABC check.
    if type(term) is URIRef or (not isinstance(term, Literal) and isinstance(term, URIRef)):
        # An ASCII string holds no surrogate: the common case needs no search for one.
        return _join(("<", term, ">")) if term.isascii() else f"<{_SURROGATE.sub(_escape_surrogate, term)}>"
    if isinstance(term, Literal):
        # The slots rather than the `language` and `datatype` properties: a property call costs as
        # much as the rest, and this runs for every literal written.
        body = escape(term)
        language = term._language
        if language:
            return _join(('"', body, '"@', language))
        datatype = term._datatype
        if datatype is not None and datatype != _STRING:
            return _join(('"', body, '"^^<', datatype, ">"))
        return _join(('"', body, '"'))
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"not an RDF term: {term!r}")


_PREDICATES: dict[Node, str] = {}  # predicate → its N-Triples form: few, and in every record
_MAX_PREDICATES = 10_000  # a loaded file may have any number; past this, start again


def nt_lines(graph: Triples, end: str = " .\n") -> list[str]:
    """One N-Triples line per triple, unsorted, each ending with `end` (N-Quads puts the graph's name there)."""
    predicates = _PREDICATES
    if len(predicates) > _MAX_PREDICATES:
        predicates.clear()
    # A record's subjects recur on most of its lines, and its IRI objects often: each is written
    # once. Only exact IRIs are kept by value: equal literals may differ in their language tag's
    # case. A literal is kept by identity instead (the mapping makes each text once, and a long
    # description is the object of several profiles' triples), with the literal itself, so that
    # no id is reused while the call lasts.
    iris: dict[Node, str] = {}
    literals: dict[int, tuple[Node, str]] = {}
    lines = []
    for s, p, o in graph:
        predicate = predicates.get(p)
        if predicate is None:
            predicate = nt_term(p)
            if type(p) is URIRef:  # not a literal (invalid, yet in a loaded file): equal ones may differ in case
                predicates[p] = predicate
        subject = iris.get(s)
        if subject is None:
            subject = nt_term(s)
            if type(s) is URIRef:
                iris[s] = subject
        if type(o) is URIRef:
            obj = iris.get(o)
            if obj is None:
                obj = iris[o] = nt_term(o)
        else:
            known = literals.get(id(o))
            if known is None:
                known = literals[id(o)] = (o, nt_term(o))
            obj = known[1]
        lines.append(f"{subject} {predicate} {obj}{end}")
    return lines


@functools.lru_cache(maxsize=8192)  # the same predicates, classes and concepts, record after record
def compact(iri: str) -> str | None:
    """``prefix:local`` for an IRI in a known namespace whose local part is a plain name."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace) and _LOCAL.match(iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return None


_TYPE = RDF.type
_PREDICATE_KEYS: dict[Node, tuple[bool, str]] = {}  # predicate → its place among a subject's (see grouped)


def _predicate_key(p: Node) -> tuple[bool, str]:
    key = _PREDICATE_KEYS.get(p)
    if key is None:
        key = (p != _TYPE, compact(str(p)) or str(p))
        if type(p) is URIRef:  # as in nt_lines: only IRIs, whose equals are the same text
            if len(_PREDICATE_KEYS) > _MAX_PREDICATES:
                _PREDICATE_KEYS.clear()
            _PREDICATE_KEYS[p] = key
    return key


def grouped(graph: Triples) -> Iterator[tuple[URIRef, list[tuple[URIRef, list[Node]]]]]:
    """Subjects with their predicates and objects, in the writers' fixed order.

    The subject with the most outgoing triples (the dataset) comes first so a reader sees it
    before its parts; ties and the rest sort by IRI. rdf:type leads each subject's predicates.
    """
    subjects: dict[Node, dict[Node, list[Node]]] = {}
    for s, p, o in graph:
        predicates = subjects.get(s)
        if predicates is None:
            predicates = subjects[s] = {}
        objects = predicates.get(p)
        if objects is None:
            predicates[p] = [o]
        else:
            objects.append(o)
    if not subjects:
        return
    # The first subject, then the others by IRI (ties, by the order they had before the first was
    # taken: most triples first), in one sort.
    counts = {s: sum(map(len, predicates.values())) for s, predicates in subjects.items()}
    first = min(subjects, key=lambda s: (-counts[s], str(s)))
    order = [first, *sorted((s for s in subjects if s is not first), key=lambda s: (str(s), -counts[s]))]
    for s in order:
        predicates = subjects[s]
        yield s, [(p, objects if len(objects) == 1 else sorted(objects, key=nt_term))  # type: ignore[misc]
                  for p, objects in sorted(predicates.items(), key=lambda item: _predicate_key(item[0]))]
