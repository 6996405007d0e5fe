"""The offline XML Schemas of tests/fixtures/xsd (see its README), loaded once with lxml."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

HERE = Path(__file__).parent / "fixtures" / "xsd"
OAI_DC = HERE / "oai_dc" / "oai_dc.xsd"
DDI = HERE / "ddi-codebook-2.5" / "codebook.xsd"


@cache
def schema(path: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(path)))


@cache
def oai() -> etree.XMLSchema:
    """OAI-PMH responses, strictly: the metadata too, which must be oai_dc or DDI-Codebook 2.5."""
    imports = "".join(f'<xs:import namespace="{ns}" schemaLocation="{path.as_uri()}"/>' for ns, path in (
        ("http://www.openarchives.org/OAI/2.0/", HERE / "oai-pmh" / "OAI-PMH.xsd"),
        # DDI first: its Dublin Core schema declares what simpledc does and more (the first one read wins)
        ("ddi:codebook:2_5", DDI),
        ("http://www.openarchives.org/OAI/2.0/oai_dc/", OAI_DC)))
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    return etree.XMLSchema(etree.XML(wrapper.encode(), base_url=HERE.as_uri() + "/"))


def skip() -> etree.XMLSchema:
    """OAI-PMH responses with their metadata unchecked (for RDF/XML, which has no XML Schema)."""
    return schema(HERE / "oai-pmh" / "OAI-PMH-skip.xsd")


def ddi() -> etree.XMLSchema:
    return schema(DDI)


def oai_dc() -> etree.XMLSchema:
    return schema(OAI_DC)
