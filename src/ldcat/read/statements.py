"""The statements of an RDF input, indexed both ways, and what reading them has used.

`Statements` holds one scope (a file, or one named graph of it) in document order; `Reading` is the
base of the RDF reader (`ldcat.read.dcat`): it marks each statement it reads as used, picks text in
the language it keeps, and describes what it leaves unused for the report.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ldcat import namespaces
from ldcat.namespaces import PREFIXES
from ldcat.problems import Problem


class Vocabulary:
    """A namespace whose terms are made once: rdflib's namespaces make a new URIRef (and check
    it) on every attribute access, which the reader does millions of times. ``Vocabulary(ns).x``
    is ``URIRef(ns + "x")``."""

    def __init__(self, namespace: object) -> None:
        self._namespace = str(namespace)

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        term = URIRef(self._namespace + name)
        setattr(self, name, term)
        return term

    def __str__(self) -> str:
        return self._namespace


ADMS, DCAT, DCT, DISCO = (Vocabulary(ns) for ns in (namespaces.ADMS, namespaces.DCAT, namespaces.DCT, namespaces.DISCO))
FOAF, HEALTH, LDCAT, OWL = (Vocabulary(ns) for ns in (namespaces.FOAF, namespaces.HEALTH, namespaces.LDCAT,
                                                       namespaces.OWL))
PROV, RDF, RDFS, SDO = (Vocabulary(ns) for ns in (namespaces.PROV, namespaces.RDF, namespaces.RDFS, namespaces.SDO))
SKOS, VCARD = Vocabulary(namespaces.SKOS), Vocabulary(namespaces.VCARD)
OA = Vocabulary("http://www.w3.org/ns/oa#")
LOCN = Vocabulary("http://www.w3.org/ns/locn#")
TIME = Vocabulary("http://www.w3.org/2006/time#")
DC = Vocabulary("http://purl.org/dc/elements/1.1/")
SDO_HTTPS = "https://schema.org/"
DATASET_SERIES = DCAT.DatasetSeries  # DCAT 3 (rdflib's DCAT predates it)
IN_SERIES = DCAT.inSeries
DATASET_TYPES = frozenset({DCAT.Dataset, DATASET_SERIES, SDO.Dataset})
AGENT_TYPES = frozenset({FOAF.Agent, FOAF.Organization, SDO.Organization, VCARD.Organization})
_PREFIXES = sorted(((ns, prefix) for prefix, ns in {**PREFIXES, "locn": str(LOCN), "time": str(TIME),
                                                      "dc": str(DC), "oa": str(OA)}.items()),
                   key=lambda item: -len(item[0]))

Triple = tuple[Node, URIRef, Node]


def curie(iri: Node) -> str:
    """A compact name for a predicate or type (``dcat:keyword``), else the IRI itself."""
    text = str(iri)
    for namespace, prefix in _PREFIXES:
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace):]}"
    return text


def show(node: Node) -> str:
    """A term as a report shows it: a literal's text (and language), ``<IRI>``, ``[]``."""
    if isinstance(node, Literal):
        return f"{node}@{node.language}" if node.language else str(node)
    if isinstance(node, BNode):
        return "[]"
    return f"<{node}>"


def normal(term: Node) -> Node:
    """https://schema.org/ terms read as schema.org's http://schema.org/ ones."""
    if isinstance(term, URIRef) and str(term).startswith(SDO_HTTPS):
        return URIRef("http://schema.org/" + str(term)[len(SDO_HTTPS):])
    return term


class Statements:
    """Statements indexed both ways, in document order."""

    def __init__(self, triples: Iterable[tuple[Node, URIRef, Node]] = ()) -> None:
        self.spo: dict[Node, dict[URIRef, list[Node]]] = {}
        self.ops: dict[Node, dict[URIRef, list[Node]]] = {}
        self._seen: set[tuple[Node, URIRef, Node]] = set()
        for s, p, o in triples:
            self.add(s, p, o)

    def add(self, s: Node, p: URIRef, o: Node) -> None:
        if (s, p, o) in self._seen:
            return
        self._seen.add((s, p, o))
        self.spo.setdefault(s, {}).setdefault(p, []).append(o)
        self.ops.setdefault(o, {}).setdefault(p, []).append(s)

    def objects(self, s: Node, p: URIRef) -> list[Node]:
        return self.spo.get(s, {}).get(p, [])

    def subjects(self, p: URIRef, o: Node) -> list[Node]:
        return self.ops.get(o, {}).get(p, [])

    def types(self, s: Node) -> list[Node]:
        return self.objects(s, RDF.type)

    def triples(self, s: Node) -> Iterator[tuple[Node, URIRef, Node]]:
        for p, objects in self.spo.get(s, {}).items():
            for o in objects:
                yield s, p, o

    def __iter__(self) -> Iterator[tuple[Node, URIRef, Node]]:
        for s in self.spo:
            yield from self.triples(s)


def _normal(term: Node) -> Node:
    """https://schema.org/ terms read as schema.org's http://schema.org/ ones."""
    if isinstance(term, URIRef) and str(term).startswith(SDO_HTTPS):
        return URIRef("http://schema.org/" + str(term)[len(SDO_HTTPS):])
    return term


@dataclass
class Visit:
    """What reading one record touched: node → its path from the record (``dcat:distribution``)."""

    paths: dict[Node, str] = field(default_factory=dict)

    def add(self, node: Node, path: str) -> None:
        self.paths.setdefault(node, path)


class Reading:
    """Reading statements: each one read is marked used; text is taken in one language."""

    def __init__(self, union: Statements, known: tuple[str, ...], language: str) -> None:
        self.union = union
        self.g = union  # the scope being read
        self.known = known  # the bases of IRIs ldcat minted (`harmonise.bases`)
        self.language = language
        self.used: set[Triple] = set()
        self.datasets: set[Node] = {s for s in union.spo if DATASET_TYPES & set(union.types(s))}
        self.pending: list[Problem] = []  # what the record being read could not carry, origin "?"


    def use(self, s: Node, p: URIRef, o: Node) -> None:
        self.used.add((s, p, o))

    def _literals(self, node: Node, p: URIRef, *, use: bool = True) -> list[Literal]:
        found = [o for o in self.g.objects(node, p) if isinstance(o, Literal)]
        if use:
            for o in found:
                self.use(node, p, o)
        return found

    def _pick(self, literals: list[Literal]) -> tuple[Literal, list[Literal]]:
        """The literal in the reader's language (else untagged, else the first); and the others."""
        kept = self._in_language(literals)
        return kept[0], [lit for lit in literals if lit is not kept[0]]

    def _in_language(self, literals: list[Literal]) -> list[Literal]:
        if not literals:
            return []
        tags = [(lit.language or "").lower() for lit in literals]
        want = self.language.lower()
        for choice in (want, ""):
            chosen = [lit for lit, tag in zip(literals, tags, strict=True) if tag == choice]
            if chosen:
                return chosen
        prefix = [lit for lit, tag in zip(literals, tags, strict=True) if tag.split("-")[0] == want]
        if prefix:
            return prefix
        first = tags[0]
        return [lit for lit, tag in zip(literals, tags, strict=True) if tag == first]

    def _use_types(self, node: Node, types: Iterable[Node]) -> None:
        for kind in self.g.types(node):
            if kind in types:
                self.use(node, RDF.type, kind)

    def _value(self, node: Node) -> str | None:
        """An IRI, or a literal's text (a URL typed xsd:anyURI is a literal too)."""
        if isinstance(node, URIRef):
            return str(node)
        if isinstance(node, Literal):
            return str(node).strip() or None
        return None

    def _describe(self, node: Node, depth: int) -> str:
        """A value as reported: a literal or IRI as it is; a blank node with its statements, which
        count as reported."""
        if not isinstance(node, BNode) or depth > 2 or node not in self.g.spo:
            return show(node)  # an IRI's own statements are reported under it
        parts = []
        for s, p, o in list(self.g.triples(node)):
            if (s, p, o) in self.used:
                continue
            self.used.add((s, p, o))
            parts.append(f"{curie(p)} {self._describe(o, depth + 1)}")
        if not parts:
            return show(node)
        return f"{show(node) if isinstance(node, URIRef) else ''}[{'; '.join(parts)}]"


__all__ = ["AGENT_TYPES", "DATASET_TYPES", "Reading", "Statements", "Visit", "curie", "normal", "show"]
