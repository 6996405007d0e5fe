"""The controlled list of study designs the mapper emits as SKOS concepts.

No established vocabulary publishes IRIs for all the designs Harmony uses, so ldcat keeps a
small scheme (vocab/study-design.ttl, generated from `DESIGNS` by `scheme_turtle`) and links each
concept to the DDI TimeMethod and NCI Thesaurus terms that match it. `aliases` are the other words
sources use for a design (``birth`` for a birth cohort, ``RCT``). A design outside the scheme is
kept all the same, as a concept of the publisher's own scheme (`local_concept`), and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

SCHEME = URIRef("https://w3id.org/ldcat/study-design")
DDI_TIME_METHOD = "http://rdf-vocabulary.ddialliance.org/cv/TimeMethod/1.2/#"
NCIT = "http://purl.obolibrary.org/obo/NCIT_"
LOCAL_SCHEME = "study-design"  # <base>concept/study-design: the designs a publisher's sources state beyond it


@dataclass(frozen=True, slots=True)
class Design:
    code: str
    label: str
    definition: str
    matches: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    broader: str | None = None  # the code of a broader design of the scheme

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
        # Designs real Harmony records state (mhc/gemini: twin, birth; others: occupational, RCT).
        Design("birth-cohort", "Birth cohort",
               "A cohort of people born in the same period or place, followed from birth or early life.",
               aliases=("birth",), broader="cohort"),
        Design("twin", "Twin study",
               "A study of twins that compares identical and non-identical pairs to tell genetic from "
               "environmental influences.", aliases=("twins",)),
        Design("occupational", "Occupational",
               "A study of people defined by their work or workplace, such as an occupational cohort.",
               aliases=("occupational-cohort", "occupation")),
        Design("randomised-controlled-trial", "Randomised controlled trial",
               "A trial that assigns its participants to an intervention or to a control at random.",
               aliases=("rct", "randomized-controlled-trial", "randomised-trial", "randomized-trial"),
               broader="trial"),
    )
}
_BY_ALIAS = {alias: d for d in DESIGNS.values() for alias in d.aliases}


def code_of(term: str) -> str:
    """The code a free-text term reads as ("Cross sectional" → cross-sectional, "Cohort study" → cohort)."""
    return re.sub(r"[\s_]+", "-", term.strip().lower()).removesuffix("-study").removesuffix("-data")


def design(term: str) -> Design | None:
    """The design a free-text term names ("cross sectional", "Cohort study", "RCT"...), if any."""
    code = code_of(term)
    return DESIGNS.get(code) or _BY_ALIAS.get(code)


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scheme_turtle() -> str:
    """vocab/study-design.ttl: the scheme and its concepts (``python -c 'from ldcat.mapping.designs
    import scheme_turtle; print(scheme_turtle(), end="")' > vocab/study-design.ttl``)."""
    lines = [
        "# The ldcat study-design scheme (generated from src/ldcat/mapping/designs.py by scheme_turtle();",
        "# tests keep them equal).",
        "@prefix dct: <http://purl.org/dc/terms/> .",
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "",
        f"<{SCHEME}>",
        "    a skos:ConceptScheme, owl:NamedIndividual ;",
        '    dct:title "Study designs"@en ;',
        '    skos:prefLabel "Study designs"@en ;',
        "    rdfs:isDefinedBy <https://w3id.org/ldcat/vocab> .",
    ]
    for d in DESIGNS.values():
        lines += ["", f"<{d.iri}>",
                  "    a skos:Concept, owl:NamedIndividual ;",
                  f"    skos:prefLabel {_literal(d.label)}@en ;"]
        if d.aliases:
            lines.append(f"    skos:altLabel {', '.join(_literal(a.replace('-', ' ')) + '@en' for a in d.aliases)} ;")
        lines += [f"    skos:definition {_literal(d.definition)}@en ;",
                  f'    skos:notation "{d.code}" ;']
        if d.broader:
            lines.append(f"    skos:broader <{DESIGNS[d.broader].iri}> ;")
        if d.matches:
            lines.append(f"    skos:inScheme <{SCHEME}> ;")
            lines.append(f"    skos:closeMatch {', '.join(f'<{m}>' for m in d.matches)} .")
        else:
            lines.append(f"    skos:inScheme <{SCHEME}> .")
    return "\n".join(lines) + "\n"
