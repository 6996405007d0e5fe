"""The controlled list of study designs the mapper emits as SKOS concepts.

No established vocabulary publishes IRIs for all the designs Harmony uses, so ldcat keeps a
small scheme (declared in vocab/ldcat.ttl) and links each concept to the DDI TimeMethod and
NCI Thesaurus terms that match it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

SCHEME = URIRef("https://w3id.org/ldcat/study-design")
DDI_TIME_METHOD = "http://rdf-vocabulary.ddialliance.org/cv/TimeMethod/1.2/#"
NCIT = "http://purl.obolibrary.org/obo/NCIT_"


@dataclass(frozen=True, slots=True)
class Design:
    code: str
    label: str
    definition: str
    matches: tuple[str, ...] = ()

    @property
    def iri(self) -> URIRef:
        return URIRef(f"{SCHEME}/{self.code}")


DESIGNS: dict[str, Design] = {
    d.code: d
    for d in (
        Design("longitudinal", "Longitudinal", "Data collected from the same units at several points in time.",
               (DDI_TIME_METHOD + "Longitudinal",)),
        Design("cohort", "Cohort", "A group sharing a defining event (birth, exposure) followed over time.",
               (DDI_TIME_METHOD + "Longitudinal.CohortEventBased", NCIT + "C15208")),
        Design("panel", "Panel", "The same sample of units observed repeatedly.",
               (DDI_TIME_METHOD + "Longitudinal.Panel",)),
        Design("cross-sectional", "Cross-sectional", "Data collected at one point in time.",
               (DDI_TIME_METHOD + "CrossSection", NCIT + "C53310")),
        Design("survey", "Survey", "Data collected by asking a sample of people questions."),
        Design("case-control", "Case-control", "Cases with an outcome compared with controls without it.",
               (NCIT + "C15197",)),
        Design("trial", "Trial", "A study that assigns an intervention and measures its effect."),
        Design("qualitative", "Qualitative", "Interviews, focus groups or observation analysed as text."),
        Design("administrative", "Administrative records", "Data collected to run a service, reused for research."),
    )
}


def design(term: str) -> Design | None:
    """The design a free-text term names ("cross sectional", "Cohort study"...), if any."""
    code = re.sub(r"[\s_]+", "-", term.strip().lower()).removesuffix("-study").removesuffix("-data")
    return DESIGNS.get(code)
