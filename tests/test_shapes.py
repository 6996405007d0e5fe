"""The SHACL shapes in shapes/: every shape documented, every shape exercised by data that breaks
it (and gets exactly the results expected), valid data clean, and the real fixtures with no
violations and exactly the warnings listed here, so a change in what they lack shows in review."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyshacl
import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.plugins.sparql.evaluate import evalQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor

from conftest import ALL_FIXTURES, ROOT
from ldcat.plugins import registry, shapes_profile
from ldcat.validate import Result, default_shapes, run_shacl, shapes_graph, validate_graph

PROFILES = default_shapes()
GRAPH_QUERY = Graph.query
SHAPES = "https://w3id.org/ldcat/shapes/"
EX = "https://example.org/"
SEVERITIES = {SH.Violation, SH.Warning, SH.Info}

PREFIXES = """
@prefix adms: <http://www.w3.org/ns/adms#> .
@prefix country: <http://publications.europa.eu/resource/authority/country/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix disco: <http://rdf-vocabulary.ddialliance.org/discovery#> .
@prefix ex: <https://example.org/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix healthdcatap: <http://healthdataportal.eu/ns/health#> .
@prefix ldcat: <https://w3id.org/ldcat/vocab#> .
@prefix schema: <http://schema.org/> .
@prefix https: <https://schema.org/> .
@prefix sd: <https://w3id.org/ldcat/study-design/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# --- valid data, one snippet per profile: each gives no result at all ---------------------------

VALID: dict[str, str] = {
    "google": """
        ex:d a schema:Dataset ;
            schema:name "Northshire Growing Up Cohort: children born 2004 to 2006" ;
            schema:description "4,812 children born in Northshire hospitals, and their parents, followed to age 17." ;
            schema:url <https://example.org/nguc> ;
            schema:identifier ex:doi, "closer/nguc" ;
            schema:keywords "Child development", "Mental health" ;
            schema:license <https://example.org/licence> ;
            schema:creator ex:org ;
            schema:publisher ex:org ;
            schema:temporalCoverage "2004/.." ;
            schema:spatialCoverage ex:place, "Northshire" ;
            schema:includedInDataCatalog ex:catalog ;
            schema:distribution ex:download ;
            schema:variableMeasured ex:variable .
        ex:doi a schema:PropertyValue ;
            schema:propertyID "https://registry.identifiers.org/registry/doi" ;
            schema:value "doi:10.5072/NGUC-2004" .
        ex:variable a schema:PropertyValue ; schema:name "yp_sdq_total" .
        ex:org a schema:Organization ; schema:name "Northshire Institute of Child Health" .
        ex:place a schema:Place ; schema:name "Northshire" .
        ex:catalog a schema:DataCatalog ; schema:name "CLOSER Discovery" .
        ex:download a schema:DataDownload ;
            schema:contentUrl <https://example.org/nguc.csv> ;
            schema:encodingFormat "text/csv" .
    """,
    # The catalogue is a dcat:Dataset too (vocab/authorities.ttl says dcat:Catalog rdfs:subClassOf
    # dcat:Dataset), yet it must not be held to the dataset recommendations: no keyword warning etc.
    "dcat-ap-3": """
        ex:catalog a dcat:Catalog ;
            dct:title "Harmony Data Discovery" ;
            dct:description "Studies and datasets aggregated from UK catalogues." ;
            dct:publisher ex:agent ;
            foaf:homepage <https://example.org/> ;
            dcat:dataset ex:d ;
            dcat:record ex:record .
        <https://example.org/> a foaf:Document .
        ex:record a dcat:CatalogRecord ;
            foaf:primaryTopic ex:d ;
            dct:modified "2026-11-22"^^xsd:date .
        ex:d a dcat:Dataset ;
            dct:title "Northshire Growing Up Cohort" ;
            dct:description "4,812 children born in Northshire, followed to age 17." ;
            dct:identifier "closer/nguc" ;
            adms:identifier ex:doi ;
            dcat:keyword "Child development" ;
            dct:publisher ex:agent ;
            dct:spatial country:GBR, ex:place ;
            dct:temporal ex:period, ex:sweep7 ;
            dcat:distribution ex:distribution ;
            dcat:landingPage <https://example.org/nguc> .
        <https://example.org/nguc> a foaf:Document .
        ex:place a dct:Location ; skos:prefLabel "Northshire" .
        ex:period a dct:PeriodOfTime ; dcat:startDate "2004"^^xsd:gYear ; dcat:endDate "2004-07-31"^^xsd:date .
        ex:sweep7 a dct:PeriodOfTime ;
            dcat:startDate "2021-09"^^xsd:gYearMonth ;
            dcat:endDate "2022-07-31T00:00:00Z"^^xsd:dateTime .
        ex:distribution a dcat:Distribution ; dcat:accessURL <https://example.org/access> .
        ex:agent a foaf:Agent ; foaf:name "Northshire Institute of Child Health" .
        ex:doi a adms:Identifier ; skos:notation "10.5072/NGUC-2004" .
    """,
    "ldcat": """
        ex:study a dcat:Dataset, disco:Study, schema:Dataset ;
            dct:title "Northshire Growing Up Cohort" ;
            healthdcatap:minTypicalAge "0"^^xsd:nonNegativeInteger ;
            healthdcatap:maxTypicalAge "17"^^xsd:nonNegativeInteger ;
            healthdcatap:numberOfUniqueIndividuals "4812"^^xsd:nonNegativeInteger ;
            disco:variableQuantity "2310"^^xsd:nonNegativeInteger ;
            ldcat:numberOfSweeps "7"^^xsd:nonNegativeInteger ;
            ldcat:geneticDataCollected true ;
            ldcat:studyDesign sd:cohort, sd:longitudinal ;
            disco:variable ex:variable ;
            schema:variableMeasured ex:measured, "free-text variable" ;
            dct:hasPart ex:sweep ;
            schema:hasPart ex:sweep .
        ex:sweep a dcat:Dataset, schema:Dataset ;
            dct:title "NGUC Sweep 7 Young Person Survey" ;
            healthdcatap:minTypicalAge "17"^^xsd:nonNegativeInteger ;
            healthdcatap:maxTypicalAge "17"^^xsd:nonNegativeInteger ;
            dct:isPartOf ex:study ;
            schema:isPartOf ex:study .
        ex:variable a disco:Variable ; skos:prefLabel "yp_sdq_total" .
        ex:measured a schema:PropertyValue ; schema:name "yp_sdq_total" .
    """,
}


# --- one case (at least) per shape: the valid snippet, broken in one place ----------------------


@dataclass(frozen=True)
class Case:
    """`profile`'s valid snippet minus the triples `remove`, plus `add`, gives exactly the results
    `expect` (focus, path, severity), all from `shape` and no other shape."""

    id: str
    profile: str
    shape: str
    expect: frozenset[tuple[str, str | None, str]]
    remove: str = ""
    add: str = ""

    def graph(self) -> Graph:
        graph = _parse(VALID[self.profile])
        removed = _parse(self.remove)
        assert not removed - graph, f"{self.id}: removes triples the valid snippet does not have"
        graph -= removed
        graph += _parse(self.add)
        return graph

    def expected(self) -> set[tuple[str, str, str | None, str]]:
        return {(f"{self.profile}#{self.shape}", *e) for e in self.expect}


def case(profile: str, shape: str, *expect: tuple[str, str | None, str], remove: str = "", add: str = "",
         name: str = "") -> Case:
    return Case(name or shape, profile, shape, frozenset(expect), remove, add)


def V(focus: str, path: str | None) -> tuple[str, str | None, str]:
    return (focus, path, "violation")


def W(focus: str, path: str | None) -> tuple[str, str | None, str]:
    return (focus, path, "warning")


NAME = '"Northshire Growing Up Cohort: children born 2004 to 2006"'
DESCRIPTION = '"4,812 children born in Northshire hospitals, and their parents, followed to age 17."'

GOOGLE = [
    case("google", "DatasetName", V("d", "schema:name"), remove=f"ex:d schema:name {NAME} ."),
    case("google", "DatasetName", V("d", "schema:name"), name="DatasetName-iri",
         remove=f"ex:d schema:name {NAME} .", add="ex:d schema:name <https://example.org/name> ."),
    case("google", "DatasetDescription", V("d", "schema:description"),
         remove=f"ex:d schema:description {DESCRIPTION} ."),
    case("google", "DescriptionLength", W("d", "schema:description"), name="DescriptionLength-short",
         remove=f"ex:d schema:description {DESCRIPTION} .", add='ex:d schema:description "Children, followed." .'),
    case("google", "DescriptionLength", W("d", "schema:description"), name="DescriptionLength-long",
         remove=f"ex:d schema:description {DESCRIPTION} .", add=f'ex:d schema:description "{"Long. " * 834}" .'),
    case("google", "DescriptionDiffersFromName", W("d", "schema:description"),
         remove=f"ex:d schema:description {DESCRIPTION} .",
         add='ex:d schema:description "NORTHSHIRE growing up cohort: children born 2004 to 2006" .'),
    case("google", "DatasetUrl", W("d", "schema:url"), remove="ex:d schema:url <https://example.org/nguc> ."),
    case("google", "DatasetUrl", W("d", "schema:url"), name="DatasetUrl-literal",
         remove="ex:d schema:url <https://example.org/nguc> .", add='ex:d schema:url "https://example.org/nguc" .'),
    case("google", "DatasetIdentifier", W("d", "schema:identifier"),
         remove='ex:d schema:identifier ex:doi, "closer/nguc" .'),
    case("google", "DatasetKeywords", W("d", "schema:keywords"),
         remove='ex:d schema:keywords "Child development", "Mental health" .'),
    case("google", "DatasetLicense", W("d", "schema:license"),
         remove="ex:d schema:license <https://example.org/licence> ."),
    case("google", "DatasetCreatorOrPublisher", W("d", None),
         remove="ex:d schema:creator ex:org ; schema:publisher ex:org ."),
    case("google", "TemporalCoverage", W("d", "schema:temporalCoverage"),
         remove='ex:d schema:temporalCoverage "2004/.." .', add='ex:d schema:temporalCoverage "2004 to 2006" .'),
    case("google", "SpatialCoverage", W("d", "schema:spatialCoverage"),
         add='ex:d schema:spatialCoverage ex:somewhere . ex:somewhere schema:name "Northshire" .'),
    case("google", "IncludedInDataCatalog", W("d", "schema:includedInDataCatalog"),
         add="ex:d schema:includedInDataCatalog ex:elsewhere ."),
    case("google", "DistributionType", W("d", "schema:distribution"), remove="ex:download a schema:DataDownload ."),
    case("google", "DistributionContentUrl", W("download", "schema:contentUrl"),
         remove="ex:download schema:contentUrl <https://example.org/nguc.csv> ."),
    case("google", "DistributionEncodingFormat", W("download", "schema:encodingFormat"),
         remove='ex:download schema:encodingFormat "text/csv" .'),
    case("google", "DataCatalogName", W("catalog", "schema:name"),
         remove='ex:catalog schema:name "CLOSER Discovery" .'),
    case("google", "OrganizationName", W("org", "schema:name"),
         remove='ex:org schema:name "Northshire Institute of Child Health" .'),
    case("google", "PropertyValueNameOrValue", W("variable", None), remove='ex:variable schema:name "yp_sdq_total" .'),
    case("google", "PropertyValueNameOrValue", W("doi", None), name="PropertyValueNameOrValue-identifier",
         remove='ex:doi schema:value "doi:10.5072/NGUC-2004" .'),
    case("google", "HttpsSchemaOrg", V("d", None), add="ex:d https:license <https://example.org/licence> ."),
    case("google", "HttpsSchemaOrg", V("catalog", None), name="HttpsSchemaOrg-class",
         add="ex:catalog a https:DataCatalog ."),
]

DCAT = [
    case("dcat-ap-3", "CatalogTitle", V("catalog", "dct:title"),
         remove='ex:catalog dct:title "Harmony Data Discovery" .'),
    case("dcat-ap-3", "CatalogDescription", V("catalog", "dct:description"),
         remove='ex:catalog dct:description "Studies and datasets aggregated from UK catalogues." .'),
    case("dcat-ap-3", "CatalogPublisher", V("catalog", "dct:publisher"), remove="ex:catalog dct:publisher ex:agent ."),
    case("dcat-ap-3", "CatalogPublisher", V("catalog", "dct:publisher"), name="CatalogPublisher-two",
         add='ex:catalog dct:publisher ex:other . ex:other a foaf:Agent ; foaf:name "Other" .'),
    case("dcat-ap-3", "CatalogContents", W("catalog", None),
         remove="ex:catalog dcat:dataset ex:d ; dcat:record ex:record ."),
    case("dcat-ap-3", "CatalogHomepage", V("catalog", "foaf:homepage"),
         remove="<https://example.org/> a foaf:Document ."),
    case("dcat-ap-3", "CatalogRecordPrimaryTopic", V("record", "foaf:primaryTopic"),
         remove="ex:record foaf:primaryTopic ex:d ."),
    case("dcat-ap-3", "CatalogRecordPrimaryTopic", V("record", "foaf:primaryTopic"),
         name="CatalogRecordPrimaryTopic-range",
         remove="ex:record foaf:primaryTopic ex:d .", add="ex:record foaf:primaryTopic <https://example.org/page> ."),
    case("dcat-ap-3", "CatalogRecordModified", V("record", "dct:modified"),
         remove='ex:record dct:modified "2026-11-22"^^xsd:date .', add='ex:record dct:modified "2026-11-22" .'),
    case("dcat-ap-3", "CatalogRecordModified", V("record", "dct:modified"), name="CatalogRecordModified-missing",
         remove='ex:record dct:modified "2026-11-22"^^xsd:date .'),
    case("dcat-ap-3", "DatasetTitle", V("d", "dct:title"), remove='ex:d dct:title "Northshire Growing Up Cohort" .'),
    case("dcat-ap-3", "DatasetDescription", V("d", "dct:description"),
         remove='ex:d dct:description "4,812 children born in Northshire, followed to age 17." .'),
    case("dcat-ap-3", "DatasetIdentifier", V("d", "dct:identifier"),
         remove='ex:d dct:identifier "closer/nguc" .', add="ex:d dct:identifier <https://doi.org/10.5072/NGUC-2004> ."),
    case("dcat-ap-3", "DatasetKeyword", W("d", "dcat:keyword"), remove='ex:d dcat:keyword "Child development" .'),
    case("dcat-ap-3", "DatasetPublisher", W("d", "dct:publisher"), remove="ex:d dct:publisher ex:agent ."),
    case("dcat-ap-3", "DatasetPublisherRange", V("d", "dct:publisher"),
         add='ex:d dct:publisher ex:other . ex:other a foaf:Agent ; foaf:name "Other" .'),
    case("dcat-ap-3", "DatasetPublisherRange", V("d", "dct:publisher"), name="DatasetPublisherRange-class",
         remove="ex:d dct:publisher ex:agent .", add='ex:d dct:publisher ex:untyped .'),
    case("dcat-ap-3", "DatasetSpatial", W("d", "dct:spatial"), remove="ex:d dct:spatial country:GBR, ex:place ."),
    case("dcat-ap-3", "DatasetSpatialRange", V("d", "dct:spatial"), add="ex:d dct:spatial ex:nowhere ."),
    case("dcat-ap-3", "DatasetSpatialRange", V("d", "dct:spatial"), name="DatasetSpatialRange-unknown-country",
         add="ex:d dct:spatial country:XYZ ."),
    case("dcat-ap-3", "DatasetTemporal", W("d", "dct:temporal"), remove="ex:d dct:temporal ex:period, ex:sweep7 ."),
    case("dcat-ap-3", "DatasetTemporalRange", V("d", "dct:temporal"), remove="ex:period a dct:PeriodOfTime ."),
    case("dcat-ap-3", "DatasetDistribution", W("d", "dcat:distribution"),
         remove="ex:d dcat:distribution ex:distribution ."),
    case("dcat-ap-3", "DatasetDistributionRange", V("d", "dcat:distribution"),
         remove="ex:distribution a dcat:Distribution ."),
    case("dcat-ap-3", "DatasetLandingPage", W("d", "dcat:landingPage"),
         remove="ex:d dcat:landingPage <https://example.org/nguc> ."),
    case("dcat-ap-3", "DatasetLandingPageRange", V("d", "dcat:landingPage"),
         remove="<https://example.org/nguc> a foaf:Document ."),
    case("dcat-ap-3", "DistributionAccessURL", V("distribution", "dcat:accessURL"),
         remove="ex:distribution dcat:accessURL <https://example.org/access> ."),
    case("dcat-ap-3", "DistributionAccessURL", V("distribution", "dcat:accessURL"),
         name="DistributionAccessURL-literal",
         remove="ex:distribution dcat:accessURL <https://example.org/access> .",
         add='ex:distribution dcat:accessURL "https://example.org/access" .'),
    case("dcat-ap-3", "PeriodStartDate", V("period", "dcat:startDate"),
         remove='ex:period dcat:startDate "2004"^^xsd:gYear .', add='ex:period dcat:startDate "2004" .'),
    case("dcat-ap-3", "PeriodStartDate", V("period", "dcat:startDate"), name="PeriodStartDate-two",
         add='ex:period dcat:startDate "2003"^^xsd:gYear .'),
    case("dcat-ap-3", "PeriodEndDate", V("period", "dcat:endDate"),
         remove='ex:period dcat:endDate "2004-07-31"^^xsd:date .', add='ex:period dcat:endDate "31/07/2004" .'),
    case("dcat-ap-3", "PeriodOrder", V("period", None),
         remove='ex:period dcat:startDate "2004"^^xsd:gYear .', add='ex:period dcat:startDate "2005"^^xsd:gYear .'),
    case("dcat-ap-3", "PeriodOrder", V("sweep7", None), name="PeriodOrder-same-precision",
         remove='ex:sweep7 dcat:endDate "2022-07-31T00:00:00Z"^^xsd:dateTime .',
         add='ex:sweep7 dcat:endDate "2021-08-31"^^xsd:date .'),
    case("dcat-ap-3", "AgentName", V("agent", "foaf:name"),
         remove='ex:agent foaf:name "Northshire Institute of Child Health" .'),
    case("dcat-ap-3", "IdentifierNotation", V("doi", "skos:notation"),
         remove='ex:doi skos:notation "10.5072/NGUC-2004" .'),
    case("dcat-ap-3", "IdentifierNotation", V("doi", "skos:notation"), name="IdentifierNotation-two",
         add='ex:doi skos:notation "10.5072/nguc.profile.2019" .'),
]

LDCAT = [
    case("ldcat", "MinTypicalAge", V("study", "healthdcatap:minTypicalAge"),
         remove='ex:study healthdcatap:minTypicalAge "0"^^xsd:nonNegativeInteger .',
         add='ex:study healthdcatap:minTypicalAge "0" .'),
    case("ldcat", "MaxTypicalAge", V("study", "healthdcatap:maxTypicalAge"),
         remove='ex:study healthdcatap:maxTypicalAge "17"^^xsd:nonNegativeInteger .',
         add='ex:study healthdcatap:maxTypicalAge 17.5 .'),
    case("ldcat", "TypicalAgeOrder", V("sweep", None),
         remove='ex:sweep healthdcatap:minTypicalAge "17"^^xsd:nonNegativeInteger .',
         add='ex:sweep healthdcatap:minTypicalAge "18"^^xsd:nonNegativeInteger .'),
    case("ldcat", "NumberOfUniqueIndividuals", V("study", "healthdcatap:numberOfUniqueIndividuals"),
         remove='ex:study healthdcatap:numberOfUniqueIndividuals "4812"^^xsd:nonNegativeInteger .',
         add='ex:study healthdcatap:numberOfUniqueIndividuals "4,812" .'),
    case("ldcat", "VariableQuantity", V("study", "disco:variableQuantity"),
         remove='ex:study disco:variableQuantity "2310"^^xsd:nonNegativeInteger .',
         add='ex:study disco:variableQuantity "-1"^^xsd:nonNegativeInteger .'),
    case("ldcat", "NumberOfSweeps", V("study", "ldcat:numberOfSweeps"),
         add='ex:study ldcat:numberOfSweeps "8"^^xsd:nonNegativeInteger .'),
    case("ldcat", "GeneticDataCollected", V("study", "ldcat:geneticDataCollected"),
         remove="ex:study ldcat:geneticDataCollected true .", add='ex:study ldcat:geneticDataCollected "yes" .'),
    case("ldcat", "StudyDesign", V("study", "ldcat:studyDesign"), add="ex:study ldcat:studyDesign ex:cohort ."),
    case("ldcat", "StudyDesign", V("study", "ldcat:studyDesign"), name="StudyDesign-other-scheme",
         add="ex:study ldcat:studyDesign country:GBR ."),
    case("ldcat", "VariableLabel", V("variable", "skos:prefLabel"),
         remove='ex:variable skos:prefLabel "yp_sdq_total" .'),
    case("ldcat", "VariableMeasuredName", V("measured", "schema:name"),
         remove='ex:measured schema:name "yp_sdq_total" .'),
    case("ldcat", "StudyIsDataset", V("study", None), remove="ex:study a dcat:Dataset ."),
    case("ldcat", "HasPartInverse", V("study", "dct:hasPart"), remove="ex:sweep dct:isPartOf ex:study ."),
    case("ldcat", "IsPartOfInverse", V("sweep", "dct:isPartOf"), remove="ex:study dct:hasPart ex:sweep ."),
    case("ldcat", "SchemaHasPartInverse", V("study", "schema:hasPart"), remove="ex:sweep schema:isPartOf ex:study ."),
    case("ldcat", "SchemaIsPartOfInverse", V("sweep", "schema:isPartOf"), remove="ex:study schema:hasPart ex:sweep ."),
]

CASES = [*GOOGLE, *DCAT, *LDCAT]


def _parse(turtle: str) -> Graph:
    return Graph().parse(data=PREFIXES + turtle, format="turtle")


def _local(iri: str, root: str = EX) -> str:
    return iri.removeprefix(root)


def _shape(result: Result) -> str:
    return (result.shape or "").removeprefix(SHAPES)


def _found(results: list[Result]) -> set[tuple[str, str, str | None, str]]:
    return {(_shape(r), _local(r.focus), r.path, r.severity) for r in results}


def _shapes(profile: str) -> set[URIRef]:
    graph = shapes_graph(profile)
    return {s for t in (SH.NodeShape, SH.PropertyShape) for s in graph.subjects(RDF.type, t)}  # type: ignore[misc]


# --- the shapes files ---------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_every_shape_is_documented(profile: str) -> None:
    graph = shapes_graph(profile)
    shapes = _shapes(profile)
    assert len(shapes) >= 10
    for shape in shapes:
        assert isinstance(shape, URIRef) and str(shape).startswith(f"{SHAPES}{profile}#"), shape
        for prop in (SH.name, SH.description, SH.message):
            assert graph.value(shape, prop), f"{shape} has no {prop}"
        assert graph.value(shape, SH.severity) in SEVERITIES, f"{shape} has no deliberate sh:severity"


@pytest.mark.parametrize("profile", PROFILES)
def test_no_other_shapes_and_no_blank_node_shapes(profile: str) -> None:
    """Anything with a path or a constraint is a named shape, or an alternative inside sh:or."""
    graph = shapes_graph(profile)
    alternatives = {m for lst in graph.objects(None, SH["or"]) for m in Collection(graph, lst)}
    constrained = {s for p in (SH.path, SH.minCount, SH["class"], SH.datatype, SH.nodeKind) for s in graph.subjects(p)}
    for node in constrained - _shapes(profile):
        assert isinstance(node, BNode) and node in alternatives, f"{node} is an unnamed shape"


@pytest.mark.parametrize("profile", PROFILES)
def test_shapes_are_valid_shacl(profile: str) -> None:
    """pyshacl checks the shapes graph against the SHACL-for-SHACL shapes (raises if it fails)."""
    conforms, _, _ = pyshacl.validate(Graph(), shacl_graph=shapes_graph(profile), meta_shacl=True, advanced=True)
    assert conforms


@pytest.mark.parametrize("profile", PROFILES)
def test_profile_is_described_once(profile: str) -> None:
    graph = shapes_graph(profile)
    (ontology,) = graph.subjects(RDF.type, OWL.Ontology)
    assert str(ontology) == SHAPES + profile
    assert graph.value(ontology, RDFS.label)
    comments = list(graph.triples((None, RDFS.comment, None)))
    assert len(comments) == 1 and comments[0][0] == ontology
    assert shapes_profile(profile).title == str(comments[0][2])  # the profile's title is the file's own text


@pytest.mark.parametrize("profile", PROFILES)
def test_builtin_profiles_are_plugins_whose_files_are_the_package_resources(profile: str) -> None:
    (plugin,) = [p for p in registry.plugins("shapes") if p.name == profile]
    assert plugin.builtin and plugin.target.startswith("ldcat.validate.shapes:")
    loaded = shapes_profile(profile)
    assert loaded.name == profile
    assert [Path(str(f)).resolve() for f in loaded.files] == [(ROOT / "shapes" / f"{profile}.ttl").resolve()]
    assert loaded.files[0].read_text(encoding="utf-8") == (ROOT / "shapes" / f"{profile}.ttl").read_text()


def test_each_sparql_query_is_parsed_once_and_rdflib_is_not_patched(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsing a SPARQL constraint for every focus node is most of its cost; it is parsed once,
    without replacing anything in rdflib (other code in the process runs queries too)."""
    original = SPARQLProcessor.query
    parsed: list[str] = []
    evaluated: list[object] = []

    def parse(text: str, *args: Any, **kwargs: Any) -> Any:
        parsed.append(text)
        return parseQuery(text, *args, **kwargs)

    def evaluate(graph: Graph, query: Any, *args: Any, **kwargs: Any) -> Any:
        assert SPARQLProcessor.query is original
        evaluated.append(query)
        return evalQuery(graph, query, *args, **kwargs)

    # Where rdflib's processor looks them up (this test's own patch, undone after it).
    monkeypatch.setattr("rdflib.plugins.sparql.processor.parseQuery", parse)
    monkeypatch.setattr("rdflib.plugins.sparql.processor.evalQuery", evaluate)
    same = "".join(f'ex:d{n} a schema:Dataset ; schema:name "Study {n}" ; schema:description "Study {n}" .\n'
                   for n in range(20))
    results = run_shacl(_parse(same), "google")
    assert {_local(r.focus) for r in results if _shape(r) == "google#DescriptionDiffersFromName"} == {
        f"d{n}" for n in range(20)}
    assert len(evaluated) >= 20  # a SPARQL-based constraint ran for every dataset
    assert len({id(q) for q in evaluated}) < len(evaluated)  # one prepared query, run for many focus nodes
    assert len(parsed) == len(set(parsed))  # and no text was parsed twice
    assert SPARQLProcessor.query is original and Graph.query is GRAPH_QUERY


# --- valid data, broken data --------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_valid_snippet_gives_no_results(profile: str) -> None:
    graph = _parse(VALID[profile])
    assert _found(run_shacl(graph, profile)) == set()
    assert validate_graph(graph, [profile]).results == []  # the same when split into per-dataset pieces


def _moved(graph: Graph, base: str) -> Graph:
    """The graph with every ex: IRI moved under `base`, so many cases can share one validation run."""
    moved = Graph()
    for triple in graph:
        moved.add(tuple(URIRef(base + t.removeprefix(EX)) if isinstance(t, URIRef) and t.startswith(EX) else t
                        for t in triple))  # type: ignore[arg-type]
    return moved


@pytest.fixture(scope="module")
def case_results() -> dict[int, set[tuple[str, str, str | None, str]]]:
    """Every case's results, by its index in CASES: one pyshacl run per profile, each case in its
    own namespace (ex:case12/...), which is much faster than a run per case and gives the same results."""
    found: dict[int, set[tuple[str, str, str | None, str]]] = {n: set() for n in range(len(CASES))}
    for profile in PROFILES:
        graph = Graph()
        for n, c in enumerate(CASES):
            if c.profile == profile:
                graph += _moved(c.graph(), f"{EX}case{n}/")
        for r in run_shacl(graph, profile):
            where, _, local = _local(r.focus).partition("/")
            found[int(where.removeprefix("case"))].add((_shape(r), local, r.path, r.severity))
    return found


@pytest.mark.parametrize("n", range(len(CASES)), ids=[f"{c.profile}:{c.id}" for c in CASES])
def test_shape_reports_exactly_what_breaks_it(n: int, case_results: dict[int, set[tuple[str, ...]]]) -> None:
    assert case_results[n] == CASES[n].expected()


def test_a_case_alone_gives_the_same_results(case_results: dict[int, set[tuple[str, ...]]]) -> None:
    for n in (0, len(GOOGLE), len(GOOGLE) + len(DCAT)):  # the first case of each profile, alone
        assert _found(run_shacl(CASES[n].graph(), CASES[n].profile)) == case_results[n] == CASES[n].expected()


def test_every_shape_is_broken_by_some_case() -> None:
    for c in CASES:
        assert any(e[0] == f"{c.profile}#{c.shape}" for e in c.expected()), f"{c.id} does not break {c.shape}"
    covered = {SHAPES + f"{c.profile}#{c.shape}" for c in CASES}
    every = {str(s) for profile in PROFILES for s in _shapes(profile)}
    assert every - covered == set(), "shapes with no case that breaks them"
    assert covered - every == set(), "cases for shapes that do not exist"


TEMPORAL_OK = ["2008", "2008-05", "2008-05-01", "2008/2010", "2007/..", "../2007", "2021-09-01/2022-07-31",
               "1996-04-01T00:00:00Z/1997-03-01T00:00:00Z", "2007-11-01T09:30+01:00/..", "2008-05-01T12:00:00.5Z"]
TEMPORAL_BAD = ["2004 to 2006", "../..", "2007/", "/2007", "2007-13", "2007-02-30T25:00", "07/2008", "c. 2007",
                "2007/2008/2009", "2007..2008", ""]


def test_temporal_coverage_is_iso_8601() -> None:
    values = TEMPORAL_OK + TEMPORAL_BAD
    graph = _parse("".join(f'ex:d{n} schema:temporalCoverage "{v}" .\n' for n, v in enumerate(values)))
    for n in range(len(values)):
        graph.add((URIRef(f"{EX}d{n}"), RDF.type, URIRef("http://schema.org/Dataset")))
    flagged = {_local(r.focus) for r in run_shacl(graph, "google") if _shape(r) == "google#TemporalCoverage"}
    assert {values[int(f[1:])] for f in flagged} == set(TEMPORAL_BAD)


def test_links_to_datasets_described_elsewhere_are_not_checked() -> None:
    """A piece of a big graph holds only the rdf:type of the other datasets it points to."""
    graph = _parse(VALID["ldcat"] + "ex:study dct:hasPart ex:elsewhere . ex:elsewhere a dcat:Dataset .")
    assert _found(run_shacl(graph, "ldcat")) == set()


# --- https://schema.org/ ------------------------------------------------------------------------

HTTPS_DATASET = """
    ex:d a https:Dataset ;
        https:name "Northshire Growing Up Cohort: children born 2004 to 2006" ;
        https:description "4,812 children born in Northshire hospitals, and their parents, followed to age 17." ;
        https:url <https://example.org/nguc> .
"""


def test_https_schema_org_dataset_is_a_violation() -> None:
    results = run_shacl(_parse(HTTPS_DATASET), "google")
    assert _found(results) == {("google#HttpsSchemaOrg", "d", None, "violation")}
    assert "http://schema.org/" in results[0].message


def test_https_schema_org_terms_on_an_http_dataset_do_not_conform() -> None:
    graph = _parse("""
        ex:d a schema:Dataset ;
            https:name "Northshire Growing Up Cohort: children born 2004 to 2006" ;
            https:description "4,812 children born in Northshire hospitals, and their parents, followed to age 17." .
    """)
    report = validate_graph(graph, ["google"])
    assert not report.conforms()
    assert {(_shape(r), r.path) for r in report.failing()} == {
        ("google#HttpsSchemaOrg", None), ("google#DatasetName", "schema:name"),
        ("google#DatasetDescription", "schema:description")}


def test_https_schema_org_dataset_is_not_reported_as_conforming() -> None:
    assert not validate_graph(_parse(HTTPS_DATASET), PROFILES).conforms()


# --- the real fixtures --------------------------------------------------------------------------

G, D = "google#", "dcat-ap-3#"


def _w(*shapes: str, where: str = "dataset") -> set[tuple[str, str]]:
    return {(shape, where) for shape in shapes}


# The Hertfordshire Cohort Study's 21 child datasets: CLOSER gives each a name, its own description
# that only repeats the name (short, except two longer names), keywords, coverage and a landing page,
# but no publisher, creator, DOI, licence or access URL; and the study itself no dates or access URL.
HCS_CHILDREN = [
    "anthropometry-2-dataset", "birth-collection-dataset", "blood-pressure-dataset",
    "chair-rises-and-flamingo-stands-dataset", "dietary-food-questionnaire-dataset",
    "follow-up-lifestyle-questionnaire-dataset", "food-frequency-questionnaire-alcohol-nutrients-dataset",
    "food-frequency-questionnaire-nutrients-dataset", "food-frequency-questionnaire-supplements-nutrients-dataset",
    "hand-examination-dataset", "health-questionnaire-dataset", "manual-muscle-testing-mmt-dataset",
    "overnight-urine-collection-dataset", "physical-activity-questionnaire-dataset", "prostate-questionnaire-dataset",
    "questionnaire-for-knee-oa-study-dataset", "smallpox-vaccination-status-dataset", "social-questionnaire-dataset",
    "spirometry-questionnaire-dataset", "timed-up-and-go-dataset", "wellbeing-study-questionnaire-dataset",
]
HCS_LONG_NAMES = {"food-frequency-questionnaire-alcohol-nutrients-dataset",
                  "food-frequency-questionnaire-supplements-nutrients-dataset"}
HCS_CHILD_WARNINGS = (f"{D}DatasetDistribution", f"{D}DatasetPublisher", f"{G}DatasetCreatorOrPublisher",
                      f"{G}DatasetIdentifier", f"{G}DatasetLicense", f"{G}DescriptionDiffersFromName")

# Fixture → (shape, focus) of every warning it deserves ("dataset": the record's own dataset).
EXPECTED_WARNINGS: dict[str, set[tuple[str, str]]] = {
    # Page JSON-LD: name, description, DOI, keywords, coverage only. Its url is Harmony's own page,
    # which is not the dataset's landing page, so there is no url/landing page; no country, no access URL.
    "01_ukds_dataset_856152.jsonld": _w(
        f"{D}DatasetDistribution", f"{D}DatasetLandingPage", f"{D}DatasetPublisher", f"{D}DatasetSpatial",
        f"{G}DatasetCreatorOrPublisher", f"{G}DatasetLicense", f"{G}DatasetUrl"),
    # Its DOI is a paper's (a citation, not the dataset's identifier: tests/test_truth.py).
    "02_mhc_study_edgi.jsonld": _w(
        f"{D}DatasetDistribution", f"{D}DatasetLandingPage", f"{D}DatasetSpatial", f"{G}DatasetIdentifier",
        f"{G}DatasetLicense", f"{G}DatasetUrl"),
    # Name only, repeated as the description; identifier and keywords are empty lists.
    "05_matilda_dataset_path_through_life.jsonld": _w(
        f"{D}DatasetDistribution", f"{D}DatasetKeyword", f"{D}DatasetLandingPage", f"{D}DatasetPublisher",
        f"{D}DatasetSpatial", f"{D}DatasetTemporal", f"{G}DatasetCreatorOrPublisher", f"{G}DatasetIdentifier",
        f"{G}DatasetKeywords", f"{G}DatasetLicense", f"{G}DatasetUrl", f"{G}DescriptionDiffersFromName",
        f"{G}DescriptionLength"),
    # Its "license" is the UK Data Service's page of the series: an access page (a distribution), no licence.
    "06_mhc_study_cosmo.jsonld": _w(
        f"{D}DatasetLandingPage", f"{D}DatasetSpatial", f"{G}DatasetIdentifier", f"{G}DatasetLicense",
        f"{G}DatasetUrl"),
    # The UKDS page: no publisher, creator or licence; access is "for registered users" (no URL).
    "children-s-safeguarding-social-work-practitioners-remote-and-hybrid-working-practices-and-experiences-2022"
    ".rsc.txt": _w(f"{D}DatasetDistribution", f"{D}DatasetPublisher", f"{G}DatasetCreatorOrPublisher",
                   f"{G}DatasetLicense"),
    # Its DOI is a paper's and its "license" an access page: no identifier, no licence.
    "early-prediction-of-adolescent-depression-epad.rsc.txt": _w(f"{G}DatasetIdentifier", f"{G}DatasetLicense"),
    # UK LLC geospatial linkage: a creator but no publisher, no dates, DOI, licence or access URL.
    "geospatial.rsc.txt": _w(
        f"{D}DatasetDistribution", f"{D}DatasetPublisher", f"{D}DatasetTemporal", f"{G}DatasetIdentifier",
        f"{G}DatasetLicense"),
    "01_ukds_dataset_856152.json": _w(
        f"{D}DatasetDistribution", f"{D}DatasetPublisher", f"{G}DatasetCreatorOrPublisher", f"{G}DatasetLicense"),
    # Access is "contact the study team by email": no access URL; no licence; its DOI is a paper's.
    "02_mhc_study_edgi.json": _w(f"{D}DatasetDistribution", f"{G}DatasetIdentifier", f"{G}DatasetLicense"),
    # Every "license" of the real records is an access page, so none of them has a licence.
    "03_adruk_dataset_nhs_tayside_fife_immunology.json": _w(f"{G}DatasetIdentifier", f"{G}DatasetLicense"),
    # Creators (DWP, ONS) but no publisher; no licence.
    "04_ukds_child_dataset_3957_vehicle_with_variables.json": _w(f"{D}DatasetPublisher", f"{G}DatasetLicense"),
    # Description = name (35 characters); no keywords, dates, agents, DOI or licence.
    "05_matilda_dataset_path_through_life.json": _w(
        f"{D}DatasetKeyword", f"{D}DatasetPublisher", f"{D}DatasetTemporal", f"{G}DatasetCreatorOrPublisher",
        f"{G}DatasetIdentifier", f"{G}DatasetKeywords", f"{G}DatasetLicense", f"{G}DescriptionDiffersFromName",
        f"{G}DescriptionLength"),
    "06_mhc_study_cosmo.json": _w(f"{G}DatasetIdentifier", f"{G}DatasetLicense"),
    # Both DOIs are papers'; the "license" is the study's contact page (an access page, a distribution).
    "closer_hertfordshire-cohort-study-hcs.json": (
        _w(f"{D}DatasetTemporal", f"{G}DatasetIdentifier", f"{G}DatasetLicense")
        | {(shape, child) for child in HCS_CHILDREN for shape in HCS_CHILD_WARNINGS}
        | {(f"{G}DescriptionLength", child) for child in HCS_CHILDREN if child not in HCS_LONG_NAMES}),
    # A study announced with a name, description and landing page only.
    "cls_growing-up-in-digital-europe.json": _w(
        f"{D}DatasetDistribution", f"{D}DatasetKeyword", f"{D}DatasetPublisher", f"{D}DatasetTemporal",
        f"{G}DatasetCreatorOrPublisher", f"{G}DatasetIdentifier", f"{G}DatasetKeywords", f"{G}DatasetLicense"),
    "mhc_born-in-bradford-bib.json": _w(f"{G}DatasetIdentifier", f"{G}DatasetLicense"),
    "mhc_early-prediction-of-adolescent-depression-epad.json": _w(f"{G}DatasetIdentifier", f"{G}DatasetLicense"),
    "mhc_european-social-survey-ess.json": _w(f"{G}DatasetIdentifier", f"{G}DatasetLicense"),
    "mhc_gemini.json": _w(f"{D}DatasetDistribution", f"{G}DatasetIdentifier", f"{G}DatasetLicense"),
    "ukds_3264-h21975.json": _w(f"{D}DatasetPublisher", f"{D}DatasetTemporal", f"{G}DatasetLicense"),
    # Access text names the Open Government Licence but gives no URL, and there is no licence field.
    "ukds_5992-ape5-spss-data-inc-urbanity.json": _w(
        f"{D}DatasetDistribution", f"{D}DatasetPublisher", f"{G}DatasetLicense"),
    "ukds_audit-of-political-engagement-5-2007.json": _w(
        f"{D}DatasetDistribution", f"{D}DatasetPublisher", f"{G}DatasetLicense"),
    "ukllc_geospatial.json": _w(
        f"{D}DatasetDistribution", f"{D}DatasetPublisher", f"{D}DatasetTemporal", f"{G}DatasetIdentifier",
        f"{G}DatasetLicense"),
}


def test_every_fixture_has_expected_warnings() -> None:
    assert sorted(EXPECTED_WARNINGS) == sorted(p.name for p in ALL_FIXTURES)


def _where(focus: str, root: str) -> str:
    if focus == root or focus.startswith(root + "#"):
        return "dataset" + focus.removeprefix(root)
    return focus.rsplit("/", 1)[-1]


@pytest.mark.parametrize("name", [p.name for p in ALL_FIXTURES], ids=[p.name[:60] for p in ALL_FIXTURES])
def test_fixture_has_no_violations_and_only_the_expected_warnings(name: str, fixture_graphs: dict[str, Graph]) -> None:
    graph = fixture_graphs[name]
    (root,) = {str(o) for o in graph.objects(None, URIRef("http://xmlns.com/foaf/0.1/primaryTopic"))}
    report = validate_graph(graph, PROFILES)
    violations = [f"{_shape(r)} {r.focus} {r.path}: {r.message} ({r.value})" for r in report.results
                  if r.severity == "violation"]
    assert violations == []
    warnings = {(_shape(r), _where(r.focus, root)) for r in report.results if r.severity == "warning"}
    assert warnings == EXPECTED_WARNINGS[name]
    assert len(warnings) == report.count("warning")  # no shape warns twice about the same node


def test_demo_output_has_no_violations_and_its_catalogues_no_warnings() -> None:
    """output/catalog.ttl holds the catalogues' own descriptions too, with their dataset links."""
    report = validate_graph(Graph().parse(ROOT / "output" / "catalog.ttl"), PROFILES)
    assert [r for r in report.results if r.severity == "violation"] == []
    assert [r for r in report.results if "/catalog" in r.focus] == []


def test_results_do_not_depend_on_the_batch_size(fixture_graphs: dict[str, Graph]) -> None:
    graph = fixture_graphs["closer_hertfordshire-cohort-study-hcs.json"]
    one_batch = {r.key() for r in validate_graph(graph, PROFILES).results}
    assert {r.key() for r in validate_graph(graph, PROFILES, batch_size=1).results} == one_batch
