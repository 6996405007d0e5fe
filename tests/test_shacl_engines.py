"""The fast SHACL engine against pyshacl, the reference: the same results (every field: profile,
severity, focus, path, message, value, constraint, shape, and through the Validator the dataset and
title each is attributed to) on every fixture, every break case of tests/test_shapes.py, the demo
records, and fuzzed graphs; and shapes the fast engine does not support go to pyshacl, never
validated by half.

    LDCAT_FUZZ_EXAMPLES=2000 pytest tests/test_shacl_engines.py   # the long run (default: 240 graphs)
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import astuple
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

import test_shapes as shapes_tests
from conftest import ALL_FIXTURES, OPTIONS, RECORDS, ROOT, convert_graph
from ldcat.errors import InputError
from ldcat.namespaces import DCAT, DCT, FOAF, HEALTH, LDCAT, RDF, RDFS, SDO, SKOS, XSD
from ldcat.pipeline import records
from ldcat.problems import Report
from ldcat.validate import Result, Validator, default_shapes, run_shacl, validate_graph
from ldcat.validate.engine import PYSHACL_BACKSLASH_BUG, fast_unsupported, run_fast
from ldcat.validate.fast import Unsupported, compiled
from ldcat.validate.shapes import shapes_graph

PROFILES = default_shapes()
EXAMPLES = int(os.environ.get("LDCAT_FUZZ_EXAMPLES", "0") or 0)
COMPARED = Counter[str]()
T = TypeVar("T")  # graphs and results compared, for the report at the end of the module


def _rows(results: list[Result]) -> Counter[tuple[object, ...]]:
    return Counter(astuple(r) for r in results)


def _outcome(run: Callable[[], T]) -> T | tuple[str, str]:
    """What `run` gives, or the exception it raises (to compare: both engines must agree on it)."""
    try:
        return run()
    except Exception as exc:
        COMPARED["same exception"] += 1
        return type(exc).__name__, str(exc)


def _pyshacl_bug(outcome: object) -> bool:
    """pyshacl fills a SPARQL-based result's message in with re.sub, taking the value as a replacement
    template, so a value with a backslash (a\\1b) makes it raise re.error. The fast engine puts the
    value in as it is; such a case is counted, and compared no further."""
    if isinstance(outcome, tuple) and outcome == ("InputError", PYSHACL_BACKSLASH_BUG):
        COMPARED["pyshacl re.error (its bug; the fast engine gives results)"] += 1
        return True
    return False


def assert_same(data: Graph, profiles: tuple[str, ...] = PROFILES) -> None:
    """One run of each engine per profile on the whole graph: the same multiset of results."""
    triples = set(data)
    for profile in profiles:
        reference = _outcome(lambda: _rows(run_shacl(data, profile)))  # noqa: B023 - called at once
        found = _outcome(lambda: _rows(run_fast(triples, profile)))  # noqa: B023
        COMPARED["runs"] += 1
        COMPARED["results"] += sum(reference.values()) if isinstance(reference, Counter) else 0
        if _pyshacl_bug(reference):
            assert isinstance(found, Counter), found  # the fast engine has no such bug
            continue
        assert found == reference, (f"{profile}: pyshacl: {reference}; fast: {found}")


def assert_same_report(graph: Graph, profiles: tuple[str, ...] = PROFILES, batch_size: int = 200) -> None:
    """Through the Validator (pieces, batches, attribution to datasets): the same report."""
    def report(engine: str) -> tuple[Counter[tuple[object, ...]], dict[str, str | None]]:
        found = validate_graph(graph, profiles, batch_size, shacl_engine=engine)
        return _rows(found.results), found.datasets

    fast, reference = _outcome(lambda: report("fast")), _outcome(lambda: report("pyshacl"))
    COMPARED["reports"] += 1
    if _pyshacl_bug(reference):
        assert isinstance(fast[0], Counter), fast
        return
    COMPARED["report results"] += sum(reference[0].values()) if isinstance(reference[0], Counter) else 0
    assert fast == reference


# --- the ldcat shapes are supported -----------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_the_builtin_profiles_are_supported(profile: str) -> None:
    assert fast_unsupported(profile) is None
    assert Validator([profile]).engines == ("fast",)
    assert Validator([profile]).notes == []
    assert Validator([profile], shacl_engine="pyshacl").engines == ("pyshacl",)


def test_an_unknown_engine_is_a_usage_error() -> None:
    from ldcat.errors import UsageError

    with pytest.raises(UsageError, match="fast, pyshacl"):
        Validator(shacl_engine="rudof")


# --- fixtures, break cases, demo records --------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_graphs() -> dict[str, Graph]:
    return {p.name: convert_graph(p)[0] for p in ALL_FIXTURES}


@pytest.mark.parametrize("name", [p.name for p in ALL_FIXTURES], ids=[p.name[:60] for p in ALL_FIXTURES])
def test_fixture_results_are_the_same(name: str, fixture_graphs: dict[str, Graph]) -> None:
    assert_same(fixture_graphs[name])
    assert_same_report(fixture_graphs[name])


def test_fixture_reports_are_the_same_in_any_batch_size(fixture_graphs: dict[str, Graph]) -> None:
    graph = fixture_graphs["closer_hertfordshire-cohort-study-hcs.json"]
    for size in (1, 7):
        assert_same_report(graph, batch_size=size)


def test_every_fixture_together_is_the_same(fixture_graphs: dict[str, Graph]) -> None:
    everything = Graph()
    for graph in fixture_graphs.values():
        everything += graph
    assert_same(everything)


@pytest.mark.parametrize("n", range(len(shapes_tests.CASES)),
                         ids=[f"{c.profile}:{c.id}" for c in shapes_tests.CASES])
def test_break_case_results_are_the_same(n: int) -> None:
    case = shapes_tests.CASES[n]
    assert_same(case.graph())  # every profile, not only the one the case breaks


@pytest.mark.parametrize("profile", PROFILES)
def test_valid_snippet_results_are_the_same(profile: str) -> None:
    graph = shapes_tests._parse(shapes_tests.VALID[profile])
    assert_same(graph)
    assert_same_report(graph)


def test_shapes_test_graphs_are_the_same() -> None:
    """The other graphs tests/test_shapes.py validates (temporal coverage, https://schema.org/...)."""
    values = shapes_tests.TEMPORAL_OK + shapes_tests.TEMPORAL_BAD
    temporal = shapes_tests._parse("".join(f'ex:d{n} a schema:Dataset ; schema:temporalCoverage "{v}" .\n'
                                           for n, v in enumerate(values)))
    for graph in (temporal, shapes_tests._parse(shapes_tests.HTTPS_DATASET),
                  shapes_tests._parse(shapes_tests.VALID["ldcat"]
                                      + "ex:study dct:hasPart ex:elsewhere . ex:elsewhere a dcat:Dataset .")):
        assert_same(graph)
        assert_same_report(graph)


def test_demo_output_is_the_same() -> None:
    graph = Graph().parse(ROOT / "output" / "catalog.ttl")
    assert_same(graph)
    assert_same_report(graph)


def test_demo_records_through_the_validator_are_the_same() -> None:
    """examples/records.jsonl as `validate` feeds records: each record's triples, batch by batch."""
    items = list(records([ROOT / "examples" / "records.jsonl"], Report(), mapping=OPTIONS))
    assert items
    for size in (1, 2, 200):
        fast, reference = Validator(batch_size=size), Validator(batch_size=size, shacl_engine="pyshacl")
        for item in items:
            got, want = fast.add(item.triples), reference.add(item.graph)
            assert _rows(got) == _rows(want)
        assert _rows(fast.flush()) == _rows(reference.flush())
        assert _rows(fast.report.results) == _rows(reference.report.results)
        assert fast.report.datasets == reference.report.datasets
        COMPARED["reports"] += 1
        COMPARED["report results"] += len(reference.report.results)
    graph = Graph()
    for item in items:
        graph += item.triples
    assert_same(graph)


# --- fuzzed graphs ------------------------------------------------------------------------------

EX = "https://example.org/"
CLASSES = [SDO.Dataset, SDO.DataCatalog, SDO.DataDownload, SDO.Organization, SDO.Place, SDO.PropertyValue,
           URIRef("https://schema.org/Dataset"), DCAT.Dataset, DCAT.Catalog, DCAT.CatalogRecord, DCAT.Distribution,
           DCAT.Resource, DCT.PeriodOfTime, DCT.Location, FOAF.Agent, FOAF.Document, SKOS.Concept,
           URIRef("http://rdf-vocabulary.ddialliance.org/discovery#Study"),
           URIRef("http://rdf-vocabulary.ddialliance.org/discovery#Variable"), URIRef("http://www.w3.org/ns/adms#Identifier")]
PREDICATES = [SDO.name, SDO.description, SDO.url, SDO.identifier, SDO.keywords, SDO.license, SDO.creator,
              SDO.publisher, SDO.temporalCoverage, SDO.spatialCoverage, SDO.includedInDataCatalog, SDO.distribution,
              SDO.contentUrl, SDO.encodingFormat, SDO.value, SDO.variableMeasured, SDO.hasPart, SDO.isPartOf,
              URIRef("https://schema.org/name"), DCT.title, DCT.description, DCT.publisher, DCT.identifier,
              DCT.spatial, DCT.temporal, DCT.modified, DCT.hasPart, DCT.isPartOf, DCAT.keyword, DCAT.distribution,
              DCAT.landingPage, DCAT.accessURL, DCAT.startDate, DCAT.endDate, DCAT.dataset, DCAT.record,
              FOAF.primaryTopic, FOAF.homepage, FOAF.name, SKOS.notation, SKOS.prefLabel, SKOS.inScheme,
              HEALTH.minTypicalAge, HEALTH.maxTypicalAge, HEALTH.numberOfUniqueIndividuals, LDCAT.numberOfSweeps,
              LDCAT.geneticDataCollected, LDCAT.studyDesign, RDF.type, RDFS.subClassOf]
DATATYPES = [None, XSD.string, XSD.date, XSD.dateTime, XSD.gYear, XSD.gYearMonth, XSD.integer,
             XSD.nonNegativeInteger, XSD.boolean, XSD.decimal, XSD.anyURI, RDF.langString, URIRef(EX + "type")]
TEXTS = ["", "x", "0", "-1", "17", "18", " 7", "+3", "1_0", "\uff11\uff12", "4,812", "17.5", "true", "yes", "1",
         "2004", "2005", "2004-07", "2004-07-31", "2004-13-01", "2022-07-31T00:00:00Z", "31/07/2004", "2004/..",
         "../2004", "2004 to 2006", "NORTHSHIRE", "northshire", "Northshire", "ǅ", "ß", "SS", "İ", "i\u0307",
         "https://schema.org/Dataset", "http://schema.org/Dataset", "https://example.org/concept/study-design",
         "Long. " * 12, "L" * 5001, "\u0301", "\U0001f600", "a\\1b", "{$this} {?value}"]
NODES = [URIRef(EX + n) for n in ("d", "catalog", "record", "agent", "doi", "period", "study", "sweep", "measured",
                                  "variable", "download", "org", "place", "nowhere")] + [
    URIRef("https://w3id.org/ldcat/study-design/cohort"), URIRef("https://w3id.org/ldcat/study-design"),
    URIRef("http://publications.europa.eu/resource/authority/country/GBR"), URIRef("https://schema.org/x"),
    BNode("b1"), BNode("b2")]


def _base_graphs() -> list[Graph]:
    bases = [shapes_tests._parse(shapes_tests.VALID[p]) for p in PROFILES]
    bases += [c.graph() for c in shapes_tests.CASES[::9]]
    chosen = ("02_mhc_study_edgi.json", "05_matilda_dataset_path_through_life.json", "01_ukds_dataset_856152.jsonld")
    small = [p for p in ALL_FIXTURES if p.name in chosen]
    bases += [convert_graph(p)[0] for p in small]
    return bases


BASES = _base_graphs()


def _literal(draw: st.DrawFn) -> Literal:
    text = draw(st.sampled_from(TEXTS) | st.text(max_size=6))
    datatype = draw(st.sampled_from(DATATYPES))
    if datatype == RDF.langString:
        return Literal(text, lang=draw(st.sampled_from(["en", "EN-gb", "cy"])))
    return Literal(text, datatype=datatype)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[Graph, str]:
    graph = Graph()
    graph += draw(st.sampled_from(BASES))
    triples = sorted(graph, key=lambda t: tuple(map(str, t)))
    nodes = sorted({t for triple in triples for t in (triple[0], triple[2]) if not isinstance(t, Literal)}, key=str)
    nodes += NODES
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["drop", "retype", "relex", "swap", "class", "add", "subject"]))
        if not triples:
            break
        s, p, o = triple = triples[draw(st.integers(0, len(triples) - 1))]
        if kind == "drop":
            graph.remove(triple)
        elif kind == "retype" and isinstance(o, Literal):
            graph.remove(triple)
            datatype = draw(st.sampled_from(DATATYPES))
            graph.add((s, p, Literal(str(o), lang="en") if datatype == RDF.langString
                       else Literal(str(o), datatype=datatype)))
        elif kind == "relex":
            graph.remove(triple)
            graph.add((s, p, _literal(draw)))
        elif kind == "swap":  # an IRI for a literal, a blank node for an IRI, another node...
            graph.remove(triple)
            graph.add((s, p, draw(st.sampled_from(nodes)) if draw(st.booleans()) else _literal(draw)))
        elif kind == "class":
            graph.add((draw(st.sampled_from(nodes)), RDF.type, draw(st.sampled_from(CLASSES))))
        elif kind == "add":
            value: Node = draw(st.sampled_from(nodes)) if draw(st.booleans()) else _literal(draw)
            graph.add((draw(st.sampled_from(nodes)), draw(st.sampled_from(PREDICATES)), value))
        elif kind == "subject":
            graph.remove(triple)
            graph.add((draw(st.sampled_from(nodes)), p, o))
    return graph, draw(st.sampled_from(PROFILES))


def _settings(examples: int) -> settings:
    return settings(max_examples=EXAMPLES or examples, deadline=None, suppress_health_check=list(HealthCheck),
                    derandomize=not EXAMPLES, database=None)


@_settings(240)
@given(mutated())
def test_fuzzed_graphs_give_the_same_results(case: tuple[Graph, str]) -> None:
    graph, profile = case
    assert_same(graph, (profile,))


@_settings(40)
@given(mutated())
def test_fuzzed_graphs_give_the_same_report(case: tuple[Graph, str]) -> None:
    graph, _ = case
    assert_same_report(graph, batch_size=3)


# --- shapes the fast engine does not support, and generic features ldcat's shapes do not use -----

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix schema: <http://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""

UNSUPPORTED = {
    "closed": "ex:S a sh:NodeShape ; sh:targetClass schema:Dataset ; sh:closed true ; sh:message \"closed\" .",
    "qualified": """ex:S a sh:PropertyShape ; sh:targetClass schema:Dataset ; sh:path schema:name ;
        sh:qualifiedValueShape [ sh:datatype xsd:string ] ; sh:qualifiedMinCount 1 ; sh:message "q" .""",
    "property": """ex:S a sh:NodeShape ; sh:targetClass schema:Dataset ; sh:message "p" ;
        sh:property [ sh:path schema:name ; sh:minCount 2 ] .""",
    "generic message": """ex:S a sh:PropertyShape ; sh:targetClass schema:Dataset ;
        sh:path schema:name ; sh:minCount 2 .""",
    "sequence path": """ex:S a sh:PropertyShape ; sh:targetClass schema:Dataset ; sh:message "s" ;
        sh:path ( schema:creator schema:name ) ; sh:minCount 1 .""",
    "unknown SPARQL": """ex:S a sh:NodeShape ; sh:targetClass schema:Dataset ; sh:message "u" ;
        sh:sparql [ a sh:SPARQLConstraint ;
            sh:select "SELECT $this WHERE { $this ?p ?o . FILTER (isBlank(?o)) }" ] .""",
    "implicit class target": """ex:Thing a rdfs:Class, sh:NodeShape ; sh:message "i" ;
        sh:property [ sh:path schema:name ; sh:minCount 1 ] .""",
}


@pytest.mark.parametrize("name", sorted(UNSUPPORTED))
def test_unsupported_shapes_fall_back_to_pyshacl_with_the_same_results(name: str, tmp_path: Path) -> None:
    path = tmp_path / "mine.ttl"
    path.write_text(PREFIXES + UNSUPPORTED[name], encoding="utf-8")
    with pytest.raises(Unsupported):
        compiled(shapes_graph(path))
    assert fast_unsupported(path)
    with pytest.raises(Unsupported):
        run_fast(set(shapes_tests._parse(shapes_tests.VALID["google"])), path)
    validator = Validator([path, "google"])
    assert validator.engines == ("pyshacl", "fast")
    assert len(validator.notes) == 1 and "mine" in validator.notes[0] and "pyshacl" in validator.notes[0]
    graph = shapes_tests._parse(shapes_tests.VALID["google"] + "ex:d2 a schema:Dataset, ex:Thing .")
    assert_same_report(graph, (str(path), "google"))  # one profile by pyshacl, one by the fast engine


GENERIC = PREFIXES + """
ex:Inverse a sh:PropertyShape ; sh:targetNode ex:org, "a literal" ; sh:path [ sh:inversePath schema:creator ] ;
    sh:minCount 1 ; sh:maxCount 1 ; sh:class schema:Dataset ; sh:severity sh:Info ; sh:message "inverse" .
ex:Flags a sh:PropertyShape ; sh:targetSubjectsOf schema:name ; sh:path schema:name ;
    sh:pattern "^north" ; sh:flags "i" ; sh:minLength 3 ; sh:maxLength 40 ; sh:message "flags {$this} {?value}" .
ex:Kinds a sh:PropertyShape ; sh:targetObjectsOf schema:creator ; sh:path schema:name ;
    sh:nodeKind sh:BlankNodeOrIRI ; sh:datatype xsd:string ; sh:message "kinds" .
ex:LangString a sh:PropertyShape ; sh:targetClass schema:Dataset ; sh:path schema:description ;
    sh:datatype <http://www.w3.org/1999/02/22-rdf-syntax-ns#langString> ; sh:severity sh:Warning ; sh:message "lang" .
ex:Literal a sh:PropertyShape ; sh:targetClass schema:Dataset ; sh:path schema:keywords ;
    sh:datatype rdfs:Literal ; sh:nodeKind sh:IRIOrLiteral ; sh:message "literal" .
ex:Off a sh:PropertyShape ; sh:targetClass schema:Dataset ; sh:path schema:name ; sh:minCount 9 ;
    sh:deactivated true ; sh:message "off" .
ex:Members a sh:NodeShape ; sh:targetClass ex:Thing ; sh:message "members" ;
    sh:or ( [ sh:path schema:name ; sh:minCount 2 ; sh:severity sh:Warning ] [ sh:class ex:Other ] ) ;
    sh:or ( [ sh:nodeKind sh:BlankNode ] ) .
ex:Sub rdfs:subClassOf ex:Thing .
ex:Https a sh:NodeShape ; sh:targetNode ex:d, ex:e ; sh:severity ex:MySeverity ;
    sh:message "{$this} uses {?value}: {?path} {$other}" ;
    sh:sparql [ a sh:SPARQLConstraint ; sh:select '''
            SELECT $this (MIN(STR(?term)) AS ?value) WHERE {
                $this ?p ?o .
                BIND (IF(?p = <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>, ?o, ?p) AS ?term)
                FILTER (STRSTARTS(STR(?term), "https://schema.org/"))
            } GROUP BY $this''' ] .
"""

GENERIC_DATA = """
ex:d a schema:Dataset ; schema:name "Northshire", "south", "No"@en, "x"^^xsd:integer ; schema:creator ex:org, _:b ;
    schema:description "plain", "tagged"@en ; schema:keywords "k", ex:iri .
ex:e a schema:Dataset ; schema:creator ex:org .
ex:org schema:name "Org", ex:nameIri .
_:b schema:name _:c .
ex:t a ex:Sub ; schema:name "one" ; schema:creator ex:org .
ex:u a ex:Thing, ex:Other .
ex:d <https://schema.org/name> "x" ; a <https://schema.org/Place>, "https://schema.org/A" .
"""


def test_generic_features_give_the_same_results(tmp_path: Path) -> None:
    path = tmp_path / "generic.ttl"
    path.write_text(GENERIC, encoding="utf-8")
    assert fast_unsupported(path) is None
    graph = Graph().parse(data=PREFIXES + GENERIC_DATA, format="turtle")
    profile = str(path)
    reference = _rows(run_shacl(graph, profile))
    assert {r[6] for r in reference} >= {"sh:MinCountConstraintComponent", "sh:PatternConstraintComponent",
                                          "sh:OrConstraintComponent", "sh:DatatypeConstraintComponent",
                                          "sh:SPARQLConstraintComponent", "sh:ClassConstraintComponent"}
    assert _rows(run_fast(set(graph), profile)) == reference


def test_report_of_comparisons() -> None:
    """Not a check: prints how much was compared (run last in this module; -s shows it)."""
    print(f"\ncompared: {dict(COMPARED)}")


def test_regression_a_backslash_in_a_value_is_put_in_the_message_as_it_is(tmp_path: Path) -> None:
    """Found by the long differential fuzz: pyshacl raises re.error filling in the message of a SPARQL-based
    result whose value holds a backslash; the fast engine reports the value as it is, and pyshacl's
    failure is a clear error."""
    record = json.loads(sorted(RECORDS.glob("*.json"))[0].read_text(encoding="utf-8"))
    record["dataset_schema"]["name"] = record["dataset_schema"]["description"] = "Study a\\1b"
    source = tmp_path / "record.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    graph = Graph()
    for item in records([source], Report(), mapping=OPTIONS):
        graph += item.triples
    found = validate_graph(graph, shacl_engine="fast")
    assert {(r.shape, r.value) for r in found.results if r.value == "Study a\\1b"} == {
        ("https://w3id.org/ldcat/shapes/google#DescriptionDiffersFromName", "Study a\\1b"),
        ("https://w3id.org/ldcat/shapes/google#DescriptionLength", "Study a\\1b")}
    with pytest.raises(InputError, match="pyshacl bug"):
        validate_graph(graph, shacl_engine="pyshacl")
