"""Simple Dublin Core (``oai_dc``, as OAI-PMH requires every repository to offer) of one dataset.

Made from the dataset's triples read back (`ldcat.publish.facts`), so it says what the RDF says:
the dataset's own DOIs and pages are its identifiers, articles about it are relations, access
conditions and licences are rights. Also a writer (``-f dc``): one document per record.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ldcat.publish.facts import Facts
from ldcat.serialise.xmldoc import XML_LANG, XSI, DocumentWriter, child

OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
ET.register_namespace("oai_dc", OAI_DC)
ET.register_namespace("dc", DC)
ET.register_namespace("xsi", XSI)


def oai_dc(facts: Facts) -> ET.Element:
    """The ``oai_dc:dc`` element of one dataset."""
    root = ET.Element(f"{{{OAI_DC}}}dc", {f"{{{XSI}}}schemaLocation": f"{OAI_DC} {SCHEMA}"})

    def dc(name: str, values: list[str], lang: str | None = None) -> None:
        for value in values:
            element = child(root, f"{{{DC}}}{name}", value)
            if lang:
                element.set(XML_LANG, lang)

    dc("title", [facts.title], facts.language)
    dc("creator", [c.name for c in facts.creators])
    dc("subject", facts.keywords, facts.language)
    dc("description", [facts.description] if facts.description else [], facts.language)
    dc("publisher", [p.name for p in facts.publishers])
    dc("contributor", [f.name for f in facts.funders])
    dc("type", ["Dataset"])
    dc("identifier", [facts.iri, *facts.dois, *facts.source_pages])
    dc("language", facts.languages)
    dc("relation", [*(p.iri for p in facts.parents), *(p.iri for p in facts.parts), *facts.citations])
    dc("coverage", [*facts.coverage, *(p.name for p in facts.countries), *(p.name for p in facts.places)])
    dc("rights", [*facts.access, *facts.licences])
    return root


class DublinCoreWriter(DocumentWriter):
    """``-f dc``: one ``oai_dc:dc`` document per record."""

    extension = "dc.xml"

    def make(self, facts: Facts) -> ET.Element:
        return oai_dc(facts)
