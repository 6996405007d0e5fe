"""The source catalogues Harmony aggregates, keyed by Harmony's source id.

Names are those Harmony's `/discover/sources` and `includedInDataCatalog` use; `aliases` are
other names the records give the same catalogue. The publisher is the organisation that runs
the catalogue: DCAT-AP requires a publisher for every catalogue and records never state it.

`theme` is the EU data theme (`http://publications.europa.eu/resource/authority/data-theme/`) of
what the catalogue holds, which every dataset it holds shares: a catalogue of health studies
(mental health measures, health data, linked health records) is HEAL, "Health"; a social-science
archive (survey and longitudinal data, administrative data for social research) is SOCI,
"Population and society". A catalogue Harmony does not list has no theme: nothing is guessed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from ldcat.model import Catalogue


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    name: str
    homepage: str
    publisher: str
    description: str
    aliases: tuple[str, ...] = ()
    theme: str | None = None  # its EU data theme (see the module docstring)


SOURCES: dict[str, Source] = {
    s.key: s
    for s in (
        Source("ukds", "UK Data Service", "https://ukdataservice.ac.uk/", "UK Data Service",
               "The UK's largest collection of social, economic and population data.", theme="SOCI"),
        Source("closer", "CLOSER Discovery", "https://discovery.closer.ac.uk/", "CLOSER",
               "Search engine for the questions and data of the UK's longitudinal studies.", theme="SOCI"),
        Source("mhc", "Catalogue of Mental Health Measures", "https://www.cataloguementalhealth.ac.uk/",
               "Catalogue of Mental Health Measures",
               "Mental health and wellbeing measures in UK cohort and longitudinal studies.", theme="HEAL"),
        Source("ukllc", "UK Longitudinal Linkage Collaboration", "https://ukllc.ac.uk/",
               "UK Longitudinal Linkage Collaboration",
               "Longitudinal population studies linked to health and administrative records.",
               ("UK Longitudinal Linkage Collaboration: UK LLC", "UK LLC"), theme="HEAL"),
        Source("hdruk", "Health Data Research Innovation Gateway", "https://healthdatagateway.org/",
               "Health Data Research UK", "Discovery of UK health datasets.",
               ("HDR UK", "Health Data Research UK Innovation Gateway"), theme="HEAL"),
        Source("adruk", "ADR UK", "https://www.adruk.org/", "ADR UK (Administrative Data Research UK)",
               "Catalogue of administrative data available for research in the UK.", theme="SOCI"),
        Source("cls", "UCL Centre for Longitudinal Studies", "https://cls.ucl.ac.uk/",
               "UCL Centre for Longitudinal Studies", "The national longitudinal birth cohort studies.",
               ("Centre for Longitudinal Studies",), theme="SOCI"),
        Source("matilda",
               "The Matilda Centre for Research in Mental Health and Substance Use at the University of Sydney",
               "https://www.sydney.edu.au/matilda-centre/", "University of Sydney",
               "Studies of mental health and substance use.", ("Matilda Centre",), theme="HEAL"),
    )
}

_BY_NAME = {
    _name.casefold(): s.key for s in SOURCES.values() for _name in (s.name, *s.aliases)
}


@lru_cache(maxsize=256)  # a few catalogue names, on every record
def source_key(name: str) -> str | None:
    """Harmony's source id for a catalogue name, if the catalogue is one Harmony names."""
    return _BY_NAME.get(re.sub(r"\s+", " ", name).strip().casefold())


@lru_cache(maxsize=256)
def unknown_key(name: str) -> str:
    """A stable key for a catalogue Harmony does not list: a hash, since its name is all we have."""
    return "x" + hashlib.md5(name.strip().casefold().encode()).hexdigest()[:12]


def catalogue(key: str, page: str | None = None) -> Catalogue:
    """The `Catalogue` for a known source id."""
    source = SOURCES[key]
    return Catalogue(key=key, name=source.name, homepage=source.homepage, page=page)


AGGREGATOR = Source(
    "harmony", "Harmony Data Discovery", "https://harmonydata.ac.uk/search/", "Harmony",
    "Social-science and health studies and datasets aggregated from UK and international catalogues.",
)


def describe(cat: Catalogue) -> Source:
    """Title, description and publisher for a catalogue's own metadata.

    A catalogue Harmony does not list is described by its name alone, and named as its own
    publisher: the honest default for a property DCAT-AP makes mandatory.
    """
    known = SOURCES.get(cat.key)
    if known:
        return known
    return Source(cat.key, cat.name, cat.homepage or "", cat.name,
                  f"Source catalogue named \u201c{cat.name}\u201d by the records it holds.")
