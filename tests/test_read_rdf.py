"""Reading RDF that describes datasets: DCAT-AP files other publishers write, detection, and schema.org
JSON-LD keeping every term Google documents.

The third-party files are in tests/fixtures/third-party (see its README for where each came from and
its licence). Each must convert with no traceback, give the datasets it holds (titles, identifiers,
keywords, distributions) and report what ldcat cannot carry (``field-not-mapped``), never drop it.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from conftest import ALL_FIXTURES, OPTIONS, ROOT
from ldcat.cli import main
from ldcat.mapping import MapOptions
from ldcat.model import RawRecord, Record
from ldcat.namespaces import DCAT, DCT, EU_COUNTRY, EU_LANGUAGE, HEALTH, RDF, SDO
from ldcat.pipeline import ConvertOptions, convert, records
from ldcat.problems import Problem, Report
from ldcat.read import detect_format, read
from ldcat.read.detect import rdf_syntax
from ldcat.read.rdf import is_rdf_file, sniff_rdf

THIRD_PARTY = ROOT / "tests" / "fixtures" / "third-party"
NOT_CARRIED = "field-not-mapped"
DS = Namespace(OPTIONS.base_iri + "dataset/")


def convert_file(path: Path, mapping: MapOptions = OPTIONS) -> tuple[list[Record], Graph, Report]:
    report = Report()
    graph = Graph()
    found = []
    for item in records([path], report, mapping=mapping):
        found.append(item.record)
        graph += item.graph
    return found, graph, report


def reported(report: Report) -> dict[str, list[str]]:
    """field → messages of what was reported as not carried."""
    out: dict[str, list[str]] = {}
    for problem in report.problems:
        if problem.code == NOT_CARRIED and problem.field:
            out.setdefault(problem.field, []).append(problem.message)
    return out


# --- third-party DCAT-AP files ------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    title: str
    identifiers: frozenset[str] = frozenset()  # among the record's identifiers (other than DOIs)
    keywords: tuple[str, ...] = ()
    access_urls: frozenset[str] = frozenset()  # each a dcat:Distribution's dcat:accessURL
    catalogue: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # other Record fields


THIRD_PARTY_FILES: dict[str, tuple[list[Expected], set[str]]] = {
    # file: (its datasets, fields that must be reported as not carried)
    "ckanext-dcat_catalog.rdf": (
        [Expected("Example dataset 1", frozenset({"https://data.some.org/catalog/datasets/1"}), ("stats", "pollution"),
                  frozenset({"https://data.some.org/the/actual/catalog/datasets/1/resources/1.csv",
                             "https://data.some.org/the/actual/catalog/datasets/1/resources/2.pdf",
                             "https://data.some.org/the/actual/catalog/link/to/an/api"}), "An example catalog",
                  {"languages": ["en"]}),
         Expected("Example dataset 2", frozenset({"https://data.some.org/catalog/datasets/2"}),
                  ("stats", "education", "sloths"),
                  frozenset({"https://external.site.org/",
                             "https://data.some.org/the/actual/catalog/datasets/2/resources/2.pdf"}),
                  "An example catalog")],
        {"dcat:distribution/dct:title", "dcat:distribution/dct:format", "dct:issued", "dcat:Catalog dct:description"},
    ),
    "ckanext-dcat_dataset.rdf": (
        [Expected("Zimbabwe Regional Geochemical Survey.",
                  frozenset({"9df8df51-63db-37a8-e044-0003ba9b0d98", "alternate-identifier-1",
                             "alternate-identifier-2"}),
                  ("exploration", "geochemistry", "geology"),
                  frozenset({"http://www.bgs.ac.uk/gbase/geochemcd/home.html"}), None,
                  {"urls": ["http://dataset.info.org"], "countries": ["ZW"], "languages": ["en", "es", "ca"],
                   "citations": ["10.1038/sdata.2018.22"]})],
        {"dcat:theme", "dcat:contactPoint", "dct:accrualPeriodicity", "dcat:distribution/dcat:mediaType",
         "dcat:distribution/dcat:byteSize", "dct:publisher/foaf:mbox", "dct:isReferencedBy", "owl:versionInfo"},
    ),
    "ckanext-dcat_dataset_multilingual.ttl": (
        [Expected("Test DCAT dataset", frozenset({"0112cf32-bce0-4071-9504-923375f9f2ad"}), ("Oaks", "Pines"),
                  frozenset({"https://example.com/data.csv"}), None,
                  {"description": "Some description", "urls": ["http://example.org/ds1"],
                   "languages": ["ca", "en", "es"]})],
        {"dct:title", "dct:description", "dcat:keyword", "dcat:contactPoint", "dcat:distribution/dct:format"},
    ),
    "ckanext-dcat_dataset_health_no_blank.ttl": (
        [Expected("HealthDCAT-AP test dataset", frozenset({"http://example.com/dataset/1234567890"}),
                  ("Test 1", "Test 2", "Test 3"), frozenset(), None,
                  {"age_lower": 0, "age_upper": 110, "sample_size": 7654321, "languages": ["en", "fr", "nl"],
                   "citations": ["10.1038/sdata.2016.18", "10.1002/jmri.28679"]})],
        {"healthdcatap:populationCoverage", "healthdcatap:numberOfRecords", "dcat:theme", "dct:accessRights"},
    ),
    "ckanext-dcat_catalog_with_at_graph.jsonld": (
        [Expected("Title dataset", frozenset(), (),
                  frozenset({"https://ckan.example.org/dataset/d4ce4e6e-ab89-44cb-bf5c-33a162c234de/resource/"
                             "a289c289-55c9-410f-b4c7-f88e5f6f4e47", "http://example2.org/files/download.zip"}),
                  "Title example.org", {"description": "Description distribution"})],
        {"dcat:contactPoint", "dcat:distribution/dct:title", "dcat:Catalog dct:publisher"},
    ),
    "semic-dcat-ap-2.1.1_example1.nt": (
        [Expected("visitors to the Open Swimming Pool", frozenset(), (),
                  frozenset({"https://myorg.eu/opendata/datasets/1/distributions/csv"}),
                  "Open Data Catalog of my organisation",
                  {"licenses": ["https://creativecommons.org/publicdomain/zero/1.0/"]})],
        {"dcat:contactPoint", "dcat:distribution/dct:title", "dcat:Catalog dct:publisher"},
    ),
    "semic-dcat-ap-3.0.0-hvd_ms_catalogue.ttl": (
        [Expected("The population of bees",
                  frozenset({"https://data.exampleMS.gov/id/dataset/1T2p3o4B",
                             "https://dataportal.exampleMS.gov/dataset/Thepopulationofbees"}), (),
                  frozenset({"https://orgea.exampleMS.gov/files/1T2p3o4B.shp"}), "MS HVD Reporting 2023")],
        {"dcatap:applicableLegislation", "dcatap:hvdCategory", "dcat:distribution", "dcat:distribution/dct:format",
         "dcat:DataService dcat:endpointURL", "dcat:Catalogue rdf:type"},
    ),
    "semic-dcat-ap-3.0.0-hvd_ms_catalogue.jsonld": (
        [Expected("The population of bees",
                  frozenset({"https://data.exampleMS.gov/id/dataset/1T2p3o4B",
                             "https://dataportal.exampleMS.gov/dataset/Thepopulationofbees"}), (),
                  frozenset({"https://orgea.exampleMS.gov/files/1T2p3o4B.shp"}), "MS HVD Reporting 2023")],
        {"dcatap:applicableLegislation", "dcatap:hvdCategory", "dcat:distribution", "dcat:distribution/dct:format"},
    ),
    "semic-dcat-ap-3.0.0_bee-population-2022-2023.ttl": (
        [Expected("Bee population 2022"), Expected("Bee population 2023")],
        {"dct:publisher"},
    ),
}


def test_every_third_party_file_is_listed() -> None:
    files = {p.name for p in THIRD_PARTY.iterdir() if p.suffix != ".md"}
    assert files == set(THIRD_PARTY_FILES) | {"ckanext-dcat_dataset.ttl"}
    readme = (THIRD_PARTY / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in files), "every file's source and licence is in the README"


@pytest.mark.parametrize("name", sorted(THIRD_PARTY_FILES))
def test_third_party_file_gives_its_datasets_and_reports_the_rest(name: str, no_network: None) -> None:
    expected, must_report = THIRD_PARTY_FILES[name]
    found, graph, report = convert_file(THIRD_PARTY / name)
    assert report.ok, [str(p) for p in report.errors]
    assert [r.name for r in found] == [e.title for e in expected]
    for record, want in zip(found, expected, strict=True):
        assert want.identifiers <= set(record.identifiers), record.identifiers
        assert tuple(record.keywords) == want.keywords
        assert set(record.access_urls) >= want.access_urls
        distributions = {o for _, _, o in graph.triples((None, DCAT.accessURL, None))}
        assert {URIRef(u) for u in want.access_urls} <= distributions
        if want.catalogue is not None:
            assert want.catalogue in [c.name for c in record.catalogues]
        for key, value in want.extra.items():
            assert getattr(record, key) == value, key
        ds = URIRef(OPTIONS.base_iri + "dataset/" + record.key)
        assert (ds, RDF.type, DCAT.Dataset) in graph and (ds, RDF.type, SDO.Dataset) in graph
        assert {str(o) for o in graph.objects(ds, DCT.title)} == {record.name}
    missing = must_report - set(reported(report))
    assert not missing, f"not reported: {sorted(missing)}; reported: {sorted(reported(report))}"


def test_a_file_that_does_not_parse_is_one_error_not_a_traceback(no_network: None) -> None:
    result = CliRunner().invoke(main, ["convert", str(THIRD_PARTY / "ckanext-dcat_dataset.ttl"), "-f", "nt"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "invalid Turtle / TriG" in result.output and "healthdcatap" in result.output
    [problem] = list(read(THIRD_PARTY / "ckanext-dcat_dataset.ttl"))
    assert isinstance(problem, Problem) and (problem.code, problem.severity) == ("invalid-rdf", "error")


def test_a_triple_term_is_an_error_naming_the_file_not_a_traceback(tmp_path: Path) -> None:
    # RDF 1.2 triple terms parse, but have no rdflib term to become: the file is refused, by name.
    source = tmp_path / "star.nt"
    source.write_text("<http://a.example/s> <http://a.example/p> <<( <http://a.example/s> "
                      "<http://a.example/p> <http://a.example/o> )>> .\n")
    result = CliRunner().invoke(main, ["validate", str(source)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{source}: unsupported RDF term of type Triple" in result.output


def test_an_ill_typed_literal_is_kept_without_a_traceback(tmp_path: Path) -> None:
    source = tmp_path / "ill.nt"
    source.write_text('<http://a.example/s> <http://a.example/p> "abc"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')
    result = subprocess.run([sys.executable, "-m", "ldcat", "validate", str(source)], capture_output=True, text=True,
                            cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "0 dataset(s) checked" in result.stdout + result.stderr


def test_a_lone_surrogate_in_json_ld_is_an_error_naming_the_file(tmp_path: Path) -> None:
    source = tmp_path / "lone.jsonld"
    source.write_text('{"@context": {"@vocab": "http://schema.org/"}, "@id": "http://a.example/d", '
                      '"@type": "Dataset", "name": "x\\ud800"}')
    result = CliRunner().invoke(main, ["validate", str(source), "-f", "json"])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{source}: invalid jsonld" in result.output and "surrogates not allowed" in result.output


def test_the_same_catalogue_in_turtle_and_json_ld_gives_the_same_triples(no_network: None) -> None:
    _, from_turtle, _ = convert_file(THIRD_PARTY / "semic-dcat-ap-3.0.0-hvd_ms_catalogue.ttl")
    _, from_jsonld, _ = convert_file(THIRD_PARTY / "semic-dcat-ap-3.0.0-hvd_ms_catalogue.jsonld")
    assert isomorphic(from_turtle, from_jsonld)


@pytest.mark.parametrize("name", ["semic-dcat-ap-3.0.0-hvd_ms_catalogue.ttl",
                                  "semic-dcat-ap-3.0.0-hvd_ms_catalogue.jsonld"])
def test_third_party_rdf_converts_to_the_same_bytes_whatever_the_hash_seed(name: str, tmp_path: Path) -> None:
    """A graph has no order, and rdflib's iteration order follows string hashing: the records read
    from it (and the IRIs numbered after their identifiers) must not. Found as a flaky test."""
    outputs = set()
    for seed in ("1", "2", "3"):
        run = subprocess.run([sys.executable, "-m", "ldcat", "convert", str(THIRD_PARTY / name), "-f", "nt", "-q",
                              "--harvested", "2026-11-22"], capture_output=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed}, cwd=tmp_path)
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_the_language_to_keep_is_a_setting(no_network: None) -> None:
    path = THIRD_PARTY / "ckanext-dcat_dataset_multilingual.ttl"
    items = [i for i in read(path, settings={"rdf": {"language": "es"}}) if isinstance(i, RawRecord)]
    [record] = items
    assert record.data["dataset_schema"]["name"] == "Conjunto de datos de prueba DCAT"
    assert record.data["dataset_schema"]["keywords"] == ["Pinos", "Robles"]


def test_third_party_iris_are_stable_and_blank_node_datasets_too(no_network: None) -> None:
    doc = {"@context": {"dcat": str(DCAT), "dct": str(DCT)},
           "@graph": [{"@type": "dcat:Dataset", "dct:title": "Anonymous", "dct:identifier": "anon-1"}]}
    keys = []
    for _ in range(2):
        data = json.dumps(doc).encode()
        [record] = [i for i in read(io.BytesIO(data), name="anon.jsonld") if isinstance(i, RawRecord)]
        keys.append(record.data["extra_data"]["@id"])
    assert keys[0] == keys[1] == "urn:dct-identifier:anon-1"


# --- ldcat's own output, and detection ----------------------------------------------------------


def test_ldcat_convert_catalog_ttl_to_json_ld_works(tmp_path: Path) -> None:
    fixture = ROOT / "tests" / "fixtures" / "harmony" / "records" / "06_mhc_study_cosmo.json"
    runner = CliRunner()
    first = runner.invoke(main, ["convert", str(fixture), "-o", str(tmp_path / "catalog.ttl"),
                                 "--harvested", "2026-11-22"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(main, ["convert", str(tmp_path / "catalog.ttl"), "-f", "jsonld", "-o",
                                 str(tmp_path / "again.jsonld"), "--harvested", "2026-11-22"])
    assert again.exit_code == 0, again.output
    assert "1 record(s) converted, 0 failed" in again.output
    direct = runner.invoke(main, ["convert", str(fixture), "-o", str(tmp_path / "direct.jsonld"),
                                  "--harvested", "2026-11-22"])
    assert direct.exit_code == 0, direct.output
    assert isomorphic(Graph().parse(tmp_path / "again.jsonld", format="json-ld"),
                      Graph().parse(tmp_path / "direct.jsonld", format="json-ld"))


@pytest.mark.parametrize(("head", "syntax"), [
    (b"@prefix dcat: <http://www.w3.org/ns/dcat#> .\n", "trig"),
    (b"# a comment\nPREFIX dct: <http://purl.org/dc/terms/>\n", "trig"),
    (b"<https://a.example/d> a <http://www.w3.org/ns/dcat#Dataset> ;\n", "trig"),
    (b"<https://a.example/d> <http://purl.org/dc/terms/title> \"T\" .\n", "nquads"),
    (b"<https://a.example/d> <http://purl.org/dc/terms/title> \"T\" <https://a.example/g> .\n", "nquads"),
    (b"_:b0 <http://purl.org/dc/terms/title> \"T\" .\n", "nquads"),
    (b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', "rdfxml"),
    (b"<html><head><title>x</title></head>", None),
    (b"<!DOCTYPE html>\n<html>", None),
    (b'{"@context": "https://schema.org/"}', None),
    (b'[{"dataset_schema": {}}]', None),
    (b'0:{"a":1}\n', None),
])
def test_rdf_syntax_is_told_by_content(head: bytes, syntax: str | None) -> None:
    assert rdf_syntax(head) == syntax


def test_detection_sends_each_format_to_its_reader(tmp_path: Path) -> None:
    records_file = ROOT / "tests" / "fixtures" / "harmony" / "records" / "02_mhc_study_edgi.json"
    page_jsonld = ROOT / "tests" / "fixtures" / "harmony" / "page-jsonld" / "02_mhc_study_edgi.jsonld"
    assert detect_format(records_file.read_bytes(), name=records_file.name, complete=True) == "harmony"
    assert detect_format(page_jsonld.read_bytes(), name=page_jsonld.name, complete=True) == "jsonld"
    for name in ("ckanext-dcat_catalog.rdf", "semic-dcat-ap-2.1.1_example1.nt",
                 "semic-dcat-ap-3.0.0-hvd_ms_catalogue.ttl"):
        assert detect_format((THIRD_PARTY / name).read_bytes(), name=name) == "rdf", name
        assert is_rdf_file(THIRD_PARTY / name), name  # validate and load take them as RDF too
    assert sniff_rdf((THIRD_PARTY / "ckanext-dcat_catalog.rdf").read_bytes()) == "rdfxml"
    # JSON-LD is the jsonld reader's: schema.org alone term by term, other vocabularies as RDF.
    [page] = [i for i in read(page_jsonld) if isinstance(i, RawRecord)]
    [dcat] = [i for i in read(THIRD_PARTY / "ckanext-dcat_catalog_with_at_graph.jsonld") if isinstance(i, RawRecord)]
    assert page.reader == dcat.reader == "jsonld"
    assert page.data["extra_data"]["slug"] == "eating-disorders-genetics-initiative"
    assert dcat.data["dataset_schema"]["name"] == "Title dataset"


# --- schema.org Dataset JSON-LD keeps every term Google documents ---------------------------------

# https://developers.google.com/search/docs/appearance/structured-data/dataset, and the terms the
# issue found dropped (spatialCoverage, inLanguage, sameAs, url, conditionsOfAccess, typicalAgeRange,
# measurementTechnique).
GOOGLE_DATASET: dict[str, Any] = {
    "@context": "https://schema.org/",
    "@type": "Dataset",
    "@id": "https://example.org/ds/1",
    "name": "Household survey",
    "description": "A survey of households.",
    "url": "https://example.org/ds/1/page",
    "sameAs": ["https://doi.org/10.5255/UKDA-SN-1234-1", "https://example.org/mirror"],
    "identifier": {"@type": "PropertyValue", "propertyID": "local", "value": "HS-1"},
    "keywords": ["housing", "income"],
    "license": "https://creativecommons.org/licenses/by/4.0/",
    "creator": {"@type": "Person", "name": "Ann Lee", "sameAs": "https://orcid.org/0000-0001-2345-6789"},
    "author": {"@type": "Organization", "name": "Survey Unit"},
    "funder": {"@type": "Organization", "name": "Research Council"},
    "citation": "https://doi.org/10.1093/ije/dyx123",
    "isAccessibleForFree": True,
    "temporalCoverage": "2001/2005",
    "spatialCoverage": ["United Kingdom",
                        {"@type": "Place", "name": "Greater London",
                         "geo": {"@type": "GeoShape", "box": "51.2 -0.5 51.7 0.3"}}],
    "variableMeasured": [{"@type": "PropertyValue", "name": "income", "description": "Household income",
                          "unitText": "GBP"}],
    "measurementTechnique": "Face-to-face interview",
    "version": "2",
    "hasPart": {"@type": "Dataset", "name": "Wave 1", "@id": "https://example.org/ds/1/w1"},
    "includedInDataCatalog": {"@type": "DataCatalog", "name": "Example Archive",
                              "url": "https://archive.example.org/ds/1"},
    "distribution": {"@type": "DataDownload", "contentUrl": "https://example.org/ds/1.csv",
                     "encodingFormat": "text/csv"},
    "inLanguage": "en-GB",
    "conditionsOfAccess": "Registration required",
    "typicalAgeRange": "16-65",
    "dateModified": "2024-01-01",
}


def test_schema_org_json_ld_keeps_every_term_google_documents(tmp_path: Path, no_network: None) -> None:
    path = tmp_path / "dataset.jsonld"
    path.write_text(json.dumps(GOOGLE_DATASET), encoding="utf-8")
    [record], graph, report = convert_file(path)
    ds = URIRef(OPTIONS.base_iri + "dataset/" + record.key)
    said = {str(p).removeprefix(str(SDO)) for p in graph.predicates(ds, None) if str(p).startswith(str(SDO))}
    told = set(reported(report))
    for term in GOOGLE_DATASET:
        if term.startswith("@"):
            continue
        carried = term in said or (term == "author" and "creator" in said) or (term == "distribution" and
                                                                              (ds, DCAT.distribution, None) in graph)
        assert carried or any(term in f for f in told), f"{term} is neither written nor reported"
    # The terms Harmony keeps in extra_data are carried to their fields.
    assert (ds, SDO.spatialCoverage, EU_COUNTRY.GBR) in graph and (ds, DCT.spatial, EU_COUNTRY.GBR) in graph
    assert record.geography == ["Greater London"] and record.countries == ["GB"]
    assert (ds, SDO.inLanguage, Literal("en")) in graph and (ds, DCT.language, EU_LANGUAGE.ENG) in graph
    assert (ds, SDO.url, URIRef("https://example.org/ds/1/page")) in graph
    assert (ds, SDO.sameAs, URIRef("https://example.org/mirror")) in graph
    assert record.dois == ["10.5255/UKDA-SN-1234-1"] and record.identifiers == ["HS-1"]
    assert record.access_text == "Registration required"
    assert "https://example.org/ds/1.csv" in record.access_urls
    assert (record.age_lower, record.age_upper) == (16, 65)
    assert (ds, HEALTH.minTypicalAge, None) in graph and (ds, SDO.typicalAgeRange, Literal("16-65")) in graph
    assert {a.name for a in record.creators} == {"Ann Lee", "Survey Unit"}
    # What no field carries is reported, with the term's path.
    for term in ("measurementTechnique", "isAccessibleForFree", "version", "spatialCoverage[].geo",
                 "distribution[].encodingFormat", "creator[].sameAs"):
        assert any(f.endswith(term) for f in told), (term, sorted(told))


@pytest.mark.parametrize("fixture", ALL_FIXTURES, ids=lambda p: p.name)
def test_ldcat_schema_only_json_ld_reads_back_with_the_same_iris(fixture: Path, tmp_path: Path) -> None:
    """ldcat's JSON-LD written with the schema profile alone is schema.org JSON-LD: the jsonld
    reader reads it term by term (not as RDF), and ldcat's IRIs give the keys back."""
    mapping = MapOptions(base_iri=OPTIONS.base_iri, profiles=("schema",), harvested=OPTIONS.harvested)
    report = convert([fixture], ConvertOptions(output=tmp_path / "first", formats=("jsonld", "nt"), mapping=mapping))
    assert report.ok
    expected = Graph().parse(tmp_path / "first" / "catalog.nt", format="nt")
    again = convert([tmp_path / "first" / "catalog.jsonld"],
                    ConvertOptions(output=tmp_path / "again", formats=("nt",), mapping=mapping))
    assert again.ok
    got = Graph().parse(tmp_path / "again" / "catalog.nt", format="nt")
    assert set(expected.subjects(RDF.type, SDO.Dataset)) == set(got.subjects(RDF.type, SDO.Dataset))
    assert isomorphic(expected, got)
