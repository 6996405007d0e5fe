"""`convert -f ddi` (DDI-Codebook 2.5) and `-f dc` (oai_dc): one document per record, each valid
against its official schema (tests/fixtures/xsd, offline), saying what the record's RDF says."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

import xsd
from conftest import FIXTURES
from ldcat.mapping import MapOptions, record_triples
from ldcat.normalise import normalise
from ldcat.publish.facts import dataset_facts
from ldcat.publish.landing import TripleIndex
from ldcat.read import read

DDI = "{ddi:codebook:2_5}"
DC = "{http://purl.org/dc/elements/1.1/}"
SOURCES = sorted((FIXTURES / "records").glob("*.json"))


def ldcat(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ldcat", *args], capture_output=True, text=True, timeout=300,
                          check=False)


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("xml") / "out"
    result = ldcat("convert", *map(str, SOURCES), "-o", f"{out}/", "-f", "ddi", "-f", "dc", "-f", "nt",
                   "--harvested", "2026-11-22", "--jobs", "2")
    assert result.returncode in (0, 1), result.stderr
    return out


def test_one_valid_document_per_record(converted: Path) -> None:
    ddi_files = sorted((converted / "datasets").glob("*.ddi.xml"))
    dc_files = sorted((converted / "datasets").glob("*.dc.xml"))
    written = json.loads(ldcat("convert", *map(str, SOURCES), "--report-json", "-", "-f", "nt", "-o",
                               str(converted.parent / "x.nt")).stdout)["stats"]["written"]
    assert len(ddi_files) == len(dc_files) == written == len(SOURCES)
    assert not list(converted.glob("catalog.ddi.xml")) and (converted / "catalog.nt").is_file()
    for path in ddi_files:
        assert xsd.ddi().validate(etree.parse(str(path))), (path.name, xsd.ddi().error_log)
    for path in dc_files:
        assert xsd.oai_dc().validate(etree.parse(str(path))), (path.name, xsd.oai_dc().error_log)


def test_the_schema_check_can_fail(converted: Path) -> None:
    """An element out of DDI's order, or one DDI does not have, is refused by the same check."""
    doc = etree.parse(str(next((converted / "datasets").glob("*.ddi.xml"))))
    info = doc.find(f"{DDI}stdyDscr/{DDI}stdyInfo")
    assert info is not None and len(info) >= 2
    info.append(info[0])  # subject after abstract
    assert not xsd.ddi().validate(doc)
    dc = etree.parse(str(next((converted / "datasets").glob("*.dc.xml"))))
    etree.SubElement(dc.getroot(), f"{DC}colour").text = "blue"
    assert not xsd.oai_dc().validate(dc)


def _facts(path: Path) -> dict[str, object]:
    [raw] = [r for r in read(path) if not hasattr(r, "code")]
    record, problems = normalise(raw)  # type: ignore[arg-type]
    options = MapOptions(base_iri="https://data.example.org/")
    triples = record_triples(record, options, problems)
    facts = dataset_facts(TripleIndex(triples), options.iris.dataset(record.key))
    return {"key": record.key, "dois": facts.dois, "citations": facts.citations, "title": facts.title,
            "variables": facts.variables}


def test_identity_dois_and_article_dois_are_told_apart(converted: Path) -> None:
    checked = 0
    for source in SOURCES:
        facts = _facts(source)
        doc = etree.parse(str(converted / "datasets" / f"{facts['key']}.ddi.xml"))
        ids = {e.text for e in doc.iter(f"{DDI}IDNo") if e.get("agency") == "DOI"}
        articles = {e.get("URI") for e in doc.iter(f"{DDI}ExtLink") if e.get("role") == "DOI"}
        assert ids == {d.removeprefix("https://doi.org/") for d in facts["dois"]}  # type: ignore[attr-defined]
        assert articles == set(facts["citations"])  # type: ignore[arg-type]
        assert not {f"https://doi.org/{i}" for i in ids} & articles
        assert doc.find(f"{DDI}stdyDscr/{DDI}citation/{DDI}titlStmt/{DDI}titl").text == facts["title"]
        names = [v.get("name") for v in doc.iter(f"{DDI}var")]
        assert names == [name for name, _ in facts["variables"]]  # type: ignore[attr-defined]
        checked += bool(facts["citations"]) + bool(facts["variables"])
    assert checked >= 2  # the fixtures have article DOIs and variables to check


def test_documents_are_the_same_bytes_whatever_the_jobs(converted: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = ldcat("convert", *map(str, SOURCES), "-o", f"{again}/", "-f", "ddi", "-f", "dc",
                   "--harvested", "2026-11-22", "--jobs", "1")
    assert result.returncode in (0, 1), result.stderr
    for path in sorted((converted / "datasets").glob("*.xml")):
        assert (again / "datasets" / path.name).read_bytes() == path.read_bytes(), path.name


def test_to_standard_output_is_refused_with_a_reason() -> None:
    result = ldcat("convert", str(SOURCES[0]), "-f", "ddi")
    assert result.returncode == 2
    assert "one document per record" in result.stderr and "-o DIR/" in result.stderr
    assert "Traceback" not in result.stderr


def test_text_xml_cannot_hold_is_replaced_not_written(tmp_path: Path) -> None:
    record = json.loads(SOURCES[0].read_text(encoding="utf-8"))
    record["dataset_schema"]["description"] = "Bell \x07 and escape \x1b in a description, long enough to keep."
    source = tmp_path / "odd.json"
    source.write_text(json.dumps(record), encoding="utf-8")
    result = ldcat("convert", str(source), "-o", f"{tmp_path}/out/", "-f", "ddi", "-f", "dc")
    assert result.returncode in (0, 1), result.stderr
    for path in (tmp_path / "out" / "datasets").glob("*.xml"):
        text = path.read_text(encoding="utf-8")
        assert "\x07" not in text and "\x1b" not in text
        etree.parse(str(path))  # well-formed


def test_cessda_profile_names_what_each_codebook_lacks(converted: Path) -> None:
    result = ldcat("validate", *map(str, SOURCES), "--shapes", "cessda", "-f", "json")
    assert result.returncode == 1, result.stderr  # most Harmony records have no DOI of their own
    report = json.loads(result.stdout)
    lacking: dict[str, set[str]] = {}
    for item in report["results"]:
        lacking.setdefault(item["focus"], set()).add(item["message"].split(" (DDI ")[1].split(")")[0])
    assert lacking
    studies = 0
    for source in SOURCES:
        facts = _facts(source)
        doc = etree.parse(str(converted / "datasets" / f"{facts['key']}.ddi.xml"))
        dataset = f"https://data.example.org/dataset/{facts['key']}"
        has_doi = any(e.get("agency") == "DOI" for e in doc.iter(f"{DDI}IDNo"))
        says = lacking.get(dataset, set())
        assert ("titlStmt/IDNo with a DOI, handle or URN" in says) != has_doi, facts["key"]
        assert ("sumDscr/timePrd" in says) == (doc.find(f".//{DDI}timePrd") is None), facts["key"]
        assert ("sumDscr/nation" in says) == (doc.find(f".//{DDI}nation") is None), facts["key"]
        assert ("distStmt/distrbtr" in says) == (doc.find(f".//{DDI}distrbtr") is None), facts["key"]
        studies += 1
    assert studies == len(SOURCES)


def test_cessda_is_opt_in() -> None:
    result = ldcat("validate", str(SOURCES[0]), "-f", "json")
    assert {r["profile"] for r in json.loads(result.stdout)["results"]} <= {"google", "dcat-ap-3", "ldcat"}
    listed = ldcat("shapes", "list").stdout
    assert "cessda" in listed
