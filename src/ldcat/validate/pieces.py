"""Splitting any graph into per-dataset pieces, so a big file is validated in bounded batches, and
telling which dataset a validated node belongs to."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ldcat.namespaces import DCAT, DCT, FOAF, RDF, SDO
from ldcat.serialise import Triples
from ldcat.validate.fast import gc_paused

HTTPS_DATASET = URIRef("https://schema.org/Dataset")  # wrong namespace, but still a dataset to check
ROOT_TYPES = (DCAT.Dataset, SDO.Dataset, HTTPS_DATASET)
CATALOGUE_TYPES = (DCAT.Catalog, SDO.DataCatalog)
STOP_TYPES = (*ROOT_TYPES, *CATALOGUE_TYPES)


@dataclass(frozen=True, slots=True)
class Piece:
    """Part of a graph to validate: the triples, and the nodes it only refers to (of which it
    holds just the rdf:type, described in their own piece), whose results it must not report."""

    graph: Triples
    refs: frozenset[Node] = frozenset()


def dataset_pieces(triples: Iterable[tuple[Node, Node, Node]]) -> Iterator[Piece]:
    """Split a graph (an rdflib Graph, or any triples) into one piece per dataset (its description,
    parts and catalogue records) plus one piece per catalogue.

    A piece holds the root's triples, those of nodes it reaches (hash IRIs, agents, periods...),
    and only the rdf:type of other datasets and catalogues it points to, which is what range
    checks need without pulling the whole catalogue into every piece. The triples are indexed by
    subject once, in plain dictionaries: an rdflib graph's own lookups cost far more, and a file
    to validate need never become one.
    """
    with gc_paused():  # millions of new tuples and terms, no cycles: collections would only walk them
        described = _Described(triples)
    typed = described.typed
    stop = {s for t in STOP_TYPES for s in typed.get(t, ())}
    catalogues = {s for t in CATALOGUE_TYPES for s in typed.get(t, ())}
    roots = sorted({s for t in ROOT_TYPES for s in typed.get(t, ())} - catalogues, key=str)
    for root in roots:
        yield described.closure(root, described.topics.get(root, []), stop)
    for catalogue in sorted(catalogues, key=str):
        yield described.closure(catalogue, [], stop)


class _Described:
    """Triples by subject (each once), the nodes each subject points to, every node's rdf:type
    triples, what is typed with each class, and the records of each topic."""

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        # Each subject's triples (a dict: distinct, in order) and the nodes they point to, so that a
        # piece is gathered a subject at a time, with no Python work per triple.
        self.by_subject: dict[Node, dict[tuple[Node, Node, Node], None]] = {}
        self.links: dict[Node, list[Node]] = {}
        self.types: dict[Node, list[tuple[Node, Node, Node]]] = {}  # a node's rdf:type triples
        self.typed: dict[Node, list[Node]] = {}
        self.topics: dict[Node, list[Node]] = {}
        by_subject, links, uri, literal, same = self.by_subject, self.links, URIRef, Literal, str.__eq__
        for triple in triples:
            s, p, o = triple
            own = by_subject.get(s)
            if own is None:
                own = by_subject[s] = {}
                links[s] = []
            elif triple in own:
                continue
            own[triple] = None
            if not isinstance(o, literal):
                links[s].append(o)
            if type(p) is uri:  # compared as text, in C: URIRef's own == is a Python call per triple
                if same(p, _TYPE):
                    self.types.setdefault(s, []).append(triple)
                    self.typed.setdefault(o, []).append(s)
                elif same(p, _PRIMARY_TOPIC):
                    self.topics.setdefault(o, []).append(s)

    def closure(self, root: Node, records: list[Node], stop: set[Node]) -> Piece:
        """The piece of `root` (and its catalogue `records`): what they reach, up to the other nodes
        of `stop` (datasets and catalogues: `root` is not one of them here, whether it is in the set
        or not; a copy of the set without it, per root, would cost the square of their number)."""
        piece: list[tuple[Node, Node, Node]] = []
        refs: set[Node] = set()
        seen: set[Node] = set()
        todo = [root, *records]
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            if node in stop and node != root:
                refs.add(node)
                piece += self.types.get(node, ())
                continue
            piece += self.by_subject.get(node, ())
            todo += self.links.get(node, ())
        return Piece(piece, frozenset(refs))


_TYPE, _PRIMARY_TOPIC = str(RDF.type), str(FOAF.primaryTopic)


def titles(graph: Graph) -> dict[str, str | None]:
    """Every dataset in a graph with its title (dct:title, else schema:name)."""
    found: dict[str, str | None] = {}
    catalogues = {s for t in CATALOGUE_TYPES for s in graph.subjects(RDF.type, t)}
    for t in ROOT_TYPES:
        for s in graph.subjects(RDF.type, t):
            if isinstance(s, URIRef) and s not in catalogues:
                title = graph.value(s, DCT.title) or graph.value(s, SDO.name)
                found[str(s)] = None if title is None else str(title)
    return found


def owner(focus: str, datasets: Iterable[str]) -> str | None:
    """The dataset a focus node belongs to: itself, or the dataset whose hash IRI it is."""
    base = focus.split("#", 1)[0]
    return base if base in datasets else None


def topic(graph: Graph, focus: str, datasets: Iterable[str]) -> str | None:
    """The dataset a catalogue record (focus) is about, if it is one of `datasets`."""
    found = graph.value(URIRef(focus), FOAF.primaryTopic)
    return str(found) if found is not None and str(found) in datasets else None
