"""What a dataset's triples say about it, read back once as plain typed data.

The landing page, Dublin Core and DDI-Codebook all describe a dataset from its record's RDF (every
profile's triples), not from the source record: a value repaired on the way is the repaired value
everywhere it is written, and a third party's profile that adds schema.org terms is read too.
`dataset_facts` reads the schema.org side (which every record has) and the DCAT and DDI-RDF terms
that schema.org has no word for.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef
from rdflib.term import Node

from ldcat.mapping.designs import DESIGNS
from ldcat.namespaces import DCAT, DCT, DISCO, SDO, SKOS
from ldcat.publish.landing import TripleIndex

LDCAT_VOCAB = "https://w3id.org/ldcat/vocab#"
HEALTH = "http://healthdataportal.eu/ns/health#"
HARMONY = "harmonydata.ac.uk"
EU_COUNTRY = "http://publications.europa.eu/resource/authority/country/"
EU_ACCESS = "http://publications.europa.eu/resource/authority/access-right/"


@dataclass(frozen=True, slots=True)
class Link:
    """A node the dataset names: its IRI and what the triples call it (its IRI if nothing)."""

    iri: str
    name: str


@dataclass(frozen=True, slots=True)
class Facts:
    """One dataset, as its triples describe it; every list is in a fixed order."""

    iri: str
    title: str
    identifier: str | None  # dct:identifier: the source catalogue's own id
    description: str
    language: str | None  # the language tag of the title, if it has one
    keywords: list[str]
    coverage: list[str]  # ISO 8601 dates and intervals (schema:temporalCoverage)
    countries: list[Link]  # places that are EU authority-table countries
    places: list[Link]  # the other places
    ages: list[str]  # schema:typicalAgeRange
    population: list[str]
    sample_sizes: list[tuple[int, str]]  # (size, unit: participants, households...)
    designs: list[Link]  # study designs, with their labels
    instruments: list[str]
    languages: list[str]  # schema:inLanguage
    creators: list[Link]
    publishers: list[Link]
    funders: list[Link]
    dois: list[str]  # the dataset's own DOIs, as https://doi.org/ IRIs
    citations: list[str]  # articles about it (DOI IRIs)
    source_pages: list[str]  # its pages in its source catalogues
    harmony_pages: list[str]
    access_pages: list[str]  # where to apply for the data (dcat:landingPage that is no source page)
    access: list[str]  # conditions of access, in words
    access_rights: list[str]  # EU access-right codes (PUBLIC, RESTRICTED, NON_PUBLIC)
    licences: list[str]
    catalogues: list[Link]
    parents: list[Link]
    parts: list[Link]
    variables: list[tuple[str, str]]  # (name, description)
    image: str | None


def dataset_facts(index: TripleIndex, dataset: URIRef) -> Facts:
    """What `dataset`'s record (its triples, indexed) says of it."""

    def links(*props: URIRef) -> list[Link]:
        seen: dict[str, Link] = {}
        for prop in props:
            for node in index.values(dataset, prop):
                seen.setdefault(str(node), Link(str(node), index.name(node) if node in index.by_subject
                                                else str(node)))
        return sorted(seen.values(), key=lambda link: (link.name, link.iri))

    def texts(*props: Node) -> list[str]:
        return sorted({t for prop in props for t in index.texts(dataset, prop)})

    titles = index.values(dataset, SDO.name) or index.values(dataset, DCT.title)
    pages = texts(SDO.mainEntityOfPage, SDO.url)
    source = [p for p in pages if HARMONY not in p]
    places = links(SDO.spatialCoverage)
    sizes = []
    for node in index.values(dataset, SDO.size):
        value = index.first(node, SDO.value)
        if value is not None and value.isdigit():
            sizes.append((int(value), index.first(node, SDO.unitText) or ""))
    designs = []
    for node in index.values(dataset, URIRef(LDCAT_VOCAB + "studyDesign")):
        code = str(node).rstrip("/").rsplit("/", 1)[-1]
        designs.append(Link(str(node), index.first(node, SKOS.prefLabel)
                            or (DESIGNS[code].label if code in DESIGNS else code)))
    return Facts(
        iri=str(dataset),
        title=str(titles[0]) if titles else str(dataset),
        identifier=index.first(dataset, DCT.identifier),
        description=index.first(dataset, SDO.description, DCT.description) or "",
        language=getattr(titles[0], "language", None) if titles else None,
        keywords=texts(SDO.keywords, DCAT.keyword),
        coverage=texts(SDO.temporalCoverage),
        countries=[p for p in places if p.iri.startswith(EU_COUNTRY)],
        places=[p for p in places if not p.iri.startswith(EU_COUNTRY)],
        ages=texts(SDO.typicalAgeRange),
        population=texts(URIRef(HEALTH + "populationCoverage")),
        sample_sizes=sorted(set(sizes)),
        designs=sorted(set(designs), key=lambda link: link.name),
        instruments=sorted({index.name(n) for n in index.values(dataset, DISCO.instrument)}),
        languages=texts(SDO.inLanguage),
        creators=links(SDO.creator),
        publishers=links(SDO.publisher),
        funders=links(SDO.funder),
        dois=sorted({v for v in texts(SDO.sameAs, SDO.identifier) if "doi.org/" in v}
                    | {v for node in index.values(dataset, SDO.identifier)
                       for v in index.texts(node, SDO.url) if "doi.org/" in v}),
        citations=texts(SDO.citation),
        source_pages=source,
        harmony_pages=[p for p in pages if HARMONY in p],
        access_pages=sorted(set(texts(DCAT.landingPage)) - set(source)),
        access=texts(SDO.conditionsOfAccess),
        access_rights=sorted(v.removeprefix(EU_ACCESS) for v in texts(DCT.accessRights)),
        licences=texts(SDO.license),
        catalogues=links(SDO.includedInDataCatalog),
        parents=links(SDO.isPartOf),
        parts=links(SDO.hasPart),
        variables=sorted(((index.name(v), index.first(v, SDO.description, DCT.description) or "")
                          for v in index.values(dataset, SDO.variableMeasured)), key=lambda row: row[0].lower()),
        image=index.first(dataset, SDO.image),
    )
