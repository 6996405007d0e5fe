"""Pieces more than one profile uses: typed and language-tagged literals, the agent node, and the
IRIs of things a record mentions. Kept here so that a profile that adds to another (DDI-Discovery's
funders, say) describes a node exactly as the base profile does, instead of copying how.

Language tags: text in a natural language is tagged with the metadata language — the records'
titles, descriptions, keywords, place names, access conditions, variable descriptions in the
record's language (`metadata_language`: the profile's ``language`` setting, ``en`` by default,
since Harmony's metadata is English), and ldcat's own words (catalogue descriptions, country
names, "Access to the data") in English. Names — of organisations, catalogues, instruments,
variables (mostly codes such as ``vehemp``) — and identifiers, dates and URLs are not tagged.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import Any

from rdflib import Literal, URIRef

from ldcat.errors import UsageError
from ldcat.literals import text
from ldcat.mapping import Triple
from ldcat.mapping.iris import Iris, iri
from ldcat.model import Agent, Record
from ldcat.namespaces import FOAF, OWL, RDF, XSD
from ldcat.normalise import clean

_DATE_TYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}
DEFAULT_LANGUAGE = "en"  # Harmony's metadata is English
ENGLISH = "en"  # ldcat's own words
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")  # BCP 47, as RDF language tags
# ISO 19115-1 CI_RoleCode, as DCAT 3 uses it for dcat:hadRole in qualified attributions.
ISO_ROLE = "http://registry.it.csiro.au/def/isotc211/CI_RoleCode/"


def metadata_language(settings: Mapping[str, Any]) -> str | None:
    """The language of the records' text: a profile's ``language`` setting (``--set
    schema.language=cy``, ``[plugins.schema] language = "cy"``), ``en`` by default; an empty
    setting writes text untagged."""
    value = settings.get("language", DEFAULT_LANGUAGE)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _LANGUAGE_TAG.match(value):
        raise UsageError(f"language {value!r} is not a language tag (BCP 47, e.g. en, cy, pt-BR); "
                         "write language = \"\" to leave text untagged")
    return value




@functools.lru_cache(maxsize=4096, typed=True)  # typed: True and 1 are different literals
def typed(value: str | int | bool, datatype: URIRef | None = None) -> Literal:
    """``Literal(value, datatype=datatype)``, once per value: typed literals (dates, counts, flags)
    recur from record to record, and rdflib's casting of them is costly."""
    return Literal(value, datatype=datatype)


def date_literal(value: str) -> Literal:
    """An ISO date typed by its precision: ``2007`` xsd:gYear, ``2007-11`` gYearMonth, else xsd:date."""
    return typed(value, _DATE_TYPES.get(len(value), XSD.date))


def count(value: int) -> Literal:
    return typed(value, XSD.nonNegativeInteger)


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
    yield node, FOAF.name, text(agent.name)


@functools.cache
def role_iri(role: str) -> URIRef:
    """An ISO 19115-1 role (``funder``, ``sponsor``) as the IRI DCAT 3's examples give it."""
    return iri(ISO_ROLE + role)


def same_as(record: Record, ds: URIRef, iris: Iris) -> Iterator[Triple]:
    """The record's other dataset IRIs (minted from its slug by a page that did not name the uuid):
    the same study, so loading both forms leaves one dataset and a link, not two strangers."""
    for alias in record.also_known_as:
        yield ds, OWL.sameAs, iris.dataset(alias)
