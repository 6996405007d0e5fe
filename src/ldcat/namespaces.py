"""The vocabularies ldcat writes, with the prefixes every serialiser and query declares.

schema.org is `http://schema.org/`: Google, the W3C DCAT alignment and the SOSO shapes use it.
rdflib's own `SDO` is `https://schema.org/`, which shapes targeting `http://` would never match.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

SDO = Namespace("http://schema.org/")
ADMS = Namespace("http://www.w3.org/ns/adms#")
DISCO = Namespace("http://rdf-vocabulary.ddialliance.org/discovery#")
HEALTH = Namespace("http://healthdataportal.eu/ns/health#")
LDCAT = Namespace("https://w3id.org/ldcat/vocab#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
EU_COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
DCT = DCTERMS
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

PREFIXES: dict[str, str] = {
    "adms": str(ADMS),
    "dcat": str(DCAT),
    "dcatap": str(DCATAP),
    "dct": str(DCTERMS),
    "disco": str(DISCO),
    "foaf": str(FOAF),
    "healthdcatap": str(HEALTH),
    "ldcat": str(LDCAT),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SDO),
    "skos": str(SKOS),
    "vcard": str(VCARD),
    "xsd": str(XSD),
}

__all__ = [
    "ADMS", "DCAT", "DCATAP", "DCT", "DCTERMS", "DISCO", "EU_COUNTRY", "EU_LANGUAGE", "FOAF", "HEALTH",
    "LDCAT", "OWL", "PREFIXES", "PROV", "RDF", "RDFS", "SDO", "SH", "SKOS", "VCARD", "XSD",
]
