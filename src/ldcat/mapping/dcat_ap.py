"""The ``dcat-ap-3`` profile: W3C DCAT 3 as the DCAT-AP 3 application profile constrains it.

Vocabularies: DCAT 3 (https://www.w3.org/TR/vocab-dcat-3/), DCAT-AP 3.0.1
(https://semiceu.github.io/DCAT-AP/releases/3.0.1/), and the terms DCAT-AP takes from DCTERMS,
ADMS (identifiers), FOAF (agents, documents), PROV (the catalogue record's source) and SKOS
(place names, identifier notations). No study facts: those are HealthDCAT-AP's
(`ldcat.mapping.healthdcat_ap`), DDI-Discovery's (`ldcat.mapping.ddi_discovery`) and ldcat's own
(`ldcat.mapping.ldcat_study`), each a profile that builds on this one.

Each dataset is a `dcat:Dataset`, the primary topic of the aggregator's `dcat:CatalogRecord`,
and listed by its source `dcat:Catalog`s; the catalogues are described once per run.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any

from rdflib import URIRef

from ldcat.literals import text
from ldcat.mapping import MapOptions, Output, Profile, Triple
from ldcat.mapping.iris import Iris, iri, language_iri
from ldcat.mapping.terms import (
    ENGLISH,
    country_iri,
    date_literal,
    foaf_agent,
    metadata_language,
    role_iri,
    same_as,
    typed,
)
from ldcat.model import Agent, Catalogue, Record
from ldcat.namespaces import ADMS, DCAT, DCT, FOAF, PROV, RDF, RDFS, SKOS, VCARD, XSD
from ldcat.normalise import clean
from ldcat.normalise.catalogues import AGGREGATOR, SOURCES, describe
from ldcat.normalise.licences import access_right_iri
from ldcat.problems import Problem

DATA_THEME = "http://publications.europa.eu/resource/authority/data-theme/"

DOI_AGENCY = "International DOI Foundation"


class DcatAp3(Profile):
    name = "dcat-ap-3"
    title = "W3C DCAT 3 / DCAT-AP 3: datasets, catalogue records, catalogues, distributions"
    writes = frozenset({
        "access_rights", "access_text", "access_urls", "also_known_as", "catalogues", "children", "citations",
        "copyright_holders", "countries", "creators", "description", "dois", "funders", "geography",
        "harmony_id", "harmony_page", "identifiers", "keywords", "languages", "licenses", "name", "parents",
        "publishers", "sponsors", "temporal", "urls",
    })

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        super().__init__(settings)
        self.language = metadata_language(self.settings)  # of the records' text (`ldcat.mapping.terms`)

    def dataset(self, record: Record, ds: URIRef, options: MapOptions) -> Iterator[Output]:
        yield ds, RDF.type, DCAT.Dataset
        yield ds, DCT.title, text(record.name, self.language)
        yield from same_as(record, ds, options.iris)
        if record.description:
            yield ds, DCT.description, text(record.description, self.language)
        # DCAT-AP wants one dct:identifier: Harmony's id is the stable one, else the first DOI.
        yield ds, DCT.identifier, text(record.harmony_id or (record.dois[0] if record.dois else record.key))
        yield from self._identifiers(record, ds, options)
        # Articles about the dataset (`ldcat.normalise.dois`): what references it, not what it is.
        for doi in record.citations:
            yield ds, DCT.isReferencedBy, iri(clean.doi_iri(doi))
        for keyword in record.keywords:
            yield ds, DCAT.keyword, text(keyword, self.language)
        for url in record.urls:
            yield ds, DCAT.landingPage, iri(url)
            yield iri(url), RDF.type, FOAF.Document
        # The record's page in each source catalogue is a landing page too; its page on Harmony, a
        # page about it (foaf:page): both are links a person and a harvester follow.
        for page in [c.page for c in record.catalogues if c.page]:
            yield ds, DCAT.landingPage, iri(page)
            yield iri(page), RDF.type, FOAF.Document
        if record.harmony_page:
            yield ds, FOAF.page, iri(record.harmony_page)
            yield iri(record.harmony_page), RDF.type, FOAF.Document
        # The catalogues that list it: said here too, so a child dataset's own catalogues are said.
        for catalogue in record.catalogues:
            yield options.iris.catalog(catalogue.key), DCAT.dataset, ds
        yield from self._themes_and_contact(record, ds, options)
        yield from self._coverage(record, ds, options, self.language)
        # DCAT-AP allows one publisher (dct:publisher is 0..1), so only the first is said.
        for prop, agents in ((DCT.publisher, record.publishers[:1]), (DCT.creator, record.creators),
                             (DCT.rightsHolder, record.copyright_holders)):
            for agent in agents:
                yield from foaf_agent(ds, prop, agent, options.iris)
        yield from self._attributions(record, ds, options)
        for licence in record.licenses:
            yield ds, DCT.license, iri(licence)
            yield iri(licence), RDF.type, DCT.LicenseDocument
        yield from self._languages(record, ds)
        yield from self._access(record, ds, options, self.language)

    def listing(self, record: Record, ds: URIRef, options: MapOptions) -> Iterator[Output]:
        """The aggregator's CatalogRecord of the dataset, and the catalogues that list it."""
        iris = options.iris
        cr = iris.record(record.key)
        yield cr, RDF.type, DCAT.CatalogRecord
        yield cr, FOAF.primaryTopic, ds
        yield cr, DCT.modified, typed(options.harvested.isoformat(), XSD.date)
        yield cr, DCT.identifier, text(record.harmony_id or record.key)
        harmony = iris.catalog()
        yield harmony, DCAT.record, cr
        yield harmony, DCAT.dataset, ds
        for catalogue in record.catalogues:
            cat = iris.catalog(catalogue.key)
            yield cat, DCAT.dataset, ds
            yield cr, PROV.wasDerivedFrom, cat

    def part_of(self, part: URIRef, whole: URIRef) -> Iterator[Output]:
        yield part, DCT.isPartOf, whole
        yield whole, DCT.hasPart, part

    def title_of(self, node: URIRef, name: str) -> Iterator[Output]:
        yield node, DCT.title, text(name, self.language)

    def aggregator(self, options: MapOptions) -> Iterator[Output]:
        """The aggregating catalogue (Harmony) that holds the catalogue records."""
        yield from self._catalogue(options.iris.catalog(), AGGREGATOR.name, AGGREGATOR.description,
                                   AGGREGATOR.publisher, AGGREGATOR.homepage, options)

    def catalogue(self, catalogue: Catalogue, options: MapOptions) -> Iterator[Output]:
        cat = options.iris.catalog(catalogue.key)
        about = describe(catalogue)
        yield options.iris.catalog(), DCAT.catalog, cat
        yield from self._catalogue(cat, about.name, about.description, about.publisher, about.homepage, options)

    @staticmethod
    def _identifiers(record: Record, ds: URIRef, options: MapOptions) -> Iterator[Output]:
        """Each DOI, and each other identifier the source gives, as an ADMS identifier (DCAT-AP's
        adms:identifier, "other identifier"); only a DOI's agency is known."""
        for n, doi in enumerate(record.dois, 1):
            node = options.iris.part(record.key, f"doi-{n}")
            yield ds, ADMS.identifier, node
            yield node, RDF.type, ADMS.Identifier
            yield node, SKOS.notation, text(doi)
            yield node, ADMS.schemaAgency, text(DOI_AGENCY)
            yield node, DCT.source, iri(clean.doi_iri(doi))
        for n, identifier in enumerate(record.identifiers, 1):
            node = options.iris.part(record.key, f"identifier-{n}")
            yield ds, ADMS.identifier, node
            yield node, RDF.type, ADMS.Identifier
            yield node, SKOS.notation, text(identifier)

    @staticmethod
    def _attributions(record: Record, ds: URIRef, options: MapOptions) -> Iterator[Output]:
        """Funders and sponsors: DCAT-AP 3 has no property of its own for them, so each is a
        qualified attribution (prov:Attribution) with its ISO 19115 role, as DCAT 3 shows."""
        for role, agents in (("funder", record.funders), ("sponsor", record.sponsors)):
            for n, agent in enumerate(agents, 1):
                node = options.iris.part(record.key, f"{role}-{n}")
                yield ds, PROV.qualifiedAttribution, node
                yield node, RDF.type, PROV.Attribution
                yield from foaf_agent(node, PROV.agent, agent, options.iris)
                yield node, DCAT.hadRole, role_iri(role)

    @staticmethod
    def _coverage(record: Record, ds: URIRef, options: MapOptions, language: str | None) -> Iterator[Output]:
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
            yield place, SKOS.prefLabel, text(name, language)

    @staticmethod
    def _languages(record: Record, ds: URIRef) -> Iterator[Output]:
        """dct:language takes the EU language authority's IRI (DCAT-AP's controlled vocabulary);
        a code with no IRI there cannot be said, and the user is told rather than left to wonder."""
        for code in record.languages:
            if (language := language_iri(code)) is not None:
                yield ds, DCT.language, language
            else:
                yield Problem("language-not-mapped",
                              f"language {code!r} has no EU language authority IRI known to ldcat; "
                              "no dct:language written for it", "warning", record.origin,
                              "extra_data.language_codes")

    @staticmethod
    def _themes_and_contact(record: Record, ds: URIRef, options: MapOptions) -> Iterator[Output]:
        """The EU data theme of each catalogue that holds it (`ldcat.normalise.catalogues`), and each
        such catalogue as a contact point: where to ask about it (its creators' contacts are never
        in the records)."""
        known = [c.key for c in record.catalogues if c.key in SOURCES]
        for theme in sorted({t for key in known if (t := SOURCES[key].theme)}):
            yield ds, DCAT.theme, iri(DATA_THEME + theme)
        for key in known:
            contact, triples = _contact(options.iris, key)
            yield ds, DCAT.contactPoint, contact
            yield from triples

    @staticmethod
    def _access(record: Record, ds: URIRef, options: MapOptions, language: str | None) -> Iterator[Output]:
        """How to get the data: the EU access right where the text decides it (DCAT-AP allows one
        dct:accessRights), the source's words as a rights statement (dct:accessRights when no EU
        right was decided, else dct:rights), and a distribution per access page."""
        if record.access_rights:
            yield ds, DCT.accessRights, iri(access_right_iri(record.access_rights))
        if record.access_text:
            rights = options.iris.part(record.key, "access-rights")
            yield ds, DCT.rights if record.access_rights else DCT.accessRights, rights
            yield rights, RDF.type, DCT.RightsStatement
            yield rights, RDFS.label, text(record.access_text, language)
        for n, url in enumerate(record.access_urls, 1):
            dist = options.iris.part(record.key, f"distribution-{n}")
            yield ds, DCAT.distribution, dist
            yield dist, RDF.type, DCAT.Distribution
            yield dist, DCAT.accessURL, iri(url)
            yield dist, DCT.title, text("Access to the data", ENGLISH)
            if record.access_text:
                yield dist, DCT.description, text(record.access_text, language)

    @staticmethod
    def _catalogue(cat: URIRef, title: str, description: str, publisher: str, homepage: str,
                   options: MapOptions) -> Iterator[Output]:
        yield cat, RDF.type, DCAT.Catalog
        yield cat, DCT.title, text(title)  # a name, the same in every language
        yield cat, DCT.description, text(description, ENGLISH)  # ldcat's words (catalogues.py)
        yield from foaf_agent(cat, DCT.publisher, Agent(publisher), options.iris)
        if homepage:
            yield cat, FOAF.homepage, iri(homepage)
            yield iri(homepage), RDF.type, FOAF.Document


@functools.lru_cache(maxsize=256)  # a handful of source catalogues, in record after record
def _contact(iris: Iris, key: str) -> tuple[URIRef, tuple[Triple, ...]]:
    """A source catalogue's contact point and what describes it, made once per base IRI."""
    source = SOURCES[key]
    contact = iri(f"{iris.catalog(key)}#contact")
    return contact, ((contact, RDF.type, VCARD.Kind), (contact, RDF.type, VCARD.Organization),
                     (contact, VCARD.fn, text(source.name)), (contact, VCARD.hasURL, iri(source.homepage)))
