"""Pieces more than one profile uses: typed literals, the agent node, and the IRIs of things a
record mentions. Kept here so that a profile that adds to another (DDI-Discovery's funders, say)
describes a node exactly as the base profile does, instead of copying how."""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Literal, URIRef

from ldcat.mapping import Triple
from ldcat.mapping.iris import Iris
from ldcat.model import Agent
from ldcat.namespaces import FOAF, RDF, XSD
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


def foaf_agent(subject: URIRef, prop: URIRef, agent: Agent, iris: Iris) -> Iterator[Triple]:
    """`subject prop agent`, the agent a `foaf:Agent` with its `foaf:name`: the agent node of the
    DCAT side (DCAT-AP's Agent class is foaf:Agent; DDI-Discovery's fundedBy ranges over it too).
    Its IRI is the name's hash, so every profile and record that names it means the same node."""
    node = iris.agent(agent.name)
    yield subject, prop, node
    yield node, RDF.type, FOAF.Agent
    yield node, FOAF.name, Literal(agent.name)
