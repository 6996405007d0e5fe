"""Realistic synthetic Harmony records for benchmarks: the field mix, lengths and quirks of the
real ones (studies with child datasets, datasets with variables, DOIs in every form, open-ended
coverage, HTML in text, `UK` for GB, empty URLs, counts as strings...). Deterministic per seed.

    python bench/synth.py 10000 > records.jsonl
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator
from typing import Any

SOURCES = [
    ("ukds", "UK Data Service", "https://datacatalogue.ukdataservice.ac.uk/studies/study/{n}"),
    ("closer", "CLOSER Discovery", "https://discovery.closer.ac.uk/item/uk.example/{n}"),
    ("mhc", "Catalogue of Mental Health Measures", "https://www.cataloguementalhealth.ac.uk/?content=study&studyid={n}"),
    ("ukllc", "UK Longitudinal Linkage Collaboration: UK LLC", "https://explore.ukllc.ac.uk/?source={n}"),
    ("adruk", "ADR UK", "https://datacatalogue.adruk.org/browser/dataset/{n}/2"),
    ("cls", "UCL Centre for Longitudinal Studies", "https://cls.ucl.ac.uk/cls-studies/{n}/"),
]
TOPICS = ["Housing", "Education", "Mental health", "Loneliness and social isolation", "Diet and nutrition",
          "Sleep problems", "Work and employment", "Parenting and family", "Physical activity", "Income",
          "SOCIAL WELFARE", "CHILD PROTECTION", "HEALTH", "EMPLOYMENT", "AGE", "HOUSING CONDITIONS", "COVID-19",
          "Political and social attitudes", "Biomarkers", "Cognitive function", "Alcohol", "Smoking"]
ORGS = ["Economic and Social Research Council", "Medical Research Council", "Office for National Statistics",
        "University of Bristol", "UCL", "King's College London", "NatCen Social Research", "Wellcome Trust",
        "Department for Work and Pensions", "University of Edinburgh"]
WORDS = ("the study follows participants over time collecting data on health wellbeing education employment family "
         "life income housing and social attitudes through interviews questionnaires and linked records").split()
PLACES = ["England", "Scotland", "Wales", "Northern Ireland", "Great Britain", "England / Bradford",
          "United Kingdom\nScotland\nFife"]
DESIGNS = [[], ["longitudinal", "cohort"], ["cross sectional"], ["longitudinal"], ["cohort", "survey"]]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _doi(rng: random.Random, n: int) -> str:
    doi = f"10.5255/UKDA-SN-{n}-1"
    return rng.choice([doi, f"http://dx.doi.org/{doi}", f"https://doi.org/{doi}", f"{doi} ",
                       f"https://doi.org/10.5255%2FUKDA-SN-{n}-1"])


def record(n: int, rng: random.Random) -> dict[str, Any]:
    key, name, url = rng.choice(SOURCES)
    harmony_id = f"{key}/synthetic-{n}"
    study = rng.random() < 0.4
    start = rng.randint(1950, 2022)
    coverage = rng.choice([f"{start}/..", f"{start}/{start + rng.randint(0, 10)}",
                           f"{start}-04-01T00:00:00Z/{start + 1}-03-01T00:00:00Z", None])
    variables = [] if study else [{"name": f"v{n}_{i}", "description": rng.choice([_text(rng, 6), "None"])}
                                  for i in range(rng.choice([0, 0, 5, 20, 80]))]
    page = url.format(n=n)
    ds: dict[str, Any] = {
        "@context": "https://schema.org/", "@type": "Dataset",
        "name": f"Synthetic {('study' if study else 'dataset')} {n}",
        "description": _text(rng, rng.randint(20, 300)) + rng.choice(["", " <br>\nMore at the catalogue."]),
        "url": rng.choice([[page], [page, ""], ["", page, page + ")"]]),
        "keywords": rng.sample(TOPICS, rng.randint(0, 12)),
        "identifier": [_doi(rng, n)] if rng.random() < 0.6 else [],
        "includedInDataCatalog": [{"@type": "DataCatalog", "name": name, "url": page}],
        "creator": [{"@type": "Organization", "name": o} for o in rng.sample(ORGS, rng.randint(0, 3))],
        "variableMeasured": variables,
    }
    if coverage:
        ds["temporalCoverage"] = coverage
    if rng.random() < 0.5:
        ds["publisher"] = [{"@type": "Organization", "name": rng.choice(ORGS)}]
        ds["size"] = str(rng.randint(50, 50000))
    extra = {
        "uuid": hashlib.md5(harmony_id.encode()).hexdigest(), "harmony_id": harmony_id, "slug": f"synthetic-{n}",
        "resource_type": "study" if study else "dataset", "source": [key],
        "country_codes": [rng.choice(["GB", "GB", "UK", "IE"])], "geographic_coverage": rng.choice(PLACES),
        "language_codes": ["en"], "study_design": rng.choice(DESIGNS), "instruments": [],
        "num_variables": len(variables) or None, "start_year": start, "end_year": None,
        "data_access": rng.choice([None, f"Apply via <a href=\"{page}\">the catalogue</a>", page]),
        "sample_size": int(ds["size"]) if "size" in ds else None, "age_lower": rng.choice([None, 0, 16]),
        "genetic_data_collected": rng.random() < 0.1,
    }
    out: dict[str, Any] = {"dataset_schema": ds, "extra_data": extra, "parent": {}, "ancestors": []}
    if study and rng.random() < 0.3:
        out["child_datasets"] = [{"dataset_schema": {"name": f"Synthetic {n} sweep {i}",
                                                     "description": f"Synthetic {n} sweep {i}",
                                                     "temporalCoverage": f"{start + i}/{start + i}"},
                                  "extra_data": {"slug": f"synthetic-{n}-sweep-{i}", "resource_type": "dataset"}}
                                 for i in range(rng.randint(1, 6))]
    return out


def records(count: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for n in range(count):
        yield record(n, rng)


def write(count: int, out: Any, seed: int = 1) -> None:
    for item in records(count, seed):
        out.write(json.dumps(item, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    from clone import main

    main(write, "Write N synthetic records (seed 1), as JSON Lines.")
