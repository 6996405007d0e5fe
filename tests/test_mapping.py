"""The actual triples for the fixtures: what a harvester or Google would read."""

from __future__ import annotations

from dataclasses import replace

from rdflib import Graph, Literal, URIRef

from conftest import BASE, OPTIONS, RECORDS, SEED_PAGE, convert_graph
from ldcat.namespaces import ADMS, DCAT, DCT, DISCO, EU_COUNTRY, FOAF, HEALTH, LDCAT, RDF, SDO, SKOS, XSD

SEED = URIRef(BASE + "dataset/5050ed61f083639e6f2563d215c23229")
SEED_KEYWORDS = {"SOCIAL WELFARE", "CHILD PROTECTION", "SOCIAL WORK", "WORKPLACE", "WORK-LIFE BALANCE", "COMPUTERS",
                 "INFORMATION AND COMMUNICATIONS TECHNOLOGY", "INFORMATION SYSTEMS", "FLEXIBLE WORKING TIME",
                 "HOME-BASED WORK", "COVID-19"}


def _one(graph: Graph, s: URIRef, p: URIRef) -> object:
    values = list(graph.objects(s, p))
    assert len(values) == 1, f"{p} of {s}: {values}"
    return values[0]


def _dataset(graph: Graph, title: str) -> URIRef:
    found = list(graph.subjects(DCT.title, Literal(title)))
    assert len(found) == 1, found
    return found[0]  # type: ignore[return-value]


def _check_seed(graph: Graph, ds: URIRef) -> None:
    assert (ds, RDF.type, SDO.Dataset) in graph and (ds, RDF.type, DCAT.Dataset) in graph
    doi = _one(graph, ds, ADMS.identifier)
    assert _one(graph, doi, SKOS.notation) == Literal("10.5255/UKDA-SN-856152")
    assert (ds, SDO.sameAs, URIRef("https://doi.org/10.5255/UKDA-SN-856152")) in graph
    assert {str(k) for k in graph.objects(ds, DCAT.keyword)} == SEED_KEYWORDS
    assert {str(k) for k in graph.objects(ds, SDO.keywords)} == SEED_KEYWORDS
    assert _one(graph, ds, SDO.temporalCoverage) == Literal("2021-03-01/2022-08-01")
    period = _one(graph, ds, DCT.temporal)
    assert (period, RDF.type, DCT.PeriodOfTime) in graph
    assert _one(graph, period, DCAT.startDate) == Literal("2021-03-01", datatype=XSD.date)
    assert _one(graph, period, DCAT.endDate) == Literal("2022-08-01", datatype=XSD.date)
    assert (ds, DCT.spatial, EU_COUNTRY.GBR) in graph
    assert (EU_COUNTRY.GBR, SDO.name, Literal("United Kingdom")) in graph
    catalogue = _one(graph, ds, SDO.includedInDataCatalog)
    assert _one(graph, catalogue, SDO.name) == Literal("UK Data Service")
    assert (catalogue, DCAT.dataset, ds) in graph


def test_seed_record_from_the_api_json() -> None:
    graph, _ = convert_graph(RECORDS / "01_ukds_dataset_856152.json")
    _check_seed(graph, SEED)
    assert _one(graph, SEED, DCT.identifier) == Literal("ukds/856152")
    record = URIRef(BASE + "record/5050ed61f083639e6f2563d215c23229")
    assert _one(graph, record, FOAF.primaryTopic) == SEED
    assert _one(graph, record, DCT.modified) == Literal("2026-11-22", datatype=XSD.date)


def test_seed_page_payload_gives_the_same_facts() -> None:
    graph, report = convert_graph(SEED_PAGE)
    assert report.ok, report.errors
    _check_seed(graph, _dataset(graph, "Children’s Safeguarding Social Work Practitioners: Remote and Hybrid "
                                       "Working Practices and Experiences, 2022"))


def test_open_ended_coverage_is_a_gyear_start_with_no_end() -> None:
    graph, _ = convert_graph(RECORDS / "02_mhc_study_edgi.json")
    ds = _dataset(graph, "Eating Disorders Genetics Initiative")
    assert _one(graph, ds, SDO.temporalCoverage) == Literal("2020/..")
    period = _one(graph, ds, DCT.temporal)
    assert _one(graph, period, DCAT.startDate) == Literal("2020", datatype=XSD.gYear)
    assert list(graph.objects(period, DCAT.endDate)) == []
    assert (ds, RDF.type, DISCO.Study) in graph
    assert _one(graph, ds, HEALTH.numberOfUniqueIndividuals) == Literal("21322", datatype=XSD.nonNegativeInteger)
    assert _one(graph, ds, HEALTH.minTypicalAge) == Literal("16", datatype=XSD.nonNegativeInteger)
    assert set(graph.objects(ds, LDCAT.studyDesign)) == {URIRef("https://w3id.org/ldcat/study-design/longitudinal"),
                                                         URIRef("https://w3id.org/ldcat/study-design/cohort")}


def test_hertfordshire_children_are_linked_both_ways() -> None:
    graph, _ = convert_graph(RECORDS / "closer_hertfordshire-cohort-study-hcs.json")
    study = _dataset(graph, "Hertfordshire Cohort Study (HCS)")
    children = set(graph.objects(study, DCT.hasPart))
    assert len(children) == 21
    assert children == set(graph.objects(study, SDO.hasPart))
    for child in children:
        assert (child, DCT.isPartOf, study) in graph and (child, SDO.isPartOf, study) in graph
        assert (child, RDF.type, DCAT.Dataset) in graph
    wellbeing = _dataset(graph, "Wellbeing Study Questionnaire Dataset")
    assert wellbeing == URIRef(BASE + "dataset/wellbeing-study-questionnaire-dataset")
    assert _one(graph, wellbeing, SDO.temporalCoverage) == Literal("2008/2009")
    assert {str(c) for c in graph.objects(study, SDO.includedInDataCatalog)} == {BASE + "catalog/closer",
                                                                                BASE + "catalog/mhc"}


def test_dataset_5992_has_its_77_variables_and_its_parent() -> None:
    graph, _ = convert_graph(RECORDS / "ukds_5992-ape5-spss-data-inc-urbanity.json")
    ds = URIRef(BASE + "dataset/c6ca05657ad335ca18cc423283d8d0e8")
    variables = set(graph.objects(ds, SDO.variableMeasured))
    assert len(variables) == 77
    assert variables == set(graph.objects(ds, DISCO.variable))
    first = URIRef(BASE + "dataset/c6ca05657ad335ca18cc423283d8d0e8#variable-plvi%401")
    assert _one(graph, first, SDO.name) == Literal("plvi@1")
    assert _one(graph, first, SDO.description) == Literal("Q.1/2 Combined voting")
    assert _one(graph, ds, DISCO.variableQuantity) == Literal("198", datatype=XSD.nonNegativeInteger)
    parent = URIRef(BASE + "dataset/00235f652796471205bc99f3bef90f04")
    assert (ds, DCT.isPartOf, parent) in graph and (parent, DCT.hasPart, ds) in graph
    assert _one(graph, parent, SDO.name) == Literal("Audit of Political Engagement 5, 2007")


def test_the_same_record_from_the_api_and_its_page_gets_the_same_iris() -> None:
    from_page, _ = convert_graph(RECORDS / "mhc_early-prediction-of-adolescent-depression-epad.json")
    from_api, _ = convert_graph(SEED_PAGE.parent / "early-prediction-of-adolescent-depression-epad.rsc.txt")
    assert set(from_page.subjects()) == set(from_api.subjects())


def test_profiles_switch_vocabularies_off() -> None:
    source = RECORDS / "01_ukds_dataset_856152.json"
    schema_only, _ = convert_graph(source, options=replace(OPTIONS, profiles=("schema",)))
    dcat_only, _ = convert_graph(source, options=replace(OPTIONS, profiles=("dcat",)))
    assert not any(str(p).startswith(str(DCAT)) or str(p).startswith(str(DCT)) for p in schema_only.predicates())
    assert not any(str(p).startswith(str(SDO)) for p in dcat_only.predicates())
    assert (SEED, RDF.type, SDO.Dataset) in schema_only and (SEED, RDF.type, DCAT.Dataset) in dcat_only


def test_base_iri_is_configurable_and_iris_never_use_titles() -> None:
    graph, _ = convert_graph(RECORDS / "01_ukds_dataset_856152.json",
                             options=replace(OPTIONS, base_iri="https://catalogue.example.net/ld/"))
    assert (URIRef("https://catalogue.example.net/ld/dataset/5050ed61f083639e6f2563d215c23229"), RDF.type,
            DCAT.Dataset) in graph
    assert not any("safeguarding" in str(s).lower() for s in graph.subjects())


def test_schema_org_terms_are_http_not_https() -> None:
    graph, _ = convert_graph(RECORDS / "01_ukds_dataset_856152.json")
    assert not any(str(t).startswith("https://schema.org/") for triple in graph for t in triple)
