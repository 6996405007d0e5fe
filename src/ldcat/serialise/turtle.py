"""Turtle with ldcat's prefixes, written one subject block at a time."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.term import Node

from ldcat.namespaces import PREFIXES, RDF, XSD
from ldcat.serialise.base import BaseWriter
from ldcat.serialise.terms import Triples, compact, escape, grouped, nt_term


class TurtleWriter(BaseWriter):
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
                return f'"{escape(value)}"^^{compact(str(term.datatype)) or f"<{term.datatype}>"}'
            value = str(term)
            if "\n" in value:
                escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
                return f'"""{escaped}"""'
        return nt_term(term)
