"""The actual triples for the fixtures: what a harvester or Google would read."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DefinedNamespace
from rdflib.term import Node

from conftest import ALL_FIXTURES, BASE, OPTIONS, RECORDS, SEED_PAGE, convert_graph
from ldcat.mapping import DEFAULT_PROFILES, MapOptions, check_profiles, map_catalogues, profile_names, record_triples
from ldcat.model import Catalogue, Record
from ldcat.namespaces import (
    ADMS,
    DCAT,
    DCT,
    DISCO,
    EU_COUNTRY,
    EU_LANGUAGE,
    FOAF,
    HEALTH,
    LDCAT,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    VCARD,
    XSD,
)
from ldcat.pipeline import records
from ldcat.problems import Problem, Report

SEED = URIRef(BASE + "dataset/5050ed61f083639e6f2563d215c23229")
SEED_KEYWORDS = {"SOCIAL WELFARE", "CHILD PROTECTION", "SOCIAL WORK", "WORKPLACE", "WORK-LIFE BALANCE", "COMPUTERS",
                 "INFORMATION AND COMMUNICATIONS TECHNOLOGY", "INFORMATION SYSTEMS", "FLEXIBLE WORKING TIME",
                 "HOME-BASED WORK", "COVID-19"}


def _one(graph: Graph, s: Node, p: URIRef) -> Node:
    values = list(graph.objects(s, p))
    assert len(values) == 1, f"{p} of {s}: {values}"
    return values[0]


def _dataset(graph: Graph, title: str) -> URIRef:
    found = list(graph.subjects(DCT.title, Literal(title, lang="en")))  # text is tagged: metadata language
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
    assert (EU_COUNTRY.GBR, SDO.name, Literal("United Kingdom", lang="en")) in graph
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
    assert _one(graph, first, SDO.description) == Literal("Q.1/2 Combined voting", lang="en")
    assert _one(graph, ds, DISCO.variableQuantity) == Literal("198", datatype=XSD.nonNegativeInteger)
    parent = URIRef(BASE + "dataset/00235f652796471205bc99f3bef90f04")
    assert (ds, DCT.isPartOf, parent) in graph and (parent, DCT.hasPart, ds) in graph
    assert _one(graph, parent, SDO.name) == Literal("Audit of Political Engagement 5, 2007", lang="en")


def test_the_same_record_from_the_api_and_its_page_gets_the_same_iris() -> None:
    from_page, _ = convert_graph(RECORDS / "mhc_early-prediction-of-adolescent-depression-epad.json")
    from_api, _ = convert_graph(SEED_PAGE.parent / "early-prediction-of-adolescent-depression-epad.rsc.txt")
    assert set(from_page.subjects()) == set(from_api.subjects())


def test_base_iri_is_configurable_and_iris_never_use_titles() -> None:
    graph, _ = convert_graph(RECORDS / "01_ukds_dataset_856152.json",
                             options=replace(OPTIONS, base_iri="https://catalogue.example.net/ld/"))
    assert (URIRef("https://catalogue.example.net/ld/dataset/5050ed61f083639e6f2563d215c23229"), RDF.type,
            DCAT.Dataset) in graph
    # The IRIs ldcat mints (Harmony's own page of the record is Harmony's URL, which holds its slug).
    assert not any("safeguarding" in str(s).lower() for s in graph.subjects()
                   if str(s).startswith("https://catalogue.example.net/ld/"))


def test_schema_org_terms_are_http_not_https() -> None:
    graph, _ = convert_graph(RECORDS / "01_ukds_dataset_856152.json")
    assert not any(str(t).startswith("https://schema.org/") for triple in graph for t in triple)


# --- Profiles: one per vocabulary, each switchable, the default set giving today's graph. ---

PROFILES = ("schema", "dcat-ap-3", "healthdcat-ap", "ddi-discovery", "ldcat-study")
# The namespaces each profile's terms (predicates, and the classes of rdf:type) may come from.
# DDI-Discovery reuses DCTERMS, SKOS and FOAF for labels, descriptions and agents, as Disco does.
OWN_TERMS: dict[str, tuple[Namespace | type[DefinedNamespace], ...]] = {
    "schema": (SDO, OWL),  # owl:sameAs: a study's other IRI (its slug's), in every profile that names datasets
    "dcat-ap-3": (DCAT, DCT, ADMS, FOAF, PROV, SKOS, RDFS, OWL, VCARD),  # vCard: the contact point
    "healthdcat-ap": (HEALTH,),
    "ddi-discovery": (DISCO, DCT, SKOS, FOAF),
    "ldcat-study": (LDCAT, Namespace("http://www.w3.org/ns/oa#")),  # Harmony's additions as Web Annotations
}
# The namespace only that profile speaks: what it adds to the profiles it builds on.
DISTINCT = {"schema": SDO, "dcat-ap-3": DCAT, "healthdcat-ap": HEALTH, "ddi-discovery": DISCO, "ldcat-study": LDCAT}
# What the default set gives (since the EU data themes and contact points of the catalogues): per fixture the
# triple count and a digest of its sorted N-Triples terms (`_digest`). A deliberate change to the
# output elsewhere means regenerating this: `python tests/test_mapping.py` prints the table.
TODAY: dict[str, tuple[int, str]] = {
    "01_ukds_dataset_856152.jsonld": (54, "0777191f324609ef"),
    "02_mhc_study_edgi.jsonld": (50, "754286e580a6e3bb"),
    "05_matilda_dataset_path_through_life.jsonld": (16, "99330ba1ff78054d"),
    "06_mhc_study_cosmo.jsonld": (68, "ebcab2f57b8b7afc"),
    "children-s-safeguarding-social-work-practitioners-remote-and-hybrid-working-practices-and-experiences-2022.rsc.txt": (76, "0c7183f3b57e0a49"),  # noqa: E501
    "early-prediction-of-adolescent-depression-epad.rsc.txt": (126, "dca7fda95a59d63e"),
    "geospatial.rsc.txt": (113, "2e409c93d508edc8"),
    "01_ukds_dataset_856152.json": (106, "29930958e592abf8"),
    "02_mhc_study_edgi.json": (118, "daf29e70f33900de"),
    "03_adruk_dataset_nhs_tayside_fife_immunology.json": (91, "b676ab51f5af8bfa"),
    "04_ukds_child_dataset_3957_vehicle_with_variables.json": (631, "6fbda4debd806c0b"),
    "05_matilda_dataset_path_through_life.json": (57, "7bf9b481818fbde6"),
    "06_mhc_study_cosmo.json": (136, "4615e22c98acb35c"),
    "closer_hertfordshire-cohort-study-hcs.json": (1606, "c80577e82969e136"),
    "cls_growing-up-in-digital-europe.json": (76, "fe6d6f3948861cf6"),
    "mhc_born-in-bradford-bib.json": (169, "f9356d3280798da1"),
    "mhc_early-prediction-of-adolescent-depression-epad.json": (126, "dca7fda95a59d63e"),
    "mhc_european-social-survey-ess.json": (142, "18f440cde08acd88"),
    "mhc_gemini.json": (128, "e3ae9504a78e096c"),
    "ukds_3264-h21975.json": (236, "90a8b740bbb84974"),
    "ukds_5992-ape5-spss-data-inc-urbanity.json": (843, "a164e11b9e9ad2f3"),
    "ukds_audit-of-political-engagement-5-2007.json": (221, "41d36ca141688f89"),
    "ukllc_geospatial.json": (113, "2e409c93d508edc8"),
}
TODAY_CATALOGUES = (120, "b07d6854beedbe97")


def _digest(graph: Graph) -> str:
    lines = sorted(" ".join(term.n3() for term in triple) for triple in graph)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def _terms(graph: Graph) -> set[Node]:
    """The vocabulary a graph uses: its predicates (but rdf:type) and the classes it types with."""
    return {p for p in graph.predicates() if p != RDF.type} | set(graph.objects(None, RDF.type))


def _only(names: tuple[str, ...]) -> MapOptions:
    return replace(OPTIONS, profiles=names)


def _catalogues() -> list[Catalogue]:
    found: dict[str, Catalogue] = {}
    for item in records(ALL_FIXTURES, Report(), mapping=OPTIONS):
        found.update((c.key, c) for c in item.record.catalogues)
    return list(found.values())


@pytest.fixture(scope="module")
def profile_graphs() -> dict[str, dict[str, Graph]]:
    """Each profile chosen alone: fixture name → graph."""
    return {name: {p.name: convert_graph(p, options=_only((name,)))[0] for p in ALL_FIXTURES} for name in PROFILES}


def _merged(graphs: dict[str, Graph]) -> Graph:
    merged = Graph()
    for graph in graphs.values():
        merged += graph
    return merged


def test_the_default_set_is_every_profile() -> None:
    assert set(profile_names()) >= set(PROFILES) and "dcat" not in profile_names()
    assert check_profiles(DEFAULT_PROFILES) == PROFILES


def test_builds_on_pulls_the_base_profile_in(profile_graphs: dict[str, dict[str, Graph]]) -> None:
    assert check_profiles(["healthdcat-ap"]) == ("dcat-ap-3", "healthdcat-ap")
    assert check_profiles(["ddi-discovery", "healthdcat-ap"]) == ("dcat-ap-3", "ddi-discovery", "healthdcat-ap")
    assert check_profiles(["ldcat-study", "schema"]) == ("dcat-ap-3", "ldcat-study", "schema")
    assert check_profiles(["schema"]) == ("schema",)
    base = _merged(profile_graphs["dcat-ap-3"])
    for name in ("healthdcat-ap", "ddi-discovery", "ldcat-study"):
        graph = _merged(profile_graphs[name])
        assert set(base) <= set(graph), f"{name} lacks DCAT-AP triples"
        assert any(str(p).startswith(str(DISTINCT[name])) for p in graph.predicates()), name


@pytest.mark.parametrize("name", PROFILES)
def test_each_profile_alone_speaks_only_its_vocabulary(profile_graphs: dict[str, dict[str, Graph]],
                                                       name: str) -> None:
    graph = _merged(profile_graphs[name])
    allowed = tuple(str(ns) for base in check_profiles([name]) for ns in OWN_TERMS[base])
    stray = sorted(str(t) for t in _terms(graph) if not str(t).startswith(allowed))
    assert stray == [], f"{name} emits terms of another profile's vocabulary"
    # What it adds to its bases is in its own vocabulary (the rest is shared nodes: labels, agents).
    added = set(graph) - {t for base in check_profiles([name])[:-1] for t in _merged(profile_graphs[base])}
    assert any(str(p).startswith(str(DISTINCT[name])) or str(o).startswith(str(DISTINCT[name]))
               for _, p, o in added)


def test_the_vocabularies_land_where_the_mapping_table_says(profile_graphs: dict[str, dict[str, Graph]]) -> None:
    edgi = {name: graphs["02_mhc_study_edgi.json"] for name, graphs in profile_graphs.items()}
    ds = _dataset(edgi["dcat-ap-3"], "Eating Disorders Genetics Initiative")
    health = edgi["healthdcat-ap"]
    assert (ds, RDF.type, DCAT.Dataset) in health and (ds, HEALTH.minTypicalAge, None) in health
    assert not any(str(t).startswith((str(SDO), str(DISCO), str(LDCAT))) for t in _terms(health))
    disco = edgi["ddi-discovery"]
    assert (ds, RDF.type, DISCO.Study) in disco and (ds, HEALTH.minTypicalAge, None) not in disco
    assert (None, DISCO.variable, None) in _merged(profile_graphs["ddi-discovery"])
    assert (None, DISCO.fundedBy, None) in _merged(profile_graphs["ddi-discovery"])
    assert (ds, LDCAT.studyDesign, URIRef("https://w3id.org/ldcat/study-design/cohort")) in edgi["ldcat-study"]
    schema = edgi["schema"]
    assert (ds, RDF.type, SDO.Dataset) in schema
    assert not any(str(t).startswith((str(DCAT), str(DCT), str(DISCO), str(HEALTH), str(LDCAT)))
                   for t in _terms(schema))


@pytest.mark.parametrize("source", ALL_FIXTURES, ids=lambda p: p.name)
def test_the_default_set_gives_todays_graph(fixture_graphs: dict[str, Graph],
                                            profile_graphs: dict[str, dict[str, Graph]], source: Path) -> None:
    default = fixture_graphs[source.name]
    union = Graph()
    for name in PROFILES:
        union += profile_graphs[name][source.name]
    assert set(union) == set(default)
    assert (len(default), _digest(default)) == TODAY[source.name], "the output changed (see TODAY)"


def test_the_catalogues_are_todays_and_each_profile_adds_its_own() -> None:
    catalogues = _catalogues()
    default = map_catalogues(catalogues, OPTIONS)
    assert (len(default), _digest(default)) == TODAY_CATALOGUES
    union = Graph()
    for name in PROFILES:
        union += map_catalogues(catalogues, _only((name,)))
    assert set(union) == set(default)
    assert len(map_catalogues(catalogues, _only(("healthdcat-ap",)))) == len(map_catalogues(catalogues,
                                                                                          _only(("dcat-ap-3",))))


# --- What a profile cannot say is a Problem, not a silent drop. ---

def _record(**fields: object) -> Record:
    return Record(key="k1", name="A study", origin="records.jsonl:3", **fields)  # type: ignore[arg-type]


def test_a_study_design_outside_the_scheme_is_kept_and_a_warning() -> None:
    record = _record(study_design=["cohort", "genome-wide association"])
    problems: list[Problem] = []
    triples = record_triples(record, OPTIONS, problems)
    ds = OPTIONS.iris.dataset("k1")
    local = URIRef(BASE + "concept/study-design/genome-wide-association")  # the publisher's own scheme
    assert {t for t in triples if t[1] == LDCAT.studyDesign} == {
        (ds, LDCAT.studyDesign, URIRef("https://w3id.org/ldcat/study-design/cohort")),
        (ds, LDCAT.studyDesign, local)}
    assert (local, SKOS.prefLabel, Literal("genome-wide association", lang="en")) in triples
    assert [(p.code, p.severity, p.record, p.field) for p in problems] == [
        ("study-design-not-mapped", "warning", "records.jsonl:3", "extra_data.study_design")]
    assert "'genome-wide association'" in problems[0].message
    assert record_triples(record, OPTIONS) == triples  # the problems change no triple


def test_a_language_without_an_authority_iri_is_a_warning() -> None:
    record = _record(languages=["en", "xx"])
    problems: list[Problem] = []
    triples = record_triples(record, OPTIONS, problems)
    ds = OPTIONS.iris.dataset("k1")
    assert [t for t in triples if t[1] == DCT.language] == [(ds, DCT.language, EU_LANGUAGE.ENG)]
    assert {(ds, SDO.inLanguage, Literal("en")), (ds, SDO.inLanguage, Literal("xx"))} <= triples
    assert [(p.code, p.severity, p.record, p.field) for p in problems] == [
        ("language-not-mapped", "warning", "records.jsonl:3", "extra_data.language_codes")]
    assert "'xx'" in problems[0].message
    # schema.org takes any code, so it alone has nothing to report.
    alone: list[Problem] = []
    record_triples(record, _only(("schema",)), alone)
    assert alone == []


def test_a_real_records_twin_and_birth_designs_are_concepts_of_the_scheme() -> None:
    problems: list[Problem] = []
    designs: set[Node] = set()
    for item in records([RECORDS / "mhc_gemini.json"], Report(), mapping=OPTIONS):
        designs |= {o for _, p, o in record_triples(item.record, OPTIONS, problems) if p == LDCAT.studyDesign}
    assert [p for p in problems if p.code == "study-design-not-mapped"] == []
    assert designs == {URIRef(f"https://w3id.org/ldcat/study-design/{code}")
                       for code in ("longitudinal", "cohort", "twin", "birth-cohort")}


if __name__ == "__main__":  # prints TODAY for the output as it is now (after a deliberate change)
    for path in ALL_FIXTURES:
        graph = convert_graph(path)[0]
        print(f'    "{path.name}": ({len(graph)}, "{_digest(graph)}"),')
    graph = map_catalogues(_catalogues(), OPTIONS)
    print(f'TODAY_CATALOGUES = ({len(graph)}, "{_digest(graph)}")')


def test_an_iri_and_a_text_are_each_one_object_while_they_recur_and_the_memo_stays_bounded() -> None:
    """The mapping's IRIs and texts are one object each while they recur (what makes the sets and the
    N-Triples writer fast), equal to what rdflib makes; a memo with a limit starts again when full."""
    from ldcat.literals import text
    from ldcat.mapping.iris import iri
    from ldcat.memo import Memo

    assert iri("https://example.org/a") is iri("https://example.org/a") == URIRef("https://example.org/a")
    assert text("x", "en") is text("x", "en") == Literal("x", lang="en")
    assert text("x", "en") is not text("x") and text("x") == Literal("x")
    made: list[int] = []
    memo: Memo[int, str] = Memo(lambda n: (made.append(n), str(n))[1], limit=3)
    assert [memo[n] for n in (1, 2, 1, 3, 2)] == ["1", "2", "1", "3", "2"] and made == [1, 2, 3]
    assert memo[4] == "4" and len(memo) == 1 and made == [1, 2, 3, 4]
