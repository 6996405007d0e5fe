"""The ``healthdcat-ap`` profile: the population facts of a study, in HealthDCAT-AP's terms.

Vocabulary: HealthDCAT-AP (https://healthdcat-ap.github.io/), the health extension of DCAT-AP
for the European Health Data Space, namespace ``http://healthdataportal.eu/ns/health#``
(``healthdcatap:``). It adds properties to DCAT-AP's `dcat:Dataset`, so the profile builds on
``dcat-ap-3``: choosing it also chooses that. It writes only what Harmony states of the
population: the typical age range, the number of unique individuals, and the population covered
(healthdcatap:populationCoverage, free text: who by sex, and of what ages).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import URIRef

from ldcat.literals import text
from ldcat.mapping import MapOptions, Output, Profile
from ldcat.mapping.terms import ENGLISH, count
from ldcat.model import Record
from ldcat.namespaces import HEALTH

# Harmony's extra_data.sex → who the study covers, in words.
_SEXES = {"all": "people of all sexes", "both": "people of all sexes", "any": "people of all sexes",
          "male": "males", "males": "males", "men": "men", "female": "females", "females": "females",
          "women": "women"}


def population_coverage(record: Record) -> str | None:
    """The population the record covers, in ldcat's words ("Males aged 16–64", "People of all
    sexes"), from Harmony's sex and age range; None when the record states no sex."""
    if not record.sex:
        return None
    sex = record.sex.strip()
    who = _SEXES.get(sex.lower()) or f"people of sex {sex!r}"
    low, high = record.age_lower, record.age_upper
    if low is not None and high is not None:
        who += f" aged {low}\u2013{high}"
    elif low is not None:
        who += f" aged {low} and over"
    elif high is not None:
        who += f" aged up to {high}"
    return who[0].upper() + who[1:]


def sex_of_coverage(coverage: str) -> str | None:
    """The sex a population coverage in ldcat's words states (the inverse of `population_coverage`,
    for a reader of ldcat's own output): "Males aged 16–64" → ``male``; None for other words."""
    words = coverage.strip()
    for sex in ("all", "male", "female", "men", "women"):
        who = _SEXES[sex]
        if words.lower() == who or words.lower().startswith(who + " aged "):
            return sex
    match = re.match(r"people of sex '(.*)'(?: aged .*)?$", words, re.IGNORECASE)
    return match.group(1) if match else None


class HealthDcatAp(Profile):
    name = "healthdcat-ap"
    title = ("HealthDCAT-AP (adds to DCAT-AP 3): typical age range, number of unique individuals, "
             "population coverage")
    builds_on = ("dcat-ap-3",)
    writes = frozenset({
        "age_lower", "age_upper", "sample_size", "sex",
    })

    def dataset(self, record: Record, ds: URIRef, options: MapOptions) -> Iterator[Output]:
        if record.age_lower is not None:
            yield ds, HEALTH.minTypicalAge, count(record.age_lower)
        if record.age_upper is not None:
            yield ds, HEALTH.maxTypicalAge, count(record.age_upper)
        # Harmony's sample size counts participants, which is what numberOfUniqueIndividuals means
        # (as opposed to healthdcatap:numberOfRecords, which Harmony never states).
        if record.sample_size is not None:
            yield ds, HEALTH.numberOfUniqueIndividuals, count(record.sample_size)
        # Harmony's sex says whom the study covers ("all" too is a statement, not an absence).
        if (population := population_coverage(record)) is not None:
            yield ds, HEALTH.populationCoverage, text(population, ENGLISH)
