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

from collections.abc import Iterator, Mapping
from typing import Any

from rdflib import URIRef

from ldcat.literals import text
from ldcat.mapping import MapOptions, Output, Profile
from ldcat.mapping.healthdcat_ap import population_coverage
from ldcat.mapping.terms import ENGLISH, count, foaf_agent, metadata_language
from ldcat.model import Record
from ldcat.namespaces import DCT, DISCO, RDF, SKOS


class DdiDiscovery(Profile):
    name = "ddi-discovery"
    title = "DDI-RDF Discovery (adds to DCAT-AP 3): study type, funders, variables, instruments, universe"
    builds_on = ("dcat-ap-3",)
    writes = frozenset({
        "age_lower", "age_upper", "instruments", "num_variables", "resource_type", "sex", "variables",
    })

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        super().__init__(settings)
        self.language = metadata_language(self.settings)  # of the records' text (`ldcat.mapping.terms`)

    def dataset(self, record: Record, ds: URIRef, options: MapOptions) -> Iterator[Output]:
        iris = options.iris
        if record.resource_type == "study":
            yield ds, RDF.type, DISCO.Study
        # DCAT-AP has no funder property; Disco's fundedBy takes the same foaf:Agent node. Sponsors
        # are funders too: Harmony's (UK Data Service's) sponsor is DDI Codebook's fundAg, "Funding
        # Agency/Sponsor", which Disco's fundedBy is the RDF form of. (dcat-ap-3 keeps the two roles
        # apart in its qualified attributions.)
        for agent in [*record.funders, *record.sponsors]:
            yield from foaf_agent(ds, DISCO.fundedBy, agent, iris)
        if record.num_variables is not None:
            yield ds, DISCO.variableQuantity, count(record.num_variables)
        for variable in record.variables:
            node = iris.part(record.key, f"variable-{variable.name}")
            yield ds, DISCO.variable, node
            yield node, RDF.type, DISCO.Variable
            yield node, SKOS.prefLabel, text(variable.name)
            if variable.description:
                yield node, DCT.description, text(variable.description, self.language)
        for name in record.instruments:
            node = iris.part(record.key, f"instrument-{name}")
            yield ds, DISCO.instrument, node
            yield node, RDF.type, DISCO.Instrument
            yield node, SKOS.prefLabel, text(name)
        # The population the study covers (Harmony's sex and ages), as Disco's Universe: a
        # skos:Concept whose definition says who is in it.
        if (population := population_coverage(record)) is not None:
            universe = iris.part(record.key, "universe")
            yield ds, DISCO.universe, universe
            yield universe, RDF.type, DISCO.Universe
            yield universe, SKOS.prefLabel, text(population, ENGLISH)
            yield universe, SKOS.definition, text(population, ENGLISH)
