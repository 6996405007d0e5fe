"""The vocabularies ldcat writes, with the prefixes every serialiser and query declares.

schema.org is `http://schema.org/`: Google, the W3C DCAT alignment and the SOSO shapes use it.
rdflib's own `SDO` is `https://schema.org/`, which shapes targeting `http://` would never match.

Every term is made once: rdflib's `Namespace` makes (and checks) a new URIRef on every attribute
access, and a `DefinedNamespace` looks each one up through its metaclass and an lru_cache; the
mapper does that hundreds of times a record. Here the first access of a term stores it where
later ones find it directly (`Vocabulary`: the instance's dict; `_defined`: the class's dict).
The namespaces are still what rdflib's are (a `Namespace`, a `DefinedNamespace` subclass), with
the same terms, closed namespaces still refusing names they lack.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from rdflib import Namespace, URIRef
from rdflib import namespace as rdflib_namespaces
from rdflib.namespace import DefinedNamespace, DefinedNamespaceMeta


class Vocabulary(Namespace):
    """A `Namespace` whose terms are made once, on first access, and kept in the instance's dict."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


class _DefinedTerms(DefinedNamespaceMeta):
    """The metaclass of `_defined` namespaces: rdflib's, keeping each term it gives in the class's
    dict (found there on later accesses, without rdflib's lookup)."""

    def __getattr__(cls, name: str) -> Any:
        term = super().__getattr__(name)
        if type(term) is URIRef:
            type.__setattr__(cls, name, term)
        return term


_Defined = TypeVar("_Defined", bound=DefinedNamespace)


def _defined(namespace: type[_Defined]) -> type[_Defined]:
    """rdflib's `namespace` (RDF, DCAT...) as a subclass whose terms are looked up once."""
    name = namespace.__name__
    return cast(type[_Defined], _DefinedTerms(name, (namespace,), {"__module__": __name__, "__qualname__": name}))


DCAT = _defined(rdflib_namespaces.DCAT)
DCTERMS = _defined(rdflib_namespaces.DCTERMS)
FOAF = _defined(rdflib_namespaces.FOAF)
OWL = _defined(rdflib_namespaces.OWL)
PROV = _defined(rdflib_namespaces.PROV)
RDF = _defined(rdflib_namespaces.RDF)
RDFS = _defined(rdflib_namespaces.RDFS)
SH = _defined(rdflib_namespaces.SH)
SKOS = _defined(rdflib_namespaces.SKOS)
XSD = _defined(rdflib_namespaces.XSD)
SDO = Vocabulary("http://schema.org/")
ADMS = Vocabulary("http://www.w3.org/ns/adms#")
DISCO = Vocabulary("http://rdf-vocabulary.ddialliance.org/discovery#")
HEALTH = Vocabulary("http://healthdataportal.eu/ns/health#")
LDCAT = Vocabulary("https://w3id.org/ldcat/vocab#")
DCATAP = Vocabulary("http://data.europa.eu/r5r/")
EU_COUNTRY = Vocabulary("http://publications.europa.eu/resource/authority/country/")
EU_LANGUAGE = Vocabulary("http://publications.europa.eu/resource/authority/language/")
DCT = DCTERMS
VCARD = Vocabulary("http://www.w3.org/2006/vcard/ns#")

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
    "LDCAT", "OWL", "PREFIXES", "PROV", "RDF", "RDFS", "SDO", "SH", "SKOS", "VCARD", "XSD", "Vocabulary",
]
