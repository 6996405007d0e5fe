"""The schema.org JSON-LD a landing page embeds (what Google Dataset Search reads), made from the
dataset's triples, and written so that it is safe inside ``<script>``: `<`, `>` and `&` as JSON
escapes, so a description holding ``</script>`` or markup can neither end the element nor inject
into the page. The page around it is `ldcat.publish.pages`."""

from __future__ import annotations

import json

from rdflib import Literal, URIRef
from rdflib.term import Node

from ldcat.namespaces import DCT, RDF, SDO, SKOS, XSD
from ldcat.serialise import Triples

SCHEMA = str(SDO)
_NUMBERS = {XSD.integer, XSD.nonNegativeInteger, XSD.int, XSD.long}


class TripleIndex:
    """A record's triples by subject and predicate, values in a fixed order (by their text)."""

    def __init__(self, triples: Triples) -> None:
        self.by_subject: dict[Node, dict[Node, list[Node]]] = {}
        for s, p, o in triples:
            self.by_subject.setdefault(s, {}).setdefault(p, []).append(o)

    def values(self, subject: Node, prop: Node) -> list[Node]:
        return sorted(self.by_subject.get(subject, {}).get(prop, []), key=str)

    def texts(self, subject: Node, prop: Node) -> list[str]:
        return [str(v) for v in self.values(subject, prop)]

    def first(self, subject: Node, *props: Node) -> str | None:
        """The first value of the first of `props` that has one."""
        for prop in props:
            found = self.values(subject, prop)
            if found:
                return str(found[0])
        return None

    def name(self, node: Node) -> str:
        return self.first(node, SDO.name, SKOS.prefLabel, DCT.title) or str(node)


def schema_jsonld(index: TripleIndex, dataset: URIRef) -> dict[str, object]:
    """The dataset's schema.org description (from its record's triples, indexed) as compact JSON-LD
    with the schema.org context (which ldcat bundles, so reading it back never fetches anything)."""
    node = _node(index, dataset, depth=0, seen={dataset})
    return {"@context": "https://schema.org/", **node}


def _node(index: TripleIndex, subject: Node, depth: int, seen: set[Node]) -> dict[str, object]:
    out: dict[str, object] = {"@id": str(subject)}
    props = index.by_subject.get(subject, {})
    types = [str(t)[len(SCHEMA):] for t in index.values(subject, RDF.type) if str(t).startswith(SCHEMA)]
    if types:
        out["@type"] = types[0] if len(types) == 1 else types
    for prop in sorted(props, key=str):
        if not str(prop).startswith(SCHEMA):
            continue
        values = [_value(index, v, depth, seen) for v in index.values(subject, prop)]
        out[str(prop)[len(SCHEMA):]] = values[0] if len(values) == 1 else values
    return out


def _value(index: TripleIndex, value: Node, depth: int, seen: set[Node]) -> object:
    if isinstance(value, Literal):
        if value.datatype in _NUMBERS:
            return int(value)
        return str(value)
    described = value in index.by_subject and value not in seen and depth < 2
    if described:
        return _node(index, value, depth + 1, seen | {value})
    return str(value)  # url, sameAs, license: the bundled context reads these as IRIs


def script_json(data: object) -> str:
    """JSON safe inside <script>: no `<`, `>` or `&` can appear raw."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
