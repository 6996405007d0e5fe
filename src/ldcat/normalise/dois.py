"""Is a DOI the dataset's own, or the DOI of an article about it? Decided offline, by a documented rule.

Harmony lists cohort-profile papers (``10.1093/ije/dyi127``, ``10.1016/j.brat.2019.103503``)
among a study's identifiers beside the archive's DOI of the data (``10.5255/UKDA-SN-5992-1``).
Google Dataset Search and FAIR assessors resolve `schema:identifier` / `schema:sameAs` DOIs, so an
article DOI there makes the page describe the paper: it is a citation (`schema:citation`,
`dct:isReferencedBy`), not the dataset's identity.

The rule, first match wins (`classify`):

1. **Registrant prefix of a data archive or repository** (`DATA_PREFIXES`): the dataset's DOI.
   These registrants mint DOIs for data (all are DataCite members, except where noted).
2. **Registrant prefix of a publisher of journals or preprints** (`PUBLISHER_PREFIXES`,
   Crossref members): an article, so a citation.
3. **The DOI's own form** (`DATA_FORMS`, then `ARTICLE_FORMS`): suffixes that only archives mint
   (``UKDA-SN-…``, ``zenodo.…``, ``DVN/…``, ``ICPSR…``) or only journals mint (an ISSN, an Elsevier
   PII ``S2215-0366(15)00358-2``, ``journal.pone.…``, ``bmjopen-…``).
4. Otherwise **undecided**: the DOI stays the dataset's identifier, as the source says, and the
   user is warned (`doi-undecided`) so a wrong claim can be checked.

Sources for the prefix tables: each registrant can be checked at the registration agencies'
public prefix look-ups, ``https://api.crossref.org/prefixes/<prefix>`` (Crossref members:
publishers) and ``https://api.datacite.org/prefixes/<prefix>`` (DataCite clients: archives and
repositories), or by resolving any DOI with the prefix through ``https://doi.org/``. The entries
were compiled from the registrants' published DOIs (e.g. the UK Data Service's
``10.5255/UKDA-SN-<study>-<edition>`` citations, ESS ERIC's ``10.21338/NSD-ESS<round>-<year>``,
the ADA Dataverse's ``10.26193/<id>``); extend the tables when a record names a registrant they lack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["dataset", "article", "undecided"]

# Registrants that mint DOIs for data: archives, data repositories, research infrastructures.
DATA_PREFIXES: dict[str, str] = {
    "10.5255": "UK Data Service (UK Data Archive)",
    "10.5281": "Zenodo (CERN)",
    "10.5061": "Dryad",
    "10.6084": "figshare",
    "10.7910": "Harvard Dataverse",
    "10.3886": "ICPSR",
    "10.4232": "GESIS Data Archive",
    "10.17026": "DANS (Data Archiving and Networked Services)",
    "10.1594": "PANGAEA",
    "10.21338": "ESS ERIC / Sikt (European Social Survey data)",
    "10.18712": "Sikt / NSD (Norwegian data archive)",
    "10.26193": "ADA Dataverse (Australian Data Archive)",
    "10.17632": "Mendeley Data",
    "10.17605": "OSF (Center for Open Science)",
    "10.5683": "Borealis (Canadian Dataverse)",
    "10.15468": "GBIF",
    "10.5072": "DataCite's test prefix, for example records",
}

# Registrants that publish journals (or preprints): their DOIs name articles, not datasets.
PUBLISHER_PREFIXES: dict[str, str] = {
    "10.1093": "Oxford University Press",
    "10.1136": "BMJ",
    "10.1016": "Elsevier",
    "10.1053": "Elsevier (W.B. Saunders)",
    "10.1006": "Elsevier (Academic Press)",
    "10.1007": "Springer",
    "10.1186": "BioMed Central (Springer Nature)",
    "10.1038": "Springer Nature (Nature Portfolio)",
    "10.1002": "Wiley",
    "10.1111": "Wiley (Blackwell)",
    "10.1046": "Wiley (Blackwell)",
    "10.1080": "Taylor & Francis",
    "10.1177": "SAGE",
    "10.1017": "Cambridge University Press",
    "10.1375": "Australian Academic Press (Twin Research and Human Genetics)",
    "10.1192": "Royal College of Psychiatrists (Cambridge University Press)",
    "10.1371": "PLOS",
    "10.3389": "Frontiers",
    "10.3390": "MDPI",
    "10.12688": "F1000 Research (F1000Research, Wellcome Open Research)",
    "10.1001": "American Medical Association (JAMA)",
    "10.1056": "New England Journal of Medicine",
    "10.1097": "Wolters Kluwer",
    "10.1542": "American Academy of Pediatrics",
    "10.1161": "American Heart Association",
    "10.1089": "Mary Ann Liebert",
    "10.2196": "JMIR Publications",
    "10.1155": "Hindawi",
    "10.1159": "Karger",
    "10.1037": "American Psychological Association",
    "10.1101": "Cold Spring Harbor Laboratory (bioRxiv, medRxiv preprints)",
    "10.48550": "arXiv (preprints)",
}

# Suffix forms only data archives mint.
DATA_FORMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^UKDA-SN-\d+", re.IGNORECASE), "a UK Data Service study number (UKDA-SN-…)"),
    (re.compile(r"^zenodo\.\d+$", re.IGNORECASE), "a Zenodo record (zenodo.…)"),
    (re.compile(r"^dryad\.", re.IGNORECASE), "a Dryad dataset (dryad.…)"),
    (re.compile(r"^m9\.figshare\.\d+", re.IGNORECASE), "a figshare item (m9.figshare.…)"),
    (re.compile(r"^DVN/", re.IGNORECASE), "a Dataverse dataset (DVN/…)"),
    (re.compile(r"^ICPSR\d+", re.IGNORECASE), "an ICPSR study (ICPSR…)"),
    (re.compile(r"^NSD-ESS\d", re.IGNORECASE), "a European Social Survey round (NSD-ESS…)"),
)

# Suffix forms only journals mint.
ARTICLE_FORMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^S\d{4}-?\d{3}[\dX]\(\d{2}\)", re.IGNORECASE), "an Elsevier PII (S<ISSN>(<yy>)…)"),
    (re.compile(r"(^|[^\d])\d{4}-\d{3}[\dX]([^\d]|$)", re.IGNORECASE), "a journal's ISSN"),
    (re.compile(r"^j\.[a-z]", re.IGNORECASE), "an Elsevier journal article (j.<journal>.…)"),
    (re.compile(r"^journal\.p[a-z]+\.", re.IGNORECASE), "a PLOS journal article (journal.p….…)"),
    (re.compile(r"^(bmjopen|bmj|jech|archdischild)-\d{4}-", re.IGNORECASE), "a BMJ journal article"),
    (re.compile(r"^s\d{5}-\d{3}-\d{4,5}-", re.IGNORECASE), "a Springer Nature article (s<journal>-<yyy>-…)"),
    (re.compile(r"^ije/dy[a-z]\d+$", re.IGNORECASE), "an International Journal of Epidemiology article"),
)

_PREFIX = re.compile(r"^(10\.\d{4,9})/(.+)$")


@dataclass(frozen=True, slots=True)
class Decision:
    """What a DOI names and why: `rule` is the sentence a report quotes."""

    kind: Kind
    rule: str


def classify(name: str) -> Decision:
    """Dataset DOI, article DOI or undecided, for a canonical DOI name ``10.prefix/suffix``."""
    match = _PREFIX.match(name)
    if not match:
        return Decision("undecided", "not a DOI name")
    prefix, suffix = match.groups()
    if prefix in DATA_PREFIXES:
        return Decision("dataset", f"registrant {prefix} ({DATA_PREFIXES[prefix]}) registers DOIs for data")
    if prefix in PUBLISHER_PREFIXES:
        return Decision("article", f"registrant {prefix} ({PUBLISHER_PREFIXES[prefix]}) publishes articles")
    for pattern, what in DATA_FORMS:
        if pattern.search(suffix):
            return Decision("dataset", f"the suffix has the form of {what}")
    for pattern, what in ARTICLE_FORMS:
        if pattern.search(suffix):
            return Decision("article", f"the suffix has the form of {what}")
    return Decision("undecided", f"registrant {prefix} is in neither table and the suffix has no known form")
