"""DDI-Codebook 2.5 of one study (what CESSDA's Data Catalogue harvests, as ``oai_ddi25``).

One ``codeBook`` per study, made from its triples read back (`ldcat.publish.facts`) and laid out
as the DDI 2.5 schema orders its elements, with CESSDA's Metadata Model's usage: the title and the
identifiers (``IDNo``, a DOI with ``agency="DOI"``) in the citation, creators as ``AuthEnty``,
the publisher as the distributor, funders as ``fundAg``, keywords, the abstract, time periods
(``timePrd`` start and end), countries (``nation``) and other places (``geogCover``), the
universe, the time method (longitudinal or cross-sectional, from the study design), instruments,
access places and conditions, related studies and publications, and the variables (``var``).
Only what the triples say is written: a record without a DOI has no persistent identifier here
either (``ldcat validate --shapes cessda`` says which of CESSDA's mandatory elements a study lacks).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ldcat.publish.facts import Facts
from ldcat.serialise.xmldoc import XML_LANG, XSI, DocumentWriter, child

DDI = "ddi:codebook:2_5"
SCHEMA = "https://ddialliance.org/Specification/DDI-Codebook/2.5/XMLSchema/codebook.xsd"
ET.register_namespace("ddi", DDI)
# Study designs that say how the study is spread over time (DDI's timeMeth, in CESSDA's vocabulary's words).
TIME_METHODS = {"longitudinal": "Longitudinal", "cohort": "Longitudinal.Cohort", "panel": "Longitudinal.Panel",
                "birth-cohort": "Longitudinal.Cohort.Birth", "cross-sectional": "CrossSection"}


def _q(name: str) -> str:
    return f"{{{DDI}}}{name}"


def codebook(facts: Facts) -> ET.Element:
    """The ``codeBook`` element of one study."""
    root = ET.Element(_q("codeBook"), {"version": "2.5", f"{{{XSI}}}schemaLocation": f"{DDI} {SCHEMA}"})
    if facts.language:
        root.set(XML_LANG, facts.language)
    study = child(root, _q("stdyDscr"))
    citation = child(study, _q("citation"))
    titles = child(citation, _q("titlStmt"))
    child(titles, _q("titl"), facts.title)
    for doi in facts.dois:
        child(titles, _q("IDNo"), doi.removeprefix("https://doi.org/"), agency="DOI")
    if facts.identifier:
        agency = facts.catalogues[0].name if facts.catalogues else None
        child(titles, _q("IDNo"), facts.identifier, **({"agency": agency} if agency else {}))
    if facts.creators:
        responsible = child(citation, _q("rspStmt"))
        for creator in facts.creators:
            child(responsible, _q("AuthEnty"), creator.name)
    if facts.funders:
        production = child(citation, _q("prodStmt"))
        for funder in facts.funders:
            child(production, _q("fundAg"), funder.name)
    if facts.publishers:
        distribution = child(citation, _q("distStmt"))
        for publisher in facts.publishers:
            child(distribution, _q("distrbtr"), publisher.name)
    for page in facts.source_pages:
        child(citation, _q("holdings"), URI=page)
    _study_info(child(study, _q("stdyInfo")), facts)
    _method(study, facts)
    _access(study, facts)
    _other_material(study, facts)
    if facts.variables:
        variables = child(root, _q("dataDscr"))
        for name, description in facts.variables:  # no ID: an OAI-PMH list holds many codeBooks, and IDs are global
            var = child(variables, _q("var"), name=name)
            if description:
                child(var, _q("labl"), description)
    return root


def _study_info(info: ET.Element, facts: Facts) -> None:
    if facts.keywords:
        subject = child(info, _q("subject"))
        for keyword in facts.keywords:
            child(subject, _q("keyword"), keyword)
    if facts.description:
        child(info, _q("abstract"), facts.description)
    summary = child(info, _q("sumDscr"))
    for interval in facts.coverage:
        start, slash, end = interval.partition("/")
        if start not in ("", ".."):
            child(summary, _q("timePrd"), start, event="start" if slash else "single", date=start)
        if slash and end not in ("", ".."):
            child(summary, _q("timePrd"), end, event="end", date=end)
    for country in facts.countries:
        child(summary, _q("nation"), country.name, abbr=country.iri.rsplit("/", 1)[-1])
    for place in facts.places:
        child(summary, _q("geogCover"), place.name)
    for universe in facts.population:
        child(summary, _q("universe"), universe)
    if not len(summary):
        info.remove(summary)


def _method(study: ET.Element, facts: Facts) -> None:
    times = sorted({TIME_METHODS[code] for d in facts.designs if (code := d.iri.rsplit("/", 1)[-1]) in TIME_METHODS})
    if not times and not facts.instruments:
        return
    collection = child(child(study, _q("method")), _q("dataColl"))
    for time in times:
        child(collection, _q("timeMeth"), time)
    for instrument in facts.instruments:
        child(collection, _q("resInstru"), instrument)


def _access(study: ET.Element, facts: Facts) -> None:
    if not (facts.access_pages or facts.access or facts.access_rights or facts.licences):
        return
    access = child(study, _q("dataAccs"))
    if facts.access_pages:
        available = child(access, _q("setAvail"))
        for page in facts.access_pages:
            child(available, _q("accsPlac"), page, URI=page)
    if facts.access or facts.access_rights or facts.licences:
        use = child(access, _q("useStmt"))
        for right in facts.access_rights:
            child(use, _q("restrctn"), right.replace("_", " ").capitalize())
        for condition in [*facts.access, *facts.licences]:
            child(use, _q("conditions"), condition)


def _other_material(study: ET.Element, facts: Facts) -> None:
    related = [*facts.parents, *facts.parts]
    if not related and not facts.citations:
        return
    other = child(study, _q("othrStdyMat"))
    for link in related:  # its name, and its IRI as a link (DDI's ExtLink)
        child(child(other, _q("relStdy"), link.name), _q("ExtLink"), URI=link.iri)
    for article in facts.citations:
        child(child(other, _q("relPubl")), _q("ExtLink"), article, URI=article, role="DOI")


class DdiWriter(DocumentWriter):
    """``-f ddi``: one DDI-Codebook 2.5 ``codeBook`` document per record."""

    extension = "ddi.xml"

    def make(self, facts: Facts) -> ET.Element:
        return codebook(facts)
