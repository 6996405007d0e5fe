"""Readers: every input format to Harmony-shaped RawRecords, with Problems for bad input."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from ldcat.errors import InputError, UsageError
from ldcat.model import RawRecord
from ldcat.problems import Problem
from ldcat.read import detect_format, formats, read
from ldcat.read.flight import parse_rows

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "harmony"
SEED_SLUG = "children-s-safeguarding-social-work-practitioners-remote-and-hybrid-working-practices-and-experiences-2022"
SEED_PAGE = FIXTURES / "pages" / f"{SEED_SLUG}.rsc.txt"
SEED_NAME = (
    "Children\u2019s Safeguarding Social Work Practitioners: Remote and Hybrid Working Practices and Experiences, 2022"
)
EPAD = "Early Prediction of Adolescent Depression (EPAD)"
EDGI = "Eating Disorders Genetics Initiative"
PATH = "PATH Through Life 60+ Cohort Wave 3"
COSMO = "COVID Social Mobility & Opportunities (COSMO) Study"

EXPECTED_NAMES = {
    "records/01_ukds_dataset_856152.json": SEED_NAME,
    "records/02_mhc_study_edgi.json": EDGI,
    "records/03_adruk_dataset_nhs_tayside_fife_immunology.json": "NHS Tayside and Fife Immunology",
    "records/04_ukds_child_dataset_3957_vehicle_with_variables.json": "3957_vehicle",
    "records/05_matilda_dataset_path_through_life.json": PATH,
    "records/06_mhc_study_cosmo.json": COSMO,
    "records/closer_hertfordshire-cohort-study-hcs.json": "Hertfordshire Cohort Study (HCS)",
    "records/cls_growing-up-in-digital-europe.json": "Growing up in Digital Europe",
    "records/mhc_born-in-bradford-bib.json": "Born in Bradford (BiB)",
    "records/mhc_early-prediction-of-adolescent-depression-epad.json": EPAD,
    "records/mhc_european-social-survey-ess.json": "European Social Survey (ESS)",
    "records/mhc_gemini.json": "Gemini",
    "records/ukds_3264-h21975.json": "3264_h21975",
    "records/ukds_5992-ape5-spss-data-inc-urbanity.json": "5992_ape5-spss-data_inc_urbanity",
    "records/ukds_audit-of-political-engagement-5-2007.json": "Audit of Political Engagement 5, 2007",
    "records/ukllc_geospatial.json": "Geospatial",
    "page-jsonld/01_ukds_dataset_856152.jsonld": SEED_NAME,
    "page-jsonld/02_mhc_study_edgi.jsonld": EDGI,
    "page-jsonld/05_matilda_dataset_path_through_life.jsonld": PATH,
    "page-jsonld/06_mhc_study_cosmo.jsonld": COSMO,
    f"pages/{SEED_SLUG}.rsc.txt": SEED_NAME,
    "pages/early-prediction-of-adolescent-depression-epad.rsc.txt": EPAD,
    "pages/geospatial.rsc.txt": "Geospatial",
}
EXPECTED_READER = {"records": "harmony", "page-jsonld": "jsonld", "pages": "rsc"}

DATASET_JSONLD = {"@context": "https://schema.org/", "@type": "Dataset", "name": "A dataset"}


def records_of(items: list[RawRecord | Problem]) -> list[RawRecord]:
    return [item for item in items if isinstance(item, RawRecord)]


def problems_of(items: list[RawRecord | Problem]) -> list[Problem]:
    return [item for item in items if isinstance(item, Problem)]


def read_bytes(data: bytes, fmt: str | None = None, name: str | None = None) -> list[RawRecord | Problem]:
    return list(read(io.BytesIO(data), fmt, name=name))


def read_json(doc: Any, fmt: str | None = None) -> list[RawRecord | Problem]:
    return read_bytes(json.dumps(doc).encode(), fmt, name="doc.json")


# --- every fixture ------------------------------------------------------------------------------


def test_every_fixture_file_is_listed() -> None:
    on_disk = {str(p.relative_to(FIXTURES)) for p in FIXTURES.glob("*/*") if p.name != "README.md"}
    assert on_disk == set(EXPECTED_NAMES)


@pytest.mark.parametrize(("relative", "name"), sorted(EXPECTED_NAMES.items()))
def test_every_fixture_reads_to_one_record_with_its_name(relative: str, name: str, no_network: None) -> None:
    path = FIXTURES / relative
    items = list(read(path))
    assert problems_of(items) == []
    [record] = records_of(items)
    assert record.data["dataset_schema"]["name"] == name
    assert record.reader == EXPECTED_READER[relative.split("/")[0]]
    assert record.origin == str(path)
    assert isinstance(record.data["extra_data"], dict)


def test_harmony_records_pass_through_unchanged() -> None:
    path = FIXTURES / "records" / "mhc_born-in-bradford-bib.json"
    [record] = list(read(path))
    assert isinstance(record, RawRecord)
    assert record.data == json.loads(path.read_text("utf-8"))
    assert record.data["dataset_schema"]["url"][1] == "https://borninbradford.nhs.uk)"  # quirks kept


# --- RSC pages ----------------------------------------------------------------------------------


def test_seed_item_page_is_rebuilt_from_its_json_ld_and_display_props() -> None:
    items = list(read(SEED_PAGE))
    assert problems_of(items) == []
    [record] = records_of(items)
    schema, extra = record.data["dataset_schema"], record.data["extra_data"]
    assert schema["name"] == SEED_NAME
    assert len(schema["keywords"]) == 11
    assert schema["keywords"][0] == "SOCIAL WELFARE" and schema["keywords"][-1] == "COVID-19"
    assert "http://dx.doi.org/10.5255/UKDA-SN-856152" in schema["identifier"]
    assert schema["temporalCoverage"] == "2021-03-01/2022-08-01"
    assert [c["name"] for c in schema["includedInDataCatalog"]] == ["UK Data Service"]
    assert schema["description"].startswith("This data collection is a part of the data")
    assert extra["slug"] == SEED_SLUG
    assert extra["resource_type"] == "dataset"
    assert extra["country_codes"] == ["GB"]
    # Harmony's page is where the record is shown, not the dataset's landing page.
    assert not any("harmonydata.ac.uk" in url for url in schema["url"])
    assert schema["url"] == [
        "https://beta.ukdataservice.ac.uk/datacatalogue/studies/study?id=856152",
        "https://reshare.ukdataservice.ac.uk/856152",
    ]
    assert extra["dois"] == ["http://dx.doi.org/10.5255/UKDA-SN-856152"]


@pytest.mark.parametrize(
    ("page", "record_file"),
    [
        ("early-prediction-of-adolescent-depression-epad", "mhc_early-prediction-of-adolescent-depression-epad"),
        ("geospatial", "ukllc_geospatial"),
    ],
)
def test_study_page_gives_the_full_api_record(page: str, record_file: str) -> None:
    [record] = list(read(FIXTURES / "pages" / f"{page}.rsc.txt"))
    assert isinstance(record, RawRecord)
    expected = json.loads((FIXTURES / "records" / f"{record_file}.json").read_text("utf-8"))
    assert record.data == expected
    assert len(record.data["extra_data"]["uuid"]) == 32


def test_study_page_drops_undefined_values() -> None:
    [record] = list(read(FIXTURES / "pages" / "early-prediction-of-adolescent-depression-epad.rsc.txt"))
    assert isinstance(record, RawRecord)
    # The page writes "variableMeasured":"$undefined" and "variables_which_matched":"$undefined".
    assert "variableMeasured" not in record.data["dataset_schema"]
    assert "variables_which_matched" not in record.data
    assert "$undefined" not in json.dumps(record.data)


def synthetic_page(text: str) -> bytes:
    body = text.encode("utf-8")
    study = {
        "study": {
            "dataset_schema": {"name": "$5", "description": "$undefined", "keywords": ["x", "$undefined", "$$5"]},
            "extra_data": {"uuid": "0123456789abcdef0123456789abcdef", "ai_summary": "$6"},
        }
    }
    return (
        b'1:"$Sreact.fragment"\n'
        b':HL["/style.css","style"]\n'
        b'2:I[123,[],""]\n'
        # The T row holds len(body) BYTES (not characters); row 6 follows on the same line.
        + b"5:T"
        + format(len(body), "x").encode()
        + b","
        + body
        + b'6:"after the text row"\n'
        + b"0:"
        + json.dumps(["$", "$L2", None, study]).encode()
        + b"\n"
    )


def test_rsc_text_row_length_is_in_bytes_and_next_row_may_follow_on_the_same_line() -> None:
    text = "Étude — naïve “quoted” 日本語 data"
    assert len(text.encode()) > len(text)
    payload = synthetic_page(text)
    rows = parse_rows(payload)
    assert rows.text["5"] == text
    assert rows.json["6"] == "after the text row"
    assert rows.truncated is None and rows.bad == []

    [record] = read_bytes(payload, name="page.rsc.txt")
    assert isinstance(record, RawRecord)
    assert record.reader == "rsc" and record.origin == "page.rsc.txt"
    schema = record.data["dataset_schema"]
    assert schema["name"] == text
    assert "description" not in schema  # "$undefined" means absent
    assert schema["keywords"] == ["x", "$5"]  # "$$5" is an escaped literal, not a reference
    assert record.data["extra_data"]["ai_summary"] == "after the text row"


def test_truncated_seed_page_is_one_error_not_an_exception(tmp_path: Path) -> None:
    data = SEED_PAGE.read_bytes()
    cut = tmp_path / "truncated.rsc.txt"
    cut.write_bytes(data[: len(data) // 2])
    items = list(read(cut))
    assert records_of(items) == []
    [problem] = items
    assert isinstance(problem, Problem)
    assert problem.severity == "error"
    assert problem.code == "rsc-truncated"
    assert "truncated" in problem.message
    assert problem.record == str(cut)


def test_page_cut_after_its_record_gives_the_record_and_a_warning() -> None:
    data = (FIXTURES / "pages" / "geospatial.rsc.txt").read_bytes()
    cut = data[: data.index(b"\n10:[") + 40]  # the study row is whole, the metadata row is cut
    items = read_bytes(cut, name="geo.rsc.txt")
    [record] = records_of(items)
    assert record.data["extra_data"]["uuid"] == "589960a32fa12972d0f848feb8451cd9"
    assert [(p.code, p.severity) for p in problems_of(items)] == [("rsc-truncated", "warning")]


# --- Harmony JSON and JSON Lines ----------------------------------------------------------------


def harmony_record(name: str) -> dict[str, Any]:
    return {"dataset_schema": {"@type": "Dataset", "name": name}, "extra_data": {"slug": name.lower()}}


def test_jsonl_broken_line_is_one_problem_and_the_other_lines_still_read(tmp_path: Path) -> None:
    lines = [
        json.dumps(harmony_record("One")),
        json.dumps(harmony_record("Two")),
        '{"dataset_schema": {"name": "Three",}}',
        "",
        json.dumps(harmony_record("Four")),
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    items = list(read(path))
    assert [r.data["dataset_schema"]["name"] for r in records_of(items)] == ["One", "Two", "Four"]
    assert [r.origin for r in records_of(items)] == [f"{path}:1", f"{path}:2", f"{path}:5"]
    [problem] = problems_of(items)
    assert (problem.code, problem.severity, problem.record) == ("invalid-json", "error", f"{path}:3")
    assert "column 37" in problem.message
    assert items.index(problem) == 2  # reported in input order


def test_jsonl_is_read_lazily_line_by_line() -> None:
    line = json.dumps(harmony_record("x" * 200)).encode() + b"\n"
    data = line * 50_000  # ~12 MB
    source = io.BytesIO(data)
    first = list(itertools.islice(read(source, name="big.jsonl"), 3))
    assert [r.origin for r in records_of(first)] == ["big.jsonl:1", "big.jsonl:2", "big.jsonl:3"]
    assert source.tell() < len(data) // 10


def test_api_response_results_are_records_and_a_non_object_is_a_problem() -> None:
    response = {"results": [harmony_record("A"), 42, harmony_record("C")], "num_hits": 3}
    items = read_json(response)
    assert [r.data["dataset_schema"]["name"] for r in records_of(items)] == ["A", "C"]
    assert [r.origin for r in records_of(items)] == ["doc.json#1", "doc.json#3"]
    [problem] = problems_of(items)
    assert (problem.code, problem.record) == ("not-an-object", "doc.json#2")
    assert "a number" in problem.message


def test_list_of_records_and_an_object_that_is_not_a_record() -> None:
    items = read_json([harmony_record("A"), {"title": "not Harmony"}], fmt="harmony")
    assert [r.data["dataset_schema"]["name"] for r in records_of(items)] == ["A"]
    [problem] = problems_of(items)
    assert (problem.code, problem.record) == ("not-a-record", "doc.json#2")


def test_invalid_whole_document_is_one_error() -> None:
    items = read_bytes(b'{\n  "dataset_schema": {"name": "x"\n', name="bad.json")
    [problem] = items
    assert isinstance(problem, Problem)
    assert (problem.code, problem.severity) == ("invalid-json", "error")
    assert "line 3" in problem.message


# --- detection ----------------------------------------------------------------------------------

PRETTY = json.dumps(harmony_record("P"), indent=2).encode()
JSONL = b"\n".join(json.dumps(harmony_record(n)).encode() for n in "ABC") + b"\n"
HTML = b'<!doctype html><html><script type="application/ld+json">' + json.dumps(DATASET_JSONLD).encode() + b"</script>"


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (PRETTY, None, "harmony"),
        (json.dumps(harmony_record("C")).encode() + b"\n", None, "harmony"),  # one compact line
        (json.dumps(harmony_record("C")).encode() + b"\n", "one.jsonl", "jsonl"),  # the name decides a tie
        (JSONL, None, "jsonl"),
        (JSONL, "records.json", "jsonl"),  # content wins over the extension
        (b'{"dataset_schema": {"name": "x",}}\n' + JSONL, None, "jsonl"),  # broken first line
        (json.dumps({"results": [], "num_hits": 0}, indent=1).encode(), None, "harmony"),
        (json.dumps([harmony_record("L")], indent=1).encode(), None, "harmony"),
        (json.dumps(DATASET_JSONLD, indent=2).encode(), "page.json", "jsonld"),
        (json.dumps({"@context": "https://schema.org/", "@graph": []}).encode(), None, "jsonld"),
        (b"\xef\xbb\xbf  " + HTML, None, "html"),
        (SEED_PAGE.read_bytes()[:4096], None, "rsc"),
        (b':HL["/a.css","style"]\n0:{"P":null}\n', None, "rsc"),
        (b"", None, None),
        (b"name,description\nx,y\n", None, None),
    ],
)
def test_format_is_detected_from_content(data: bytes, name: str | None, expected: str | None) -> None:
    assert detect_format(data, name=name, complete=True) == expected


@pytest.mark.parametrize(
    ("data", "reader"),
    [
        (PRETTY, "harmony"),
        (JSONL, "jsonl"),
        (SEED_PAGE.read_bytes(), "rsc"),
        (json.dumps(DATASET_JSONLD).encode(), "jsonld"),
        (HTML, "html"),
    ],
)
def test_format_is_detected_from_a_stream(data: bytes, reader: str) -> None:
    items = read_bytes(data)
    assert problems_of(items) == []
    assert records_of(items)
    assert {r.reader for r in records_of(items)} == {reader}
    assert all(r.origin.startswith("<stdin>") for r in records_of(items))


def test_large_pretty_printed_document_is_not_mistaken_for_json_lines() -> None:
    doc = {"results": [harmony_record(f"R{i}") for i in range(3000)]}
    data = json.dumps(doc, indent=2).encode()
    assert len(data) > 2 * 64 * 1024
    items = read_bytes(data)
    assert len(records_of(items)) == 3000 and problems_of(items) == []


def test_forced_format_is_used_even_if_content_says_otherwise() -> None:
    items = read_bytes(PRETTY, fmt="jsonl", name="p.json")
    assert records_of(items) == []
    assert {p.code for p in problems_of(items)} == {"invalid-json"}


def test_empty_and_unknown_input_are_one_error_each() -> None:
    [empty] = read_bytes(b"  \n", name="empty.json")
    assert isinstance(empty, Problem) and (empty.code, empty.severity) == ("empty-input", "error")
    [unknown] = read_bytes(b"name,description\nx,y\n", name="table.csv")
    assert isinstance(unknown, Problem) and (unknown.code, unknown.record) == ("unknown-format", "table.csv")


def test_bad_format_name_and_unreadable_sources_raise(tmp_path: Path) -> None:
    assert formats() == ("harmony", "html", "jsonl", "jsonld", "rdf", "rsc")
    with pytest.raises(UsageError, match="unknown input format 'csv'"):
        read(io.BytesIO(b"{}"), "csv")
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "missing.json")
    with pytest.raises(InputError, match="directory"):
        read(tmp_path)
    with pytest.raises(UsageError, match="binary"):
        read(io.StringIO("{}"))  # type: ignore[arg-type]


# --- JSON-LD and HTML ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "context",
    [
        "https://schema.org/",
        "http://schema.org/",
        "https://schema.org",
        "http://schema.org",
        "https://schema.org/docs/jsonldcontext.json",
    ],
)
def test_schema_org_contexts_resolve_to_the_bundled_copy(context: str, no_network: None) -> None:
    doc = {"@context": context, "@type": "Dataset", "name": "Offline", "url": "https://example.org/d"}
    [record] = read_json(doc)
    assert isinstance(record, RawRecord)
    assert record.data["dataset_schema"]["name"] == "Offline"
    assert record.data["dataset_schema"]["url"] == ["https://example.org/d"]


def test_remote_context_is_an_error_and_is_not_fetched(no_network: None) -> None:
    doc = {"@context": "https://w3id.org/ro/crate/1.1/context", "@type": "Dataset", "name": "Crate"}
    [problem] = read_json(doc)
    assert isinstance(problem, Problem)
    assert (problem.code, problem.severity, problem.field) == ("jsonld-remote-context", "error", "@context")
    assert "https://w3id.org/ro/crate/1.1/context is not fetched" in problem.message


def test_json_ld_harmony_page_url_becomes_the_slug(no_network: None) -> None:
    [record] = list(read(FIXTURES / "page-jsonld" / "02_mhc_study_edgi.jsonld"))
    assert isinstance(record, RawRecord)
    schema, extra = record.data["dataset_schema"], record.data["extra_data"]
    assert extra["slug"] == "eating-disorders-genetics-initiative"
    assert extra["resource_type"] == "study"
    assert "url" not in schema
    assert schema["identifier"] == ["https://doi.org/10.1016/j.brat.2019.103503"]
    assert schema["temporalCoverage"] == "2020/.."
    assert schema["creator"] == [
        {"@type": "Organization", "name": "National Institute for Health Research, King's College London"}
    ]


def test_json_ld_graph_is_read_in_document_order_with_references(no_network: None) -> None:
    doc = {
        "@context": "http://schema.org",
        "@graph": [
            {"@id": "#org", "@type": "Organization", "name": "ACME"},
            {
                "@id": "https://doi.org/10.1234/abc",
                "@type": "Dataset",
                "name": "Main",
                "url": ["https://example.org/z", "", "https://example.org/a"],
                "keywords": "zeta, alpha,beta",
                "identifier": {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.1234/abc"},
                "publisher": {"@id": "#org"},
                "creator": {"@type": "Person", "givenName": "Ann", "familyName": "Lee"},
                "license": "https://creativecommons.org/licenses/by/4.0/",
                "variableMeasured": ["age", {"@type": "PropertyValue", "name": "sex", "description": "Sex"}],
                "includedInDataCatalog": {"@type": "DataCatalog", "name": "Cat", "url": "https://cat.example"},
                "hasPart": {"@id": "#part"},
                "size": "337",
            },
            {"@id": "#part", "@type": "Dataset", "name": "Part"},
        ],
    }
    [record] = read_json(doc)
    assert isinstance(record, RawRecord)
    assert record.origin == "doc.json#2"
    schema = record.data["dataset_schema"]
    assert schema["url"] == ["https://example.org/z", "", "https://example.org/a"]  # order and blanks kept
    assert schema["keywords"] == ["zeta", "alpha", "beta"]
    assert schema["identifier"] == ["10.1234/abc"]
    assert schema["publisher"] == [{"@type": "Organization", "name": "ACME"}]
    assert schema["creator"] == [{"@type": "Person", "name": "Ann Lee"}]
    assert schema["license"] == ["https://creativecommons.org/licenses/by/4.0/"]
    assert schema["variableMeasured"] == [{"name": "age"}, {"name": "sex", "description": "Sex"}]
    assert schema["includedInDataCatalog"] == [{"@type": "DataCatalog", "name": "Cat", "url": "https://cat.example"}]
    assert schema["size"] == "337"
    assert record.data["extra_data"]["@id"] == "https://doi.org/10.1234/abc"
    [child] = record.data["child_datasets"]  # a part is not a record of its own
    assert child["dataset_schema"]["name"] == "Part"


def test_https_schema_namespace_is_read_with_a_warning(no_network: None) -> None:
    doc = {"@context": {"@vocab": "https://schema.org/"}, "@type": "Dataset", "name": "Secure"}
    items = read_json(doc)
    [record] = records_of(items)
    assert record.data["dataset_schema"]["name"] == "Secure"
    [warning] = problems_of(items)
    assert (warning.code, warning.severity) == ("https-schema-namespace", "warning")


def test_json_ld_without_a_dataset_is_an_error(no_network: None) -> None:
    [problem] = read_json({"@context": "https://schema.org/", "@type": "Organization", "name": "O"})
    assert isinstance(problem, Problem)
    assert (problem.code, problem.severity) == ("no-dataset", "error")


def test_html_with_several_ld_json_scripts(no_network: None) -> None:
    organisation = {"@context": "https://schema.org", "@type": "Organization", "name": "Publisher"}
    second = dict(DATASET_JSONLD, name="Second", url="https://harmonydata.ac.uk/search/items/second")
    page = (
        "<html><head><title>t</title>"
        f'<script type="application/ld+json">{json.dumps(organisation)}</script>'
        f'<script type="application/ld+json">{json.dumps(DATASET_JSONLD)}</script>'
        '<script>var x = "<not json>";</script>'
        f"<script type='application/ld+json; charset=utf-8'>\n{json.dumps(second)}\n</script>"
        "</head><body></body></html>"
    ).encode()
    items = read_bytes(page, name="page.html")
    assert problems_of(items) == []
    records = records_of(items)
    assert [(r.origin, r.data["dataset_schema"]["name"]) for r in records] == [
        ("page.html#2", "A dataset"),
        ("page.html#3", "Second"),
    ]
    assert records[1].data["extra_data"]["slug"] == "second"
    assert {r.reader for r in records} == {"html"}


def test_html_with_a_broken_script_reports_it_and_reads_the_rest(no_network: None) -> None:
    page = (
        '<script type="application/ld+json">{"@context": "https://schema.org", </script>'
        f'<script type="application/ld+json">{json.dumps(DATASET_JSONLD)}</script>'
    ).encode()
    items = read_bytes(page, fmt="html", name="p.html")
    [problem] = problems_of(items)
    assert (problem.code, problem.record) == ("invalid-json", "p.html#1")
    assert [r.origin for r in records_of(items)] == ["p.html#2"]
