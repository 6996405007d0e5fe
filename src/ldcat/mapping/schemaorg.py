"""The ``schema`` profile: a schema.org Dataset, as Google Dataset Search reads it.

Vocabulary: schema.org (https://schema.org/Dataset), in its ``http://schema.org/`` form (see
`ldcat.namespaces`), following Google's Dataset structured-data guide
(https://developers.google.com/search/docs/appearance/structured-data/dataset). It builds on no
other profile: a page's JSON-LD must stand on its own, so catalogues are named in it too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from rdflib import URIRef

from ldcat.literals import text
from ldcat.mapping import MapOptions, Output, Profile
from ldcat.mapping.iris import iri
from ldcat.mapping.terms import ENGLISH, country_iri, country_name, metadata_language, same_as, typed
from ldcat.model import Agent, Catalogue, Record
from ldcat.namespaces import RDF, SDO
from ldcat.normalise import clean
from ldcat.normalise.catalogues import describe

DOI_REGISTRY = "https://registry.identifiers.org/registry/doi"


class SchemaOrg(Profile):
    name = "schema"
    title = "schema.org Dataset, as Google Dataset Search reads it"
    writes = frozenset({
        "access_text", "access_urls", "age_lower", "age_upper", "also_known_as", "catalogues", "children",
        "citations", "copyright_holders", "countries", "creators", "description", "dois", "funders",
        "geography", "harmony_page", "identifiers", "image", "keywords", "languages", "licenses", "name",
        "parents", "publishers", "sample_size", "sponsors", "temporal", "urls", "variables",
    })

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        super().__init__(settings)
        self.language = metadata_language(self.settings)  # of the records' text (`ldcat.mapping.terms`)

    def dataset(self, record: Record, ds: URIRef, options: MapOptions) -> Iterator[Output]:
        iris = options.iris
        yield ds, RDF.type, SDO.Dataset
        yield ds, SDO.name, text(record.name, self.language)
        yield from same_as(record, ds, options.iris)
        if record.description:
            yield ds, SDO.description, text(record.description, self.language)
        if record.urls:
            yield ds, SDO.url, iri(record.urls[0])
        for url in record.urls[1:]:
            yield ds, SDO.sameAs, iri(url)
        # Pages whose main entity the dataset is: its page in each source catalogue, and on Harmony.
        pages = [c.page for c in record.catalogues if c.page] + ([record.harmony_page] if record.harmony_page else [])
        for page in dict.fromkeys(pages):
            yield ds, SDO.mainEntityOfPage, iri(page)
        # The catalogues that hold it: said here too, so a child dataset's own catalogues are said.
        yield from self.listing(record, ds, options)
        for n, doi in enumerate(record.dois, 1):
            node = iris.part(record.key, f"doi-{n}")
            yield ds, SDO.identifier, node
            yield ds, SDO.sameAs, iri(clean.doi_iri(doi))
            yield node, RDF.type, SDO.PropertyValue
            yield node, SDO.propertyID, text(DOI_REGISTRY)
            yield node, SDO.value, text(f"doi:{doi}")
            yield node, SDO.url, iri(clean.doi_iri(doi))
        # Articles about the dataset (`ldcat.normalise.dois`): Google's "citation", not its identity.
        for doi in record.citations:
            yield ds, SDO.citation, iri(clean.doi_iri(doi))
            yield iri(clean.doi_iri(doi)), RDF.type, SDO.CreativeWork
        for identifier in record.identifiers:
            yield ds, SDO.identifier, text(identifier)
        for keyword in record.keywords:
            yield ds, SDO.keywords, text(keyword, self.language)
        if record.temporal:
            yield ds, SDO.temporalCoverage, text(record.temporal.iso())
        yield from self._places(record, ds, options, self.language)
        # schema:inLanguage takes the code itself, so every language can be said (unlike dct:language).
        for code in record.languages:
            yield ds, SDO.inLanguage, text(code)
        for prop, agents in ((SDO.publisher, record.publishers), (SDO.creator, record.creators),
                             (SDO.funder, record.funders), (SDO.sponsor, record.sponsors),
                             (SDO.copyrightHolder, record.copyright_holders)):
            for agent in agents:
                yield from self._organisation(ds, prop, agent, options)
        for licence in record.licenses:
            yield ds, SDO.license, iri(licence)
        if record.image:
            yield ds, SDO.image, iri(record.image)
        # The conditions in the source's words, and each access page the words do not show
        # (`license` values that name no licence are access pages: `ldcat.normalise.licences`).
        if record.access_text:
            yield ds, SDO.conditionsOfAccess, text(record.access_text, self.language)
        for url in record.access_urls:
            if url not in (record.access_text or ""):
                yield ds, SDO.conditionsOfAccess, text(url)
        yield from self._study(record, ds, options, self.language)

    def listing(self, record: Record, ds: URIRef, options: MapOptions) -> Iterator[Output]:
        """The catalogues that hold the dataset, named so a page's JSON-LD stands on its own."""
        for catalogue in record.catalogues:
            cat = options.iris.catalog(catalogue.key)
            yield ds, SDO.includedInDataCatalog, cat
            yield cat, RDF.type, SDO.DataCatalog
            yield cat, SDO.name, text(catalogue.name)

    def part_of(self, part: URIRef, whole: URIRef) -> Iterator[Output]:
        yield part, SDO.isPartOf, whole
        yield whole, SDO.hasPart, part

    def title_of(self, node: URIRef, name: str) -> Iterator[Output]:
        yield node, SDO.name, text(name, self.language)

    # aggregator(): not overridden; schema.org has no catalogue of catalogues to describe.

    def catalogue(self, catalogue: Catalogue, options: MapOptions) -> Iterator[Output]:
        cat = options.iris.catalog(catalogue.key)
        about = describe(catalogue)
        yield cat, RDF.type, SDO.DataCatalog
        yield cat, SDO.name, text(about.name)
        yield cat, SDO.description, text(about.description, ENGLISH)  # ldcat's words (catalogues.py)
        if about.homepage:
            yield cat, SDO.url, iri(about.homepage)
        yield from self._organisation(cat, SDO.publisher, Agent(about.publisher), options)

    @staticmethod
    def _places(record: Record, ds: URIRef, options: MapOptions, language: str | None) -> Iterator[Output]:
        for code in record.countries:
            place = country_iri(code)
            yield ds, SDO.spatialCoverage, place
            yield place, RDF.type, SDO.Place
            yield place, SDO.name, text(country_name(code), ENGLISH)  # the bundled table is English
        for name in record.geography:
            place = options.iris.place(name)
            yield ds, SDO.spatialCoverage, place
            yield place, RDF.type, SDO.Place
            yield place, SDO.name, text(name, language)

    @staticmethod
    def _organisation(ds: URIRef, prop: URIRef, agent: Agent, options: MapOptions) -> Iterator[Output]:
        # Google reads publishers and funders as Organizations; Harmony names mostly organisations.
        node = options.iris.agent(agent.name)
        yield ds, prop, node
        yield node, RDF.type, SDO.Organization
        yield node, SDO.name, text(agent.name)

    @staticmethod
    def _study(record: Record, ds: URIRef, options: MapOptions, language: str | None) -> Iterator[Output]:
        """Study facts schema.org can say: variables, the sample (as a size), the age range."""
        for variable in record.variables:
            node = options.iris.part(record.key, f"variable-{variable.name}")
            yield ds, SDO.variableMeasured, node
            yield node, RDF.type, SDO.PropertyValue
            yield node, SDO.name, text(variable.name)
            if variable.description:
                yield node, SDO.description, text(variable.description, language)
        if record.sample_size is not None:
            node = options.iris.part(record.key, "sample-size")
            yield ds, SDO.size, node
            yield node, RDF.type, SDO.QuantitativeValue
            yield node, SDO.value, typed(record.sample_size)
            yield node, SDO.unitText, text("participants")
        if record.age_lower is not None or record.age_upper is not None:
            low = "" if record.age_lower is None else str(record.age_lower)
            high = "" if record.age_upper is None else str(record.age_upper)
            yield ds, SDO.typicalAgeRange, text(f"{low}-{high}")
