"""The ``healthdcat-ap`` profile: the population facts of a study, in HealthDCAT-AP's terms.

Vocabulary: HealthDCAT-AP (https://healthdcat-ap.github.io/), the health extension of DCAT-AP
for the European Health Data Space, namespace ``http://healthdataportal.eu/ns/health#``
(``healthdcatap:``). It adds properties to DCAT-AP's `dcat:Dataset`, so the profile builds on
``dcat-ap-3``: choosing it also chooses that. It writes only what Harmony states of the
population: the typical age range and the number of unique individuals.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import URIRef

from ldcat.mapping import MapOptions, Output, Profile
from ldcat.mapping.terms import count
from ldcat.model import Record
from ldcat.namespaces import HEALTH


class HealthDcatAp(Profile):
    name = "healthdcat-ap"
    title = "HealthDCAT-AP (adds to DCAT-AP 3): typical age range, number of unique individuals"
    builds_on = ("dcat-ap-3",)

    def dataset(self, record: Record, ds: URIRef, options: MapOptions) -> Iterator[Output]:
        if record.age_lower is not None:
            yield ds, HEALTH.minTypicalAge, count(record.age_lower)
        if record.age_upper is not None:
            yield ds, HEALTH.maxTypicalAge, count(record.age_upper)
        # Harmony's sample size counts participants, which is what numberOfUniqueIndividuals means
        # (as opposed to healthdcatap:numberOfRecords, which Harmony never states).
        if record.sample_size is not None:
            yield ds, HEALTH.numberOfUniqueIndividuals, count(record.sample_size)
