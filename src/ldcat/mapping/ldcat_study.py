"""The ``ldcat-study`` profile: study facts no established vocabulary has a term for, and what
Harmony's software adds to a record, said as such.

Vocabulary: ldcat's own (``https://w3id.org/ldcat/vocab#``, declared in ``vocab/ldcat.ttl``) and
its study-design concept scheme (``vocab/study-design.ttl``, `ldcat.mapping.designs`). The terms
are ldcat:studyDesign (DDI's TimeMethod has only the time dimension and no IRIs for survey,
trial or case-control designs), ldcat:numberOfSweeps (Disco models each wave as a study but has
no count of them) and ldcat:geneticDataCollected (no vocabulary states it). They are not
DDI-Discovery's, so they are a profile of their own and ``ddi-discovery`` stays pure Disco; their
domain is dcat:Dataset, so this profile builds on ``dcat-ap-3``.

A study design the scheme lacks is kept, as a concept of the publisher's own scheme
(``<base>concept/study-design/<words>``, labelled with the source's words), and reported.

Harmony's machine-made additions — its summary of the record (``ai_summary``) and the keywords its
software imputed (``keywords_automatically_imputed``) — are not the source catalogue's description
or keywords, so they are never dct:description or dcat:keyword: each is a W3C Web Annotation
(https://www.w3.org/TR/annotation-vocab/) of the dataset, ``oa:describing`` or ``oa:tagging``,
created by Harmony.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from rdflib import URIRef

from ldcat.literals import text
from ldcat.mapping import MapOptions, Output, Profile
from ldcat.mapping.designs import LOCAL_SCHEME, design
from ldcat.mapping.iris import iri
from ldcat.mapping.terms import ENGLISH, count, foaf_agent, metadata_language, typed
from ldcat.model import Agent, Record
from ldcat.namespaces import DCT, LDCAT, RDF, RDFS, SKOS, Vocabulary
from ldcat.normalise.catalogues import AGGREGATOR
from ldcat.problems import Problem

OA = Vocabulary("http://www.w3.org/ns/oa#")
SUMMARY_NOTE = ("A summary of the record written by Harmony Data Discovery's software (a language model), "
                "not the source catalogue's description.")
IMPUTED_NOTE = "A keyword Harmony Data Discovery's software imputed, not one the source catalogue gives."


class LdcatStudy(Profile):
    name = "ldcat-study"
    title = ("ldcat's study terms (adds to DCAT-AP 3): study design, number of sweeps, genetic data collected; "
             "Harmony's summary and imputed keywords as annotations")
    builds_on = ("dcat-ap-3",)
    writes = frozenset({
        "genetic_data_collected", "imputed_keywords", "num_sweeps", "study_design", "summary",
    })

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        super().__init__(settings)
        self.language = metadata_language(self.settings)  # of the records' text (`ldcat.mapping.terms`)

    def dataset(self, record: Record, ds: URIRef, options: MapOptions) -> Iterator[Output]:
        if record.num_sweeps is not None:
            yield ds, LDCAT.numberOfSweeps, count(record.num_sweeps)
        if record.genetic_data_collected is not None:
            yield ds, LDCAT.geneticDataCollected, typed(record.genetic_data_collected)
        for term in record.study_design:
            if (found := design(term)) is not None:
                yield ds, LDCAT.studyDesign, found.iri
            else:
                yield from self._local_design(record, ds, term, options)
        yield from self._annotations(record, ds, options)

    def _local_design(self, record: Record, ds: URIRef, term: str, options: MapOptions) -> Iterator[Output]:
        """A design outside the scheme: a concept of the publisher's scheme, in the source's words."""
        scheme = iri(f"{options.iris.base}concept/{LOCAL_SCHEME}")
        concept = options.iris.concept(LOCAL_SCHEME, term)
        yield ds, LDCAT.studyDesign, concept
        yield concept, RDF.type, SKOS.Concept
        yield concept, SKOS.prefLabel, text(term, self.language)
        yield concept, SKOS.inScheme, scheme
        yield scheme, RDF.type, SKOS.ConceptScheme
        yield scheme, SKOS.prefLabel, text("Study designs the sources state that the ldcat scheme does not have",
                                           ENGLISH)
        yield Problem("study-design-not-mapped",
                      f"study design {term!r} is not in the ldcat study-design scheme; kept as <{concept}>, a "
                      "concept of the publisher's own scheme", "warning", record.origin, "extra_data.study_design")

    def _annotations(self, record: Record, ds: URIRef, options: MapOptions) -> Iterator[Output]:
        harmony = Agent(AGGREGATOR.publisher)
        notes = [("ai-summary", OA.describing, record.summary, SUMMARY_NOTE)] if record.summary else []
        notes += [(f"imputed-keyword-{k}", OA.tagging, k, IMPUTED_NOTE) for k in record.imputed_keywords]
        for fragment, motivation, body, note in notes:
            node = options.iris.part(record.key, fragment)
            yield node, RDF.type, OA.Annotation
            yield node, OA.hasTarget, ds
            yield node, OA.motivatedBy, motivation
            yield node, OA.bodyValue, text(body, self.language)
            yield node, RDFS.comment, text(note, ENGLISH)
            yield from foaf_agent(node, DCT.creator, harmony, options.iris)
