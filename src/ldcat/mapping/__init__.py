"""Records → RDF, one profile per vocabulary (like ckanext-dcat's profiles), switchable.

`map_record` builds one rdflib `Graph` per record from the chosen profiles; `catalogue_graphs`
builds the graphs that describe the catalogues themselves (one per catalogue), written once per run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from rdflib import Graph, URIRef
from rdflib.term import Node

from ldcat.errors import UsageError
from ldcat.mapping.iris import DEFAULT_BASE, Iris
from ldcat.model import Catalogue, Record

Triple = tuple[URIRef, URIRef, Node]


@dataclass(frozen=True, slots=True)
class MapOptions:
    """What every mapper needs besides the record.

    `harvested` is when the aggregator read the record: the CatalogRecord's dct:modified.
    """

    base_iri: str = DEFAULT_BASE
    profiles: tuple[str, ...] = ("schema", "dcat")
    harvested: date = field(default_factory=date.today)

    @property
    def iris(self) -> Iris:
        return Iris(self.base_iri)


DatasetTriples = Callable[[Record, URIRef, MapOptions], Iterator[Triple]]


@dataclass(frozen=True, slots=True)
class Profile:
    """One vocabulary's way of saying things; `record_triples` walks a record for all of them."""

    name: str
    title: str
    dataset: DatasetTriples  # the dataset's own description
    listing: DatasetTriples  # which catalogues hold it (and the catalogue record)
    part_of: Callable[[URIRef, URIRef], Iterator[Triple]]  # part → whole, both directions
    title_of: Callable[[URIRef, str], Iterator[Triple]]  # a name for a dataset known by reference
    aggregator: Callable[[MapOptions], Iterator[Triple]]  # the catalogue of catalogues
    catalogue: Callable[[Catalogue, MapOptions], Iterator[Triple]]  # one source catalogue

    def record_triples(self, record: Record, options: MapOptions) -> Iterator[Triple]:
        ds = options.iris.dataset(record.key)
        yield from self.dataset(record, ds, options)
        yield from self.listing(record, ds, options)
        for parent in record.parents:
            parent_iri = options.iris.dataset(parent.key)
            yield from self.part_of(ds, parent_iri)
            if parent.name:
                yield from self.title_of(parent_iri, parent.name)
        for child in record.children:
            child_iri = options.iris.dataset(child.key)
            yield from self.part_of(child_iri, ds)
            if isinstance(child, Record):
                yield from self.dataset(child, child_iri, options)
            elif child.name:
                yield from self.title_of(child_iri, child.name)


def _profiles() -> dict[str, Profile]:
    from ldcat.mapping import dcat, schemaorg

    return {
        module.NAME: Profile(module.NAME, module.TITLE, module.dataset, module.listing, module.part_of,
                             module.title, module.aggregator_triples, module.catalogue_triples)
        for module in (schemaorg, dcat)
    }


PROFILES = _profiles()


def check_profiles(names: Iterable[str]) -> tuple[str, ...]:
    """The profile names, in the registry's order, or a UsageError naming the unknown one."""
    chosen = set(names)
    unknown = chosen - PROFILES.keys()
    if unknown:
        raise UsageError(f"unknown profile {sorted(unknown)[0]!r}; choose from {', '.join(PROFILES)}")
    return tuple(p for p in PROFILES if p in chosen)


def record_triples(record: Record, options: MapOptions) -> set[Triple]:
    """One record's triples from every chosen profile, as a plain set: what the streaming writers
    and loaders need, without the cost of indexing them in an rdflib Graph."""
    triples: set[Triple] = set()
    for name in options.profiles:
        triples.update(PROFILES[name].record_triples(record, options))
    return triples


def map_record(record: Record, options: MapOptions) -> Graph:
    """One record's graph: every profile's triples about the dataset and its parts."""
    graph = Graph(bind_namespaces="none")
    graph += record_triples(record, options)
    return graph


def catalogue_graphs(catalogues: Iterable[Catalogue], options: MapOptions) -> list[tuple[URIRef, Graph]]:
    """One named graph per catalogue (the aggregator first, then sources by key), so that loading
    another run's catalogues into a store replaces each one and leaves the others alone."""
    ordered = sorted({c.key: c for c in catalogues}.values(), key=lambda c: c.key)
    parts = [(options.iris.catalog(), [PROFILES[n].aggregator(options) for n in options.profiles])]
    parts += [(options.iris.catalog(c.key), [PROFILES[n].catalogue(c, options) for n in options.profiles])
              for c in ordered]
    graphs: list[tuple[URIRef, Graph]] = []
    for name, triple_lists in parts:
        graph = Graph(bind_namespaces="none")
        for triples in triple_lists:
            for triple in triples:
                graph.add(triple)
        if len(graph):
            graphs.append((name, graph))
    return graphs


def map_catalogues(catalogues: Iterable[Catalogue], options: MapOptions) -> Graph:
    """The catalogues' own descriptions (title, publisher...) in one graph."""
    merged = Graph(bind_namespaces="none")
    for _, graph in catalogue_graphs(catalogues, options):
        merged += graph
    return merged


__all__ = ["PROFILES", "MapOptions", "Profile", "Triple", "catalogue_graphs", "check_profiles", "map_catalogues",
           "map_record", "record_triples"]
