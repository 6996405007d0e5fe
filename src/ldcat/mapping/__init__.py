"""Records → RDF, one profile per vocabulary (like ckanext-dcat's profiles), switchable.

A profile is a `Profile` subclass registered under the ``ldcat.profiles`` entry point group;
ldcat's own are registered the same way (pyproject.toml). `record_triples` gives one record's
triples from the chosen profiles; `catalogue_graphs` the graphs that describe the catalogues
themselves (one per catalogue), written once per run.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from rdflib import Graph, URIRef
from rdflib.term import Node

from ldcat.config import DEFAULT_BASE
from ldcat.errors import UsageError
from ldcat.mapping.iris import Iris
from ldcat.model import Catalogue, Record
from ldcat.plugins import Settings, registry
from ldcat.problems import Problem

Triple = tuple[URIRef, URIRef, Node]
DEFAULT_PROFILES = ("schema", "dcat-ap-3", "healthdcat-ap", "ddi-discovery", "ldcat-study")  # convert's default set


@dataclass(frozen=True, slots=True)
class MapOptions:
    """What every mapper needs besides the record.

    `harvested` is when the aggregator read the record: the CatalogRecord's dct:modified.
    `profiles` are names of profile plugins (`ldcat plugins` lists them).
    """

    base_iri: str = DEFAULT_BASE
    profiles: tuple[str, ...] = DEFAULT_PROFILES
    harvested: date = field(default_factory=date.today)
    settings: Settings = field(default_factory=dict)  # the profiles' settings, by profile name

    @property
    def iris(self) -> Iris:
        return _iris(self.base_iri)


@functools.lru_cache(maxsize=16)
def _iris(base: str) -> Iris:  # one per base: profiles ask for it dozens of times a record
    return Iris(base)


Output = Triple | Problem  # a profile yields triples, and a Problem for each value it could not map


class Profile:
    """An output profile: one vocabulary's way of describing a record (like ckanext-dcat's profiles).

    Subclass it, set `name` and `title`, override the hooks you need (each yields triples, and a
    `Problem` for any value it could not say), and register the class under the ``ldcat.profiles``
    entry point group. A profile that adds to another (as HealthDCAT-AP adds to DCAT-AP) names it
    in `builds_on`: choosing it chooses that one too. `settings` is the profile's table of
    settings (``[plugins.<name>]`` in ldcat.toml, ``--set <name>.<key>=<value>``).

    `writes` names the `Record` fields the profile itself puts into RDF (not those of the profiles
    it builds on). When every chosen profile declares it, a record's values that none of them
    writes are reported (``field-not-in-profile``) rather than lost silently; tests/test_accounting.py
    checks each built-in declaration against what the profile really writes.
    """

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    builds_on: ClassVar[tuple[str, ...]] = ()
    writes: ClassVar[frozenset[str] | None] = None

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        self.settings = dict(settings or {})

    def dataset(self, record: Record, ds: URIRef, options: MapOptions) -> Iterator[Output]:
        """The dataset's own description (also called for each child the record describes)."""
        return iter(())

    def listing(self, record: Record, ds: URIRef, options: MapOptions) -> Iterator[Output]:
        """Which catalogues hold the dataset (and the aggregator's record of it)."""
        return iter(())

    def part_of(self, part: URIRef, whole: URIRef) -> Iterator[Output]:
        """Part → whole, in both directions."""
        return iter(())

    def title_of(self, node: URIRef, name: str) -> Iterator[Output]:
        """A name for a dataset known only by reference (a parent, an undescribed child)."""
        return iter(())

    def aggregator(self, options: MapOptions) -> Iterator[Output]:
        """The catalogue of catalogues (Harmony), once per run."""
        return iter(())

    def catalogue(self, catalogue: Catalogue, options: MapOptions) -> Iterator[Output]:
        """One source catalogue, once per run."""
        return iter(())

    def record_triples(self, record: Record, options: MapOptions) -> Iterator[Output]:
        """Everything this profile says about a record: the dataset, its listing, its parts."""
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


def profile_names() -> tuple[str, ...]:
    """Every installed profile's name."""
    return registry.names("profiles")


def check_profiles(names: Iterable[str]) -> tuple[str, ...]:
    """The chosen names and those they build on (each before the profiles that build on it),
    without repeats; a UsageError names an unknown one."""
    chosen: dict[str, None] = {}

    def add(name: str) -> None:
        if name not in chosen:
            for base in _profile_class(name).builds_on:
                add(base)
            chosen[name] = None

    for name in registry.check("profiles", names):
        add(name)
    return tuple(chosen)


def _profile_class(name: str) -> type[Profile]:
    found = registry.load("profiles", name)
    if not (isinstance(found, type) and issubclass(found, Profile)):
        raise UsageError(f"the profile {name!r} is not a subclass of ldcat.mapping.Profile")
    return found


@functools.lru_cache(maxsize=16)
def _instances(names: tuple[str, ...], settings: str) -> tuple[Profile, ...]:
    table = json.loads(settings)
    return tuple(_profile_class(name)(table.get(name, {})) for name in check_profiles(names))


def profiles(options: MapOptions) -> tuple[Profile, ...]:
    """The chosen profiles, made with their settings (once per process)."""
    return _instances(options.profiles, json.dumps(options.settings, sort_keys=True, default=str))


def _split(outputs: Iterable[Output], triples: set[Triple], problems: list[Problem] | None) -> None:
    add = triples.add
    for item in outputs:
        if type(item) is tuple:
            add(item)
        elif problems is not None and isinstance(item, Problem) and item not in problems:
            problems.append(item)


def record_triples(record: Record, options: MapOptions, problems: list[Problem] | None = None) -> set[Triple]:
    """One record's triples from every chosen profile, as a plain set: what the streaming writers
    and loaders need, without the cost of indexing them in an rdflib Graph. What a profile could
    not map is added to `problems` (each problem once), and so are the fields of the record that
    no chosen profile writes (see `Profile.writes`)."""
    triples: set[Triple] = set()
    chosen = profiles(options)
    for profile in chosen:
        _split(profile.record_triples(record, options), triples, problems)
    if problems is not None:
        problems.extend(_unwritten(record, chosen))
    return triples


# Fields that are no statement about the dataset: where it was read, the key its IRIs are minted
# from, Harmony's slug (in the Harmony page's URL) and Harmony's duration (said by the temporal coverage).
NOT_STATEMENTS = frozenset({"origin", "key", "slug", "duration_years"})


def _unwritten(record: Record, chosen: tuple[Profile, ...]) -> Iterator[Problem]:
    unwritten = _unwritten_fields(tuple(p.writes for p in chosen))
    if not unwritten:
        return  # every field is written (or a profile does not say what it writes: nothing can be told)
    names = ", ".join(p.name for p in chosen)
    for item in (record, *(c for c in record.children if isinstance(c, Record))):
        for name in unwritten:
            if getattr(item, name) not in (None, "", []):
                yield Problem("field-not-in-profile", f"{name} is not written by the chosen profiles ({names}); "
                              "choose a profile that writes it to keep it", "info", item.origin, name)


@functools.lru_cache(maxsize=16)
def _unwritten_fields(declared: tuple[frozenset[str] | None, ...]) -> tuple[str, ...]:
    """The `Record` fields none of the profiles that declared these `writes` writes (none when one
    did not declare them)."""
    if any(w is None for w in declared):
        return ()
    written = frozenset().union(*(w for w in declared if w is not None)) | NOT_STATEMENTS
    return tuple(name for name in Record.__dataclass_fields__ if name not in written)


def map_record(record: Record, options: MapOptions) -> Graph:
    """One record's graph: every profile's triples about the dataset and its parts."""
    graph = Graph(bind_namespaces="none")
    graph += record_triples(record, options)
    return graph


def catalogue_graphs(catalogues: Iterable[Catalogue], options: MapOptions) -> list[tuple[URIRef, Graph]]:
    """One named graph per catalogue (the aggregator first, then sources by key), so that loading
    another run's catalogues into a store replaces each one and leaves the others alone."""
    ordered = sorted({c.key: c for c in catalogues}.values(), key=lambda c: c.key)
    chosen = profiles(options)
    parts = [(options.iris.catalog(), [p.aggregator(options) for p in chosen])]
    parts += [(options.iris.catalog(c.key), [p.catalogue(c, options) for p in chosen]) for c in ordered]
    graphs: list[tuple[URIRef, Graph]] = []
    for name, outputs in parts:
        triples: set[Triple] = set()
        for output in outputs:
            _split(output, triples, None)
        if triples:
            graph = Graph(bind_namespaces="none")
            graph += triples
            graphs.append((name, graph))
    return graphs


def map_catalogues(catalogues: Iterable[Catalogue], options: MapOptions) -> Graph:
    """The catalogues' own descriptions (title, publisher...) in one graph."""
    merged = Graph(bind_namespaces="none")
    for _, graph in catalogue_graphs(catalogues, options):
        merged += graph
    return merged


__all__ = ["DEFAULT_PROFILES", "MapOptions", "Output", "Profile", "Triple", "catalogue_graphs", "check_profiles",
           "map_catalogues", "map_record", "profile_names", "profiles", "record_triples"]
