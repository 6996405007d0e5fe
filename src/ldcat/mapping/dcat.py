"""The DCAT 3 / DCAT-AP 3 profile, with DDI-Discovery and HealthDCAT-AP for study facts.

Each dataset is also a `dcat:CatalogRecord`'s primary topic (the aggregator's record of it) and
listed by its source catalogues; the catalogues' own descriptions come from `catalogue_triples`.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Literal, URIRef

from ldcat.mapping import MapOptions, Triple
from ldcat.mapping.designs import design
from ldcat.mapping.iris import language_iri
from ldcat.mapping.terms import count, country_iri, date_literal
from ldcat.model import Agent, Catalogue, Record
from ldcat.namespaces import ADMS, DCAT, DCT, DISCO, FOAF, HEALTH, LDCAT, PROV, RDF, RDFS, SKOS, XSD
from ldcat.normalise import clean
from ldcat.normalise.catalogues import AGGREGATOR, describe

NAME = "dcat"
TITLE = "W3C DCAT 3 / DCAT-AP 3, with DDI-Discovery and HealthDCAT-AP for study facts"
DOI_AGENCY = "International DOI Foundation"


def listing(record: Record, ds: URIRef, options: MapOptions) -> Iterator[Triple]:
    """The aggregator's CatalogRecord of the dataset, and the catalogues that list it."""
    iris = options.iris
    cr = iris.record(record.key)
    yield cr, RDF.type, DCAT.CatalogRecord
    yield cr, FOAF.primaryTopic, ds
    yield cr, DCT.modified, Literal(options.harvested.isoformat(), datatype=XSD.date)
    yield cr, DCT.identifier, Literal(record.harmony_id or record.key)
    harmony = iris.catalog()
    yield harmony, DCAT.record, cr
    yield harmony, DCAT.dataset, ds
    for catalogue in record.catalogues:
        cat = iris.catalog(catalogue.key)
        yield cat, DCAT.dataset, ds
        yield cr, PROV.wasDerivedFrom, cat


def part_of(part: URIRef, whole: URIRef) -> Iterator[Triple]:
    yield part, DCT.isPartOf, whole
    yield whole, DCT.hasPart, part


def title(node: URIRef, name: str) -> Iterator[Triple]:
    yield node, DCT.title, Literal(name)


def dataset(record: Record, ds: URIRef, options: MapOptions) -> Iterator[Triple]:
    yield ds, RDF.type, DCAT.Dataset
    if record.resource_type == "study":
        yield ds, RDF.type, DISCO.Study
    yield ds, DCT.title, Literal(record.name)
    if record.description:
        yield ds, DCT.description, Literal(record.description)
    yield ds, DCT.identifier, Literal(record.harmony_id or (record.dois[0] if record.dois else record.key))
    for n, doi in enumerate(record.dois, 1):
        node = options.iris.part(record.key, f"doi-{n}")
        yield ds, ADMS.identifier, node
        yield node, RDF.type, ADMS.Identifier
        yield node, SKOS.notation, Literal(doi)
        yield node, ADMS.schemaAgency, Literal(DOI_AGENCY)
        yield node, DCT.source, URIRef(clean.doi_iri(doi))
    for keyword in record.keywords:
        yield ds, DCAT.keyword, Literal(keyword)
    for url in record.urls:
        yield ds, DCAT.landingPage, URIRef(url)
        yield URIRef(url), RDF.type, FOAF.Document
    yield from _coverage(record, ds, options)
    for prop, agents in ((DCT.publisher, record.publishers[:1]), (DCT.creator, record.creators),
                         (DISCO.fundedBy, record.funders), (DCT.rightsHolder, record.copyright_holders)):
        for agent in agents:
            yield from _agent(ds, prop, agent, options)
    for licence in record.licenses:
        yield ds, DCT.license, URIRef(licence)
        yield URIRef(licence), RDF.type, DCT.LicenseDocument
    for code in record.languages:
        if (language := language_iri(code)) is not None:
            yield ds, DCT.language, language
    yield from _access(record, ds, options)
    yield from _study(record, ds, options)


def _coverage(record: Record, ds: URIRef, options: MapOptions) -> Iterator[Triple]:
    if record.temporal:
        period = options.iris.part(record.key, "period")
        yield ds, DCT.temporal, period
        yield period, RDF.type, DCT.PeriodOfTime
        if record.temporal.start:
            yield period, DCAT.startDate, date_literal(record.temporal.start)
        if record.temporal.end:
            yield period, DCAT.endDate, date_literal(record.temporal.end)
    for code in record.countries:
        yield ds, DCT.spatial, country_iri(code)
    for name in record.geography:
        place = options.iris.place(name)
        yield ds, DCT.spatial, place
        yield place, RDF.type, DCT.Location
        yield place, SKOS.prefLabel, Literal(name)


def _agent(subject: URIRef, prop: URIRef, agent: Agent, options: MapOptions) -> Iterator[Triple]:
    node = options.iris.agent(agent.name)
    yield subject, prop, node
    yield node, RDF.type, FOAF.Agent
    yield node, FOAF.name, Literal(agent.name)


def _access(record: Record, ds: URIRef, options: MapOptions) -> Iterator[Triple]:
    """How to get the data: a rights statement in the source's words, a distribution per access URL."""
    if record.access_text:
        rights = options.iris.part(record.key, "access-rights")
        yield ds, DCT.accessRights, rights
        yield rights, RDF.type, DCT.RightsStatement
        yield rights, RDFS.label, Literal(record.access_text)
    for n, url in enumerate(record.access_urls, 1):
        dist = options.iris.part(record.key, f"distribution-{n}")
        yield ds, DCAT.distribution, dist
        yield dist, RDF.type, DCAT.Distribution
        yield dist, DCAT.accessURL, URIRef(url)
        yield dist, DCT.title, Literal("Access to the data")
        if record.access_text:
            yield dist, DCT.description, Literal(record.access_text)


def _study(record: Record, ds: URIRef, options: MapOptions) -> Iterator[Triple]:
    """Study facts: HealthDCAT-AP for the population, DDI-Discovery for variables and instruments."""
    if record.age_lower is not None:
        yield ds, HEALTH.minTypicalAge, count(record.age_lower)
    if record.age_upper is not None:
        yield ds, HEALTH.maxTypicalAge, count(record.age_upper)
    if record.sample_size is not None:
        yield ds, HEALTH.numberOfUniqueIndividuals, count(record.sample_size)
    if record.num_variables is not None:
        yield ds, DISCO.variableQuantity, count(record.num_variables)
    if record.num_sweeps is not None:
        yield ds, LDCAT.numberOfSweeps, count(record.num_sweeps)
    if record.genetic_data_collected is not None:
        yield ds, LDCAT.geneticDataCollected, Literal(record.genetic_data_collected)
    for term in record.study_design:
        if (found := design(term)) is not None:
            yield ds, LDCAT.studyDesign, found.iri
    for variable in record.variables:
        node = options.iris.part(record.key, f"variable-{variable.name}")
        yield ds, DISCO.variable, node
        yield node, RDF.type, DISCO.Variable
        yield node, SKOS.prefLabel, Literal(variable.name)
        if variable.description:
            yield node, DCT.description, Literal(variable.description)
    for name in record.instruments:
        node = options.iris.part(record.key, f"instrument-{name}")
        yield ds, DISCO.instrument, node
        yield node, RDF.type, DISCO.Instrument
        yield node, SKOS.prefLabel, Literal(name)


def aggregator_triples(options: MapOptions) -> Iterator[Triple]:
    """The aggregating catalogue (Harmony) that holds the catalogue records."""
    yield from _catalogue(options.iris.catalog(), AGGREGATOR.name, AGGREGATOR.description, AGGREGATOR.publisher,
                          AGGREGATOR.homepage, options)


def catalogue_triples(catalogue: Catalogue, options: MapOptions) -> Iterator[Triple]:
    cat = options.iris.catalog(catalogue.key)
    about = describe(catalogue)
    yield options.iris.catalog(), DCAT.catalog, cat
    yield from _catalogue(cat, about.name, about.description, about.publisher, about.homepage, options)


def _catalogue(cat: URIRef, title: str, description: str, publisher: str, homepage: str,
               options: MapOptions) -> Iterator[Triple]:
    yield cat, RDF.type, DCAT.Catalog
    yield cat, DCT.title, Literal(title)
    yield cat, DCT.description, Literal(description)
    yield from _agent(cat, DCT.publisher, Agent(publisher), options)
    if homepage:
        yield cat, FOAF.homepage, URIRef(homepage)
        yield URIRef(homepage), RDF.type, FOAF.Document
