"""The ``ldcat-study`` profile: study facts no established vocabulary has a term for.

Vocabulary: ldcat's own (``https://w3id.org/ldcat/vocab#``, declared in ``vocab/ldcat.ttl``) and
its study-design concept scheme (``vocab/study-design.ttl``, `ldcat.mapping.designs`). The terms
are ldcat:studyDesign (DDI's TimeMethod has only the time dimension and no IRIs for survey,
trial or case-control designs), ldcat:numberOfSweeps (Disco models each wave as a study but has
no count of them) and ldcat:geneticDataCollected (no vocabulary states it). They are not
DDI-Discovery's, so they are a profile of their own and ``ddi-discovery`` stays pure Disco; their
domain is dcat:Dataset, so this profile builds on ``dcat-ap-3``.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Literal, URIRef

from ldcat.mapping import MapOptions, Output, Profile
from ldcat.mapping.designs import design
from ldcat.mapping.terms import count
from ldcat.model import Record
from ldcat.namespaces import LDCAT
from ldcat.problems import Problem


class LdcatStudy(Profile):
    name = "ldcat-study"
    title = "ldcat's study terms (adds to DCAT-AP 3): study design, number of sweeps, genetic data collected"
    builds_on = ("dcat-ap-3",)

    def dataset(self, record: Record, ds: URIRef, options: MapOptions) -> Iterator[Output]:
        if record.num_sweeps is not None:
            yield ds, LDCAT.numberOfSweeps, count(record.num_sweeps)
        if record.genetic_data_collected is not None:
            yield ds, LDCAT.geneticDataCollected, Literal(record.genetic_data_collected)
        for term in record.study_design:
            if (found := design(term)) is not None:
                yield ds, LDCAT.studyDesign, found.iri
            else:
                # ldcat:studyDesign's range is a concept of the controlled scheme; a free-text term
                # outside it would fail the shapes, so it is left out and the user told.
                yield Problem("study-design-not-mapped",
                              f"study design {term!r} is not in the ldcat study-design scheme; "
                              "no ldcat:studyDesign written for it", "warning", record.origin,
                              "extra_data.study_design")
