"""Pieces both profiles use: typed literals and the IRIs of things a record mentions."""

from __future__ import annotations

from rdflib import Literal, URIRef

from ldcat.mapping.iris import Iris
from ldcat.namespaces import XSD
from ldcat.normalise import clean

_DATE_TYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}


def date_literal(value: str) -> Literal:
    """An ISO date typed by its precision: ``2007`` xsd:gYear, ``2007-11`` gYearMonth, else xsd:date."""
    return Literal(value, datatype=_DATE_TYPES.get(len(value), XSD.date))


def count(value: int) -> Literal:
    return Literal(value, datatype=XSD.nonNegativeInteger)


def country_iri(alpha2: str) -> URIRef:
    return Iris.country(clean.countries()[alpha2][0])


def country_name(alpha2: str) -> str:
    return clean.countries()[alpha2][1]
