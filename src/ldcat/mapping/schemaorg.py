"""The ``schema`` profile: a schema.org Dataset, as Google Dataset Search reads it.

Vocabulary: schema.org (https://schema.org/Dataset), in its ``http://schema.org/`` form (see
`ldcat.namespaces`), following Google's Dataset structured-data guide
(https://developers.google.com/search/docs/appearance/structured-data/dataset). It builds on no
other profile: a page's JSON-LD must stand on its own, so catalogues are named in it too.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Literal, URIRef

from ldcat.mapping import MapOptions, Output, Profile
from ldcat.mapping.terms import country_iri, country_name
from ldcat.model import Agent, Catalogue, Record
from ldcat.namespaces import RDF, SDO
from ldcat.normalise import clean
from ldcat.normalise.catalogues import describe

DOI_REGISTRY = "https://registry.identifiers.org/registry/doi"


class SchemaOrg(Profile):
    name = "schema"
    title = "schema.org Dataset, as Google Dataset Search reads it"

    def dataset(self, record: Record, ds: URIRef, options: MapOptions) -> Iterator[Output]:
        iris = options.iris
        yield ds, RDF.type, SDO.Dataset
        yield ds, SDO.name, Literal(record.name)
        if record.description:
            yield ds, SDO.description, Literal(record.description)
        if record.urls:
            yield ds, SDO.url, URIRef(record.urls[0])
        for url in record.urls[1:]:
            yield ds, SDO.sameAs, URIRef(url)
        for n, doi in enumerate(record.dois, 1):
            node = iris.part(record.key, f"doi-{n}")
            yield ds, SDO.identifier, node
            yield ds, SDO.sameAs, URIRef(clean.doi_iri(doi))
            yield node, RDF.type, SDO.PropertyValue
            yield node, SDO.propertyID, Literal(DOI_REGISTRY)
            yield node, SDO.value, Literal(f"doi:{doi}")
            yield node, SDO.url, URIRef(clean.doi_iri(doi))
        for identifier in record.identifiers:
            yield ds, SDO.identifier, Literal(identifier)
        for keyword in record.keywords:
            yield ds, SDO.keywords, Literal(keyword)
        if record.temporal:
            yield ds, SDO.temporalCoverage, Literal(record.temporal.iso())
        yield from self._places(record, ds, options)
        # schema:inLanguage takes the code itself, so every language can be said (unlike dct:language).
        for code in record.languages:
            yield ds, SDO.inLanguage, Literal(code)
        for prop, agents in ((SDO.publisher, record.publishers), (SDO.creator, record.creators),
                             (SDO.funder, record.funders), (SDO.sponsor, record.sponsors),
                             (SDO.copyrightHolder, record.copyright_holders)):
            for agent in agents:
                yield from self._organisation(ds, prop, agent, options)
        for licence in record.licenses:
            yield ds, SDO.license, URIRef(licence)
        if record.image:
            yield ds, SDO.image, URIRef(record.image)
        if record.access_text:
            yield ds, SDO.conditionsOfAccess, Literal(record.access_text)
        yield from self._study(record, ds, options)

    def listing(self, record: Record, ds: URIRef, options: MapOptions) -> Iterator[Output]:
        """The catalogues that hold the dataset, named so a page's JSON-LD stands on its own."""
        for catalogue in record.catalogues:
            cat = options.iris.catalog(catalogue.key)
            yield ds, SDO.includedInDataCatalog, cat
            yield cat, RDF.type, SDO.DataCatalog
            yield cat, SDO.name, Literal(catalogue.name)

    def part_of(self, part: URIRef, whole: URIRef) -> Iterator[Output]:
        yield part, SDO.isPartOf, whole
        yield whole, SDO.hasPart, part

    def title_of(self, node: URIRef, name: str) -> Iterator[Output]:
        yield node, SDO.name, Literal(name)

    # aggregator(): not overridden; schema.org has no catalogue of catalogues to describe.

    def catalogue(self, catalogue: Catalogue, options: MapOptions) -> Iterator[Output]:
        cat = options.iris.catalog(catalogue.key)
        about = describe(catalogue)
        yield cat, RDF.type, SDO.DataCatalog
        yield cat, SDO.name, Literal(about.name)
        yield cat, SDO.description, Literal(about.description)
        if about.homepage:
            yield cat, SDO.url, URIRef(about.homepage)
        yield from self._organisation(cat, SDO.publisher, Agent(about.publisher), options)

    @staticmethod
    def _places(record: Record, ds: URIRef, options: MapOptions) -> Iterator[Output]:
        for code in record.countries:
            place = country_iri(code)
            yield ds, SDO.spatialCoverage, place
            yield place, RDF.type, SDO.Place
            yield place, SDO.name, Literal(country_name(code))
        for name in record.geography:
            place = options.iris.place(name)
            yield ds, SDO.spatialCoverage, place
            yield place, RDF.type, SDO.Place
            yield place, SDO.name, Literal(name)

    @staticmethod
    def _organisation(ds: URIRef, prop: URIRef, agent: Agent, options: MapOptions) -> Iterator[Output]:
        # Google reads publishers and funders as Organizations; Harmony names mostly organisations.
        node = options.iris.agent(agent.name)
        yield ds, prop, node
        yield node, RDF.type, SDO.Organization
        yield node, SDO.name, Literal(agent.name)

    @staticmethod
    def _study(record: Record, ds: URIRef, options: MapOptions) -> Iterator[Output]:
        """Study facts schema.org can say: variables, the sample (as a size), the age range."""
        for variable in record.variables:
            node = options.iris.part(record.key, f"variable-{variable.name}")
            yield ds, SDO.variableMeasured, node
            yield node, RDF.type, SDO.PropertyValue
            yield node, SDO.name, Literal(variable.name)
            if variable.description:
                yield node, SDO.description, Literal(variable.description)
        if record.sample_size is not None:
            node = options.iris.part(record.key, "sample-size")
            yield ds, SDO.size, node
            yield node, RDF.type, SDO.QuantitativeValue
            yield node, SDO.value, Literal(record.sample_size)
            yield node, SDO.unitText, Literal("participants")
        if record.age_lower is not None or record.age_upper is not None:
            low = "" if record.age_lower is None else str(record.age_lower)
            high = "" if record.age_upper is None else str(record.age_upper)
            yield ds, SDO.typicalAgeRange, Literal(f"{low}-{high}")
