"""The ``ddi-discovery`` profile: a study's variables, instruments and funders in DDI-Discovery.

Vocabulary: the DDI-RDF Discovery Vocabulary ("Disco", https://ddialliance.org/Specification/RDF/Discovery;
namespace document http://rdf-vocabulary.ddialliance.org/discovery), namespace
``http://rdf-vocabulary.ddialliance.org/discovery#`` (``disco:``). Disco describes studies and
their variables for discovery and reuses DCTERMS, SKOS and FOAF for labels, descriptions and
agents, as this profile does. Its terms describe the same node as the DCAT description
(Disco's LogicalDataSet is a subclass of dcat:Dataset), so it builds on ``dcat-ap-3``.

ldcat's own study terms (study design, sweeps, genetic data) are not Disco's and live in
``ldcat-study`` (`ldcat.mapping.ldcat_study`).
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Literal, URIRef

from ldcat.mapping import MapOptions, Output, Profile
from ldcat.mapping.terms import count, foaf_agent
from ldcat.model import Record
from ldcat.namespaces import DCT, DISCO, RDF, SKOS


class DdiDiscovery(Profile):
    name = "ddi-discovery"
    title = "DDI-RDF Discovery (adds to DCAT-AP 3): study type, funders, variables, instruments"
    builds_on = ("dcat-ap-3",)

    def dataset(self, record: Record, ds: URIRef, options: MapOptions) -> Iterator[Output]:
        iris = options.iris
        if record.resource_type == "study":
            yield ds, RDF.type, DISCO.Study
        # DCAT-AP has no funder property; Disco's fundedBy takes the same foaf:Agent node.
        for agent in record.funders:
            yield from foaf_agent(ds, DISCO.fundedBy, agent, iris)
        if record.num_variables is not None:
            yield ds, DISCO.variableQuantity, count(record.num_variables)
        for variable in record.variables:
            node = iris.part(record.key, f"variable-{variable.name}")
            yield ds, DISCO.variable, node
            yield node, RDF.type, DISCO.Variable
            yield node, SKOS.prefLabel, Literal(variable.name)
            if variable.description:
                yield node, DCT.description, Literal(variable.description)
        for name in record.instruments:
            node = iris.part(record.key, f"instrument-{name}")
            yield ds, DISCO.instrument, node
            yield node, RDF.type, DISCO.Instrument
            yield node, SKOS.prefLabel, Literal(name)
