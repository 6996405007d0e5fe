"""Compacted JSON-LD with one inline context (never fetched) and a flat ``@graph``."""

from __future__ import annotations

import json
from typing import IO

from rdflib import Literal, URIRef
from rdflib.term import Node

from ldcat.namespaces import PREFIXES, RDF, XSD
from ldcat.serialise.base import BaseWriter
from ldcat.serialise.terms import Triples, compact, grouped

_FIRST, _NEXT = "\n    ", ",\n    "  # what comes before the first node object of a document, and each next


class JsonLdWriter(BaseWriter):
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
            nodes.append(_json(node, "\n    "))
        return _NEXT.join(nodes)

    def emit(self, text: str) -> None:
        if text:
            self.emit_raw((_FIRST if self.first else _NEXT) + text)
            self.first = False

    def body(self, document: str) -> str:
        return super().body(document).removeprefix(_FIRST)

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


_string = json.encoder.encode_basestring  # what json.dumps(..., ensure_ascii=False) writes a string with (in C)


def _json(value: object, indent: str) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)`` with `indent` (a line break and spaces)
    starting each of its lines but the first, for the values a node holds. json's own indenting
    encoder is pure Python, and was most of this writer's time."""
    if type(value) is str:
        return _string(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = indent + "  "
        members = ",".join(f"{inner}{_string(key)}: {_json(item, inner)}" for key, item in value.items())
        return f"{{{members}{indent}}}"
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = indent + "  "
        items = ",".join(inner + _json(item, inner) for item in value)
        return f"[{items}{indent}]"
    return json.dumps(value)  # a number, a boolean, null: one token, as json writes it
