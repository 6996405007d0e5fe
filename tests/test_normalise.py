"""Every quirk listed in the fixtures README is handled, and reported (never silently)."""

from __future__ import annotations

import json

import pytest

from conftest import ALL_FIXTURES, RECORDS, convert_graph
from ldcat.errors import RecordError
from ldcat.model import RawRecord, Record, RecordRef
from ldcat.normalise import normalise
from ldcat.problems import Problem


def _load(name: str) -> tuple[Record, list[Problem]]:
    return normalise(RawRecord(json.loads((RECORDS / name).read_text()), name, "harmony"))


def _codes(problems: list[Problem]) -> set[tuple[str | None, str]]:
    return {(p.field, p.code) for p in problems}


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: p.name)
def test_every_fixture_converts_without_errors(path) -> None:
    graph, report = convert_graph(path)
    assert report.ok, [str(p) for p in report.errors]
    assert report.stats["records"] == 1
    assert len(graph) > 10


def test_dois_in_every_form_become_one_canonical_doi() -> None:
    record, problems = _load("closer_hertfordshire-cohort-study-hcs.json")
    # Both are papers' DOIs, so citations, not the dataset's (tests/test_truth.py).
    assert record.citations == ["10.1093/ije/dyi127", "10.12688/f1000research.17457.1"]
    assert ("dataset_schema.identifier", "doi-normalised") in _codes(problems)
    assert _load("01_ukds_dataset_856152.json")[0].dois == ["10.5255/UKDA-SN-856152"]
    assert _load("ukds_3264-h21975.json")[0].dois == ["10.5255/UKDA-SN-3264-1"]


def test_empty_and_broken_urls() -> None:
    record, problems = _load("mhc_born-in-bradford-bib.json")
    assert record.urls[0] == "https://borninbradford.nhs.uk"
    assert "" not in record.urls
    assert {("dataset_schema.url", "empty-dropped"), ("dataset_schema.url", "url-repaired")} <= _codes(problems)


def test_relative_image_path_is_dropped_with_a_warning() -> None:
    record, problems = _load("03_adruk_dataset_nhs_tayside_fife_immunology.json")
    assert record.image is None
    assert ("dataset_schema.image", "url-dropped") in _codes(problems)


def test_geography_with_newlines_is_split_and_deduplicated() -> None:
    record, _ = _load("03_adruk_dataset_nhs_tayside_fife_immunology.json")
    # "United Kingdom" is the record's country GB, said once, by its code (tests/test_truth.py).
    assert record.geography == ["Scotland", "Tayside Region", "Fife"]


def test_uk_is_gb() -> None:
    record, problems = _load("cls_growing-up-in-digital-europe.json")
    assert record.countries == ["GB"]
    assert ("extra_data.country_codes", "country-repaired") in _codes(problems)


def test_html_in_names_is_stripped_and_lists_split() -> None:
    record, problems = _load("06_mhc_study_cosmo.json")
    assert [a.name for a in record.publishers] == [
        "Centre for Education Policy and Equalising Opportunities (CEPEO), UCL", "Sutton Trust",
        "Centre for Longitudinal Studies (CLS) - Institute of Education (IoE), UCL"]
    assert ("dataset_schema.publisher", "list-repaired") in _codes(problems)
    assert record.access_urls == ["https://beta.ukdataservice.ac.uk/datacatalogue/series/series?id=2000124"]
    assert "<" not in (record.access_text or "")


def test_none_descriptions_and_string_counts() -> None:
    record, problems = _load("ukds_3264-h21975.json")
    assert record.variables[0].name == "hhno" and record.variables[0].description is None
    assert ("dataset_schema.variableMeasured", "placeholder-dropped") in _codes(problems)
    assert record.sample_size == 7406


def test_counts_that_disagree_are_reported_and_the_largest_kept() -> None:
    record, problems = _load("ukds_5992-ape5-spss-data-inc-urbanity.json")
    assert len(record.variables) == 77 and record.num_variables == 198
    mismatch = [p for p in problems if p.code == "count-mismatch"]
    assert mismatch[0].message == ("counts disagree (extra_data.num_variables=198, variableMeasured=77); "
                                   "largest used")


def test_child_with_empty_dataset_schema_is_a_reference() -> None:
    record, problems = _load("ukds_audit-of-political-engagement-5-2007.json")
    assert record.children == [RecordRef("c6ca05657ad335ca18cc423283d8d0e8", "5992_ape5-spss-data_inc_urbanity")]
    assert ("child_datasets", "child-by-reference") in _codes(problems)


def test_parents_repeated_in_ancestors_are_kept_once() -> None:
    raw = json.loads((RECORDS / "ukds_5992-ape5-spss-data-inc-urbanity.json").read_text())
    raw["ancestors"].append(raw["ancestors"][0])
    record, problems = normalise(RawRecord(raw, "x", "harmony"))
    assert [p.key for p in record.parents] == ["00235f652796471205bc99f3bef90f04"]
    assert ("ancestors", "duplicate-dropped") in _codes(problems)


def test_sources_as_a_list_give_one_catalogue_each() -> None:
    record, _ = _load("closer_hertfordshire-cohort-study-hcs.json")
    assert [(c.key, c.name) for c in record.catalogues] == [("closer", "CLOSER Discovery"),
                                                            ("mhc", "Catalogue of Mental Health Measures")]


def test_harmony_id_alone_gives_the_uuid_key() -> None:
    raw = json.loads((RECORDS / "02_mhc_study_edgi.json").read_text())
    uuid = raw["extra_data"].pop("uuid")
    assert normalise(RawRecord(raw, "x", "harmony"))[0].key == uuid


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"dataset_schema": {"description": "x"}, "extra_data": {"uuid": "a" * 32}}, "missing-name"),
        ({"dataset_schema": "text", "extra_data": {"uuid": "a" * 32}}, "wrong-type"),
        ({"dataset_schema": {"name": "No id at all"}, "extra_data": {}}, "no-identifier"),
    ],
)
def test_unusable_records_raise_a_record_error(data: dict, code: str) -> None:
    with pytest.raises(RecordError) as caught:
        normalise(RawRecord(data, "in.json#1", "harmony"))
    assert caught.value.problem.code == code
    assert caught.value.problem.record.startswith("in.json#1")


def test_wrong_types_inside_a_record_are_dropped_with_a_warning() -> None:
    raw = json.loads((RECORDS / "02_mhc_study_edgi.json").read_text())
    raw["dataset_schema"]["keywords"] = "Housing, Personality"
    raw["extra_data"]["sample_size"] = "lots"
    raw["dataset_schema"]["size"] = {"value": 3}
    record, problems = normalise(RawRecord(raw, "x", "harmony"))
    assert record.keywords == ["Housing", "Personality"]
    assert record.sample_size is None
    assert {("extra_data.sample_size", "number-repaired"), ("dataset_schema.size", "number-repaired"),
            ("dataset_schema.keywords", "list-repaired")} <= _codes(problems)
