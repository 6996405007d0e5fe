"""One study, one IRI, whatever the input: the API record, the page payload and the page JSON-LD.

The key (`ldcat.normalise.record_key`) is the Harmony uuid; else md5(harmony_id), which is the
uuid; else the uuid a page is addressed by; else, as a last resort, the slug. A form that names
only the slug (the item pages of one build and the page JSON-LD) gets the slug key, and the form
that knows both lists the slug key in `Record.also_known_as`, so the two are linked with owl:sameAs.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import pytest
from rdflib import OWL, RDF, URIRef
from rdflib.namespace import DCAT

from conftest import OPTIONS, PAGE_JSONLD, PAGES, RECORDS, SEED_PAGE, convert_graph
from ldcat.model import RawRecord, Record
from ldcat.normalise import normalise, record_key
from ldcat.pipeline import records
from ldcat.problems import Report

VARIANTS = Path(__file__).resolve().parent / "fixtures" / "pages-variants"

# Each API record, and the other forms of the same study: "same" when the form gives the same
# dataset IRI, "alias" when it knows only the slug (its IRI is one the API record links with owl:sameAs).
STUDIES: dict[str, list[tuple[Path, str]]] = {
    "01_ukds_dataset_856152.json": [
        (SEED_PAGE, "alias"),
        (PAGE_JSONLD / "01_ukds_dataset_856152.jsonld", "alias"),
        (VARIANTS / "items-initialdata-856152.rsc.txt", "same"),
    ],
    "02_mhc_study_edgi.json": [(PAGE_JSONLD / "02_mhc_study_edgi.jsonld", "alias")],
    "05_matilda_dataset_path_through_life.json": [(PAGE_JSONLD / "05_matilda_dataset_path_through_life.jsonld",
                                                   "alias")],
    "06_mhc_study_cosmo.json": [(PAGE_JSONLD / "06_mhc_study_cosmo.jsonld", "alias")],
    "mhc_early-prediction-of-adolescent-depression-epad.json": [
        (PAGES / "early-prediction-of-adolescent-depression-epad.rsc.txt", "same")],
    "ukllc_geospatial.json": [(PAGES / "geospatial.rsc.txt", "same")],
}
PAIRS = [(RECORDS / api, form, how) for api, forms in STUDIES.items() for form, how in forms]


def one_record(path: Path) -> tuple[Record, Report]:
    report = Report()
    [converted] = list(records([path], report, mapping=OPTIONS))
    return converted.record, report


def dataset_iri(record: Record) -> URIRef:
    return OPTIONS.iris.dataset(record.key)


@pytest.mark.parametrize(("api", "form", "how"), PAIRS, ids=[f"{a.stem[:24]}-{f.name[:24]}" for a, f, _ in PAIRS])
def test_every_form_of_a_study_gets_its_iri_or_one_linked_to_it(api: Path, form: Path, how: str) -> None:
    from_api, _ = one_record(api)
    from_form, report = one_record(form)
    assert from_form.name == from_api.name
    if how == "same":
        assert dataset_iri(from_form) == dataset_iri(from_api)
    else:
        # Only the slug is known: the slug key, reported, and the API record names it as an alias.
        assert from_form.key == from_api.slug
        assert from_form.key in from_api.also_known_as
        assert "iri-from-slug" in {p.code for p in report.problems}
    graph, _ = convert_graph(form)
    assert (dataset_iri(from_form), RDF.type, DCAT.Dataset) in graph


def test_every_api_fixture_follows_the_uuid_is_md5_of_harmony_id_rule() -> None:
    for path in sorted(RECORDS.glob("*.json")):
        extra = json.loads(path.read_text("utf-8"))["extra_data"]
        assert hashlib.md5(extra["harmony_id"].encode()).hexdigest() == extra["uuid"], path.name


@pytest.mark.parametrize("path", sorted(RECORDS.glob("*.json")), ids=lambda p: p.stem[:30])
def test_the_same_record_without_its_uuid_or_with_only_its_slug(path: Path) -> None:
    data = json.loads(path.read_text("utf-8"))
    full, _ = normalise(RawRecord(data, path.name, "harmony"))
    no_uuid = copy.deepcopy(data)
    del no_uuid["extra_data"]["uuid"]
    assert normalise(RawRecord(no_uuid, path.name, "harmony"))[0].key == full.key  # md5(harmony_id)
    slug_only = copy.deepcopy(no_uuid)
    del slug_only["extra_data"]["harmony_id"]
    assert record_key(slug_only["dataset_schema"], slug_only["extra_data"], path.name) == (full.slug, "slug")
    assert full.also_known_as == [full.slug]


def test_a_slug_that_is_a_uuid_is_the_uuid() -> None:
    uuid = "5050ed61f083639e6f2563d215c23229"
    assert record_key({}, {"slug": uuid}, "x") == (uuid, "uuid")
    assert record_key({}, {"slug": uuid.upper()}, "x") == (uuid, "uuid")
    record, problems = normalise(RawRecord({"dataset_schema": {"name": "N"}, "extra_data": {"slug": uuid}}, "x", "t"))
    assert record.key == uuid and record.also_known_as == []
    assert not any(p.code.startswith("iri-from-") for p in problems)


def test_aliases_never_repeat_the_key() -> None:
    record, _ = normalise(RawRecord({"dataset_schema": {"name": "N"}, "extra_data": {"slug": "only-a-slug"}}, "x", "t"))
    assert record.key == "only-a-slug" and record.also_known_as == []
    odd = {"uuid": "0" * 32, "harmony_id": "src/1", "slug": "s"}  # a uuid that breaks the md5 rule
    record, _ = normalise(RawRecord({"dataset_schema": {"name": "N"}, "extra_data": odd}, "x", "t"))
    assert record.also_known_as == [hashlib.md5(b"src/1").hexdigest(), "s"]


def test_api_record_links_its_slug_iri_with_owl_same_as() -> None:
    api, _ = one_record(RECORDS / "01_ukds_dataset_856152.json")
    page, _ = one_record(SEED_PAGE)
    graph, _ = convert_graph(RECORDS / "01_ukds_dataset_856152.json")
    assert (dataset_iri(api), OWL.sameAs, dataset_iri(page)) in graph


def test_page_json_ld_of_a_page_addressed_by_uuid_gets_the_api_iri(tmp_path: Path) -> None:
    # Harmony serves /search/items/<uuid> as well as /search/items/<slug>; the JSON-LD's url says which.
    doc = json.loads((PAGE_JSONLD / "01_ukds_dataset_856152.jsonld").read_text("utf-8"))
    api, _ = one_record(RECORDS / "01_ukds_dataset_856152.json")
    doc["url"] = f"https://harmonydata.ac.uk/search/items/{api.key}"
    path = tmp_path / "by-uuid.jsonld"
    path.write_text(json.dumps(doc), "utf-8")
    from_jsonld, report = one_record(path)
    assert dataset_iri(from_jsonld) == dataset_iri(api)
    assert not any(p.code.startswith("iri-from-") for p in report.problems)
