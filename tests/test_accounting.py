"""Field accounting: every non-empty value of every fixture is in the RDF or in the report.

Each leaf of a raw record (a string, number or boolean, with its path as in the input) is
*carried* when its value, or its repaired value (the cleaned text, the URL, the DOI's IRI, the
country's authority IRI, the IRI minted from a key...), is a term of the record's triples;
*reported* when a problem of the record names its path (or an enclosing one, or names it in its
message: "counts disagree (extra_data.num_variables=107, ...)"); *bookkeeping* when
`accounting.BOOKKEEPING` declares it; else *silent*, which must never happen.
`python tests/test_accounting.py` prints the figures.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from rdflib import Literal, URIRef
from rdflib.term import Node

from conftest import ALL_FIXTURES, OPTIONS, ROOT
from ldcat.mapping import DEFAULT_PROFILES, NOT_STATEMENTS, profiles, record_triples
from ldcat.mapping.designs import DESIGNS, design, scheme_turtle
from ldcat.mapping.healthdcat_ap import population_coverage, sex_of_coverage
from ldcat.mapping.iris import _LANGUAGES, language_iri
from ldcat.mapping.schemaorg import SchemaOrg
from ldcat.mapping.terms import country_iri
from ldcat.model import RawRecord, Record
from ldcat.namespaces import DCAT, DCT, DISCO, EU_LANGUAGE, FOAF, HEALTH, LDCAT, RDF, RDFS, SDO, SKOS
from ldcat.normalise import accounting, clean, normalise, temporal
from ldcat.normalise.catalogues import source_key
from ldcat.pipeline import records
from ldcat.problems import Problem, Report
from ldcat.read import read

OA = "http://www.w3.org/ns/oa#"
_SPLIT = re.compile(r"\s*(?:\n|<br\s*/?>|;| / |,)\s*", re.IGNORECASE)


# --- the walk over the fixtures ------------------------------------------------------------------

@dataclass
class Accounted:
    fixture: str
    path: str
    value: Any
    verdict: str  # carried | reported | bookkeeping | silent


def _terms(triples: set[tuple[Node, Node, Node]]) -> set[str]:
    return {str(term) for triple in triples for term in triple}


def _forms(value: Any) -> set[str]:
    """The value as given, and each repaired form it may be written in."""
    if isinstance(value, bool):
        return {str(value).lower()}
    forms = {str(value).strip()}
    if isinstance(value, str):
        for cleaned in (clean.text(value)[0], clean.url(value)[0]):
            if cleaned:
                forms.add(cleaned)
        if (doi := clean.doi(value)[0]) is not None:
            forms |= {doi, clean.doi_iri(doi), f"doi:{doi}"}
        if (code := clean.country(value)[0]) is not None:
            forms.add(str(country_iri(code)))
        if (language := language_iri(value)) is not None:
            forms.add(str(language))
        if (found := design(value)) is not None:
            forms.add(str(found.iri))
        with contextlib.suppress(temporal.TemporalError):
            forms.add(temporal.parse(value)[0].iso())
        if (key := source_key(value)) is not None:
            forms.add(f"{OPTIONS.base_iri}catalog/{key}")
        if value in ("study", "dataset"):  # the resource type is the node's class
            forms.add(str(DISCO.Study if value == "study" else DCAT.Dataset))
    number = clean.integer(value)[0] if not isinstance(value, float) else None
    if number is not None:
        forms.add(str(number))
    return forms


def _carried(path: str, value: Any, terms: set[str]) -> bool:
    forms = _forms(value)
    if forms & terms:
        return True
    # A key (uuid, slug, source id) is carried by the IRIs minted from it.
    if isinstance(value, str) and any(t.endswith(("/" + value.strip(), "/" + value.strip().lower())) for t in terms):
        return True
    # Harmony's sex is carried by the population coverage it words.
    if path.endswith("extra_data.sex") and isinstance(value, str):
        who = population_coverage(Record(key="", name="", origin="", sex=value))
        if who and any(t.startswith(who) for t in terms):
            return True
    # A year carried by a date of the coverage.
    if path.endswith(("start_year", "end_year")) and any(t.startswith(str(value)) and len(t) in (4, 7, 10)
                                                          for t in terms):
        return True
    # A text the normaliser splits (places, organisations): every part is carried.
    if isinstance(value, str):
        parts = [p for p in (clean.text(p.lstrip("+ "))[0] for p in _SPLIT.split(value)) if p]
        if len(parts) > 1 and all(p in terms for p in parts):
            return True
    return False


def _reported(path: str, problems: list[Problem]) -> bool:
    field = accounting.field_of(path)
    for problem in problems:
        named = problem.field or ""
        if named in (path, field) or field.startswith(named + ".") or field.startswith(named + "[]"):
            return True
        if f"{field}=" in problem.message:
            return True
    return False


def _account(paths: list[Path]) -> list[Accounted]:
    out: list[Accounted] = []
    for path in paths:
        raws = [r for r in read(path) if isinstance(r, RawRecord)]
        report = Report()
        converted = {item.record.origin: item for item in records([path], report, mapping=OPTIONS)}
        for raw in raws:
            item = converted[raw.origin]
            problems = [p for p in report.problems
                        if p.record == raw.origin or (p.record or "").startswith(raw.origin + " ")]
            terms = _terms(item.triples)
            for leaf_path, value in accounting.leaves(raw.data):
                if accounting.bookkeeping(leaf_path, value) is not None:
                    verdict = "bookkeeping"
                elif _carried(leaf_path, value, terms):
                    verdict = "carried"
                elif _reported(leaf_path, problems):
                    verdict = "reported"
                else:
                    verdict = "silent"
                out.append(Accounted(path.name, leaf_path, value, verdict))
    return out


@pytest.fixture(scope="module")
def accounted() -> list[Accounted]:
    return _account(ALL_FIXTURES)


def figures(accounted: list[Accounted]) -> str:
    counts = Counter(a.verdict for a in accounted)
    total = len(accounted)
    shown = ", ".join(f"{verdict} {counts[verdict]} ({100 * counts[verdict] / total:.1f} %)"
                      for verdict in ("carried", "reported", "bookkeeping", "silent"))
    informative = total - counts["bookkeeping"]
    rates = " / ".join(f"{100 * counts[v] / informative:.1f} %" for v in ("carried", "reported", "silent"))
    return (f"{total} non-empty leaves in {len(ALL_FIXTURES)} fixtures: {shown}; without bookkeeping, "
            f"carried / reported / silent = {rates}")


def test_every_leaf_of_every_fixture_is_in_the_rdf_or_in_the_report(accounted: list[Accounted]) -> None:
    print(figures(accounted))
    silent = [f"{a.fixture}: {a.path} = {accounting.short(a.value)}" for a in accounted if a.verdict == "silent"]
    assert silent == [], "\n".join(silent)
    assert Counter(a.verdict for a in accounted)["carried"] > 0.9 * len(accounted)


def test_each_unread_field_is_one_info_problem_with_its_path_and_values() -> None:
    raw = RawRecord({"dataset_schema": {"name": "A study", "includedInDataCatalog": [
        {"@type": "DataCatalog", "name": "UK Data Service", "url": "https://example.org/s/1",
         "image": "https://example.org/logo.png"}]},
        "extra_data": {"uuid": "0" * 32, "mystery": ["a", "b", "c", "d"], "blank": "  ", "nothing": None}},
        "t.json", "harmony")
    _, problems = normalise(raw)
    unmapped = {p.field: p for p in problems if p.code == "field-not-mapped"}
    assert set(unmapped) == {"dataset_schema.includedInDataCatalog[].image", "extra_data.mystery[]"}
    assert all(p.severity == "info" for p in unmapped.values())
    assert unmapped["dataset_schema.includedInDataCatalog[].image"].message == \
        "not mapped: 'https://example.org/logo.png'"
    assert unmapped["extra_data.mystery[]"].message == "not mapped (4 values): 'a', 'b', 'c', …"


def test_a_value_read_and_dropped_is_reported_never_silent() -> None:
    """Values the cleaners cannot use (a boolean as text or count, a placeholder count, a list where
    text is expected...) are reported under their own path."""
    raw = RawRecord({"dataset_schema": {"name": "A study", "temporalCoverage": ["2001"]},
                     "extra_data": {"uuid": "1" * 32, "sample_size": "N/A", "sex": True, "num_sweeps": False,
                                    "genetic_data_collected": "yes", "geographic_coverage": 12,
                                    "source": [7], "top_level_ancestor_uuid": "not-a-uuid"}},
                    "t.json", "harmony")
    record, problems = normalise(raw)
    fields = {p.field for p in problems}
    for path in ("dataset_schema.temporalCoverage", "extra_data.sample_size", "extra_data.sex",
                 "extra_data.num_sweeps", "extra_data.genetic_data_collected",
                 "extra_data.geographic_coverage", "extra_data.source", "extra_data.top_level_ancestor_uuid"):
        assert path in fields, path
    assert record.sample_size is None and record.sex is None and record.genetic_data_collected is None


def test_bookkeeping_is_only_what_the_rdf_already_says() -> None:
    assert accounting.bookkeeping("dataset_schema.@type", "Dataset") is not None
    assert accounting.bookkeeping("dataset_schema.creator[].@type", "Organization") is not None
    assert accounting.bookkeeping("dataset_schema.creator[].@type", "Person") is None  # a person is news
    assert accounting.bookkeeping("dataset_schema.@context", "https://example.org/ctx") is None
    assert accounting.bookkeeping("score", 0.3) is not None
    assert accounting.bookkeeping("extra_data.score", 3) is None  # not the API's ranking
    for entry in accounting.BOOKKEEPING:
        assert entry.reason


def test_a_child_is_accounted_under_its_path_in_the_parent() -> None:
    raw = RawRecord({"dataset_schema": {"name": "Study"}, "extra_data": {"uuid": "2" * 32},
                     "child_datasets": [
                         {"dataset_schema": {"name": "Wave 1", "odd": "x"},
                          "extra_data": {"uuid": "3" * 32, "source": ["closer"], "name": "Wave 1"}},
                         {"dataset_schema": {}, "extra_data": {"uuid": "4" * 32, "name": "Wave 2",
                                                               "num_variables": 9}}]},
                    "t.json", "harmony")
    record, problems = normalise(raw)
    unmapped = {p.field for p in problems if p.code == "field-not-mapped"}
    assert unmapped == {"child_datasets[].dataset_schema.odd", "child_datasets[].extra_data.num_variables"}
    child = record.children[0]
    assert isinstance(child, Record) and [c.key for c in child.catalogues] == ["closer"]
    # The child's own catalogue lists it.
    triples = record_triples(record, OPTIONS)
    child_iri = OPTIONS.iris.dataset("3" * 32)
    assert (OPTIONS.iris.catalog("closer"), DCAT.dataset, child_iri) in triples
    assert (child_iri, SDO.includedInDataCatalog, OPTIONS.iris.catalog("closer")) in triples


# --- the fields mapped instead of reported -------------------------------------------------------

def _triples(**fields: Any) -> tuple[set[tuple[Node, Node, Node]], list[Problem]]:
    problems: list[Problem] = []
    record = Record(key="k1", name="A study", origin="t.json", **fields)
    return record_triples(record, OPTIONS, problems), problems


DS = OPTIONS.iris.dataset("k1")


def test_sex_is_the_population_covered() -> None:
    triples, _ = _triples(sex="male", age_lower=16, age_upper=64)
    assert (DS, HEALTH.populationCoverage, Literal("Males aged 16\u201364", lang="en")) in triples
    universe = OPTIONS.iris.part("k1", "universe")
    assert {(DS, DISCO.universe, universe), (universe, RDF.type, DISCO.Universe),
            (universe, SKOS.definition, Literal("Males aged 16\u201364", lang="en"))} <= triples
    everyone = Record(key="k2", name="B", origin="t", sex="all")
    assert population_coverage(everyone) == "People of all sexes"
    assert population_coverage(Record(key="k3", name="C", origin="t", sex="all", age_lower=60)) == \
        "People of all sexes aged 60 and over"
    assert population_coverage(Record(key="k4", name="D", origin="t")) is None
    # A reader of ldcat's output gets the sex back from the words.
    assert [sex_of_coverage(w) for w in ("Males aged 16–64", "People of all sexes", "Lizards")] == \
        ["male", "all", None]


def test_the_harmony_page_and_each_catalogue_page_are_links() -> None:
    raw = RawRecord({"dataset_schema": {"name": "A study", "includedInDataCatalog": [
        {"name": "UK Data Service", "url": "https://datacatalogue.ukdataservice.ac.uk/studies/study/3957"}]},
        "extra_data": {"uuid": "5" * 32, "slug": "family-resources-survey"}}, "t.json", "harmony")
    record, _ = normalise(raw)
    assert record.harmony_page == "https://harmonydata.ac.uk/search/items/family-resources-survey"
    triples = record_triples(record, OPTIONS)
    ds = OPTIONS.iris.dataset("5" * 32)
    harmony = URIRef("https://harmonydata.ac.uk/search/items/family-resources-survey")
    page = URIRef("https://datacatalogue.ukdataservice.ac.uk/studies/study/3957")
    assert {(ds, FOAF.page, harmony), (harmony, RDF.type, FOAF.Document), (ds, SDO.mainEntityOfPage, harmony),
            (ds, DCAT.landingPage, page), (page, RDF.type, FOAF.Document),
            (ds, SDO.mainEntityOfPage, page)} <= triples


def test_the_real_study_designs_are_concepts_and_any_other_is_kept_and_reported() -> None:
    for term, code in (("twin", "twin"), ("birth", "birth-cohort"), ("occupational", "occupational"),
                       ("RCT", "randomised-controlled-trial"), ("Cross sectional", "cross-sectional")):
        found = design(term)
        assert found is not None and found.code == code, term
    triples, problems = _triples(study_design=["cohort", "twin", "genome-wide association"])
    assert {(DS, LDCAT.studyDesign, DESIGNS["cohort"].iri), (DS, LDCAT.studyDesign, DESIGNS["twin"].iri)} <= triples
    local = OPTIONS.iris.concept("study-design", "genome-wide association")
    assert {(DS, LDCAT.studyDesign, local), (local, RDF.type, SKOS.Concept),
            (local, SKOS.prefLabel, Literal("genome-wide association", lang="en")),
            (local, SKOS.inScheme, URIRef(OPTIONS.base_iri + "concept/study-design"))} <= triples
    assert [(p.code, p.field) for p in problems] == [("study-design-not-mapped", "extra_data.study_design")]
    assert "'genome-wide association'" in problems[0].message
    assert (ROOT / "vocab" / "study-design.ttl").read_text(encoding="utf-8") == scheme_turtle()


def test_every_iso_639_1_language_has_its_eu_iri() -> None:
    assert len(_LANGUAGES) == 184
    for code, eu in (("en", "ENG"), ("cy", "CYM"), ("sw", "SWA"), ("yo", "YOR"), ("mi", "MRI")):
        assert language_iri(code) == EU_LANGUAGE[eu]
    assert language_iri("ger") == language_iri("deu") == EU_LANGUAGE.DEU  # ISO 639-2 /B and /T
    triples, problems = _triples(languages=["yo", "sco"])
    assert (DS, DCT.language, EU_LANGUAGE.YOR) in triples
    assert {(DS, SDO.inLanguage, Literal("yo")), (DS, SDO.inLanguage, Literal("sco"))} <= triples
    assert [(p.code, p.field) for p in problems] == [("language-not-mapped", "extra_data.language_codes")]


def test_harmonys_machine_made_additions_are_annotations_never_the_catalogues_words() -> None:
    triples, _ = _triples(summary="A machine summary.", imputed_keywords=["linked"], keywords=["AGE"])
    summary = OPTIONS.iris.part("k1", "ai-summary")
    tag = OPTIONS.iris.part("k1", "imputed-keyword-linked")
    oa = {name: URIRef(OA + name) for name in ("Annotation", "hasTarget", "motivatedBy", "bodyValue",
                                               "describing", "tagging")}
    assert {(summary, RDF.type, oa["Annotation"]), (summary, oa["hasTarget"], DS),
            (summary, oa["motivatedBy"], oa["describing"]),
            (summary, oa["bodyValue"], Literal("A machine summary.", lang="en")),
            (tag, oa["motivatedBy"], oa["tagging"]), (tag, oa["bodyValue"], Literal("linked", lang="en"))} <= triples
    assert any(s == summary and p == RDFS.comment for s, p, _ in triples)  # says what wrote it
    harmony = OPTIONS.iris.agent("Harmony")
    assert (summary, DCT.creator, harmony) in triples and (harmony, FOAF.name, Literal("Harmony")) in triples
    said = {str(o) for _, p, o in triples if p in (DCT.description, SDO.description, DCAT.keyword, SDO.keywords)}
    assert said == {"AGE"}


def test_descendant_variables_top_ancestor_and_duration() -> None:
    raw = RawRecord({"dataset_schema": {"name": "A study", "temporalCoverage": "2021-03-01/2022-08-01"},
                     "extra_data": {"uuid": "6" * 32, "top_level_ancestor_uuid": "7" * 32, "duration_years": 1,
                                    "start_year": 2021, "end_year": 2023},
                     "num_descendant_variables": 198}, "t.json", "harmony")
    record, problems = normalise(raw)
    assert record.num_variables == 198
    assert [p.key for p in record.parents] == ["7" * 32]
    by_field = {(p.field, p.code) for p in problems}
    assert ("extra_data.duration_years", "field-not-mapped") in by_field  # said by the coverage
    assert ("extra_data.end_year", "count-mismatch") in by_field  # 2023 is not the coverage's end
    assert ("extra_data.start_year", "count-mismatch") not in by_field


if __name__ == "__main__":  # the figures for the closing note
    print(figures(_account(ALL_FIXTURES)))


# --- each profile says which fields it writes, and a smaller set of profiles reports the rest ------

def _fixture_records() -> list[Record]:
    found = [c.record for path in ALL_FIXTURES for c in records([path], Report(), mapping=OPTIONS)]
    # Fields no fixture has, set on one record so that every field is tried.
    return [*found, replace(found[0], instruments=["GHQ-12"], identifiers=["SN 1234"],
                            licenses=["https://creativecommons.org/licenses/by/4.0/"])]


def _emptied(record: Record, name: str) -> Record:
    spec = record.__dataclass_fields__[name]
    return replace(record, **{name: spec.default_factory() if callable(spec.default_factory) else spec.default})


@pytest.mark.parametrize("profile", DEFAULT_PROFILES)
def test_each_profile_writes_exactly_the_fields_it_declares(profile: str) -> None:
    """Emptying a field changes a profile's triples exactly when the profile (or one it builds on)
    declares that it writes the field: the declarations that `field-not-in-profile` relies on."""
    options = replace(OPTIONS, profiles=(profile,))
    declared = set().union(*(p.writes or () for p in profiles(options)))
    changed: set[str] = set()
    for record in _fixture_records():
        triples = record_triples(record, options)
        for name in set(record.__dataclass_fields__) - changed - NOT_STATEMENTS:
            if getattr(record, name) in (None, "", []):
                continue
            if record_triples(_emptied(record, name), options) != triples:
                changed.add(name)
    assert changed == declared


def test_fields_a_smaller_profile_set_does_not_write_are_reported() -> None:
    record = replace(next(r for r in _fixture_records() if r.study_design and r.harmony_id), instruments=["GHQ-12"])
    everything: list[Problem] = []
    record_triples(record, OPTIONS, everything)
    assert not [p for p in everything if p.code == "field-not-in-profile"]  # the default set writes every field
    problems: list[Problem] = []
    record_triples(record, replace(OPTIONS, profiles=("schema",)), problems)
    unwritten = {p.field for p in problems if p.code == "field-not-in-profile"}
    assert {"harmony_id", "study_design", "instruments"} <= unwritten
    assert unwritten == {name for name in record.__dataclass_fields__ if getattr(record, name) not in (None, "", [])
                         } - set(SchemaOrg.writes or ()) - NOT_STATEMENTS
